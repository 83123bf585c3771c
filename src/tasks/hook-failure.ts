import { formatSeconds } from '../util/duration.js'
import type { TaskHookName } from '../settings/task-hooks.js'
import { nameFromArn, type TaskInfo } from '../aws/ecs-api.js'
import type { OneOffOutcome } from './one-off.js'
import { describeTaskEnd, lastLinesBlock } from './hook.js'

/**
 * The first sentence of a failed hook (`before-deploy failed: task 1a2b: container web exit
 * code 3; ...`), `consequence` after it, then the container's last log lines on lines of their
 * own. Undefined when the task succeeded.
 */
export function hookFailureMessage(
  name: TaskHookName,
  outcome: OneOffOutcome,
  container: string,
  timeoutSeconds: number,
  consequence: string
): string | undefined {
  if (outcome.kind === 'succeeded') return undefined
  const what =
    outcome.kind === 'failed'
      ? `${name} failed: ${describeTaskEnd(outcome.task, container)}`
      : outcome.stillRunning
        ? stillRunningSentence(name, timeoutSeconds, outcome.task, outcome.stillRunning)
        : `${name} did not finish within ${formatSeconds(timeoutSeconds)}: its task was stopped (StopTask) and ECS shows it STOPPED; ${describeTaskEnd(outcome.task, container)}`
  return `${what}. ${consequence}${lastLinesBlock(container, outcome.lastLines, outcome.logNote)}`
}

/**
 * A timed-out task ECS does not show STOPPED: it may go on, so the message names it. One ECS did
 * not answer for is said to be as last seen, never as ECS shows it.
 */
function stillRunningSentence(
  name: TaskHookName,
  timeoutSeconds: number,
  task: TaskInfo,
  { cluster, why, unread }: { cluster: string; why: string; unread: boolean }
): string {
  const id = nameFromArn(task.arn)
  const status = task.lastStatus ?? 'status unknown'
  const state = unread
    ? `may still be running (last seen ${status})`
    : `is still running (${status})`
  return `${name} did not finish within ${formatSeconds(timeoutSeconds)}, and its task ${id} in cluster ${cluster} ${state}: ${why}. Stop it in the ECS console or with aws ecs stop-task --cluster ${cluster} --task ${id}`
}
