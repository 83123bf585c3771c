import { shortTaskDefinition, type ServiceSnapshot } from '../../aws/ecs-api.js'
import { findRollbackTarget, unfinishedDeployments } from '../../aws/rollback-target.js'
import { currentTaskDefinition, describeLiveService } from '../../aws/services.js'
import { resolveTarget } from '../../plan/target.js'
import type { Services } from '../../core/context.js'
import { newReleaseState, type ServiceRelease } from '../../core/state.js'
import { parseRevision } from '../../revisions/revision-ref.js'
import { holderFor } from '../../scheduled/holder-for.js'
import { refKey } from '../../scheduled/holder.js'
import { familyOf } from '../../scheduled/targets.js'
import type { Settings, Target } from '../../settings/types.js'
import { watchTogether } from '../../rollout/watch-together.js'
import { STRATEGIES, type DeploymentStrategy } from '../../strategies/index.js'
import { startRollbacks } from '../../strategies/roll-back.js'
import { InputError, ReleaseError } from '../../util/errors.js'
import { escapeForLog } from '../../util/escape.js'
import { scheduledTaskLabel } from '../../settings/scheduled-task-refs.js'

export interface RollbackResult {
  environment: string
  cluster: string
  service: string
  from?: string
  to: string
  deploymentId?: string
  dryRun: boolean
}

/**
 * Puts a revision back on an environment's service: `to` (family:revision) or the last good
 * one, then watches the rollout with the action's watcher and settings (timeout,
 * poll-interval, max-failed-tasks). A failed rollout throws as the action's wait step does.
 */
export async function rollback(
  settings: Settings,
  services: Services,
  environment: string,
  to: string | undefined
): Promise<RollbackResult> {
  const target = resolveTarget(settings, environment)
  const ecs = services.aws.ecs()
  const live = await describeLiveService(ecs, target.cluster, target.service)
  if (!live)
    throw new ReleaseError(
      `service ${target.service} does not exist in cluster ${target.cluster} (or is not ACTIVE): nothing to roll back`
    )
  const running = currentTaskDefinition(live)
  const chosen = to
    ? await givenRevision(services, to)
    : await lastGood(services, target, live, running)
  const result: RollbackResult = {
    environment,
    cluster: target.cluster,
    service: target.service,
    ...(running ? { from: shortTaskDefinition(running) } : {}),
    to: shortTaskDefinition(chosen),
    dryRun: settings.dryRun
  }
  const { logger } = services
  const unfinished = unfinishedDeployments(live)
  if (unfinished.length > 0)
    logger.warning(`another deployment is under way and is replaced: ${unfinished.join(', ')}`)
  logger.info(
    `rolling back service ${target.service} in cluster ${target.cluster} from ${result.from ?? '(none)'} to ${result.to}`
  )
  // The way back the action's recovery takes, for a service as it runs: a new deployment of
  // `to` by the service's strategy (as DescribeServices shows it), watched with the settings.
  const release: ServiceRelease = { target }
  const [start] = await startRollbacks(
    { settings, state: newReleaseState(), services, plan: { dryRun: settings.dryRun } },
    [{ release, to: chosen, from: running, service: live, strategy: strategyOf(target, live) }],
    { timeoutSeconds: settings.timeoutSeconds, several: false, alone: true }
  )
  const deploymentId = release.rollback!.deploymentId
  result.deploymentId = deploymentId
  if (settings.dryRun) {
    logger.info(start!.dryRunWatch)
    if (target.scheduledTasks?.length)
      logger.info(
        `dry-run: then the ECS targets of ${target.scheduledTasks
          .map(scheduledTaskLabel)
          .map(label => escapeForLog(label))
          .join(', ')} that run family ${familyOf(chosen) ?? '?'} would be pointed at ${result.to}`
      )
    return result
  }
  await watchTogether(start!.watches)
  logger.info(
    `service ${target.service} runs ${result.to} (${start!.deploymentLabel} ${deploymentId})`
  )
  // Once the service runs it again, its scheduled tasks follow, as after a release.
  await scheduledTasksFollow(services, target, chosen)
  return result
}

/**
 * Points the ECS targets of the environment's rules and schedules that run the service's family
 * at `to`, every other field as read. Only after the service's way back completed: a scheduled
 * task never runs a revision the service did not complete.
 */
async function scheduledTasksFollow(services: Services, target: Target, to: string) {
  const family = familyOf(to)
  if (!family) return
  const done = new Set<string>()
  for (const ref of target.scheduledTasks ?? []) {
    if (done.has(refKey(ref))) continue
    done.add(refKey(ref))
    await holderFor(ref, services.aws, services.logger).moveTo(family, to)
  }
}

/**
 * The service's strategy: the one its settings choose (an Express service), else as ECS
 * describes it (a service no strategy knows: the first's way).
 */
function strategyOf(target: Target, live: ServiceSnapshot): DeploymentStrategy {
  return STRATEGIES.claimedBy(target) ?? STRATEGIES.strategyFor(live) ?? STRATEGIES.all[0]!
}

async function givenRevision(services: Services, to: string): Promise<string> {
  if (!parseRevision(to))
    throw new InputError(
      '--to',
      `${JSON.stringify(to.slice(0, 80))} is not family:revision`,
      'Give the revision to put back as family:revision, e.g. --to web:41 (ecs-flow status shows the one running).'
    )
  return (await services.aws.ecs().describeTaskDefinition(to)).arn
}

async function lastGood(
  services: Services,
  target: Target,
  live: ServiceSnapshot,
  running: string | undefined
): Promise<string> {
  // The action's own choice after a failed release: the newest revision that completed.
  const found = await findRollbackTarget(services.aws.ecs(), target.cluster, live, running ?? '')
  if (found.target) {
    services.logger.info(`last good revision: ${found.target.why}`)
    return found.target.taskDefinitionArn
  }
  throw new ReleaseError(
    `service ${target.service} in cluster ${target.cluster} has no earlier completed deployment of another revision than ${shortTaskDefinition(running)}${found.note ? ` (${found.note})` : ''}; give the revision with --to family:revision`
  )
}
