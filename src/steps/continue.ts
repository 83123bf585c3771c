import type { EcsApi } from '../aws/ecs-api.js'
import { shortTaskDefinition } from '../aws/ecs-api.js'
import { findRollbackTarget } from '../aws/rollback-target.js'
import { currentTaskDefinition, findService } from '../aws/services.js'
import { describeServiceDeploymentArn } from '../aws/service-deployment.js'
import type { StepContext } from '../core/context.js'
import {
  stageJournalOf,
  type ReleaseImage,
  type ServiceRelease,
  type StageJournal
} from '../core/state.js'
import { missingDecision, type ContinuePlan } from '../plan/plan.js'
import { findPausedDeployments, type PausedDeployment } from '../rollout/paused-deployment.js'
import { awaitStageRollback } from '../rollout/stage-rollback.js'
import { prefixed } from '../rollout/watch.js'
import { watchTogether } from '../rollout/watch-together.js'
import { STRATEGIES, type StrategyList } from '../strategies/index.js'
import { startRollbacks, type StrategyRollback } from '../strategies/roll-back.js'
import { formatSeconds } from '../util/duration.js'
import { ReleaseError, throwProblems } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'

/** What the continue step hands on: the services it answered, as deploy would have. */
export interface ContinuedRelease {
  releases: ServiceRelease[]
  /** The image the paused revision runs (for verify-command's ECS_FLOW_IMAGE). */
  image?: ReleaseImage
}

/**
 * The `continue` step (flow continue): finds the paused service deployments again (a reviewer
 * may have taken hours), answers each hook with the decision (ContinueServiceDeployment), and
 * hands them on as the release's started deployments, for `wait` and the steps after it. With
 * decision rollback it waits, within rollback-timeout, until ECS has rolled each one back.
 */
export async function continuePaused(
  context: StepContext<ContinuePlan>,
  strategies: StrategyList = STRATEGIES
): Promise<ContinuedRelease> {
  const { plan, services } = context
  const ecs = services.aws.ecs()
  const { found, problems } = await findPausedDeployments(ecs, plan.targets, plan)
  throwProblems([...(plan.decision ? [] : [missingDecision()]), ...problems])
  const by = continuedBy(services.env)
  const releases: ServiceRelease[] = []
  for (const paused of found) releases.push(await answer(context, paused, by, strategies))
  if (plan.decision === 'rollback' && plan.finished?.length) {
    const answered = new Set(found.map(paused => paused.target.service))
    const finished = plan.finished.filter(entry => !answered.has(entry.service))
    releases.push(...(await rollBackFinished(context, finished, strategies)))
  }
  const first = found[0]!
  return { releases, image: await imageOf(ecs, first) }
}

/**
 * decision rollback with the first job's `services` output: the services it deployed that
 * finished go back too, each to the last revision that completed before it, by its strategy —
 * only while it still runs what the first job deployed (anyone may have deployed since).
 */
async function rollBackFinished(
  context: StepContext<ContinuePlan>,
  finished: NonNullable<ContinuePlan['finished']>,
  strategies: StrategyList
): Promise<ServiceRelease[]> {
  const { plan, settings, state, services } = context
  const ecs = services.aws.ecs()
  const requests: StrategyRollback[] = []
  for (const { service: name, taskDefinitionArn } of finished) {
    const target = plan.targets.find(each => each.service === name)!
    const live = findService(await ecs.describeServices(target.cluster, [name]), name)
    const running = live && currentTaskDefinition(live)
    if (!live || running !== taskDefinitionArn) {
      services.logger.warning(
        `service ${name} in cluster ${target.cluster} runs ${running ? shortTaskDefinition(running) : 'nothing ecs-flow could read'}, not ${shortTaskDefinition(taskDefinitionArn)} that the paused job deployed: it is left as it is`
      )
      continue
    }
    const found = await findRollbackTarget(ecs, target.cluster, live, taskDefinitionArn)
    if (!found.target)
      throw new ReleaseError(
        `service ${name} in cluster ${target.cluster} has no earlier revision that completed to roll back to${found.note ? ` (${found.note})` : ''}; it stays on ${shortTaskDefinition(taskDefinitionArn)}`
      )
    const strategy = strategies.strategyFor(live) ?? strategies.all[0]!
    const release: ServiceRelease = {
      target,
      registration: {
        taskDefinitionArn,
        previousTaskDefinitionArn: found.target.taskDefinitionArn,
        serviceExists: true,
        unchanged: false,
        changes: [],
        rollbackTarget: found.target,
        predicted: false
      }
    }
    services.logger.info(
      `service ${name}: decision rollback, back from ${shortTaskDefinition(taskDefinitionArn)} to ${shortTaskDefinition(found.target.taskDefinitionArn)} (${found.target.why})`
    )
    requests.push({
      release,
      to: found.target.taskDefinitionArn,
      from: taskDefinitionArn,
      service: live,
      strategy
    })
  }
  if (requests.length === 0) return []
  const starts = await startRollbacks({ settings, state, services, plan }, requests, {
    timeoutSeconds: settings.rollbackTimeoutSeconds,
    several: plan.targets.length > 1,
    alone: requests.length === 1
  })
  if (plan.dryRun) for (const start of starts) services.logger.info(start.dryRunWatch)
  else await watchTogether(starts.flatMap(start => start.watches))
  return requests.map(request => request.release)
}

/** Who answered the hook, for the log and the summary: the actor, and the run's URL. */
export function continuedBy(env: NodeJS.ProcessEnv): { by: string; runUrl?: string } {
  const { GITHUB_ACTOR: actor, GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository } = env
  const runId = env.GITHUB_RUN_ID
  const runUrl =
    server && repository && runId
      ? `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`
      : undefined
  return { by: `the continue job${actor ? ` of ${actor}` : ''}`, runUrl }
}

