import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  awsCaller,
  boundedClientConfig,
  callContext,
  DEFAULT_CALL_BOUNDS,
  type AwsCaller,
  type CallBounds
} from './aws-call.js'
import { isNotFound } from './call-error.js'
import {
  LogsCallError,
  type LogEventsPage,
  type LogEventsRequest,
  type LogsApi
} from './logs-api.js'

/** GetLogEvents answers at most 10,000 events; ecs-flow never needs more than a screenful. */
const DEFAULT_LIMIT = 100

/**
 * The LogsApi over `@aws-sdk/client-cloudwatch-logs`: one client per region (a container's
 * logs live where its `awslogs-region` says, which may not be the job's region). The SDK honours
 * AWS_ENDPOINT_URL_CLOUDWATCH_LOGS and the credential chain; every call is bounded.
 */
export function createLogsApi(
  env: NodeJS.ProcessEnv = process.env,
  bounds: CallBounds = DEFAULT_CALL_BOUNDS,
  makeClient: (region: string | undefined) => CloudWatchLogsClient = region =>
    new CloudWatchLogsClient({
      ...boundedClientConfig(env, bounds),
      ...(region ? { region } : {})
    })
): LogsApi {
  return new SdkLogsApi(
    makeClient,
    awsCaller('CloudWatch Logs', 'logs', callContext(LogsCallError, { bounds, env }))
  )
}

class SdkLogsApi implements LogsApi {
  private readonly clients = new Map<string, CloudWatchLogsClient>()

  constructor(
    private readonly makeClient: (region: string | undefined) => CloudWatchLogsClient,
    private readonly call: AwsCaller
  ) {}

  async getLogEvents(request: LogEventsRequest): Promise<LogEventsPage | undefined> {
    const key = request.region ?? ''
    let client = this.clients.get(key)
    if (!client) {
      client = this.makeClient(request.region)
      this.clients.set(key, client)
    }
    const sdk = client
    try {
      const output = await this.call(
        'GetLogEvents',
        `log stream ${request.stream} of group ${request.group}`,
        'read',
        abortSignal =>
          sdk.send(
            new GetLogEventsCommand({
              logGroupName: request.group,
              logStreamName: request.stream,
              nextToken: request.nextToken,
              startFromHead: request.startFromHead,
              limit: request.limit ?? DEFAULT_LIMIT
            }),
            { abortSignal }
          )
      )
      return {
        events: (output.events ?? []).map(event => ({
          timestamp: event.timestamp ?? 0,
          message: event.message ?? ''
        })),
        nextForwardToken: output.nextForwardToken
      }
    } catch (error) {
      if (isNotFound(error, 'Resource')) return undefined
      throw error
    }
  }
}
