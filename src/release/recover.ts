import { shortTaskDefinition, startedDeployment } from '../aws/ecs-api.js'
import type { ReleasePlan } from '../plan/plan.js'
import { RolloutFailure } from '../rollout/verdict.js'
import { watchServiceDeployment } from '../steps/wait.js'
import { ReleaseError, VerificationError, errorMessage } from '../util/errors.js'
import type { StepContext } from './context.js'
import { moveScheduledTargetsBack } from './scheduled-rollback.js'
import { failedStep, type ReleaseState } from './state.js'

export type RollbackDecision = { rollBack: true; to: string } | { rollBack: false; note?: string }

/** The release failed and ecs-flow put the previous revision back: still a failed job. */
export class RolledBackError extends ReleaseError {
  constructor(message: string) {
    super(message)
    this.name = 'RolledBackError'
  }
}

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
  const { deployment, registration } = state
  if (!deployment || !registration) return { rollBack: false }
  if (error instanceof RolloutFailure) {
    if (error.rollback === 'ecs')
      return {
        rollBack: false,
        note: 'ecs-flow leaves the rollback to ECS and does not roll back a second time'
      }
    if (error.rollback === 'none') return { rollBack: false }
  } else if (failedStep(state) !== 'verify') {
    return { rollBack: false }
  } else if (!(error instanceof VerificationError)) {
    return {
      rollBack: false,
      note: `No rollback: verify could not run its checks, which says nothing against the release; service left on ${shortTaskDefinition(deployment.taskDefinitionArn)}`
    }
  }
  const previous = deployment.createdService
    ? undefined
    : registration.rollbackTarget?.taskDefinitionArn
  const current = shortTaskDefinition(deployment.taskDefinitionArn)
  if (!rollbackEnabled)
    return { rollBack: false, note: `Rollback is off (input rollback): service left on ${current}` }
  if (!previous)
    return {
      rollBack: false,
      note:
        deployment.createdService || !registration.serviceExists
          ? 'No previous revision to roll back to (this release created the service)'
          : `No rollback: no revision is known to have completed on the service; service left on ${current}`
    }
  if (previous === deployment.taskDefinitionArn)
    return {
      rollBack: false,
      note: `No rollback: the previous revision is ${current}, the one that failed`
    }
  return { rollBack: true, to: previous }
}

/**
 * Called with a step's failure. Rolls back when decideRollback says so, waits for the previous
 * revision with the same watcher, and always rethrows: a rolled-back release is a failed job
 * (RolledBackError when the previous revision is back).
 */
export async function recoverFromFailure(
  context: StepContext<ReleasePlan>,
  error: unknown
): Promise<never> {
  const { settings, plan, state, services } = context
  const decision = decideRollback(error, state, settings.rollback)
  if (!decision.rollBack) {
    if (decision.note) throw new ReleaseError(`${cause(error)}. ${decision.note}.`)
    throw error
  }
  const { target } = plan
  const to = shortTaskDefinition(decision.to)
  let rollbackDeploymentId: string | undefined
  let scheduledNote: string | undefined
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
      rollbackDeploymentId = primary.id
      state.rollback = { deploymentId: primary.id, taskDefinitionArn: decision.to }
      scheduledNote = await moveScheduledTargetsBack(context)
      await watchServiceDeployment(
        context,
        target,
        {
          deploymentId: primary.id,
          taskDefinitionArn: decision.to,
          previousTaskDefinitionArn: state.deployment?.taskDefinitionArn
        },
        settings.rollbackTimeoutSeconds
      )
    })
  } catch (rollbackError) {
    throw new ReleaseError(
      `${cause(error)}. The rollback to ${to} failed too: ${errorMessage(rollbackError)}`
    )
  }
  throw new RolledBackError(
    `${cause(error)}. Rolled back: service ${target.service} runs ${to} again (deployment ${rollbackDeploymentId}).${scheduledNote ? ` But ${scheduledNote}.` : ''}`
  )
}

/** The failure's message as the first sentence of a longer one: without its closing period. */
function cause(error: unknown): string {
  return errorMessage(error).replace(/\.+$/, '')
}
