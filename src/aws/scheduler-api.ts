import { AwsCallError } from './call-error.js'

/**
 * The narrow EventBridge Scheduler interface scheduled tasks use, in our own small types; the
 * SDK adapter is scheduler-client.ts. "Not found" is `undefined`: for preflight it is an answer
 * to report, not a failure of the call.
 */
export interface SchedulerApi {
  /** The schedule as GetSchedule returned it; undefined when it does not exist. */
  getSchedule(group: string, name: string): Promise<Schedule | undefined>
  /**
   * UpdateSchedule with every field of `schedule.raw` sent back: UpdateSchedule resets what it
   * is not sent (flexible window, time zone, dates, retry policy, dead-letter queue...).
   */
  updateSchedule(schedule: Schedule): Promise<void>
  /**
   * Every schedule of every group, with its target's ARN only (ListSchedules, all pages up to a
   * bound: past it, a failure). Scheduler lists no schedules by target: keep-revisions scans.
   */
  listSchedules(): Promise<ScheduleSummary[]>
}

/** A schedule as ListSchedules shows it. */
export interface ScheduleSummary {
  group: string
  name: string
  targetArn: string
}

/**
 * One schedule. `raw` is GetSchedule's answer as it came (dates as Dates), so an UpdateSchedule
 * of it changes nothing but what ecs-flow set; the other fields are read from it.
 */
export interface Schedule {
  group: string
  name: string
  /** Target.Arn: a cluster ARN for an ECS target. */
  targetArn: string
  /** Target.EcsParameters.TaskDefinitionArn; undefined when the target is not an ECS task. */
  taskDefinitionArn?: string
  raw: Readonly<Record<string, unknown>>
}

/** The group a schedule named without one lives in. */
export const DEFAULT_SCHEDULE_GROUP = 'default'

/** The same schedule, its ECS target pointed at another revision; everything else unchanged. */
export function retargetSchedule(schedule: Schedule, taskDefinitionArn: string): Schedule {
  const raw = structuredClone(schedule.raw) as Record<string, unknown>
  const target = { ...(raw.Target as Record<string, unknown>) }
  target.EcsParameters = {
    ...(target.EcsParameters as Record<string, unknown>),
    TaskDefinitionArn: taskDefinitionArn
  }
  raw.Target = target
  return { ...schedule, taskDefinitionArn, raw }
}

/** The schedule from GetSchedule's answer (PascalCase, as the SDK and the fake hold it). */
export function scheduleFrom(group: string, name: string, raw: Record<string, unknown>): Schedule {
  const target = (raw.Target ?? {}) as {
    Arn?: string
    EcsParameters?: { TaskDefinitionArn?: string }
  }
  return {
    group: typeof raw.GroupName === 'string' ? raw.GroupName : group,
    name: typeof raw.Name === 'string' ? raw.Name : name,
    targetArn: target.Arn ?? '',
    taskDefinitionArn: target.EcsParameters?.TaskDefinitionArn,
    raw
  }
}

export class SchedulerCallError extends AwsCallError {
  override name = 'SchedulerCallError'
}
