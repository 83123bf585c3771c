import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { StepContext } from '../core/context.js'
import { runTaskHook, type HookInput } from '../tasks/hook.js'
import { hookFailureMessage } from '../tasks/hook-failure.js'
import { VerificationError } from '../util/errors.js'

/**
 * The `after-deploy` step (in-VPC checks): the target's after-deploy task once the rollout is
 * complete, before verify. A task that ran and did not exit 0 (or hung past its timeout) is a
 * failed verification, so the release is rolled back when rollback is on; a task ecs-flow
 * could not start says nothing against the release.
 */
export async function afterDeploy(context: StepContext, input: HookInput): Promise<void> {
  const hook = input.target.afterDeploy
  if (!hook) return
  const result = await runTaskHook(context, 'after-deploy', hook, input)
  if (!result) return
  const message = hookFailureMessage(
    'after-deploy',
    result.outcome,
    result.container,
    hook.timeoutSeconds,
    `Service ${input.target.service} runs ${shortTaskDefinition(input.registration.taskDefinitionArn)}, which failed its after-deploy check.`
  )
  if (message) throw new VerificationError(message, 'task')
  context.services.logger.info(`after-deploy: task ${result.taskId} exited with code 0`)
}
