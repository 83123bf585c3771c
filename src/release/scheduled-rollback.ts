import { movedName } from '../scheduled/holder.js'
import { moveBack } from '../steps/scheduled-tasks.js'
import { errorMessage } from '../util/errors.js'
import type { StepContext } from '../core/context.js'

/**
 * The rollback's part for scheduled tasks: the rule targets and schedules the release moved to
 * one of `revisions` (the ones rolled back) are pointed back at the revision each ran before.
 * Never throws: the services' rollback is what decides the outcome; a target left on the new
 * revision is a warning naming it, and the note returned goes into the failure message.
 */
export async function moveScheduledTargetsBack(
  context: StepContext,
  revisions: readonly string[]
): Promise<string | undefined> {
  const { state, services } = context
  const moved = (state.scheduledTargets?.moved ?? []).filter(entry => revisions.includes(entry.to))
  if (moved.length === 0) return undefined
  try {
    const back = await moveBack(services.aws, moved, services.logger)
    state.scheduledTargets!.movedBack = [...(state.scheduledTargets!.movedBack ?? []), ...back]
    return undefined
  } catch (error) {
    const note = `the scheduled-task targets ${moved.map(movedName).join(', ')} could not be moved back: ${errorMessage(error)}`
    services.logger.warning(note, 'ecs-flow: scheduled tasks')
    return note
  }
}
