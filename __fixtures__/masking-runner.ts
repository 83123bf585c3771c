import type { MaskRunner } from '../src/util/masking.js'

/**
 * Registers secrets as the runner does and prints lines through its masking: every registered
 * value, wherever it appears in a line, becomes `***`.
 */
export class MaskingRunner implements MaskRunner {
  readonly secrets: string[] = []

  setSecret(value: string): void {
    this.secrets.push(value)
  }

  /** The line as the job log would show it. */
  print(line: string): string {
    const ordered = [...this.secrets].sort((a, b) => b.length - a.length)
    return ordered.reduce((shown, secret) => shown.split(secret).join('***'), line)
  }
}
