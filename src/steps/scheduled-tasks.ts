import { retarget, type EventsApi } from '../aws/events-api.js'
import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { StepContext } from '../core/context.js'
import type { MovedTarget, MovedTargets, Registration } from '../core/state.js'
import { familyOf, targetsToMove } from '../scheduled/targets.js'
import type { Target } from '../settings/types.js'
import { ReleaseError } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { escapeForLog } from '../util/logger.js'

/**
 * The `scheduled-tasks` step, after a successful rollout: every ECS target of the environment's
 * EventBridge rules that runs the released family is pointed at the new revision (PutTargets
 * with the target as it was, only EcsParameters.TaskDefinitionArn changed). A failure part way
 * moves back what it had moved, so the rules never run a mix.
 */
export async function scheduledTasks(
  { services }: StepContext,
  { target, registration }: { target: Target; registration: Registration }
): Promise<MovedTargets> {
  const events = services.aws.events()
  const to = registration.taskDefinitionArn
  const family = familyOf(to)
  if (!family) throw new ReleaseError(`cannot read the family of ${to}`)
  const moved: MovedTarget[] = []
  try {
    for (const rule of target.scheduledTasks ?? []) {
      const targets = await events.listTargetsByRule(rule)
      if (!targets)
        throw new ReleaseError(`EventBridge rule ${escapeForLog(rule)} no longer exists`)
      const moving = targetsToMove(targets, family, to)
      if (moving.length === 0) {
        services.logger.info(
          `rule ${escapeForLog(rule)}: its ${family} targets already run ${shortTaskDefinition(to)}`
        )
        continue
      }
      const entries = moving.map(found => ({
        rule,
        id: found.id,
        from: found.taskDefinitionArn!,
        to
      }))
      await putOrFail(
        events,
        rule,
        moving.map(found => retarget(found, to))
      )
      moved.push(...entries)
      logMoves(services.logger, entries)
    }
  } catch (error) {
    if (moved.length > 0) await moveBack(events, moved, services.logger)
    throw error
  }
  return { moved }
}

/** Points moved targets back at the revision each ran before; the ones put back. */
export async function moveBack(
  events: EventsApi,
  moved: readonly MovedTarget[],
  logger: Logger
): Promise<MovedTarget[]> {
  const back: MovedTarget[] = []
  for (const rule of [...new Set(moved.map(entry => entry.rule))]) {
    const ofRule = moved.filter(entry => entry.rule === rule)
    const targets = (await events.listTargetsByRule(rule)) ?? []
    const restoring = ofRule.flatMap(entry => {
      const found = targets.find(t => t.id === entry.id && t.taskDefinitionArn === entry.to)
      return found ? [{ found, entry }] : []
    })
    if (restoring.length === 0) continue
    await putOrFail(
      events,
      rule,
      restoring.map(({ found, entry }) => retarget(found, entry.from))
    )
    const entries = restoring.map(({ entry }) => ({ ...entry, from: entry.to, to: entry.from }))
    back.push(...entries)
    logMoves(logger, entries)
  }
  return back
}

async function putOrFail(
  events: EventsApi,
  rule: string,
  targets: Parameters<EventsApi['putTargets']>[1]
): Promise<void> {
  const failed = await events.putTargets(rule, targets)
  if (failed.length > 0)
    throw new ReleaseError(
      `EventBridge PutTargets refused ${failed
        .map(
          entry =>
            `target ${escapeForLog(entry.id)} (${escapeForLog(entry.code)}: ${escapeForLog(entry.message)})`
        )
        .join(', ')} of rule ${escapeForLog(rule)}`
    )
}

function logMoves(logger: Logger, entries: readonly MovedTarget[]): void {
  for (const entry of entries)
    logger.info(
      `rule ${escapeForLog(entry.rule)}: target ${escapeForLog(entry.id)} ${shortTaskDefinition(entry.from)} -> ${shortTaskDefinition(entry.to)}`
    )
}
