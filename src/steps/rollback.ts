import { shortTaskDefinition, startedDeployment } from '../aws/ecs-api.js'
import { ReleaseError, VerificationError, errorMessage } from '../util/errors.js'
import { RolloutFailure, watchDeployment } from './rollout.js'
import type { ReleaseState, StepContext } from './types.js'

export type RollbackDecision = { rollBack: true; to: string } | { rollBack: false; note?: string }

/**
 * Pure: should ecs-flow put the previous revision back after this failure? Only for a failure
 * the action itself detected after it updated the service (a failed rollout ECS is not already
 * rolling back, or a failed verification check), with rollback on and a different revision to
 * return to. verify failing for another reason (no load balancer, an AWS permission, ECS not
 * answering) says nothing against the release, which is left as it is.
 */
export function decideRollback(
  error: unknown,
  state: ReleaseState,
  rollbackEnabled: boolean
): RollbackDecision {
  if (!state.deploymentId) return { rollBack: false }
  const failedStep = state.steps.at(-1)?.step
  if (error instanceof RolloutFailure) {
    if (error.rollback === 'ecs')
      return {
        rollBack: false,
        note: 'ecs-flow leaves the rollback to ECS and does not roll back a second time'
      }
    if (error.rollback === 'none') return { rollBack: false }
  } else if (failedStep !== 'verify') {
    return { rollBack: false }
  } else if (!(error instanceof VerificationError)) {
    return {
      rollBack: false,
      note: `No rollback: verify could not run its checks, which says nothing against the release; service left on ${shortTaskDefinition(state.taskDefinitionArn)}`
    }
  }
  const previous = state.previousTaskDefinitionArn
  const current = shortTaskDefinition(state.taskDefinitionArn)
  if (!rollbackEnabled)
    return { rollBack: false, note: `Rollback is off (input rollback): service left on ${current}` }
  if (!previous)
    return {
      rollBack: false,
      note: 'No previous revision to roll back to (this release created the service)'
    }
  if (previous === state.taskDefinitionArn)
    return {
      rollBack: false,
      note: `No rollback: the previous revision is ${current}, the one that failed`
    }
  return { rollBack: true, to: previous }
}

/**
 * Called with a step's failure. Rolls back when decideRollback says so, waits for the previous
 * revision with the same watcher, and always rethrows: a rolled-back release is a failed job.
 */
export async function recoverFromFailure(context: StepContext, error: unknown): Promise<never> {
  const { settings, plan, state, services } = context
  const decision = decideRollback(error, state, settings.rollback)
  if (!decision.rollBack) {
    if (decision.note)
      throw new ReleaseError(`${cause(error)}. ${decision.note}.`, stepOf(error, state))
    throw error
  }
  const target = plan.target!
  const to = shortTaskDefinition(decision.to)
  try {
    await services.logger.group(`ecs-flow: rollback to ${to}`, async () => {
      services.logger.info(
        `rolling back service ${target.service} in cluster ${target.cluster} to ${to}: ${errorMessage(error)}`
      )
      const updated = await services.aws.ecs().updateService({
        cluster: target.cluster,
        service: target.service,
        taskDefinition: decision.to
      })
      const primary = startedDeployment(updated, `the rollback of service ${target.service}`)
      state.rollbackDeploymentId = primary.id
      await watchDeployment(context, {
        deploymentId: primary.id,
        taskDefinitionArn: decision.to,
        previousTaskDefinitionArn: state.taskDefinitionArn
      })
    })
  } catch (rollbackError) {
    state.result = 'failed'
    throw new ReleaseError(
      `${cause(error)}. The rollback to ${to} failed too: ${errorMessage(rollbackError)}`,
      stepOf(error, state)
    )
  }
  state.result = 'rolled-back'
  throw new ReleaseError(
    `${cause(error)}. Rolled back: service ${target.service} runs ${to} again (deployment ${state.rollbackDeploymentId}).`,
    stepOf(error, state)
  )
}

/** The step that failed: the error's own, else the last step run (for the annotation's title). */
function stepOf(error: unknown, state: ReleaseState): string | undefined {
  return (error instanceof ReleaseError ? error.step : undefined) ?? state.steps.at(-1)?.step
}

/** The failure's message as the first sentence of a longer one: without its closing period. */
function cause(error: unknown): string {
  return errorMessage(error).replace(/\.+$/, '')
}
