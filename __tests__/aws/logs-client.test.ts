import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
  ResourceNotFoundException
} from '@aws-sdk/client-cloudwatch-logs'
import { mockClient } from 'aws-sdk-client-mock'
import { LogsCallError } from '../../src/aws/logs-api.js'
import { createLogsApi } from '../../src/aws/logs-client.js'

const logsMock = mockClient(CloudWatchLogsClient)
const regions: (string | undefined)[] = []

function api() {
  return createLogsApi({ AWS_REGION: 'us-east-1' }, undefined, region => {
    regions.push(region)
    return new CloudWatchLogsClient({
      region: region ?? 'us-east-1',
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
      maxAttempts: 1
    })
  })
}

beforeEach(() => {
  logsMock.reset()
  regions.length = 0
})

const stream = { group: '/ecs/web', stream: 'ecs/web/abc', startFromHead: true }

describe('getLogEvents', () => {
  it('reads a page of the stream, oldest first, with the token for the next one', async () => {
    logsMock.on(GetLogEventsCommand).resolves({
      events: [
        { timestamp: 1, message: 'migrating' },
        { timestamp: 2, message: 'done' }
      ],
      nextForwardToken: 'f/2'
    })
    expect(await api().getLogEvents({ ...stream, nextToken: 'f/0' })).toEqual({
      events: [
        { timestamp: 1, message: 'migrating' },
        { timestamp: 2, message: 'done' }
      ],
      nextForwardToken: 'f/2'
    })
    expect(logsMock.commandCalls(GetLogEventsCommand)[0]!.args[0].input).toEqual({
      logGroupName: '/ecs/web',
      logStreamName: 'ecs/web/abc',
      nextToken: 'f/0',
      startFromHead: true,
      limit: 100
    })
  })

  it("reads in the stream's own region, one client per region", async () => {
    logsMock.on(GetLogEventsCommand).resolves({ events: [] })
    const logs = api()
    await logs.getLogEvents({ ...stream, region: 'eu-west-1' })
    await logs.getLogEvents({ ...stream, region: 'eu-west-1' })
    await logs.getLogEvents(stream)
    expect(regions).toEqual(['eu-west-1', undefined])
  })

  it('answers undefined for a stream that does not exist (the container never started)', async () => {
    logsMock.on(GetLogEventsCommand).rejects(
      new ResourceNotFoundException({
        message: 'The specified log stream does not exist.',
        $metadata: {}
      })
    )
    expect(await api().getLogEvents(stream)).toBeUndefined()
  })

  it('names the stream and the IAM action when access is denied', async () => {
    const denied = Object.assign(
      new Error('User is not authorized to perform: logs:GetLogEvents'),
      {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 }
      }
    )
    logsMock.on(GetLogEventsCommand).rejects(denied)
    const error = await api()
      .getLogEvents(stream)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LogsCallError)
    expect((error as Error).message).toContain(
      'CloudWatch Logs GetLogEvents failed for log stream ecs/web/abc of group /ecs/web: AccessDeniedException'
    )
    expect((error as Error).message).toContain('logs:GetLogEvents')
  })
})
