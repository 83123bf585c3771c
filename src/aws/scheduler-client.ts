import {
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleOutput,
  type UpdateScheduleInput
} from '@aws-sdk/client-scheduler'
import {
  awsCaller,
  boundedClientConfig,
  callContext,
  DEFAULT_CALL_BOUNDS,
  type AwsCaller,
  type CallBounds
} from './aws-call.js'
import { isNotFound } from './call-error.js'
import { readPages } from './pages.js'
import {
  scheduleFrom,
  SchedulerCallError,
  type Schedule,
  type SchedulerApi,
  type ScheduleSummary
} from './scheduler-api.js'

/**
 * What happens to each field GetSchedule returns: sent back by UpdateSchedule, or read-only.
 * Typed by the SDK's own output: a field a newer SDK adds fails to compile here until it is
 * placed, so none is dropped (UpdateSchedule resets what it is not sent).
 */
export const GET_SCHEDULE_FIELDS = {
  Arn: 'read-only',
  CreationDate: 'read-only',
  LastModificationDate: 'read-only',
  GroupName: 'sent',
  Name: 'sent',
  ScheduleExpression: 'sent',
  StartDate: 'sent',
  EndDate: 'sent',
  Description: 'sent',
  ScheduleExpressionTimezone: 'sent',
  State: 'sent',
  KmsKeyArn: 'sent',
  Target: 'sent',
  FlexibleTimeWindow: 'sent',
  ActionAfterCompletion: 'sent'
} as const satisfies Record<keyof GetScheduleOutput, 'sent' | 'read-only'>

type SentField = {
  [K in keyof typeof GET_SCHEDULE_FIELDS]: (typeof GET_SCHEDULE_FIELDS)[K] extends 'sent'
    ? K
    : never
}[keyof typeof GET_SCHEDULE_FIELDS]
// Every field sent is one UpdateSchedule takes.
const _sentFieldsAreInputs: readonly (keyof UpdateScheduleInput)[] = [] as SentField[]
void _sentFieldsAreInputs

/**
 * SchedulerApi over `@aws-sdk/client-scheduler`: region, credentials and
 * AWS_ENDPOINT_URL_SCHEDULER come from the environment; every call is bounded.
 */
export function createSchedulerApi(
  env: NodeJS.ProcessEnv = process.env,
  bounds: CallBounds = DEFAULT_CALL_BOUNDS,
  client: SchedulerClient = new SchedulerClient(boundedClientConfig(env, bounds))
): SchedulerApi {
  return new SdkSchedulerApi(
    client,
    awsCaller(
      'EventBridge Scheduler',
      'scheduler',
      callContext(SchedulerCallError, { bounds, env })
    )
  )
}

class SdkSchedulerApi implements SchedulerApi {
  constructor(
    private readonly client: SchedulerClient,
    private readonly call: AwsCaller
  ) {}

  async getSchedule(group: string, name: string): Promise<Schedule | undefined> {
    try {
      const output = await this.call(
        'GetSchedule',
        `schedule ${group}/${name}`,
        'read',
        abortSignal =>
          this.client.send(new GetScheduleCommand({ GroupName: group, Name: name }), {
            abortSignal
          })
      )
      const { $metadata: _metadata, ...fields } = output
      return scheduleFrom(group, name, fields as Record<string, unknown>)
    } catch (error) {
      if (isNotFound(error, 'Resource')) return undefined
      throw error
    }
  }

  async listSchedules(): Promise<ScheduleSummary[]> {
    return readPages(
      async nextToken => {
        const output = await this.call('ListSchedules', 'every group', 'read', abortSignal =>
          this.client.send(new ListSchedulesCommand({ NextToken: nextToken, MaxResults: 100 }), {
            abortSignal
          })
        )
        return {
          items: (output.Schedules ?? []).map(found => ({
            group: found.GroupName ?? 'default',
            name: found.Name ?? '',
            targetArn: found.Target?.Arn ?? ''
          })),
          next: output.NextToken
        }
      },
      {
        maxPages: LIST_SCHEDULES_MAX_PAGES,
        tooMany: () =>
          new SchedulerCallError(
            `EventBridge Scheduler ListSchedules returned more than ${LIST_SCHEDULES_MAX_PAGES} pages`,
            'ListSchedules',
            'TooManyPages',
            false
          )
      }
    )
  }

  async updateSchedule(schedule: Schedule): Promise<void> {
    await this.call(
      'UpdateSchedule',
      `schedule ${schedule.group}/${schedule.name}`,
      'write',
      abortSignal =>
        this.client.send(new UpdateScheduleCommand(updateInput(schedule)), { abortSignal })
    )
  }
}

/** ListSchedules pages (of up to 100) read in one scan. */
const LIST_SCHEDULES_MAX_PAGES = 20

/** UpdateSchedule's input: every field GetSchedule returned but the read-only ones. */
export function updateInput(schedule: Schedule): UpdateScheduleInput {
  const input: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schedule.raw)) {
    if (value === undefined) continue
    if ((GET_SCHEDULE_FIELDS as Record<string, string>)[key] === 'read-only') continue
    input[key] = value
  }
  input.GroupName = schedule.group
  input.Name = schedule.name
  return input as unknown as UpdateScheduleInput
}
