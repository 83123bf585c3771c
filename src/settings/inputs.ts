import { suggestion } from '../util/did-you-mean.js'
import { escapeForLog } from '../util/escape.js'
import { InputError } from '../util/errors.js'
import { formatDuration, MAX_TIMER_MILLISECONDS, parseDurationSeconds } from '../util/duration.js'

/** An input's value inside an error message: quoted, escaped, never longer than a line. */
export function quoted(value: string): string {
  return `"${escapeForLog(value, 200)}"`
}

/** An input's value that is not one of `choices`: the value, the choices, the likeliest one. */
function notOneOf(value: string, choices: readonly string[]): string {
  return `${quoted(value)} is not one of ${choices.join(', ')}${suggestion(value, choices)}`
}

/**
 * A config file's value that is not one of `choices` (any YAML value), worded as the file's
 * other errors are: the choices, then the value given and the one it most likely meant.
 */
export function expectedOneOf(value: unknown, choices: readonly string[]): string {
  const given = typeof value === 'string' ? quoted(value) : value === null ? 'null' : typeof value
  const near = typeof value === 'string' ? suggestion(value, choices) : ''
  return `expected one of ${choices.join(', ')} (not ${given})${near}`
}

/** Bounds of a duration input, in seconds; `maximum` never above what a Node timer accepts. */
export interface DurationBounds {
  minimum?: number
  maximum?: number
  /** Why the maximum, for the error: `the longest a GitHub job runs`. */
  why?: string
}

/** Reads one action input by its kebab-case name; '' when unset (as `core.getInput`). */
export type InputReader = (name: string) => string

/** Typed accessors over raw inputs; every error names the input and how to fix it. */
export class Inputs {
  /** Every bad input found so far: all of them are reported together, not one per run. */
  readonly problems: InputError[] = []

  constructor(private readonly read: InputReader) {}

  /** `read()`, or `fallback` with the problem recorded when it is bad input. */
  check<T>(read: () => T, fallback: T): T {
    try {
      return read()
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      this.problems.push(error)
      return fallback
    }
  }

  text(name: string): string | undefined {
    const value = this.read(name).trim()
    return value === '' ? undefined : value
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.text(name)
    if (value === undefined) return fallback
    if (/^(true|yes|on|1)$/i.test(value)) return true
    if (/^(false|no|off|0)$/i.test(value)) return false
    throw new InputError(`input ${name}`, `${quoted(value)} is not a boolean`, 'Use true or false.')
  }

  /** A whole number from 0 to `maximum` (`why` says where the maximum comes from). */
  count(
    name: string,
    fallback: number | undefined,
    maximum: number,
    why: string
  ): number | undefined {
    const value = this.text(name)
    if (value === undefined) return fallback
    if (!/^\d+$/.test(value)) {
      throw new InputError(
        `input ${name}`,
        `${quoted(value)} is not a whole number of 0 or more`,
        'Give a count such as 0, 1 or 3.'
      )
    }
    // Compared as text first: a 400-digit number is no number at all once parsed.
    const count = value.length > String(maximum).length ? Infinity : Number(value)
    if (count > maximum) {
      throw new InputError(
        `input ${name}`,
        `${quoted(value)} is more than ${maximum} (${why})`,
        `Give a count from 0 to ${maximum}.`
      )
    }
    return count
  }

  duration(name: string, fallback: string, bounds: DurationBounds = {}): number {
    const seconds = parseDurationSeconds(this.text(name) ?? fallback, `input ${name}`)
    const minimum = bounds.minimum ?? 0
    const maximum = Math.min(bounds.maximum ?? Infinity, MAX_TIMER_MILLISECONDS / 1000)
    if (seconds < minimum) {
      throw new InputError(
        `input ${name}`,
        `${seconds}s is too short`,
        `Give at least ${formatDuration(minimum)}.`
      )
    }
    if (seconds > maximum) {
      const why = bounds.maximum === undefined ? 'the longest delay a timer accepts' : bounds.why
      throw new InputError(
        `input ${name}`,
        `${formatDuration(seconds)} is too long${why ? ` (${why})` : ''}`,
        `Give at most ${formatDuration(maximum)}.`
      )
    }
    return seconds
  }

  /** One value per line or comma-separated, blanks dropped. */
  list(name: string): string[] {
    return (this.text(name) ?? '')
      .split(/[\n,]/)
      .map(item => item.trim())
      .filter(item => item !== '')
  }

  /** KEY=value per line. */
  keyValues(name: string): Record<string, string> {
    const pairs: Record<string, string> = {}
    for (const line of (this.text(name) ?? '').split('\n')) {
      const entry = line.trim()
      if (entry === '') continue
      const at = entry.indexOf('=')
      if (at <= 0) {
        throw new InputError(
          `input ${name}`,
          `${quoted(entry)} is not KEY=value`,
          'Write one KEY=value per line.'
        )
      }
      pairs[entry.slice(0, at).trim()] = entry.slice(at + 1)
    }
    return pairs
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.text(name) ?? fallback
    if (!(choices as readonly string[]).includes(value)) {
      throw new InputError(
        `input ${name}`,
        notOneOf(value, choices),
        `Use one of: ${choices.join(', ')}.`
      )
    }
    return value as T
  }
}
