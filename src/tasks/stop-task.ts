import { nameFromArn, type EcsApi, type TaskInfo } from '../aws/ecs-api.js'
import { formatSeconds } from '../util/duration.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { readBudgetMs } from '../util/wait-deadline.js'
import { readTask, describeTask } from './read-task.js'
import { done, fixedPacer, keepPolling, pollFor } from '../util/poll.js'
import { transientAwsError } from '../aws/transient.js'

/**
 * How long a timed-out task is read back after StopTask: ECS sends SIGTERM, kills the container
 * after its stopTimeout (at most 120 s on Fargate), then reports the task STOPPED.
 */
export const STOP_WAIT_SECONDS = 150

export interface StopDependencies {
  ecs: EcsApi
  clock: Clock
  logger: Logger
}

/**
 * A stopped task as ECS shows it, or one that still runs and why. `unread`: ECS did not answer
 * the last read, so the task is as last seen, not as ECS shows it now.
 */
export type StopResult =
  | { stopped: true; task: TaskInfo }
  | { stopped: false; task: TaskInfo; why: string; unread?: boolean }

/**
 * Stops a one-off task and reads it back (DescribeTasks at the poll interval) until ECS shows it
 * STOPPED, for at most STOP_WAIT_SECONDS. A StopTask that failed may still have been applied
 * (its reply lost): the task is read once to know.
 */
export async function stopAndReadBack(
  { ecs, clock, logger }: StopDependencies,
  task: TaskInfo,
  stop: { label: string; cluster: string; reason: string; pollIntervalSeconds: number }
): Promise<StopResult> {
  const { label, cluster } = stop
  const id = nameFromArn(task.arn)
  logger.info(
    `${label}: task ${id} timed out: stopping it (StopTask) and waiting up to ${formatSeconds(STOP_WAIT_SECONDS)} for ECS to show it STOPPED`
  )
  // The last read's transient error, when it went unanswered: the task is then as last seen.
  let unanswered: string | undefined
  const tolerate = (error: unknown) => {
    unanswered = errorMessage(error)
  }
  const deadline = clock.now() + STOP_WAIT_SECONDS * 1000
  let current = task
  try {
    current = await ecs.stopTask(cluster, task.arn, stop.reason)
  } catch (error) {
    const why = `StopTask failed: ${errorMessage(error)}`
    try {
      current = await readTask(ecs, cluster, task, readBudgetMs(clock, deadline), tolerate)
    } catch {
      return { stopped: false, task, why }
    }
    if (current.lastStatus !== 'STOPPED' && current.desiredStatus !== 'STOPPED')
      return { stopped: false, task: current, why, unread: unanswered !== undefined }
  }
  if (current.lastStatus === 'STOPPED') return { stopped: true, task: current }
  try {
    return await pollFor<TaskInfo, StopResult>({
      clock,
      deadline,
      pacer: fixedPacer(stop.pollIntervalSeconds * 1000),
      firstRead: 'after-pause',
      lastRead: 'ended-late',
      read: async bound => (current = await describeTask(ecs, cluster, current, bound.withinMs)),
      verdict: seen =>
        seen.lastStatus === 'STOPPED' ? done({ stopped: true, task: seen }) : keepPolling,
      // Tolerated without a word: the result says when the last read went unanswered.
      errors: { tolerated: transientAwsError },
      expired: ({ error }) =>
        done(
          error === undefined
            ? {
                stopped: false,
                task: current,
                why: `ECS was asked to stop it (StopTask), but shows it ${current.lastStatus ?? 'not STOPPED'} ${formatSeconds(STOP_WAIT_SECONDS)} later`
              }
            : {
                stopped: false,
                task: current,
                unread: true,
                why: `ECS was asked to stop it (StopTask), but did not answer DescribeTasks for it within ${formatSeconds(STOP_WAIT_SECONDS)} (${errorMessage(error)})`
              }
        )
    })
  } catch (error) {
    // A read refused for good (not transient): the task cannot be watched stopping.
    const why = `it could not be read back after StopTask: ${errorMessage(error)}`
    return { stopped: false, task: current, why }
  }
}
