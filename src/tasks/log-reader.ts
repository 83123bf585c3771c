import type { LogsApi } from '../aws/logs-api.js'
import { errorMessage } from '../util/errors.js'
import { describeLogSource, type LogSource } from './log-source.js'

/** Pages read per call: one poll never reads a flood in one go (the next poll carries on). */
const MAX_PAGES_PER_READ = 5

/** What one read found: new lines, or a one-line note saying why there are none (best effort). */
export interface LogRead {
  lines: string[]
  note?: string
}

/**
 * Follows one awslogs stream from its start: each `readNew()` returns the lines written since
 * the last one. Reading is best effort: a stream not there yet, a missing permission or an
 * unreachable endpoint is a note, never an exception.
 */
export class LogFollower {
  private nextToken: string | undefined

  constructor(
    private readonly logs: LogsApi,
    private readonly source: Extract<LogSource, { kind: 'awslogs' }>
  ) {}

  async readNew(): Promise<LogRead> {
    const lines: string[] = []
    try {
      for (let page = 0; page < MAX_PAGES_PER_READ; page++) {
        const answer = await this.logs.getLogEvents({
          region: this.source.region,
          group: this.source.group,
          stream: this.source.stream,
          nextToken: this.nextToken,
          startFromHead: true
        })
        if (!answer) return { lines, note: missingStream(this.source) }
        lines.push(...answer.events.map(event => event.message))
        // At the end of the stream CloudWatch hands back the token it was given.
        const done =
          answer.nextForwardToken === undefined || answer.nextForwardToken === this.nextToken
        this.nextToken = answer.nextForwardToken ?? this.nextToken
        if (done || answer.events.length === 0) break
      }
      return { lines }
    } catch (error) {
      return { lines, note: unreadable(this.source, error) }
    }
  }
}

/** The newest `limit` lines of a stream, oldest first (best effort, as LogFollower). */
export async function readLastLines(
  logs: LogsApi,
  source: Extract<LogSource, { kind: 'awslogs' }>,
  limit: number
): Promise<LogRead> {
  try {
    const answer = await logs.getLogEvents({
      region: source.region,
      group: source.group,
      stream: source.stream,
      startFromHead: false,
      limit
    })
    if (!answer) return { lines: [], note: missingStream(source) }
    return { lines: answer.events.map(event => event.message).slice(-limit) }
  } catch (error) {
    return { lines: [], note: unreadable(source, error) }
  }
}

function missingStream(source: LogSource): string {
  return `no log lines: ${describeLogSource(source)} does not exist (the container may never have started)`
}

function unreadable(source: LogSource, error: unknown): string {
  return `could not read ${describeLogSource(source)}: ${errorMessage(error)}`
}
