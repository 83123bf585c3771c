import type { Clock } from './clock.js'
import { formatSeconds } from './duration.js'

/** After this long without a change the log says what it is still waiting for. */
export const HEARTBEAT_MS = 30_000

/** Where a progress line goes: the log, and the timeline of the job summary. */
export interface ProgressOutput {
  say(line: string): void
  note(progress: string): void
}

/**
 * A wait's progress line: printed (and noted) when it changes, and repeated as a heartbeat once
 * per quiet stretch, so a silent wait is not silent. Elapsed time counts from `startedAt`.
 */
export class ProgressReport {
  private last = ''
  private lastLineAt: number

  constructor(
    private readonly clock: Clock,
    private readonly startedAt: number,
    private readonly output: ProgressOutput,
    lastLineAt = 0
  ) {
    this.lastLineAt = lastLineAt
  }

  show(progress: string): void {
    const now = this.clock.now()
    const elapsed = formatSeconds((now - this.startedAt) / 1000)
    if (progress === this.last) {
      if (now - this.lastLineAt < HEARTBEAT_MS) return
      this.lastLineAt = now
      this.output.say(
        `[${elapsed}] still waiting, nothing changed for ${formatSeconds(HEARTBEAT_MS / 1000)}: ${progress}`
      )
      return
    }
    this.last = progress
    this.lastLineAt = now
    this.output.note(progress)
    this.output.say(`[${elapsed}] ${progress}`)
  }
}
