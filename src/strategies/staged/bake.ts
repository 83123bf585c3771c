import type { ServiceSnapshot } from '../../aws/ecs-api.js'
import { strategyLabel } from '../../rollout/strategy.js'
import { LIFECYCLE_STAGES, isLifecycleStage } from '../../settings/vocabulary.js'
import { formatSeconds } from '../../util/duration.js'
import { deploysByStages } from '../ecs-controller.js'
import type { DeploymentKind } from '../strategy.js'

/**
 * Pure: whether verify can run during BAKE_TIME, before the old tasks go: the service deploys by
 * stages, has something to verify, and bakes at least as long as verify may take. Otherwise
 * verify runs after SUCCESSFUL, as for a rolling update.
 */
export function verifyGatesBake(
  kind: DeploymentKind & { bakeTimeInMinutes?: number },
  verifyTimeoutSeconds: number
): boolean {
  return deploysByStages(kind) && (kind.bakeTimeInMinutes ?? 0) * 60 >= verifyTimeoutSeconds
}

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
  if (!verifies || !deploysByStages(service)) return undefined
  if (verifyGatesBake(service, verifyTimeoutSeconds)) return undefined
  const bake = `${service.bakeTimeInMinutes ?? 0} minute(s)`
  return (
    `service ${service.name} deploys ${strategyLabel(service.strategy)} with a bake time of ${bake}, shorter than verify-timeout ${formatSeconds(verifyTimeoutSeconds)}: ` +
    `verify cannot run before the old tasks go, so it runs after the deployment is SUCCESSFUL. ` +
    `Set the service's bakeTimeInMinutes to at least ${Math.ceil(verifyTimeoutSeconds / 60)} minute(s) (verify-timeout) for verify to gate the release.`
  )
}

/**
 * Pure: the preflight warning for a staged service whose bake alone lasts as long as the wait
 * may: waiting until SUCCESSFUL (or CLEAN_UP, after the bake) would time out, and a timeout rolls
 * the release back.
 */
export function bakeOutlastsTimeoutWarning(
  service: Pick<
    ServiceSnapshot,
    'name' | 'strategy' | 'deploymentController' | 'bakeTimeInMinutes'
  >,
  waitUntil: string,
  timeoutSeconds: number
): string | undefined {
  if (!deploysByStages(service) || !waitsPastBake(waitUntil)) return undefined
  const bakeSeconds = (service.bakeTimeInMinutes ?? 0) * 60
  if (bakeSeconds < timeoutSeconds) return undefined
  return (
    `service ${service.name} bakes for ${service.bakeTimeInMinutes} minute(s), not less than timeout ${formatSeconds(timeoutSeconds)}: ` +
    `waiting until ${waitUntil === 'complete' || waitUntil === 'drained' ? 'the deployment is SUCCESSFUL' : `it reaches ${waitUntil}`} would time out, and a timeout rolls the release back. ` +
    `Raise timeout above the bake, or set wait-until: traffic-shifted.`
  )
}

/** The wait lasts until after the bake: SUCCESSFUL, or a stage that follows BAKE_TIME. */
function waitsPastBake(waitUntil: string): boolean {
  return (
    waitUntil === 'complete' ||
    waitUntil === 'drained' ||
    (isLifecycleStage(waitUntil) &&
      LIFECYCLE_STAGES.indexOf(waitUntil) > LIFECYCLE_STAGES.indexOf('BAKE_TIME'))
  )
}
