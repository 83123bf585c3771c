import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  GetScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleOutput
} from '@aws-sdk/client-scheduler'
import { mockClient } from 'aws-sdk-client-mock'
import { retargetSchedule } from '../../src/aws/scheduler-api.js'
import { GET_SCHEDULE_FIELDS, createSchedulerApi } from '../../src/aws/scheduler-client.js'
import { startSimulator } from '../../sim/server.js'
import { FakeScheduler } from '../../__fixtures__/fake-scheduler.js'

const TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`
const credentials = { accessKeyId: 'k', secretAccessKey: 's' }

/** GetSchedule's answer with every field the SDK knows set. */
const FULL = FakeScheduler.ecsSchedule(TD(1)) as GetScheduleOutput & Record<string, unknown>

describe('the Scheduler adapter over the SDK (aws-sdk-client-mock)', () => {
  const mock = mockClient(SchedulerClient)
  const api = () =>
    createSchedulerApi(
      { AWS_REGION: 'us-east-1' },
      undefined,
      new SchedulerClient({ region: 'us-east-1', credentials })
    )
  beforeEach(() => {
    mock.reset()
  })
  afterAll(() => {
    mock.restore()
  })

  it('the sample answer sets every field of GetScheduleOutput', () => {
    // The table is typed by the SDK's output: every key it lists must be in the sample.
    for (const field of Object.keys(GET_SCHEDULE_FIELDS)) expect(FULL).toHaveProperty(field)
  })

  it('sends back every field GetSchedule returned but the read-only ones, only the revision changed', async () => {
    mock
      .on(GetScheduleCommand, { GroupName: 'reports', Name: 'nightly' })
      .resolves({ ...FULL, GroupName: 'reports', Name: 'nightly', $metadata: {} })
    mock.on(UpdateScheduleCommand).resolves({ ScheduleArn: String(FULL.Arn), $metadata: {} })
    const read = (await api().getSchedule('reports', 'nightly'))!
    expect(read).toMatchObject({
      group: 'reports',
      name: 'nightly',
      targetArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
      taskDefinitionArn: TD(1)
    })
    await api().updateSchedule(retargetSchedule(read, TD(2)))
    const [sent] = mock.commandCalls(UpdateScheduleCommand)
    const input = sent!.args[0].input as unknown as Record<string, unknown>
    const expected: Record<string, unknown> = { GroupName: 'reports', Name: 'nightly' }
    for (const [field, what] of Object.entries(GET_SCHEDULE_FIELDS))
      if (what === 'sent' && field !== 'GroupName' && field !== 'Name')
        expected[field] = FULL[field]
    expected.Target = {
      ...(FULL.Target as object),
      EcsParameters: { ...FULL.Target!.EcsParameters, TaskDefinitionArn: TD(2) }
    }
    // Every field returned is sent back (a dropped one would be reset by UpdateSchedule).
    expect(input).toEqual(expected)
    for (const field of ['Arn', 'CreationDate', 'LastModificationDate'])
      expect(input).not.toHaveProperty(field)
  })

  it('answers undefined for a schedule that does not exist; other errors are thrown', async () => {
    mock.on(GetScheduleCommand, { Name: 'gone' }).rejects(
      new ResourceNotFoundException({
        Message: 'Schedule gone does not exist.',
        message: 'Schedule gone does not exist.',
        $metadata: {}
      })
    )
    expect(await api().getSchedule('default', 'gone')).toBeUndefined()
    const denied = Object.assign(new Error('not authorized to perform: scheduler:GetSchedule'), {
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 }
    })
    mock.on(GetScheduleCommand, { Name: 'secret' }).rejects(denied)
    await expect(api().getSchedule('default', 'secret')).rejects.toThrow(/scheduler:GetSchedule/)
  })
})

describe('the Scheduler adapter against the simulator', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>
  let api: ReturnType<typeof createSchedulerApi>
  beforeAll(async () => {
    const { Arn: _arn, CreationDate: _c, LastModificationDate: _m, ...seed } = FULL
    sim = await startSimulator({
      port: 0,
      seed: {
        schedules: [
          {
            ...seed,
            Name: 'nightly',
            StartDate: Number(seed.StartDate) / 1000,
            EndDate: Number(seed.EndDate) / 1000
          }
        ]
      }
    })
    const client = new SchedulerClient({ region: 'us-east-1', endpoint: sim.url, credentials })
    api = createSchedulerApi({ AWS_REGION: 'us-east-1' }, undefined, client)
  })
  afterAll(async () => {
    await sim.stop()
  })

  it('lists every schedule with its target ARN (the keep-revisions scan)', async () => {
    expect(await api.listSchedules()).toEqual([
      {
        group: 'default',
        name: 'nightly',
        targetArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo'
      }
    ])
  })

  it('moves the ECS target and keeps every other field as it was', async () => {
    const before = (await api.getSchedule('default', 'nightly'))!
    expect(await api.getSchedule('default', 'gone')).toBeUndefined()
    await api.updateSchedule(retargetSchedule(before, TD(2)))
    const after = (await api.getSchedule('default', 'nightly'))!
    expect(after.taskDefinitionArn).toBe(TD(2))
    const { LastModificationDate: _a, Target: targetAfter, ...restAfter } = after.raw
    const { LastModificationDate: _b, Target: targetBefore, ...restBefore } = before.raw
    expect(restAfter).toEqual(restBefore)
    expect(targetAfter).toEqual({
      ...(targetBefore as object),
      EcsParameters: {
        ...(targetBefore as { EcsParameters: object }).EcsParameters,
        TaskDefinitionArn: TD(2)
      }
    })
  })
})
