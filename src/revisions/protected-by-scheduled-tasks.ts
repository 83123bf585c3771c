import type { SchedulerApi } from '../aws/scheduler-api.js'
import { refKey, type ScheduledTaskHolder } from '../scheduled/holder.js'
import { familyOf } from '../scheduled/targets.js'
import type { ScheduledTaskRef } from '../settings/scheduled-task-refs.js'
import type { ConfigFile, Target } from '../settings/types.js'
import { errorMessage } from '../util/errors.js'
import { escapeForLog } from '../util/escape.js'
import { protectionRead } from './read-failure.js'
import type { ProtectedRevision } from './select.js'

/**
 * The `scheduled-tasks` entries of the release and of every environment of the config file,
 * each once. Scheduler schedules cannot be listed by the cluster they target, so the named
 * ones are what keep-revisions can protect (rules are also found by cluster).
 */
export function configuredScheduledTasks(target: Target, config: ConfigFile): ScheduledTaskRef[] {
  const all = [
    ...(target.scheduledTasks ?? []),
    ...Object.values(config.environments).flatMap(env => env.scheduledTasks ?? [])
  ]
  const seen = new Set<string>()
  return all.filter(ref => !seen.has(refKey(ref)) && Boolean(seen.add(refKey(ref))))
}

/** The revisions of `family` the named rules and schedules run; a read that fails keeps all. */
export async function protectedByScheduledTasks(
  holders: readonly ScheduledTaskHolder[],
  family: string
): Promise<ProtectedRevision[]> {
  const found: ProtectedRevision[] = []
  for (const holder of holders)
    found.push(
      ...(await protectionRead(`the revision ${holder.label} runs`, () =>
        holder.revisionsOf(family)
      ))
    )
  return found
}

/**
 * The optional scan for schedules the config does not name: every schedule (ListSchedules)
 * whose target is one of these clusters is read (GetSchedule) for the revision of `family` it
 * runs. Optional, so a scan that fails or is denied is a warning (`warn`) and does not block the
 * cleanup: what it had found is kept, and the named schedules were read on their own.
 */
export async function protectedBySchedulesScan(
  scheduler: SchedulerApi,
  clusterArns: readonly string[],
  family: string,
  named: readonly ScheduledTaskRef[],
  warn: (message: string) => void
): Promise<ProtectedRevision[]> {
  const found: ProtectedRevision[] = []
  const known = new Set(named.map(refKey))
  try {
    for (const summary of await scheduler.listSchedules()) {
      const ref: ScheduledTaskRef = { kind: 'schedule', group: summary.group, name: summary.name }
      if (known.has(refKey(ref)) || !clusterArns.includes(summary.targetArn)) continue
      const schedule = await scheduler.getSchedule(summary.group, summary.name)
      const arn = schedule?.taskDefinitionArn
      if (!arn || familyOf(arn) !== family) continue
      found.push({
        arn,
        reason: `run by EventBridge Scheduler schedule ${escapeForLog(`${summary.group}/${summary.name}`)}`
      })
    }
  } catch (error) {
    warn(
      `keep-revisions could not scan the EventBridge Scheduler schedules for ones that run ${family} (${errorMessage(error)}); the schedules scheduled-tasks names are kept, others are not known`
    )
  }
  return found
}
