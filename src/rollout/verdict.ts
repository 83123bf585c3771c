import {
  primaryDeployment,
  shortTaskDefinition,
  type DeploymentInfo,
  type ServiceSnapshot
} from '../aws/ecs-api.js'
import { ReleaseError } from '../util/errors.js'
import { escapeForLog } from '../util/escape.js'
import { formatSeconds } from '../util/duration.js'
import { breakerTally, describeBreakerTally } from './breaker-threshold.js'

// Watch one deployment until it is PRIMARY, complete and alone; fail at once,
// naming the cause, when it cannot get there.

/** The deployment being watched and what "too long" and "too many failures" mean for it. */
export interface TrackedRollout {
  cluster: string
  service: string
  deploymentId: string
  taskDefinitionArn: string
  /** The revision PRIMARY before the update: a circuit-breaker rollback returns to it. */
  previousTaskDefinitionArn?: string
  /** Failed tasks tolerated on a service without a circuit breaker; one more fails the rollout. */
  maxFailedTasks: number
  /**
   * wait-until drained: done only once the old revisions' tasks are gone, even where ECS declared
   * success early (its early success criteria, DEFERRED cleanup).
   */
  waitForDrain?: boolean
  /** When watching started (ms), and how long it may take. */
  startedAt: number
  timeoutSeconds: number
}

/** One poll's view: the service as DescribeServices returned it (undefined: ECS says it is missing). */
export interface RolloutSnapshot {
  at: number
  service: ServiceSnapshot | undefined
  /** The last transient error, when the poll that produced this view was followed by failing ones. */
  lastError?: string
}

export type RolloutCause =
  | 'service-missing'
  | 'service-inactive'
  | 'rollout-failed'
  | 'circuit-breaker-rollback'
  | 'superseded'
  | 'deployment-lost'
  | 'wrong-revision'
  | 'unreadable'
  | 'tasks-failing'
  | 'timeout'

/**
 * Who puts the previous revision back: ecs-flow, ECS's circuit breaker, CodeDeploy's automatic
 * rollback, or nobody (it would be wrong).
 */
export type RollbackAdvice = 'ours' | 'ecs' | 'codedeploy' | 'none'

export type RolloutAssessment =
  | { status: 'done'; summary: string }
  | { status: 'in-progress'; progress: string }
  | { status: 'failed'; cause: RolloutCause; message: string; rollback: RollbackAdvice }

/** The rollout failed; `rollback` says whether ecs-flow should put the previous revision back. */
export class RolloutFailure extends ReleaseError {
  constructor(
    message: string,
    readonly kind: RolloutCause,
    readonly rollback: RollbackAdvice,
    readonly deploymentId: string,
    /** The service whose rollout failed (several may roll out in one release). */
    readonly service?: string
  ) {
    super(message, 'wait')
    this.name = 'RolloutFailure'
  }
}

/** Pure: where the rollout stands after one poll. Table-tested; the loop only acts on it. */
export function assessRollout(
  snapshot: RolloutSnapshot,
  tracked: TrackedRollout
): RolloutAssessment {
  const { service } = snapshot
  const subject = `service ${tracked.service} in cluster ${tracked.cluster}`
  if (!service) {
    return failed(
      'service-missing',
      `${subject} no longer exists (it was deleted during the rollout)`,
      'none'
    )
  }
  if (service.status !== 'ACTIVE') {
    return failed(
      'service-inactive',
      `${subject} is ${service.status}, no longer ACTIVE (it is being deleted)`,
      'none'
    )
  }
  const ours = service.deployments.find(deployment => deployment.id === tracked.deploymentId)
  const primary = primaryDeployment(service)
  const label = `deployment ${tracked.deploymentId} (${shortTaskDefinition(tracked.taskDefinitionArn)})`
  const breaker = service.circuitBreaker

  if (!ours || ours.status !== 'PRIMARY') {
    return lostPrimary(tracked, service, ours, primary, label)
  }
  // Ours only if it runs what ecs-flow registered: a PRIMARY of another revision is no success.
  if (ours.taskDefinition !== tracked.taskDefinitionArn) {
    return failed(
      'wrong-revision',
      `deployment ${tracked.deploymentId} is PRIMARY but runs ${shortTaskDefinition(ours.taskDefinition)}, not ${shortTaskDefinition(tracked.taskDefinitionArn)} that this release deploys`,
      'none'
    )
  }
  if (ours.rolloutState === 'FAILED') {
    const why = ours.rolloutStateReason ? `: ${escapeForLog(ours.rolloutStateReason)}` : ''
    const tally = breakerPart(service, ours, '; ')
    return breaker.enable && breaker.rollback
      ? failed(
          'circuit-breaker-rollback',
          `${label} FAILED${why}${tally}; ECS's circuit breaker is rolling back to ${shortTaskDefinition(tracked.previousTaskDefinitionArn)}`,
          'ecs'
        )
      : failed('rollout-failed', `${label} FAILED${why}${tally}`, 'ours')
  }
  if (!breaker.enable && ours.failedTasks > tracked.maxFailedTasks) {
    return failed(
      'tasks-failing',
      `${ours.failedTasks} task(s) of ${label} failed to start or stay running (more than max-failed-tasks ${tracked.maxFailedTasks}; the service has no circuit breaker)`,
      'ours'
    )
  }
  const others = otherDeployments(service, ours)
  const rolledOut = ours.rolloutState
    ? ours.rolloutState === 'COMPLETED'
    : ours.runningCount === ours.desiredCount && ours.pendingCount === 0
  if (rolledOut && others.length === 0) {
    return {
      status: 'done',
      summary: `${describeDeployment(ours, service)}; no other deployment is left`
    }
  }
  // ECS's verdict, read from the same DescribeServices: with early success criteria a COMPLETED
  // deployment is a success while the old tasks still drain (DEFERRED cleanup).
  if (service.earlySuccess && ours.rolloutState === 'COMPLETED' && !tracked.waitForDrain) {
    return { status: 'done', summary: earlySuccessSummary(service, ours, others) }
  }
  if (snapshot.at >= tracked.startedAt + tracked.timeoutSeconds * 1000) {
    return failed(
      'timeout',
      timeoutMessage(tracked, standing(service, ours, others), snapshot.lastError),
      'ours'
    )
  }
  return { status: 'in-progress', progress: standing(service, ours, others) }
}

