import type { ServiceSnapshot } from '../aws/ecs-api.js'
import { strategyLabel, verifyGatesBake, watchStrategyOf } from '../rollout/strategy.js'
import { formatSeconds } from '../rollout/verdict.js'

/**
 * Pure: the preflight warning for a blue/green, linear or canary service whose bake is shorter
 * than verify may take: verify cannot gate the release before the old tasks go, so it runs after
 * SUCCESSFUL, as for a rolling update. Undefined when there is nothing to say.
 */
export function bakeTooShortWarning(
  service: Pick<
    ServiceSnapshot,
    'name' | 'strategy' | 'deploymentController' | 'bakeTimeInMinutes'
  >,
  verifies: boolean,
  verifyTimeoutSeconds: number
): string | undefined {
  if (!verifies || watchStrategyOf(service) !== 'stages') return undefined
  if (verifyGatesBake(service, verifyTimeoutSeconds)) return undefined
  const bake = formatSeconds((service.bakeTimeInMinutes ?? 0) * 60)
  return (
    `service ${service.name} deploys ${strategyLabel(service.strategy)} with a bake time of ${bake}, shorter than verify-timeout ${formatSeconds(verifyTimeoutSeconds)}: ` +
    `verify cannot run before the old tasks go, so it runs after the deployment is SUCCESSFUL. ` +
    `Set the service's bakeTimeInMinutes to at least ${Math.ceil(verifyTimeoutSeconds / 60)} minute(s) (verify-timeout) for verify to gate the release.`
  )
}
