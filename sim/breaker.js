// @ts-check
/**
 * ECS's deployment circuit breaker: its settings as CreateService/UpdateService take them and
 * DescribeServices shows them, and the threshold of failed tasks at which it fails a deployment.
 */

/** @typedef {'COUNT'|'BOUNDED_PERCENT'|'UNBOUNDED_PERCENT'} ThresholdType */

/**
 * @typedef {object} CircuitBreaker
 * @property {boolean} enable
 * @property {boolean} rollback
 * @property {boolean} [resetOnHealthyTask]  shown as given; absent: ECS's default (true)
 * @property {{type: ThresholdType, value: number}} [thresholdConfiguration]  absent: ECS's default
 */

export const THRESHOLD_TYPES = /** @type {const} */ ([
  'COUNT',
  'BOUNDED_PERCENT',
  'UNBOUNDED_PERCENT'
])

/**
 * The failed tasks at which the breaker trips for `desired` tasks: COUNT as is; a percentage of
 * the desired count rounded up, BOUNDED_PERCENT (and the default, 50%) within 3..200,
 * UNBOUNDED_PERCENT at least 1.
 * @param {CircuitBreaker | undefined} breaker @param {number} desired
 */
export function breakerThreshold(breaker, desired) {
  const config = breaker?.thresholdConfiguration
  if (config?.type === 'COUNT') return Math.max(1, config.value)
  const share = Math.ceil(((config?.value ?? 50) * desired) / 100)
  if (config?.type === 'UNBOUNDED_PERCENT') return Math.max(1, share)
  return Math.min(200, Math.max(3, share))
}

/**
 * A breaker from a request (or a seed): enable and rollback as booleans, resetOnHealthyTask and
 * thresholdConfiguration kept when given. Throws naming `field` when the threshold is malformed.
 * @param {any} input @param {string} field
 * @returns {CircuitBreaker}
 */
export function breakerFrom(input, field) {
  /** @type {CircuitBreaker} */
  const breaker = { enable: Boolean(input?.enable), rollback: Boolean(input?.rollback) }
  if (typeof input?.resetOnHealthyTask === 'boolean')
    breaker.resetOnHealthyTask = input.resetOnHealthyTask
  const config = input?.thresholdConfiguration
  if (config !== undefined && config !== null) {
    const type = config.type ?? 'BOUNDED_PERCENT'
    if (!THRESHOLD_TYPES.includes(type))
      throw new Error(
        `${field}.thresholdConfiguration.type must be one of ${THRESHOLD_TYPES.join(', ')}, got "${type}"`
      )
    if (!Number.isInteger(config.value) || config.value < 1)
      throw new Error(
        `${field}.thresholdConfiguration.value must be an integer >= 1, got ${config.value}`
      )
    breaker.thresholdConfiguration = { type, value: config.value }
  }
  return breaker
}
