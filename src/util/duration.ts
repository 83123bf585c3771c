import ms from 'ms'
import { escapeForLog } from './escape.js'
import { InputError } from './errors.js'

/** The longest delay Node's timers accept (2^31-1 ms, about 24.8 days); longer fires at once. */
export const MAX_TIMER_MILLISECONDS = 2 ** 31 - 1
/** No duration needs more digits than this; a longer number is a typo or an attack. */
const MAX_DIGITS = 12

/**
 * Parses a duration given as whole seconds (`600`) or with a unit (`90s`, `10m`, `1h`,
 * `1.5m`) into seconds. `where` names the input or config path for the error.
 */
export function parseDurationSeconds(value: string, where: string): number {
  const text = value.trim()
  const number = /^(\d+)(?:\.\d+)?/.exec(text)?.[1]
  if (number !== undefined && number.length > MAX_DIGITS) {
    throw new InputError(
      where,
      `"${escapeForLog(text, 40)}" is too long a number`,
      'Give whole seconds (600) or a number with a unit: 90s, 10m, 1h.'
    )
  }
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text)
  const millis = /^\d+(\.\d+)?\s*[a-z]+$/i.test(text) ? ms(text as ms.StringValue) : undefined
  if (millis === undefined || !Number.isFinite(millis) || millis < 0) {
    throw new InputError(
      where,
      `"${escapeForLog(value, 200)}" is not a duration`,
      'Give whole seconds (600) or a number with a unit: 90s, 10m, 1h.'
    )
  }
  return millis / 1000
}

/** `21600` → `6h`, `90` → `1.5m`, `2.5` → `2.5s`: a bound as the user would write it. */
export function formatDuration(seconds: number): string {
  if (seconds >= 3600 && seconds % 360 === 0) return `${seconds / 3600}h`
  if (seconds >= 60 && seconds % 6 === 0) return `${seconds / 60}m`
  return `${seconds}s`
}

/** `42s`, `1.5s`, `2m`, `2m30s`: how the log says a duration. */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds * 10) / 10}s`
  const minutes = Math.floor(seconds / 60)
  const rest = Math.round(seconds % 60)
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`
}
