import { nameFromArn } from '../aws/ecs-api.js'
import type { Services } from '../core/context.js'
import type { ReleaseState } from '../core/state.js'
import { errorMessage } from '../util/errors.js'

/**
 * A cancelled job stops the one-off task it started (a migration left running would go on
 * without anyone watching). Returns the sentence the cancellation message adds, if any.
 */
export async function stopOneOffTaskOnCancel(
  state: ReleaseState,
  services: Pick<Services, 'aws'>
): Promise<string | undefined> {
  const running = state.oneOffTask
  if (!running) return undefined
  const id = nameFromArn(running.taskArn)
  try {
    await services.aws
      .ecs()
      .stopTask(running.cluster, running.taskArn, 'ecs-flow: the job was cancelled')
    state.oneOffTask = undefined
    return `the one-off task ${id} was stopped (StopTask)`
  } catch (error) {
    return `the one-off task ${id} could not be stopped: ${errorMessage(error)}; stop it in the ECS console`
  }
}
