import { formatSeconds } from '../rollout/verdict.js'
import type { TaskHookName } from '../settings/task-hooks.js'
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
    outcome.kind === 'timed-out'
      ? `${name} did not finish within ${formatSeconds(timeoutSeconds)}: its task was stopped (StopTask); ${describeTaskEnd(outcome.task, container)}`
      : `${name} failed: ${describeTaskEnd(outcome.task, container)}`
  return `${what}. ${consequence}${lastLinesBlock(container, outcome.lastLines, outcome.logNote)}`
}
