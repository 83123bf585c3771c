import {
  scheduleFrom,
  type Schedule,
  type SchedulerApi,
  type ScheduleSummary
} from '../src/aws/scheduler-api.js'

/** An in-memory EventBridge Scheduler: schedules by group/name, every UpdateSchedule kept. */
export class FakeScheduler implements SchedulerApi {
  /** `group/name` → the schedule as GetSchedule returns it (PascalCase). */
  readonly schedules = new Map<string, Record<string, unknown>>()
  readonly updates: Record<string, unknown>[] = []
  /** Every call of these operations (e.g. `GetSchedule`) fails with its error. */
  readonly failing = new Map<string, Error>()
  /** The next UpdateSchedule fails with this error. */
  failNextUpdate: Error | undefined

  add(group: string, name: string, fields: Record<string, unknown>): this {
    this.schedules.set(
      `${group}/${name}`,
      structuredClone({ ...fields, GroupName: group, Name: name })
    )
    return this
  }

  /** A schedule whose ECS target runs `taskDefinitionArn`, every optional field set. */
  static ecsSchedule(taskDefinitionArn: string): Record<string, unknown> {
    return {
      Arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/nightly',
      GroupName: 'default',
      Name: 'nightly',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      StartDate: new Date('2026-01-01T00:00:00Z'),
      EndDate: new Date('2027-01-01T00:00:00Z'),
      Description: 'nightly report',
      State: 'ENABLED',
      KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234',
      ActionAfterCompletion: 'NONE',
      CreationDate: new Date('2025-06-01T00:00:00Z'),
      LastModificationDate: new Date('2025-06-02T00:00:00Z'),
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      Target: {
        Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
        RoleArn: 'arn:aws:iam::123456789012:role/web-scheduler',
        Input: '{"containerOverrides":[{"name":"web","command":["report"]}]}',
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:web-dlq' },
        EcsParameters: {
          TaskDefinitionArn: taskDefinitionArn,
          TaskCount: 1,
          LaunchType: 'FARGATE'
        }
      }
    }
  }

  async getSchedule(group: string, name: string): Promise<Schedule | undefined> {
    const failure = this.failing.get('GetSchedule')
    if (failure) throw failure
    const found = this.schedules.get(`${group}/${name}`)
    return found ? scheduleFrom(group, name, structuredClone(found)) : undefined
  }

  async listSchedules(): Promise<ScheduleSummary[]> {
    const failure = this.failing.get('ListSchedules')
    if (failure) throw failure
    return [...this.schedules.values()].map(found => ({
      group: String(found.GroupName),
      name: String(found.Name),
      targetArn: String((found.Target as { Arn?: string } | undefined)?.Arn ?? '')
    }))
  }

  async updateSchedule(schedule: Schedule): Promise<void> {
    if (this.failNextUpdate) {
      const error = this.failNextUpdate
      this.failNextUpdate = undefined
      throw error
    }
    const key = `${schedule.group}/${schedule.name}`
    const found = this.schedules.get(key)
    if (!found) throw new Error(`fake Scheduler: no schedule ${key}`)
    this.updates.push(structuredClone({ ...schedule.raw }))
    // As the service: what is not sent is reset; the read-only fields stay.
    this.schedules.set(key, {
      ...structuredClone({ ...schedule.raw }),
      Arn: found.Arn,
      CreationDate: found.CreationDate,
      GroupName: schedule.group,
      Name: schedule.name
    })
  }
}
