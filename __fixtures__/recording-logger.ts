import type { Logger } from '../src/util/logger.js'

/** Collects every line a step prints, so tests can assert on what users would read. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = []
  readonly warnings: string[] = []
  readonly errors: string[] = []
  readonly groups: string[] = []

  info(message: string): void {
    this.lines.push(message)
  }
  warning(message: string): void {
    this.warnings.push(message)
    this.lines.push(`warning: ${message}`)
  }
  error(message: string): void {
    this.errors.push(message)
    this.lines.push(`error: ${message}`)
  }
  debug(): void {}
  async group<T>(name: string, body: () => Promise<T>): Promise<T> {
    this.groups.push(name)
    return body()
  }
  text(): string {
    return this.lines.join('\n')
  }
}
