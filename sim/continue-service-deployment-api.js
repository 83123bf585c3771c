// @ts-check
/**
 * ECS ContinueServiceDeployment (`serviceDeploymentArn`, `hookId`, `action` CONTINUE, the
 * default, or ROLLBACK): acts on a PAUSE lifecycle hook that is AWAITING_ACTION. CONTINUE lets
 * the deployment go on to its next stage; ROLLBACK rolls it back in place. ECS accepts it only
 * for a hook awaiting action on an IN_PROGRESS deployment; anything else is refused, naming the
 * hook.
 */
import { SimError, requireString } from './errors.js'

/** @typedef {import('./rollouts.js').RolloutContext} RolloutContext */

const ACTIONS = new Set(['CONTINUE', 'ROLLBACK'])

/**
 * @param {RolloutContext} ctx
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function continueServiceDeploymentHandlers(ctx) {
  const { world, recorder } = ctx
  return {
    ContinueServiceDeployment(body, at) {
      requireString(body.serviceDeploymentArn, 'serviceDeploymentArn')
      requireString(body.hookId, 'hookId')
      const action = body.action ?? 'CONTINUE'
      if (!ACTIONS.has(action))
        throw new SimError(
          'InvalidParameterException',
          `action must be CONTINUE or ROLLBACK, got "${String(action)}".`
        )
      const record = world.history.find(body.serviceDeploymentArn)
      if (!record)
        throw new SimError(
          'ServiceDeploymentNotFoundException',
          `Service deployment ${body.serviceDeploymentArn} not found.`
        )
      const hook = record.hooks.find(h => h.hookId === body.hookId)
      if (!hook)
        throw new SimError(
          'InvalidParameterException',
          `Lifecycle hook ${body.hookId} is not a paused hook of service deployment ${record.arn}.`
        )
      if (hook.status !== 'AWAITING_ACTION' || record.status !== 'IN_PROGRESS')
        throw new SimError(
          'InvalidParameterException',
          `Lifecycle hook ${hook.hookId} is ${hook.status} and the service deployment ${record.status}; only a hook in AWAITING_ACTION of an IN_PROGRESS deployment can be continued or rolled back.`
        )
      recorder.continueServiceDeployment({
        at,
        serviceDeploymentArn: record.arn,
        hookId: hook.hookId,
        action,
        lifecycleStage: hook.stage
      })
      hook.resolve(action, at, false)
      return { serviceDeploymentArn: record.arn }
    }
  }
}
