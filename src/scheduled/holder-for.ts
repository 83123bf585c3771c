import type { EventsApi } from '../aws/events-api.js'
import type { SchedulerApi } from '../aws/scheduler-api.js'
import type { ScheduledTaskRef } from '../settings/scheduled-task-refs.js'
import type { Logger } from '../util/logger.js'
import type { ScheduledTaskHolder } from './holder.js'
import { ruleHolder } from './rule-holder.js'
import { scheduleHolder } from './schedule-holder.js'

/** The AWS clients the holders need, made on first use. */
export interface HolderClients {
  events(): EventsApi
  scheduler(): SchedulerApi
}

/** The holder of a `scheduled-tasks` entry: the one place a rule and a schedule part ways. */
export function holderFor(
  ref: ScheduledTaskRef,
  aws: HolderClients,
  logger: Logger
): ScheduledTaskHolder {
  return ref.kind === 'rule'
    ? ruleHolder(ref, aws.events(), logger)
    : scheduleHolder(ref, aws.scheduler(), logger)
}
