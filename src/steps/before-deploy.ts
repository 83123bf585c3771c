import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { StepContext } from '../core/context.js'
import { runTaskHook, type HookInput } from '../tasks/hook.js'
import { hookFailureMessage } from '../tasks/hook-failure.js'
import { ReleaseError } from '../util/errors.js'

/**
 * The `before-deploy` step (migrations): the target's before-deploy task with the revision
 * register produced, before any UpdateService. Anything but exit code 0 fails the release with
 * the service untouched.
 */
export async function beforeDeploy(context: StepContext, input: HookInput): Promise<void> {
  const hook = input.target.beforeDeploy
  if (!hook) return
  const result = await runTaskHook(context, 'before-deploy', hook, input)
  if (!result) return
  const { target, registration } = input
  const untouched = registration.serviceExists
    ? `Nothing was deployed: service ${target.service} still runs ${shortTaskDefinition(registration.previousTaskDefinitionArn)}; ${shortTaskDefinition(registration.taskDefinitionArn)} is registered but not deployed`
    : `Nothing was deployed: service ${target.service} was not created`
  const message = hookFailureMessage(
    'before-deploy',
    result.outcome,
    result.container,
    hook.timeoutSeconds,
    `${untouched}.`
  )
  if (message) throw new ReleaseError(message, 'before-deploy')
  context.services.logger.info(`before-deploy: task ${result.taskId} exited with code 0`)
}
