import { shortTaskDefinition } from '../aws/ecs-api.js'
import { retargetSchedule, type Schedule, type SchedulerApi } from '../aws/scheduler-api.js'
import type { MovedTarget } from '../core/state.js'
import type { ScheduledTaskRef } from '../settings/scheduled-task-refs.js'
import { InputError, ReleaseError } from '../util/errors.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import type { ScheduledTaskHolder } from './holder.js'
import { familyOf } from './targets.js'

type ScheduleRef = Extract<ScheduledTaskRef, { kind: 'schedule' }>

/**
 * An EventBridge Scheduler schedule: one target, which must be an ECS task of a released family.
 * It is moved by UpdateSchedule with every field GetSchedule returned sent back (what
 * UpdateSchedule is not sent, it resets), only the target's task definition changed.
 */
export function scheduleHolder(
  ref: ScheduleRef,
  scheduler: SchedulerApi,
  logger: Logger
): ScheduledTaskHolder {
  const shown = escapeForLog(`${ref.group}/${ref.name}`)
  const label = `EventBridge Scheduler schedule ${shown}`

  const read = async (): Promise<Schedule> => {
    const schedule = await scheduler.getSchedule(ref.group, ref.name)
    if (!schedule) throw new ReleaseError(`${label} no longer exists`)
    return schedule
  }
  const update = async (schedule: Schedule, to: string): Promise<MovedTarget> => {
    const from = schedule.taskDefinitionArn!
    await scheduler.updateSchedule(retargetSchedule(schedule, to))
    logger.info(`schedule ${shown}: ${shortTaskDefinition(from)} -> ${shortTaskDefinition(to)}`)
    return { ref, from, to }
  }

  return {
    ref,
    label,

    async problems(families, where) {
      const schedule = await scheduler.getSchedule(ref.group, ref.name)
      const problem = (what: string, todo: string) =>
        new InputError(`${where}: scheduled-tasks`, `${label} ${what}`, todo)
      if (!schedule)
        return [
          problem(
            `does not exist${ref.group === 'default' ? ' in the default group' : ''}`,
            'Give the name of an existing schedule (aws scheduler list-schedules), as NAME or GROUP/NAME, or remove it from scheduled-tasks.'
          )
        ]
      if (!schedule.taskDefinitionArn)
        return [
          problem(
            `does not target an ECS task (its target is ${escapeForLog(schedule.targetArn || 'none')})`,
            'Remove it from scheduled-tasks: only schedules that run an ECS task follow a release.'
          )
        ]
      const family = familyOf(schedule.taskDefinitionArn)
      if (families.length > 0 && (!family || !families.includes(family)))
        return [
          problem(
            `runs task-definition family ${escapeForLog(family ?? schedule.taskDefinitionArn)}, not ${families.join(' or ')}`,
            `Remove it from scheduled-tasks, or list it in the environment that releases ${escapeForLog(family ?? 'that family')}.`
          )
        ]
      return []
    },

    async moveTo(family, to) {
      const schedule = await read()
      const from = schedule.taskDefinitionArn
      if (!from || familyOf(from) !== family) return []
      if (from === to) {
        logger.info(`schedule ${shown}: already runs ${shortTaskDefinition(to)}`)
        return []
      }
      return [await update(schedule, to)]
    },

    async moveBack(moved) {
      const entry = moved[moved.length - 1]
      if (!entry) return []
      const schedule = await read()
      // Someone moved it since: theirs stands.
      if (schedule.taskDefinitionArn !== entry.to) return []
      return [await update(schedule, entry.from)]
    },

    async revisionsOf(family) {
      const schedule = await scheduler.getSchedule(ref.group, ref.name)
      const arn = schedule?.taskDefinitionArn
      if (!arn || familyOf(arn) !== family) return []
      return [{ arn, reason: `run by ${label} (scheduled-tasks)` }]
    }
  }
}
