import type { Clock } from '../src/util/clock.js'

/** A clock whose sleeps return at once and move time forward: polling loops run instantly. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = []

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current
  }

  async sleep(milliseconds: number): Promise<void> {
    this.sleeps.push(milliseconds)
    this.current += milliseconds
  }

  advance(milliseconds: number): void {
    this.current += milliseconds
  }
}
