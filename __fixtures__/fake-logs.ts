import type { LogEventsPage, LogEventsRequest, LogsApi } from '../src/aws/logs-api.js'
import type { Clock } from '../src/util/clock.js'

interface StoredEvent {
  timestamp: number
  message: string
  /** When the line becomes readable (awslogs ships lines a moment late). */
  visibleAt: number
}

/**
 * In-memory CloudWatch Logs streams on a (fake) clock. Tokens are `f/<index>` as the next event
 * to read; at the end of a stream the token passed in comes back, as CloudWatch does.
 */
export class FakeLogs implements LogsApi {
  readonly streams = new Map<string, StoredEvent[]>()
  readonly calls: LogEventsRequest[] = []
  /** The next calls fail with this error (a missing permission, say). */
  failWith: Error | undefined

  constructor(readonly clock: Clock) {}

  /** A line written at `at` (default now), readable `delayMs` later. */
  write(group: string, stream: string, message: string, at = this.clock.now(), delayMs = 0): void {
    const key = `${group}|${stream}`
    const events = this.streams.get(key) ?? []
    events.push({ timestamp: at, message, visibleAt: at + delayMs })
    this.streams.set(key, events)
  }

  async getLogEvents(request: LogEventsRequest): Promise<LogEventsPage | undefined> {
    this.calls.push(structuredClone(request))
    if (this.failWith) throw this.failWith
    const stored = this.streams.get(`${request.group}|${request.stream}`)
    if (!stored) return undefined
    const visible = stored.filter(event => event.visibleAt <= this.clock.now())
    const limit = request.limit ?? 100
    if (!request.startFromHead) {
      const events = visible.slice(-limit).map(({ timestamp, message }) => ({ timestamp, message }))
      return { events, nextForwardToken: `f/${visible.length}` }
    }
    const from = request.nextToken ? Number(request.nextToken.slice(2)) : 0
    const events = visible
      .slice(from, from + limit)
      .map(({ timestamp, message }) => ({ timestamp, message }))
    const next = from + events.length
    return {
      events,
      nextForwardToken: events.length === 0 && request.nextToken ? request.nextToken : `f/${next}`
    }
  }
}
