import { startedDeployment, type ServiceSnapshot } from '../aws/ecs-api.js'
import type { StepContext } from '../core/context.js'
import type { RollbackRecord } from '../core/state.js'
import { isReleasePlan } from '../plan/plan.js'
import { formatSeconds } from '../util/duration.js'
import type { Target } from '../settings/types.js'
import type { DeploymentKind } from './strategy.js'

// What the strategies of services on the ECS deployment controller share (rolling, staged).

/** The strategies whose service deployments ECS runs through lifecycle stages. */
export const STAGED_STRATEGIES: readonly string[] = ['BLUE_GREEN', 'LINEAR', 'CANARY']

/** The service is on the ECS deployment controller (ECS's default when it says none). */
export function onEcsController(service: DeploymentKind): boolean {
  return (service.deploymentController ?? 'ECS') === 'ECS'
}

/** ECS deploys the service by lifecycle stages (blue/green, linear, canary). */
export function deploysByStages(service: DeploymentKind): boolean {
  return (
    onEcsController(service) &&
    service.strategy !== undefined &&
    STAGED_STRATEGIES.includes(service.strategy)
  )
}

/**
 * Dry-run's `wait`: the same sentence for every service on the ECS controller, since the
 * predicted UpdateService answer cannot tell a staged one.
 */
export function ecsWaitIntent({ settings, plan }: StepContext): string {
  const until = isReleasePlan(plan) ? (plan.targets[0]?.waitUntil ?? 'complete') : 'complete'
  const early =
    until === 'drained'
      ? 'also with early success criteria'
      : 'with early success criteria: once ECS declares it COMPLETED'
  return `dry-run: would watch the deployment until it is PRIMARY, COMPLETED and alone (${early}; a blue/green, linear or canary service: by lifecycle stage, wait-until ${until}), for up to ${formatSeconds(settings.timeoutSeconds)}`
}

/** Dry-run: what watching a rollback by UpdateService would do. */
export const ECS_ROLLBACK_DRY_RUN =
  'dry-run: would watch the rollback until it is PRIMARY, COMPLETED and alone'

/** UpdateService back to `to`: the way back of a deployment that finished, and its record. */
export async function updateServiceBack(
  { services }: Pick<StepContext, 'services'>,
  target: Target,
  to: string
): Promise<{ record: RollbackRecord; updated: ServiceSnapshot }> {
  const updated = await services.aws.ecs().updateService({
    cluster: target.cluster,
    service: target.service,
    taskDefinition: to
  })
  const primary = startedDeployment(updated, `the rollback of service ${target.service}`)
  return { record: { deploymentId: primary.id, taskDefinitionArn: to }, updated }
}
