import ms from 'ms'
import { InputError } from './errors.js'

/**
 * Parses a duration given as whole seconds (`600`) or with a unit (`90s`, `10m`, `1h`,
 * `1.5m`) into seconds. `where` names the input or config path for the error.
 */
export function parseDurationSeconds(value: string, where: string): number {
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text)
  const millis = /^\d+(\.\d+)?\s*[a-z]+$/i.test(text) ? ms(text as ms.StringValue) : undefined
  if (millis === undefined || !Number.isFinite(millis) || millis < 0) {
    throw new InputError(
      where,
      `"${value}" is not a duration`,
      'Give whole seconds (600) or a number with a unit: 90s, 10m, 1h.'
    )
  }
  return millis / 1000
}
