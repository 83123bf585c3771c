import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { ServicePlan, StepName } from '../plan/plan.js'
import { RolloutFailure } from '../rollout/verdict.js'
import { ReleaseError, ServiceStepError, VerificationError, errorMessage } from '../util/errors.js'
import { failuresOf } from '../rollout/watch.js'
import { StageFailure } from '../rollout/watch-stages.js'
import { watchTogether } from '../rollout/watch-together.js'
import { STRATEGIES, type StrategyList } from '../strategies/index.js'
import { startRollbacks, type StrategyRollback } from '../strategies/roll-back.js'
import { RolledBackError } from './rolled-back.js'
import type { StepContext } from '../core/context.js'
import { moveScheduledTargetsBack } from './scheduled-rollback.js'
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
  rollbackEnabled: boolean,
  release: ServiceRelease | undefined = state.services?.[0]
): RollbackDecision {
  const { deployment, registration } = release ?? {}
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
 * Called with a step's failure. Rolls back what decideRollback says (for a release of several
 * services, decided service by service), each service by its strategy, all watched together,
 * and always rethrows: a rolled-back release is a failed job (RolledBackError when the previous
 * revisions are back).
 */
export async function recoverFromFailure(
  context: StepContext<ServicePlan>,
  error: unknown,
  strategies: StrategyList = STRATEGIES
): Promise<never> {
  const { settings, state, services } = context
  const one = (state.services?.length ?? 0) <= 1
  const decisions = one ? decideOne(context, error) : decideEach(context, error)
  const voice = one ? oneService(error) : severalServices(error, decisions)
  const rollbacks = decisions.filter((entry): entry is Rollback => entry.decision.rollBack)
  if (rollbacks.length === 0) throw voice.nothingToDo(decisions)
  let scheduledNote: string | undefined
  try {
    await services.logger.group(voice.group(rollbacks), async () => {
      for (const { release, decision } of rollbacks)
        services.logger.info(voice.rollingBack(release, decision.to))
      const requests: StrategyRollback[] = rollbacks.map(({ release, decision }) => ({
        release,
        to: decision.to,
        from: release.deployment!.taskDefinitionArn,
        strategy: strategies.of(release.deployment!)
      }))
      const starts = await startRollbacks(context, requests, {
        timeoutSeconds: settings.rollbackTimeoutSeconds,
        several: !one,
        alone: rollbacks.length === 1
      })
      // The scheduled targets of the services rolled back go back once those are on their way.
      const revisions = rollbacks.map(({ release }) => release.deployment!.taskDefinitionArn)
      const started = starts.every(start => start.started)
      if (started) scheduledNote = await moveScheduledTargetsBack(context, revisions)
      await watchTogether(starts.flatMap(start => start.watches))
      if (!started) scheduledNote = await moveScheduledTargetsBack(context, revisions)
    })
  } catch (rollbackError) {
    throw voice.rollbackFailed(rollbacks, rollbackError)
  }
  throw voice.rolledBack(rollbacks, scheduledNote)
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

/** One service's way back, as decided. */
interface ServiceDecision {
  release: ServiceRelease
  failed: boolean
  decision: RollbackDecision
}

/**
 * A release of one service: it failed. ECS rolled it back already when ecs-flow asked (verify
 * failed during BAKE_TIME); otherwise decideRollback says.
 */
function decideOne(context: StepContext<ServicePlan>, error: unknown): ServiceDecision[] {
  const { settings, state } = context
  const release = state.services?.[0]
  if (!release) return []
  if (error instanceof StageFailure && error.rolledBack)
    return [{ release, failed: true, decision: { rollBack: false } }]
  return [{ release, failed: true, decision: decideRollback(error, state, settings.rollback) }]
}

/**
 * A release of several services: the failed service(s) decide as a single release would; with
 * rollback-scope `all` (the default) every other service this run updated goes back to its own
 * last good revision too (atomic). Services whose revision was unchanged are not touched.
 */
function decideEach(context: StepContext<ServicePlan>, error: unknown): ServiceDecision[] {
  const { settings, plan, state } = context
  const failures = failureByService(error)
  const anyRollback = [...failures.values()].some(
    failure => !(failure instanceof RolloutFailure) || failure.rollback !== 'none'
  )
  return (state.services ?? [])
    .filter(release => release.deployment && release.registration)
    .map(release => {
      const failure = failures.get(release.target.service)
      const decide = (cause: unknown) => decideRollback(cause, state, settings.rollback, release)
      // ECS rolled it back when ecs-flow asked: already back.
      if (failure instanceof StageFailure && failure.rolledBack)
        return { release, failed: true, decision: { rollBack: false } }
      if (failure) return { release, failed: true, decision: decide(failure) }
      if (release.registration!.unchanged)
        return {
          release,
          failed: false,
          decision: { rollBack: false, note: 'unchanged, not touched' }
        }
      if (plan.rollbackScope === 'failed' || !anyRollback)
        return { release, failed: false, decision: { rollBack: false } }
      // Healthy, but the release is one: back to its own last good revision.
      return { release, failed: false, decision: decide(OTHER_FAILED) }
    })
}

/** A service that goes back, and where to. */
type Rollback = ServiceDecision & { decision: { rollBack: true; to: string } }

/** How the recovery words what it did: a release of one service says more of its one cause. */
interface Voice {
  nothingToDo(decisions: readonly ServiceDecision[]): unknown
  group(rollbacks: readonly Rollback[]): string
  rollingBack(release: ServiceRelease, to: string): string
  rollbackFailed(rollbacks: readonly Rollback[], rollbackError: unknown): Error
  rolledBack(rollbacks: readonly Rollback[], scheduledNote: string | undefined): Error
}

/** One service: the failure's message, what was done about it, then its last log lines. */
function oneService(error: unknown): Voice {
  const to = (rollbacks: readonly Rollback[]) => shortTaskDefinition(rollbacks[0]!.decision.to)
  return {
    nothingToDo(decisions) {
      const decision = decisions[0]?.decision
      if (error instanceof StageFailure && error.rolledBack)
        return new RolledBackError(`${cause(error)}.${details(error)}`)
      if (decision && !decision.rollBack && decision.note)
        return new ReleaseError(`${cause(error)}. ${decision.note}.${details(error)}`)
      return error
    },
    group: rollbacks => `ecs-flow: rollback to ${to(rollbacks)}`,
    rollingBack: (release, back) =>
      `rolling back service ${release.target.service} in cluster ${release.target.cluster} to ${shortTaskDefinition(back)}: ${errorMessage(error)}`,
    rollbackFailed: (rollbacks, rollbackError) =>
      new ReleaseError(
        `${cause(error)}. The rollback to ${to(rollbacks)} failed too: ${errorMessage(rollbackError)}${details(error)}`
      ),
    rolledBack(rollbacks, scheduledNote) {
      const { release } = rollbacks[0]!
      return new RolledBackError(
        `${cause(error)}. Rolled back: service ${release.target.service} runs ${runsAgain(release.rollback?.taskDefinitionArn, rollbacks[0]!.decision.to)} (deployment ${release.rollback?.deploymentId}).${scheduledNote ? ` But ${scheduledNote}.` : ''}${details(error)}`
      )
    }
  }
}

/**
 * What a service runs after its rollback: `to` again, or the revision ECS registered from `to`'s
 * container (an Express service's way back), named as ECS answered.
 */
function runsAgain(put: string | undefined, to: string): string {
  return put && put !== to
    ? `${shortTaskDefinition(put)}, which ECS registered with the container of ${shortTaskDefinition(to)}`
    : `${shortTaskDefinition(to)} again`
}

/** Several services: the failed service(s) and cause(s) first, then those rolled back with them. */
function severalServices(error: unknown, decisions: readonly ServiceDecision[]): Voice {
  const failures = failureByService(error)
  const causes = decisions
    .filter(entry => entry.failed)
    .map(
      entry =>
        `${cause(failures.get(entry.release.target.service))}${entry.decision.rollBack || !entry.decision.note ? '' : ` (${entry.decision.note})`}`
    )
  const failedText = causes.length > 0 ? causes.join('; ') : cause(error)
  return {
    nothingToDo() {
      const rolledBackAlready = [...failures.values()].some(
        failure => failure instanceof StageFailure && failure.rolledBack
      )
      return rolledBackAlready
        ? new RolledBackError(`${failedText}.`)
        : new ReleaseError(`${failedText}.`)
    },
    group: rollbacks => `ecs-flow: rollback of ${rollbacks.length} service(s)`,
    rollingBack: (release, to) =>
      `rolling back service ${release.target.service} in cluster ${release.target.cluster} to ${shortTaskDefinition(to)}`,
    rollbackFailed: (rollbacks, rollbackError) =>
      new ReleaseError(`${failedText}. The rollback failed too: ${errorMessage(rollbackError)}`),
    rolledBack(rollbacks) {
      const back = rollbacks.map(
        ({ release, failed, decision }) =>
          `service ${release.target.service} runs ${runsAgain(release.rollback!.taskDefinitionArn, decision.to)}${failed ? '' : ' (rolled back with it)'}`
      )
      return new RolledBackError(`${failedText}. Rolled back: ${back.join('; ')}.`)
    }
  }
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
