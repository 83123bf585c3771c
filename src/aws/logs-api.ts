import { AwsCallError } from './call-error.js'

/**
 * The narrow CloudWatch Logs interface: reading one container's awslogs stream, in our own small
 * types. The SDK adapter in logs-client.ts implements it; tests use __fixtures__/fake-logs.ts.
 * A missing group or stream is an answer (undefined), not an exception: a container that never
 * started has none.
 */
export interface LogsApi {
  getLogEvents(request: LogEventsRequest): Promise<LogEventsPage | undefined>
}

export interface LogEventsRequest {
  /** The stream's region (the container's `awslogs-region`); the job's region when absent. */
  region?: string
  group: string
  stream: string
  /** Where the last page ended: only newer events. */
  nextToken?: string
  /** true: oldest first from the token (or the start); false: the newest `limit` events. */
  startFromHead: boolean
  limit?: number
}

export interface LogEventsPage {
  /** Oldest first. */
  events: { timestamp: number; message: string }[]
  /** Pass it back for the events after these; at the end of the stream it is the token passed in. */
  nextForwardToken?: string
}

/** A CloudWatch Logs call that failed, in the same model as ECS's and ECR's. */
export class LogsCallError extends AwsCallError {
  override name = 'LogsCallError'
}
