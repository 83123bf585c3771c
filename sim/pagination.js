// @ts-check
/**
 * Real pagination for List* operations: `nextToken` is an opaque token naming the offset of the
 * next page in a stable, sorted result, and a token that was not handed out is refused.
 */
import { SimError } from './errors.js'

const PREFIX = 'sim-page:'

/** @param {number} offset */
export const encodeToken = offset => Buffer.from(`${PREFIX}${offset}`).toString('base64')

/**
 * @param {unknown} token
 * @returns {number} the offset, 0 when there is no token
 */
export function decodeToken(token) {
  if (token === undefined || token === null || token === '') return 0
  const text = typeof token === 'string' ? Buffer.from(token, 'base64').toString('utf8') : ''
  const offset = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN
  if (!Number.isInteger(offset) || offset < 0)
    throw new SimError('InvalidParameterException', 'Invalid nextToken.')
  return offset
}

/**
 * One page of `items`.
 * @template T
 * @param {T[]} items
 * @param {{nextToken?: unknown, maxResults?: unknown}} body
 * @param {{defaultMax: number, max: number}} limits
 * @returns {{page: T[], nextToken: string | undefined}}
 */
export function paginate(items, body, limits) {
  const start = decodeToken(body.nextToken)
  let max = limits.defaultMax
  if (body.maxResults !== undefined) {
    const n = Number(body.maxResults)
    if (!Number.isInteger(n) || n < 1 || n > limits.max) {
      throw new SimError(
        'InvalidParameterException',
        `maxResults must be an integer between 1 and ${limits.max}.`
      )
    }
    max = n
  }
  const page = items.slice(start, start + max)
  return { page, nextToken: start + max < items.length ? encodeToken(start + max) : undefined }
}
