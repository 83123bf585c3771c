// @ts-check
/**
 * The account's request-rate limit for read calls, as a token bucket: `burst` tokens, refilled
 * at `refillPerSecond` by the simulator clock (real seconds, not scaled by timeScale). Each read
 * call takes one token; with none left ECS answers 400 ThrottlingException "Rate exceeded".
 */

/** The operations that share the read bucket. */
export const READ_OPERATIONS = new Set([
  'DescribeServices',
  'DescribeTasks',
  'ListTasks',
  'DescribeServiceDeployments',
  'ListServiceDeployments',
  'DescribeTaskDefinition'
])

/**
 * @typedef {object} ReadThrottle
 * @property {number} burst            bucket size (and the tokens at reset)
 * @property {number} refillPerSecond  tokens added per simulator second
 */

/**
 * @param {unknown} value
 * @param {string} field where the option came from, for the error
 * @returns {ReadThrottle | undefined}
 */
export function parseReadThrottle(value, field) {
  if (value === undefined || value === null) return undefined
  const v = /** @type {Record<string, unknown>} */ (value)
  if (typeof value !== 'object' || !Number.isInteger(v.burst) || Number(v.burst) < 1) {
    throw new Error(`${field}.burst must be an integer >= 1, got ${JSON.stringify(v?.burst)}`)
  }
  if (typeof v.refillPerSecond !== 'number' || !(v.refillPerSecond >= 0)) {
    throw new Error(
      `${field}.refillPerSecond must be a number >= 0, got ${JSON.stringify(v.refillPerSecond)}`
    )
  }
  return { burst: Number(v.burst), refillPerSecond: v.refillPerSecond }
}

export class TokenBucket {
  /** @param {ReadThrottle} cfg @param {number} now ms */
  constructor(cfg, now) {
    this.burst = cfg.burst
    this.refillPerSecond = cfg.refillPerSecond
    this.tokens = cfg.burst
    this.last = now
  }

  /** @param {number} now */
  refill(now) {
    if (now > this.last) {
      const refilled = this.tokens + ((now - this.last) / 1000) * this.refillPerSecond
      // Rounded so that refills of fractions of a token add up exactly (0.1 × 10 = 1).
      this.tokens = Math.min(this.burst, Math.round(refilled * 1e9) / 1e9)
      this.last = now
    }
  }

  /** Take one token if there is one. @param {number} now @returns {boolean} */
  take(now) {
    this.refill(now)
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** For the control plane. @param {number} now */
  view(now) {
    this.refill(now)
    return { burst: this.burst, refillPerSecond: this.refillPerSecond, tokens: this.tokens }
  }
}
