import { startedDeployment, shortTaskDefinition, type ServiceSnapshot } from '../../aws/ecs-api.js'
import { findRollbackTarget, unfinishedDeployments } from '../../aws/rollback-target.js'
import { currentTaskDefinition, describeLiveService } from '../../aws/services.js'
import { resolveTarget } from '../../plan/target.js'
import type { Services } from '../../core/context.js'
import { newReleaseState, type ReleaseState } from '../../core/state.js'
import { parseRevision } from '../../revisions/revision-ref.js'
import type { Settings, Target } from '../../settings/types.js'
import { watchStrategyOf } from '../../rollout/strategy.js'
import { watchServiceDeployment, watchStagedRollback } from '../../steps/wait.js'
import { InputError, ReleaseError } from '../../util/errors.js'
import { createCodeDeployment } from '../../codedeploy/deploy.js'
import { codeDeployNames } from '../../codedeploy/names.js'
import { watchCodeDeployments } from '../../codedeploy/watch.js'

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
  if (live.deploymentController === 'CODE_DEPLOY')
    return rollBackCodeDeployService(settings, services, target, live, chosen, result)
  const updated = await ecs.updateService({
    cluster: target.cluster,
    service: target.service,
    taskDefinition: chosen
  })
  const primary = startedDeployment(updated, `the rollback of service ${target.service}`)
  result.deploymentId = primary.id
  if (settings.dryRun) {
    logger.info('dry-run: would watch the rollback until it is PRIMARY, COMPLETED and alone')
    return result
  }
  const state: ReleaseState = newReleaseState()
  // A blue/green, linear or canary service runs this one by stages too.
  if (watchStrategyOf(updated) === 'stages')
    await watchStagedRollback({ settings, state, services }, target, updated, chosen, {
      several: false,
      timeoutSeconds: settings.timeoutSeconds
    })
  else
    await watchServiceDeployment({ settings, state, services }, target, {
      deploymentId: primary.id,
      taskDefinitionArn: chosen,
      previousTaskDefinitionArn: running
    })
  logger.info(`service ${target.service} runs ${result.to} (deployment ${primary.id})`)
  return result
}

/**
 * A CODE_DEPLOY service refuses UpdateService: the revision goes back through a CodeDeploy
 * deployment of it, followed by lifecycle event as the action's own.
 */
async function rollBackCodeDeployService(
  settings: Settings,
  services: Services,
  target: Target,
  live: ServiceSnapshot,
  chosen: string,
  result: RollbackResult
): Promise<RollbackResult> {
  const id = await createCodeDeployment(
    services,
    target,
    codeDeployNames(target),
    chosen,
    { loadBalancers: live.loadBalancers ?? [] },
    { description: `ecs-flow rollback to ${result.to}`, dryRun: settings.dryRun }
  )
  result.deploymentId = id
  if (settings.dryRun) {
    services.logger.info('dry-run: would follow the CodeDeploy deployment until it Succeeded')
    return result
  }
  await watchCodeDeployments({ settings, state: newReleaseState(), services }, [
    { target, deploymentId: id, taskDefinitionArn: chosen }
  ])
  services.logger.info(`service ${target.service} runs ${result.to} (CodeDeploy deployment ${id})`)
  return result
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
