// @ts-check
/**
 * CloudWatch Logs operations (Logs_20140328.*): GetLogEvents and FilterLogEvents over what has
 * been ingested by now.
 */
import { SimError, requireString } from './errors.js'

/** @typedef {import('./logs-state.js').LogsWorld} LogsWorld */
/** @typedef {import('./logs-state.js').LogEvent} LogEvent */

const MAX_EVENTS = 10000

/** CloudWatch-style tokens: `f/` or `b/`, 56 digits (an event index), `/s`. @param {'f'|'b'} dir @param {number} index */
const token = (dir, index) => `${dir}/${String(index).padStart(56, '0')}/s`

/** @param {unknown} value @returns {{dir: string, index: number} | undefined} */
function parseToken(value) {
  if (value === undefined || value === null) return undefined
  const m = typeof value === 'string' ? /^([fb])\/(\d{56})\/s$/.exec(value) : null
  if (!m) throw new SimError('InvalidParameterException', 'The specified nextToken is not valid.')
  return { dir: /** @type {string} */ (m[1]), index: Number(m[2]) }
}

/** @param {unknown} v @param {number} fallback */
function limitOf(v, fallback) {
  if (v === undefined) return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1 || n > MAX_EVENTS)
    throw new SimError('InvalidParameterException', `limit must be between 1 and ${MAX_EVENTS}.`)
  return n
}

/** @param {LogEvent} e */
const renderEvent = e => ({
  timestamp: e.timestamp,
  message: e.message,
  ingestionTime: e.ingestionTime
})

/**
 * @param {LogsWorld} logs
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function logsHandlers(logs) {
  /** @param {unknown} name */
  const group = name => {
    requireString(name, 'logGroupName')
    const g = logs.groups.get(name)
    if (!g)
      throw new SimError('ResourceNotFoundException', 'The specified log group does not exist.')
    return g
  }

  return {
    GetLogEvents(body) {
      const g = group(body.logGroupName)
      requireString(body.logStreamName, 'logStreamName')
      const stream = g.streams.get(body.logStreamName)
      if (!stream)
        throw new SimError('ResourceNotFoundException', 'The specified log stream does not exist.')
      const start = body.startTime === undefined ? -Infinity : Number(body.startTime)
      const end = body.endTime === undefined ? Infinity : Number(body.endTime)
      // Indices into the stream's events within the time window.
      const window = stream.events
        .map((e, i) => ({ e, i }))
        .filter(({ e }) => e.timestamp >= start && e.timestamp < end)
      const limit = limitOf(body.limit, MAX_EVENTS)
      const t = parseToken(body.nextToken)
      /** @type {typeof window} */
      let page
      if (t?.dir === 'f' || (!t && body.startFromHead === true)) {
        const from = t ? t.index : 0
        page = window.filter(({ i }) => i >= from).slice(0, limit)
      } else {
        const before = t ? t.index : stream.events.length
        const older = window.filter(({ i }) => i < before)
        page = older.slice(Math.max(0, older.length - limit))
      }
      const first = page[0]?.i
      const last = page[page.length - 1]?.i
      // At the end of the stream the forward token is the one passed in, as CloudWatch does.
      const forward =
        last !== undefined ? last + 1 : t?.dir === 'f' ? t.index : stream.events.length
      const backward = first !== undefined ? first : t?.dir === 'b' ? t.index : 0
      return {
        events: page.map(({ e }) => renderEvent(e)),
        nextForwardToken: token('f', forward),
        nextBackwardToken: token('b', backward)
      }
    },

    FilterLogEvents(body) {
      const g = group(body.logGroupName)
      if (body.logStreamNames !== undefined && body.logStreamNamePrefix !== undefined) {
        throw new SimError(
          'InvalidParameterException',
          'logStreamNames and logStreamNamePrefix cannot both be specified.'
        )
      }
      /** @type {string[] | undefined} */
      const names = body.logStreamNames
      const prefix = typeof body.logStreamNamePrefix === 'string' ? body.logStreamNamePrefix : ''
      const streams = [...g.streams.values()].filter(s =>
        names ? names.includes(s.name) : s.name.startsWith(prefix)
      )
      const terms = filterTerms(body.filterPattern)
      const start = body.startTime === undefined ? -Infinity : Number(body.startTime)
      const end = body.endTime === undefined ? Infinity : Number(body.endTime)
      const all = streams
        .flatMap(s => s.events.map(e => ({ stream: s.name, e })))
        .filter(
          ({ e }) =>
            e.timestamp >= start &&
            e.timestamp <= end &&
            terms.every(term => e.message.includes(term))
        )
        .sort((a, b) => a.e.timestamp - b.e.timestamp || a.e.eventId.localeCompare(b.e.eventId))
      const limit = limitOf(body.limit, MAX_EVENTS)
      const from = body.nextToken === undefined ? 0 : parseFilterToken(body.nextToken)
      const page = all.slice(from, from + limit)
      /** @type {Record<string, unknown>} */
      const out = {
        events: page.map(({ stream, e }) => ({
          logStreamName: stream,
          ...renderEvent(e),
          eventId: e.eventId
        })),
        searchedLogStreams: streams.map(s => ({ logStreamName: s.name, searchedCompletely: true }))
      }
      if (from + limit < all.length) out.nextToken = `sim-filter/${from + limit}`
      return out
    }
  }
}

/** @param {unknown} value */
function parseFilterToken(value) {
  const m = typeof value === 'string' ? /^sim-filter\/(\d+)$/.exec(value) : null
  if (!m) throw new SimError('InvalidParameterException', 'The specified nextToken is not valid.')
  return Number(m[1])
}

/**
 * The simulator's subset of filter patterns: space-separated terms (a "quoted phrase" is one
 * term), every term must appear in the message, case-sensitive; empty matches everything.
 * @param {unknown} pattern
 * @returns {string[]}
 */
export function filterTerms(pattern) {
  if (pattern === undefined || pattern === null || pattern === '') return []
  if (typeof pattern !== 'string')
    throw new SimError('InvalidParameterException', 'filterPattern must be a string.')
  return [...pattern.matchAll(/"([^"]*)"|(\S+)/g)].map(m => m[1] ?? m[2] ?? '').filter(t => t)
}
