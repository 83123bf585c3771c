import type { CircuitBreakerSettings, DeploymentInfo } from '../aws/ecs-api.js'

// What ECS's deployment circuit breaker counts against: the service's own threshold, or ECS's
// default. The verdict stays ECS's (rolloutState FAILED); this only says how close it is.

/** ECS's bounds of a BOUNDED_PERCENT threshold (and of its default, 50%). */
export const BREAKER_MIN_THRESHOLD = 3
export const BREAKER_MAX_THRESHOLD = 200
const DEFAULT_PERCENT = 50

export interface BreakerThreshold {
  /** Failed tasks at which ECS fails the deployment. */
  limit: number
  /** Where the limit comes from, as printed: the service's configuration or ECS's default. */
  basis: string
}

/**
 * The breaker's threshold for `desiredCount` tasks (the service's latest desired count, as ECS
 * computes it): COUNT as is; a percentage of the desired count rounded up, BOUNDED_PERCENT
 * (and the default, 50%) kept within 3..200, UNBOUNDED_PERCENT at least 1.
 */
export function breakerThreshold(
  breaker: CircuitBreakerSettings,
  desiredCount: number
): BreakerThreshold {
  const setting = breaker.threshold
  // ECS may echo its default configuration (BOUNDED_PERCENT 50): it is still ECS's default.
  if (!setting || (setting.type === 'BOUNDED_PERCENT' && setting.value === DEFAULT_PERCENT)) {
    return {
      limit: boundedPercent(DEFAULT_PERCENT, desiredCount),
      basis: `ECS's default threshold for ${desiredCount} desired task${desiredCount === 1 ? '' : 's'}`
    }
  }
  const basis = "the service's circuit-breaker threshold"
  if (setting.type === 'COUNT') return { limit: Math.max(1, setting.value), basis }
  if (setting.type === 'UNBOUNDED_PERCENT')
    return { limit: Math.max(1, Math.ceil((setting.value * desiredCount) / 100)), basis }
  return { limit: boundedPercent(setting.value, desiredCount), basis }
}

function boundedPercent(percent: number, desiredCount: number): number {
  const raw = Math.ceil((percent * desiredCount) / 100)
  return Math.min(BREAKER_MAX_THRESHOLD, Math.max(BREAKER_MIN_THRESHOLD, raw))
}

export interface BreakerTally {
  /** The failed tasks the breaker counts now. */
  counted: number
  threshold: BreakerThreshold
  /** The count was reset because a task of the deployment turned healthy (resetOnHealthyTask). */
  reset: boolean
}

/**
 * Failed tasks of `deployment` against the breaker's threshold. With `resetOnHealthyTask` (ECS's
 * default) a running task of the deployment resets the count to 0: its failures so far no longer
 * bring the breaker closer.
 */
export function breakerTally(
  breaker: CircuitBreakerSettings,
  deployment: Pick<DeploymentInfo, 'failedTasks' | 'runningCount'>,
  desiredCount: number
): BreakerTally {
  const threshold = breakerThreshold(breaker, desiredCount)
  const reset = breaker.resetOnHealthyTask !== false && deployment.runningCount > 0
  return { counted: reset ? 0 : deployment.failedTasks, threshold, reset }
}

/** `3/5 failed tasks, the service's circuit-breaker threshold` (with the reset, when it matters). */
export function describeBreakerTally(tally: BreakerTally, failedTasks: number): string {
  const since =
    tally.reset && failedTasks > 0
      ? ` since a task turned healthy (${failedTasks} before, the count reset)`
      : ''
  return `${tally.counted}/${tally.threshold.limit} failed tasks${since}, ${tally.threshold.basis}`
}
