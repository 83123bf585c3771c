import { redact } from '../util/masking.js'
import type { RunnerHooks } from '../util/runner-hooks.js'

/** Where the command line writes: stdout for results, stderr for diagnostics. */
export interface Terminal {
  out(text: string): void
  err(text: string): void
  /** Colour only on a terminal that wants it (a TTY, NO_COLOR unset). */
  color: boolean
}

export function processTerminal(env: NodeJS.ProcessEnv = process.env): Terminal {
  return {
    out: text => process.stdout.write(text),
    err: text => process.stderr.write(text),
    color: process.stdout.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb'
  }
}

/** ANSI styles, or none when colour is off. */
export function styles(color: boolean) {
  const wrap = (code: string) => (text: string) =>
    color ? `\u001b[${code}m${text}\u001b[0m` : text
  return { bold: wrap('1'), red: wrap('31'), yellow: wrap('33'), green: wrap('32'), dim: wrap('2') }
}

/**
 * The command line's RunnerHooks. Outside GitHub there is no runner to mask values (its
 * `::add-mask::` would be printed as text): secrets are remembered here and redacted from
 * everything the command line prints. Saved state is kept in memory for the end of the run.
 */
export class SecretStore implements RunnerHooks {
  private readonly secrets = new Set<string>()
  readonly state = new Map<string, string>()

  setSecret(value: string): void {
    if (value !== '') this.secrets.add(value)
  }

  saveState(name: string, value: string): void {
    this.state.set(name, value)
  }

  redact(text: string): string {
    return this.secrets.size === 0 ? text : redact(text, this.secrets)
  }
}
