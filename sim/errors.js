// @ts-check
/** An AWS-shaped error: serialized as `{"__type": code, "message": message}` with `status`. */
export class SimError extends Error {
  /**
   * @param {string} code     the `__type`, e.g. `ServiceNotFoundException`
   * @param {string} message
   * @param {number} [status] HTTP status, 400 by default (client fault)
   */
  constructor(code, message, status = 400) {
    super(message)
    this.code = code
    this.status = status
  }
}

/**
 * @param {unknown} value
 * @param {string} field
 * @returns {asserts value is string}
 */
export function requireString(value, field) {
  if (typeof value !== 'string' || value === '') {
    throw new SimError('InvalidParameterException', `${field} must be a non-empty string.`)
  }
}
