import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException
} from '@aws-sdk/client-scheduler'
import { credentials, harness, type Harness } from './helpers.js'

// EventBridge Scheduler in the simulator: REST-JSON routed by path, through the real SDK.

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/demo'
const ROLE = 'arn:aws:iam::123456789012:role/web-scheduler'
const td = (rev: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${rev}`

const nightly = {
  Name: 'web-nightly',
  ScheduleExpression: 'cron(0 3 * * ? *)',
  ScheduleExpressionTimezone: 'Europe/Berlin',
  Description: 'nightly report',
  FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
  StartDate: Date.UTC(2026, 0, 1) / 1000,
  Target: {
    Arn: CLUSTER,
    RoleArn: ROLE,
    RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
    DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:web-dlq' },
    EcsParameters: { TaskDefinitionArn: td(1), TaskCount: 1, LaunchType: 'FARGATE' }
  }
}

let h: Harness
let scheduler: SchedulerClient
beforeEach(async () => {
  h = await harness('healthy', {
    seed: {
      schedules: [
        nightly,
        { ...nightly, Name: 'cleanup', GroupName: 'reports', State: 'DISABLED' },
        ...Array.from({ length: 3 }, (_, i) => ({ ...nightly, Name: `extra-${i}` }))
      ]
    }
  })
  scheduler = new SchedulerClient({
    region: 'us-east-1',
    endpoint: h.sim.url,
    credentials,
    maxAttempts: 1
  })
})
afterEach(async () => {
  scheduler.destroy()
  await h.stop()
})

describe('EventBridge Scheduler', () => {
  it('GetSchedule answers a schedule of the default group or a named one, with its ARN and dates', async () => {
    const got = await scheduler.send(new GetScheduleCommand({ Name: 'web-nightly' }))
    expect(got).toMatchObject({
      Arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/web-nightly',
      GroupName: 'default',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      Target: {
        RetryPolicy: { MaximumRetryAttempts: 2 },
        EcsParameters: { TaskDefinitionArn: td(1) }
      }
    })
    expect(got.StartDate).toEqual(new Date(Date.UTC(2026, 0, 1)))
    expect(got.CreationDate).toBeInstanceOf(Date)
    const other = await scheduler.send(
      new GetScheduleCommand({ Name: 'cleanup', GroupName: 'reports' })
    )
    expect(other).toMatchObject({ GroupName: 'reports', State: 'DISABLED' })
  })

  it('answers ResourceNotFoundException for an unknown schedule or group', async () => {
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'gone' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException
    )
    await expect(
      scheduler.send(new GetScheduleCommand({ Name: 'web-nightly', GroupName: 'nope' }))
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
  })

  it('UpdateSchedule replaces the whole schedule: what is not sent is reset, and it is recorded', async () => {
    await scheduler.send(
      new UpdateScheduleCommand({
        Name: 'web-nightly',
        ScheduleExpression: 'cron(0 4 * * ? *)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: CLUSTER, RoleArn: ROLE, EcsParameters: { TaskDefinitionArn: td(2) } }
      })
    )
    const got = await scheduler.send(new GetScheduleCommand({ Name: 'web-nightly' }))
    expect(got.ScheduleExpressionTimezone).toBeUndefined()
    expect(got.Description).toBeUndefined()
    expect(got.Target?.RetryPolicy).toBeUndefined()
    expect(got.Target?.EcsParameters?.TaskDefinitionArn).toBe(td(2))
    const state = h.sim.state() as unknown as {
      updateSchedules: { name: string; body: { ScheduleExpression: string } }[]
    }
    expect(state.updateSchedules).toMatchObject([
      { name: 'web-nightly', body: { ScheduleExpression: 'cron(0 4 * * ? *)' } }
    ])
  })

  it('answers ValidationException for a malformed UpdateSchedule, and changes nothing', async () => {
    await expect(
      scheduler.send(
        new UpdateScheduleCommand({
          Name: 'web-nightly',
          ScheduleExpression: 'cron(0 4 * * ? *)',
          FlexibleTimeWindow: { Mode: 'FLEXIBLE' },
          Target: { Arn: CLUSTER, RoleArn: ROLE }
        })
      )
    ).rejects.toBeInstanceOf(ValidationException)
    const got = await scheduler.send(new GetScheduleCommand({ Name: 'web-nightly' }))
    expect(got.ScheduleExpressionTimezone).toBe('Europe/Berlin')
  })

  it('ListSchedules filters by group and prefix, in pages', async () => {
    const first = await scheduler.send(
      new ListSchedulesCommand({ GroupName: 'default', NamePrefix: 'extra-', MaxResults: 2 })
    )
    expect(first.Schedules?.map(s => s.Name)).toEqual(['extra-0', 'extra-1'])
    expect(first.Schedules?.[0]?.Target?.Arn).toBe(CLUSTER)
    const second = await scheduler.send(
      new ListSchedulesCommand({
        GroupName: 'default',
        NamePrefix: 'extra-',
        MaxResults: 2,
        NextToken: first.NextToken
      })
    )
    expect(second.Schedules?.map(s => s.Name)).toEqual(['extra-2'])
    expect(second.NextToken).toBeUndefined()
    const reports = await scheduler.send(new ListSchedulesCommand({ GroupName: 'reports' }))
    expect(reports.Schedules?.map(s => s.Name)).toEqual(['cleanup'])
  })
})
