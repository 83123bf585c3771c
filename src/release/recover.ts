import { shortTaskDefinition, startedDeployment } from '../aws/ecs-api.js'
import type { ReleasePlan, StepName } from '../plan/plan.js'
import { RolloutFailure } from '../rollout/verdict.js'
import {
  watchServiceDeployment,
  watchServiceDeployments,
  type ServiceDeploymentToWatch
} from '../steps/wait.js'
import { ReleaseError, ServiceStepError, VerificationError, errorMessage } from '../util/errors.js'
import { failuresOf } from '../rollout/watch.js'
import { watchStrategyOf } from '../rollout/strategy.js'
import { StageFailure } from '../rollout/watch-stages.js'
import { watchTogether, type Watch } from '../rollout/watch-together.js'
import { rollBackStaged } from './recover-stages.js'
import { RolledBackError } from './rolled-back.js'
import type { StepContext } from '../core/context.js'
import { moveScheduledTargetsBack } from './scheduled-rollback.js'
import { isCodeDeployRelease, rollBackThroughCodeDeploy } from '../codedeploy/recover.js'
import { failedStep, type ReleaseState, type ServiceRelease } from '../core/state.js'

/** The steps that check the live release: their failed check counts against it. */
const CHECK_STEPS = new Set<StepName>(['after-deploy', 'verify'])

export type RollbackDecision = { rollBack: true; to: string } | { rollBack: false; note?: string }

export { RolledBackError }

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
    if (error.rollback === 'codedeploy')
      return {
        rollBack: false,
        note: 'ecs-flow leaves the rollback to CodeDeploy and does not roll back a second time'
      }
    if (error.rollback === 'none') return { rollBack: false }
  } else if (!CHECK_STEPS.has(failedStep(state) ?? 'test')) {
    return { rollBack: false }
  } else if (!(error instanceof VerificationError)) {
    return {
      rollBack: false,
      note: `No rollback: ${failedStep(state)} could not run its checks, which says nothing against the release; service left on ${shortTaskDefinition(deployment.taskDefinitionArn)}`
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
  if ((context.state.services?.length ?? 0) > 1) return recoverServices(context, error)
  // ECS rolled it back when ecs-flow asked (verify failed during BAKE_TIME): nothing left to do.
  if (error instanceof StageFailure && error.rolledBack)
    throw new RolledBackError(`${cause(error)}.${details(error)}`)
  const { settings, plan, state, services } = context
  const decision = decideRollback(error, state, settings.rollback)
  if (!decision.rollBack) {
    if (decision.note) throw new ReleaseError(`${cause(error)}. ${decision.note}.${details(error)}`)
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
      // Each strategy's own way back.
      switch (watchStrategyOf(state.deployment ?? {})) {
        case 'codedeploy': {
          const first = state.services?.[0]
          if (!first || !isCodeDeployRelease(first))
            throw new ReleaseError(
              `service ${target.service}: no CodeDeploy deployment to roll back`
            )
          state.rollback = await rollBackThroughCodeDeploy(
            context,
            first,
            decision.to,
            settings.rollbackTimeoutSeconds
          )
          rollbackDeploymentId = state.rollback.deploymentId
          scheduledNote = await moveScheduledTargetsBack(context)
          return
        }
        case 'stages': {
          const release = state.services?.[0] ?? { target, deployment: state.deployment }
          state.rollback = release.rollback = await rollBackStaged(
            context,
            release,
            decision.to,
            false
          )
          rollbackDeploymentId = state.rollback.deploymentId
          scheduledNote = await moveScheduledTargetsBack(context)
          return
        }
        case 'rolling': {
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
        }
      }
    })
  } catch (rollbackError) {
    throw new ReleaseError(
      `${cause(error)}. The rollback to ${to} failed too: ${errorMessage(rollbackError)}${details(error)}`
    )
  }
  throw new RolledBackError(
    `${cause(error)}. Rolled back: service ${target.service} runs ${to} again (deployment ${rollbackDeploymentId}).${scheduledNote ? ` But ${scheduledNote}.` : ''}${details(error)}`
  )
}

/**
 * The failure's message as the first sentence of a longer one: without its closing period.
 * Lines after the first (a container's last log lines) stay at the end of the whole message.
 */
function cause(error: unknown): string {
  return errorMessage(error).split('\n')[0]!.replace(/\.+$/, '')
}

/** What followed the failure's first line (its last log lines), to close the longer message. */
function details(error: unknown): string {
  const lines = errorMessage(error).split('\n')
  return lines.length > 1 ? `\n${lines.slice(1).join('\n')}` : ''
}

/** One service's way back, as decided for a release of several. */
interface ServiceDecision {
  release: ServiceRelease
  failed: boolean
  decision: RollbackDecision
}

/**
 * A release of several services failed: the failed service(s) decide as a single release
 * would; with rollback-scope `all` (the default) every other service this run updated goes
 * back to its own last good revision too (atomic), all in parallel, watched together. The
 * message names the failed service(s) and cause(s) first, then the services rolled back with
 * them. Services whose revision was unchanged are not touched.
 */