async function answer(
  context: StepContext<ContinuePlan>,
  paused: PausedDeployment,
  { by, runUrl }: { by: string; runUrl?: string },
  strategies: StrategyList
): Promise<ServiceRelease> {
  const { plan, settings, state, services } = context
  const { target, service, deployment, taskDefinitionArn } = paused
  const { hook, stage } = paused.paused
  const ecs = services.aws.ecs()
  const several = plan.targets.length > 1
  const logger = several ? prefixed(services.logger, `[${target.service}] `) : services.logger
  const strategy = strategies.strategyFor(service)
  if (!strategy)
    throw new ReleaseError(
      `service ${target.service} in cluster ${target.cluster} pauses at a PAUSE hook, but no deployment strategy of ecs-flow deploys it as ECS describes it now`
    )
  const { target: rollbackTarget } = await findRollbackTarget(
    ecs,
    target.cluster,
    service,
    taskDefinitionArn
  )
  const previous = await sourceTaskDefinition(ecs, paused)
  const release: ServiceRelease = {
    target,
    registration: {
      taskDefinitionArn,
      previousTaskDefinitionArn: previous,
      serviceExists: true,
      unchanged: false,
      changes: [],
      rollbackTarget,
      predicted: false
    },
    deployment: {
      id:
        service.deployments.find(each => each.taskDefinition === taskDefinitionArn)?.id ??
        deployment.arn,
      taskDefinitionArn,
      createdService: false,
      strategy: service.strategy,
      deploymentController: service.deploymentController,
      serviceDeploymentArn: deployment.arn,
      bakeTimeInMinutes: service.bakeTimeInMinutes,
      via: strategy.name
    }
  }
  const action = plan.decision === 'rollback' ? 'ROLLBACK' : 'CONTINUE'
  const journal = stageJournalOf(state, {
    cluster: target.cluster,
    service: target.service,
    purpose: 'release',
    serviceDeploymentArn: deployment.arn,
    rollbackOnCancel: settings.rollback && action === 'CONTINUE'
  })
  const pausedAt = deployment.updatedAt ?? services.clock.now()
  logger.info(
    `${describeServiceDeploymentArn(deployment.arn)} of ${shortTaskDefinition(taskDefinitionArn)} is paused at ${escapeForLog(stage)} (PAUSE hook ${escapeForLog(hook.hookId)}); decision ${plan.decision}`
  )
  await ecs.continueServiceDeployment(deployment.arn, hook.hookId, action)
  journal.pauses = [
    {
      hookId: hook.hookId,
      stage,
      at: pausedAt,
      answeredBy: by,
      ...(runUrl ? { runUrl } : {}),
      action,
      answeredAt: services.clock.now()
    }
  ]
  logger.info(
    `ContinueServiceDeployment ${action} (decision ${plan.decision}, by ${escapeForLog(by)}${runUrl ? ` in ${escapeForLog(runUrl)}` : ''}): ${action === 'CONTINUE' ? `the deployment goes on from ${escapeForLog(stage)}` : 'ECS rolls the deployment back in place'}`
  )
  if (action === 'ROLLBACK' && !plan.dryRun) await rolledBack(context, release, journal, previous)
  return release
}

/** decision rollback: ECS's rollback of the paused deployment, awaited within rollback-timeout. */
async function rolledBack(
  { settings, services }: StepContext<ContinuePlan>,
  release: ServiceRelease,
  journal: StageJournal,
  previous: string | undefined
): Promise<void> {
  const arn = release.deployment!.serviceDeploymentArn!
  const { clock } = services
  journal.rollbackRequested = { at: clock.now(), why: 'decision rollback' }
  const end = await awaitStageRollback(
    arn,
    { ecs: services.aws.ecs(), clock, logger: services.logger },
    {
      pollIntervalSeconds: settings.pollIntervalSeconds,
      deadline: clock.now() + settings.rollbackTimeoutSeconds * 1000
    }
  )
  if (end.outcome === 'rolled-back') {
    journal.end = { at: clock.now(), status: 'rolled-back' }
    release.rollback = {
      deploymentId: arn,
      taskDefinitionArn: previous ?? release.registration!.previousTaskDefinitionArn ?? ''
    }
    return
  }
  if (end.outcome === 'rollback-failed')
    journal.end = { at: clock.now(), status: 'rollback-failed' }
  throw new ReleaseError(
    end.outcome === 'rollback-failed'
      ? `ECS reports ROLLBACK_FAILED for ${describeServiceDeploymentArn(arn)} after the ROLLBACK answer: look at the service, both revisions may still run`
      : `ECS's rollback of ${describeServiceDeploymentArn(arn)} had not finished within rollback-timeout ${formatSeconds(settings.rollbackTimeoutSeconds)} (last seen ${escapeForLog('status' in end ? end.status : end.deployment.status)}): ECS goes on with it`
  )
}

/** The revision the paused deployment replaces (ECS's rollback goes back to it). */
async function sourceTaskDefinition(
  ecs: EcsApi,
  { deployment }: PausedDeployment
): Promise<string | undefined> {
  const source = deployment.sources[0]
  return source ? (await ecs.describeServiceRevision(source.arn))?.taskDefinition : undefined
}

/** The image of the paused revision's main container. */
async function imageOf(
  ecs: EcsApi,
  { target, taskDefinitionArn }: PausedDeployment
): Promise<ReleaseImage | undefined> {
  const registered = await ecs.describeTaskDefinition(taskDefinitionArn)
  const containers = registered.definition.containerDefinitions
  const main = containers.find(each => each.name === target.container) ?? containers[0]
  return main?.image ? { reference: main.image, extraTags: [] } : undefined
}
