import { shortTaskDefinition } from '../aws/ecs-api.js'
import { retarget, type EventsApi } from '../aws/events-api.js'
import type { MovedTarget } from '../core/state.js'
import type { ScheduledTaskRef } from '../settings/scheduled-task-refs.js'
import { InputError, ReleaseError } from '../util/errors.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import type { ScheduledTaskHolder } from './holder.js'
import { familyOf, targetsOfFamily, targetsToMove } from './targets.js'

type RuleRef = Extract<ScheduledTaskRef, { kind: 'rule' }>

/**
 * An EventBridge rule of the default event bus: its ECS targets of the released family are
 * moved by PutTargets with the target as it was, only EcsParameters.TaskDefinitionArn changed.
 */
export function ruleHolder(ref: RuleRef, events: EventsApi, logger: Logger): ScheduledTaskHolder {
  const rule = ref.name
  const shown = escapeForLog(rule)
  const label = `EventBridge rule ${shown}`

  const put = async (targets: Parameters<EventsApi['putTargets']>[1]) => {
    const failed = await events.putTargets(rule, targets)
    if (failed.length > 0)
      throw new ReleaseError(
        `EventBridge PutTargets refused ${failed
          .map(
            entry =>
              `target ${escapeForLog(entry.id)} (${escapeForLog(entry.code)}: ${escapeForLog(entry.message)})`
          )
          .join(', ')} of rule ${shown}`
      )
  }
  const logMoves = (entries: readonly MovedTarget[]) => {
    for (const entry of entries)
      logger.info(
        `rule ${shown}: target ${escapeForLog(entry.id ?? '')} ${shortTaskDefinition(entry.from)} -> ${shortTaskDefinition(entry.to)}`
      )
  }

  return {
    ref,
    label,

    async problems(families, where) {
      const targets = await events.listTargetsByRule(rule)
      if (!targets)
        return [
          new InputError(
            `${where}: scheduled-tasks`,
            `${label} does not exist on the default event bus`,
            'Give the name of an existing rule (aws events list-rules), or remove it from scheduled-tasks.'
          )
        ]
      if (families.length === 0) return []
      if (families.some(family => targetsOfFamily(targets, family).length > 0)) return []
      const ecs = targets
        .filter(found => found.taskDefinitionArn)
        .map(found => escapeForLog(found.id))
      const wanted = families.join(' or ')
      return [
        new InputError(
          `${where}: scheduled-tasks`,
          `${label} has no ECS target running task-definition family ${wanted} (its ECS targets: ${ecs.length > 0 ? ecs.join(', ') : 'none'})`,
          `Add a target of family ${wanted} to the rule, or remove the rule from scheduled-tasks.`
        )
      ]
    },

    async moveTo(family, to) {
      const targets = await events.listTargetsByRule(rule)
      if (!targets) throw new ReleaseError(`${label} no longer exists`)
      const moving = targetsToMove(targets, family, to)
      if (moving.length === 0) {
        if (targetsOfFamily(targets, family).length > 0)
          logger.info(`rule ${shown}: its ${family} targets already run ${shortTaskDefinition(to)}`)
        return []
      }
      const entries = moving.map(found => ({
        ref,
        id: found.id,
        from: found.taskDefinitionArn!,
        to
      }))
      await put(moving.map(found => retarget(found, to)))
      logMoves(entries)
      return entries
    },

    async moveBack(moved) {
      const targets = (await events.listTargetsByRule(rule)) ?? []
      const restoring = moved.flatMap(entry => {
        const found = targets.find(t => t.id === entry.id && t.taskDefinitionArn === entry.to)
        return found ? [{ found, entry }] : []
      })
      if (restoring.length === 0) return []
      await put(restoring.map(({ found, entry }) => retarget(found, entry.from)))
      const entries = restoring.map(({ entry }) => ({ ...entry, from: entry.to, to: entry.from }))
      logMoves(entries)
      return entries
    },

    async revisionsOf(family) {
      const targets = (await events.listTargetsByRule(rule)) ?? []
      return targets
        .filter(target => target.taskDefinitionArn && familyOf(target.taskDefinitionArn) === family)
        .map(target => ({
          arn: target.taskDefinitionArn!,
          reason: `run by target ${escapeForLog(target.id)} of ${label} (scheduled-tasks)`
        }))
    }
  }
}