function lostPrimary(
  tracked: TrackedRollout,
  service: ServiceSnapshot,
  ours: DeploymentInfo | undefined,
  primary: DeploymentInfo | undefined,
  label: string
): RolloutAssessment {
  const state = ours
    ? `is ${ours.status}${ours.rolloutState ? ` (${ours.rolloutState})` : ''}`
    : 'has vanished from the service'
  if (!primary) {
    return failed(
      'deployment-lost',
      `${label} ${state} and no deployment of service ${tracked.service} is PRIMARY`,
      'none'
    )
  }
  const other = `deployment ${primary.id} (${shortTaskDefinition(primary.taskDefinition)})`
  const breaker = service.circuitBreaker
  const backToPrevious = primary.taskDefinition === tracked.previousTaskDefinitionArn
  if (breaker.enable && breaker.rollback && (ours?.rolloutState === 'FAILED' || backToPrevious)) {
    const why = ours?.rolloutStateReason ? ` (${escapeForLog(ours.rolloutStateReason)})` : ''
    const tally = ours && ours.failedTasks > 0 ? breakerPart(service, ours, ' at ') : ''
    return failed(
      'circuit-breaker-rollback',
      `ECS's circuit breaker rolled ${label} back${why}${tally}: ${other} is PRIMARY now`,
      'ecs'
    )
  }
  return failed(
    'superseded',
    `${label} was superseded: ${other} is PRIMARY now (someone else updated service ${tracked.service})`,
    'none'
  )
}

function failed(cause: RolloutCause, message: string, rollback: RollbackAdvice): RolloutAssessment {
  return { status: 'failed', cause, message, rollback }
}

/** Deployments still holding on to the service besides ours: the stale revisions. */
function otherDeployments(service: ServiceSnapshot, ours: DeploymentInfo): DeploymentInfo[] {
  return service.deployments.filter(
    deployment => deployment.id !== ours.id && deployment.status !== 'INACTIVE'
  )
}

/**
 * A deployment in one line; on a service with a circuit breaker its failed tasks are counted
 * against the breaker's threshold, which is what decides the rollout there.
 */
export function describeDeployment(deployment: DeploymentInfo, service?: ServiceSnapshot): string {
  const state = deployment.rolloutState ?? deployment.status
  const failedTasks =
    service?.circuitBreaker.enable === true
      ? describeBreakerTally(
          breakerTally(service.circuitBreaker, deployment, service.desiredCount),
          deployment.failedTasks
        )
      : `${deployment.failedTasks} failed`
  const counts = `${deployment.runningCount}/${deployment.desiredCount} running, ${deployment.pendingCount} pending, ${failedTasks}`
  return `deployment ${deployment.id} (${shortTaskDefinition(deployment.taskDefinition)}) ${state}: ${counts}`
}

/** `<lead>3/5 failed tasks, the service's circuit-breaker threshold`, or nothing without a breaker. */
function breakerPart(service: ServiceSnapshot, deployment: DeploymentInfo, lead: string): string {
  if (!service.circuitBreaker.enable) return ''
  const tally = breakerTally(service.circuitBreaker, deployment, service.desiredCount)
  return `${lead}${describeBreakerTally(tally, deployment.failedTasks)}`
}

/**
 * ECS declared success early: what is still draining (`web:1 still draining (2 tasks)`), then
 * our deployment. Tasks counted are the old deployments' running and pending ones.
 */
function earlySuccessSummary(
  service: ServiceSnapshot,
  ours: DeploymentInfo,
  others: DeploymentInfo[]
): string {
  const draining = others.map(other => {
    const tasks = other.runningCount + other.pendingCount
    return `${shortTaskDefinition(other.taskDefinition)} still draining (${tasks} ${tasks === 1 ? 'task' : 'tasks'})`
  })
  const cleanup = service.earlySuccess?.sourceServiceRevisionCleanup
  const rest =
    draining.length > 0
      ? `; ${draining.join(', ')}${cleanup === 'DEFERRED' ? ': ECS removes them on its own' : ''}`
      : '; no other deployment is left'
  return `ECS declared success early${rest}; ${describeDeployment(ours, service)}`
}

/** Where the rollout stands, in one line: our deployment and the ones still draining. */
function standing(
  service: ServiceSnapshot,
  ours: DeploymentInfo,
  others: DeploymentInfo[]
): string {
  const draining = others.map(
    other =>
      `${shortTaskDefinition(other.taskDefinition)} (${other.runningCount} running, ${other.pendingCount} pending)`
  )
  return `${describeDeployment(ours, service)}${draining.length > 0 ? `; still draining: ${draining.join(', ')}` : ''}`
}

export function timeoutMessage(
  tracked: TrackedRollout,
  where: string,
  lastError: string | undefined
): string {
  const error = lastError ? `; ECS could not be asked lately (${lastError})` : ''
  return `the rollout did not finish within the timeout of ${formatSeconds(tracked.timeoutSeconds)}: ${where}${error}`
}
