import { moveBack } from '../steps/scheduled-tasks.js'
import { errorMessage } from '../util/errors.js'
import type { StepContext } from '../core/context.js'

/**
 * The rollback's part for scheduled tasks: the targets the release moved are pointed back at
 * the revision each ran before. Never throws: the service's rollback is what decides the
 * outcome; a target left on the new revision is a warning naming it, and the note returned
 * goes into the failure message.
 */
export async function moveScheduledTargetsBack(context: StepContext): Promise<string | undefined> {
  const { state, services } = context
  const moved = state.scheduledTargets?.moved ?? []
  if (moved.length === 0) return undefined
  try {
    state.scheduledTargets!.movedBack = await moveBack(
      services.aws.events(),
      moved,
      services.logger
    )
    return undefined
  } catch (error) {
    const note = `the scheduled-task targets ${moved.map(entry => `${entry.rule}/${entry.id}`).join(', ')} could not be moved back: ${errorMessage(error)}`
    services.logger.warning(note, 'ecs-flow: scheduled tasks')
    return note
  }
}