async function recoverServices(context: StepContext<ReleasePlan>, error: unknown): Promise<never> {
  const { settings, plan, state, services } = context
  const releases = state.services ?? []
  const failures = failureByService(error)
  const anyRollback = [...failures.values()].some(
    failure => !(failure instanceof RolloutFailure) || failure.rollback !== 'none'
  )
  const decisions: ServiceDecision[] = releases
    .filter(release => release.deployment && release.registration)
    .map(release => {
      const failure = failures.get(release.target.service)
      const own: ReleaseState = {
        ...state,
        registration: release.registration,
        deployment: release.deployment
      }
      // ECS rolled it back when ecs-flow asked: already back.
      if (failure instanceof StageFailure && failure.rolledBack)
        return { release, failed: true, decision: { rollBack: false } }
      if (failure)
        return { release, failed: true, decision: decideRollback(failure, own, settings.rollback) }
      if (release.registration!.unchanged)
        return {
          release,
          failed: false,
          decision: { rollBack: false, note: 'unchanged, not touched' }
        }
      if (plan.rollbackScope === 'failed' || !anyRollback)
        return { release, failed: false, decision: { rollBack: false } }
      // Healthy, but the release is one: back to its own last good revision.
      return {
        release,
        failed: false,
        decision: decideRollback(OTHER_FAILED, own, settings.rollback)
      }
    })
  const causes = decisions
    .filter(entry => entry.failed)
    .map(
      entry =>
        `${cause(failures.get(entry.release.target.service))}${entry.decision.rollBack || !entry.decision.note ? '' : ` (${entry.decision.note})`}`
    )
  const failedText = causes.length > 0 ? causes.join('; ') : cause(error)
  const rollbacks = decisions.filter(
    (entry): entry is ServiceDecision & { decision: { rollBack: true; to: string } } =>
      entry.decision.rollBack
  )
  const rolledBackAlready = [...failures.values()].some(
    failure => failure instanceof StageFailure && failure.rolledBack
  )
  if (rollbacks.length === 0)
    throw rolledBackAlready
      ? new RolledBackError(`${failedText}.`)
      : new ReleaseError(`${failedText}.`)

  const watched: ServiceDeploymentToWatch[] = []
  const staged: Watch[] = []
  try {
    await services.logger.group(
      `ecs-flow: rollback of ${rollbacks.length} service(s)`,
      async () => {
        await Promise.all(
          rollbacks.map(async ({ release, decision }) => {
            const { target } = release
            services.logger.info(
              `rolling back service ${target.service} in cluster ${target.cluster} to ${shortTaskDefinition(decision.to)}`
            )
            // Each strategy's own way back, watched beside the others: a CODE_DEPLOY service
            // through CodeDeploy, a staged one by its service deployment.
            if (isCodeDeployRelease(release)) {
              staged.push(async () => {
                release.rollback = await rollBackThroughCodeDeploy(
                  context,
                  release,
                  decision.to,
                  settings.rollbackTimeoutSeconds
                )
                if (release === releases[0]) state.rollback = release.rollback
              })
              return
            }
            if (watchStrategyOf(release.deployment ?? {}) === 'stages') {
              staged.push(async () => {
                release.rollback = await rollBackStaged(context, release, decision.to, true)
                if (release === releases[0]) state.rollback = release.rollback
              })
              return
            }
            const updated = await services.aws.ecs().updateService({
              cluster: target.cluster,
              service: target.service,
              taskDefinition: decision.to
            })
            const primary = startedDeployment(updated, `the rollback of service ${target.service}`)
            release.rollback = { deploymentId: primary.id, taskDefinitionArn: decision.to }
            if (release === releases[0]) state.rollback = release.rollback
            watched.push({
              target,
              deploymentId: primary.id,
              taskDefinitionArn: decision.to,
              previousTaskDefinitionArn: release.deployment?.taskDefinitionArn
            })
          })
        )
        const rolling: Watch[] =
          watched.length === 0
            ? []
            : [
                halted =>
                  watchServiceDeployments(context, watched, settings.rollbackTimeoutSeconds, {
                    halted,
                    prefixServices: watched.length > 1 || staged.length > 0
                  })
              ]
        await watchTogether([...rolling, ...staged])
      }
    )
  } catch (rollbackError) {
    throw new ReleaseError(`${failedText}. The rollback failed too: ${errorMessage(rollbackError)}`)
  }
  const back = rollbacks.map(
    ({ release, failed }) =>
      `service ${release.target.service} runs ${shortTaskDefinition(release.rollback!.taskDefinitionArn)} again${failed ? '' : ' (rolled back with it)'}`
  )
  throw new RolledBackError(`${failedText}. Rolled back: ${back.join('; ')}.`)
}

/** A stand-in failure for the services that did not fail themselves: roll back with the others. */
const OTHER_FAILED = new RolloutFailure(
  'another service of the release failed',
  'rollout-failed',
  'ours',
  ''
)

/** Which service each failure belongs to (a rollout failure, or one service's step). */
function failureByService(error: unknown): Map<string, unknown> {
  const byService = new Map<string, unknown>()
  for (const failure of failuresOf(error))
    if (failure.service) byService.set(failure.service, failure)
  if (error instanceof ServiceStepError) byService.set(error.service, error.failure)
  return byService
}
