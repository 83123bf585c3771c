// @ts-check
/**
 * ECS's early success criteria of a rolling service (`deploymentConfiguration.earlySuccessCriteria`):
 * how the simulator takes them (seed, CreateService, UpdateService) and how a healthy rollout
 * then ends. With DEFERRED cleanup the new deployment is COMPLETED (and its service deployment
 * SUCCESSFUL) once its tasks are healthy, while the old revision's tasks keep running for the
 * service's drain time; with BLOCKING the old tasks drain first and COMPLETED comes after them.
 */

/** @typedef {{enable: boolean, healthyPercent?: number, sourceServiceRevisionCleanup?: 'DEFERRED' | 'BLOCKING'}} EarlySuccessCriteria */

/** How long the old revision drains after the new one is healthy, by default (seconds, scaled). */
export const DEFAULT_DRAIN_SECONDS = 60

const CLEANUPS = ['DEFERRED', 'BLOCKING']

/**
 * ECS's criteria from a request or a seed; a malformed one is an Error naming `field`.
 * @param {any} input @param {string} field @returns {EarlySuccessCriteria}
 */
export function earlySuccessFrom(input, field) {
  if (!input || typeof input !== 'object' || typeof input.enable !== 'boolean')
    throw new Error(`${field}.enable must be true or false`)
  if (!input.enable) return { enable: false }
  const { healthyPercent, sourceServiceRevisionCleanup } = input
  if (!Number.isInteger(healthyPercent) || healthyPercent < 0 || healthyPercent > 100)
    throw new Error(`${field}.healthyPercent must be an integer from 0 to 100 when enabled`)
  if (!CLEANUPS.includes(sourceServiceRevisionCleanup))
    throw new Error(
      `${field}.sourceServiceRevisionCleanup must be DEFERRED or BLOCKING when enabled, got ${JSON.stringify(sourceServiceRevisionCleanup)}`
    )
  return { enable: true, healthyPercent, sourceServiceRevisionCleanup }
}

/**
 * The drain time of a seed (seconds after the new tasks are healthy, before timeScale).
 * @param {unknown} value @param {string} field @returns {number}
 */
export function drainSecondsFrom(value, field) {
  if (value === undefined) return DEFAULT_DRAIN_SECONDS
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new Error(`${field} must be a number of seconds >= 0, got ${JSON.stringify(value)}`)
  return value
}

/**
 * The service's cleanup when its early success criteria are enabled, else undefined.
 * @param {import('./ecs-state.js').Service} service @returns {'DEFERRED' | 'BLOCKING' | undefined}
 */
export function earlyCleanup(service) {
  const criteria = service.deploymentConfiguration.earlySuccessCriteria
  return criteria?.enable ? criteria.sourceServiceRevisionCleanup : undefined
}
