import { InputError } from '../util/errors.js'
import { parseDurationSeconds } from '../util/duration.js'

/** Reads one action input by its kebab-case name; '' when unset (as `core.getInput`). */
export type InputReader = (name: string) => string

/** Typed accessors over raw inputs; every error names the input and how to fix it. */
export class Inputs {
  constructor(private readonly read: InputReader) {}

  text(name: string): string | undefined {
    const value = this.read(name).trim()
    return value === '' ? undefined : value
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.text(name)
    if (value === undefined) return fallback
    if (/^(true|yes|on|1)$/i.test(value)) return true
    if (/^(false|no|off|0)$/i.test(value)) return false
    throw new InputError(`input ${name}`, `"${value}" is not a boolean`, 'Use true or false.')
  }

  count(name: string, fallback?: number): number | undefined {
    const value = this.text(name)
    if (value === undefined) return fallback
    if (!/^\d+$/.test(value)) {
      throw new InputError(
        `input ${name}`,
        `"${value}" is not a whole number of 0 or more`,
        'Give a count such as 0, 1 or 3.'
      )
    }
    return Number(value)
  }

  duration(name: string, fallback: string, minimumSeconds = 0): number {
    const seconds = parseDurationSeconds(this.text(name) ?? fallback, `input ${name}`)
    if (seconds < minimumSeconds) {
      throw new InputError(
        `input ${name}`,
        `${seconds}s is too short`,
        `Give at least ${minimumSeconds}s.`
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
          `"${entry}" is not KEY=value`,
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
        `"${value}" is not one of ${choices.join(', ')}`,
        `Use one of: ${choices.join(', ')}.`
      )
    }
    return value as T
  }
}
