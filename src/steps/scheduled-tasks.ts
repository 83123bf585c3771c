import type { StepContext } from '../core/context.js'
import type { MovedTarget, MovedTargets, Registration } from '../core/state.js'
import { holderFor, type HolderClients } from '../scheduled/holder-for.js'
import { refKey } from '../scheduled/holder.js'
import { familyOf } from '../scheduled/targets.js'
import type { Target } from '../settings/types.js'
import { ReleaseError } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/**
 * The `scheduled-tasks` step, after a successful rollout: every ECS target of the environment's
 * EventBridge rules and Scheduler schedules that runs the released family is pointed at the new
 * revision, everything else about it as it was. A failure part way moves back what it had
 * moved, so the scheduled tasks never run a mix.
 */
export async function scheduledTasks(
  { services }: StepContext,
  { target, registration }: { target: Target; registration: Registration }
): Promise<MovedTargets> {
  const to = registration.taskDefinitionArn
  const family = familyOf(to)
  if (!family) throw new ReleaseError(`cannot read the family of ${to}`)
  const moved: MovedTarget[] = []
  const done = new Set<string>()
  try {
    for (const ref of target.scheduledTasks ?? []) {
      if (done.has(refKey(ref))) continue
      done.add(refKey(ref))
      moved.push(...(await holderFor(ref, services.aws, services.logger).moveTo(family, to)))
    }
  } catch (error) {
    if (moved.length > 0) await moveBack(services.aws, moved, services.logger)
    throw error
  }
  return { moved }
}

/** Points moved targets back at the revision each ran before, entry by entry; the ones put back. */
export async function moveBack(
  aws: HolderClients,
  moved: readonly MovedTarget[],
  logger: Logger
): Promise<MovedTarget[]> {
  const back: MovedTarget[] = []
  for (const key of [...new Set(moved.map(entry => refKey(entry.ref)))]) {
    const ofEntry = moved.filter(entry => refKey(entry.ref) === key)
    back.push(...(await holderFor(ofEntry[0]!.ref, aws, logger).moveBack(ofEntry)))
  }
  return back
}
