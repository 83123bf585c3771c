import {
  EcsCallError,
  nameFromArn,
  primaryDeployment,
  shortTaskDefinition,
  type DeploymentInfo,
  type EcsApi,
  type ServiceSnapshot,
  type TaskInfo
} from '../aws/ecs-api.js'
import type { Clock } from '../util/clock.js'
import { ReleaseError, errorMessage } from '../util/errors.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import type { ReleaseState, RolloutJournal, StepContext } from './types.js'

// DESIGN.md §3: watch one deployment until it is PRIMARY, complete and alone; fail at once,
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
  | 'tasks-failing'
  | 'timeout'

/** Who puts the previous revision back: ecs-flow, ECS's circuit breaker, or nobody (it would be wrong). */
export type RollbackAdvice = 'ours' | 'ecs' | 'none'

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
    readonly deploymentId: string
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
  if (ours.rolloutState === 'FAILED') {
    const why = ours.rolloutStateReason ? `: ${ours.rolloutStateReason}` : ''
    return breaker.enable && breaker.rollback
      ? failed(
          'circuit-breaker-rollback',
          `${label} FAILED${why}; ECS's circuit breaker is rolling back to ${shortTaskDefinition(tracked.previousTaskDefinitionArn)}`,
          'ecs'
        )
      : failed('rollout-failed', `${label} FAILED${why}`, 'ours')
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
    return { status: 'done', summary: `${describeDeployment(ours)}; no other deployment is left` }
  }
  if (snapshot.at >= tracked.startedAt + tracked.timeoutSeconds * 1000) {
    return failed(
      'timeout',
      timeoutMessage(tracked, standing(ours, others), snapshot.lastError),
      'ours'
    )
  }
  return { status: 'in-progress', progress: standing(ours, others) }
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
    const why = ours?.rolloutStateReason ? ` (${ours.rolloutStateReason})` : ''
    return failed(
      'circuit-breaker-rollback',
      `ECS's circuit breaker rolled ${label} back${why}: ${other} is PRIMARY now`,
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

export function describeDeployment(deployment: DeploymentInfo): string {
  const state = deployment.rolloutState ?? deployment.status
  const counts = `${deployment.runningCount}/${deployment.desiredCount} running, ${deployment.pendingCount} pending, ${deployment.failedTasks} failed`
  return `deployment ${deployment.id} (${shortTaskDefinition(deployment.taskDefinition)}) ${state}: ${counts}`
}

/** Where the rollout stands, in one line: our deployment and the ones still draining. */
function standing(ours: DeploymentInfo, others: DeploymentInfo[]): string {
  const draining = others.map(
    other =>
      `${shortTaskDefinition(other.taskDefinition)} (${other.runningCount} running, ${other.pendingCount} pending)`
  )
  return `${describeDeployment(ours)}${draining.length > 0 ? `; still draining: ${draining.join(', ')}` : ''}`
}

function timeoutMessage(
  tracked: TrackedRollout,
  where: string,
  lastError: string | undefined
): string {
  const error = lastError ? `; ECS could not be asked lately (${lastError})` : ''
  return `the rollout did not finish within the timeout of ${formatSeconds(tracked.timeoutSeconds)}: ${where}${error}`
}

export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds * 10) / 10}s`
  const minutes = Math.floor(seconds / 60)
  const rest = Math.round(seconds % 60)
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`
}

export interface WatchDependencies {
  ecs: EcsApi
  clock: Clock
  logger: Logger
  /** [0, 1); jitters the poll interval so many runners do not poll in step. */
  random?: () => number
  /** Where the timeline and the events seen are kept for the job summary. */
  journal?: RolloutJournal
}

/** Keeps the last service events only: the summary shows the tail, not the whole history. */
const JOURNAL_EVENTS = 15

export interface WatchOptions {
  pollIntervalSeconds: number
}

/** Upward jitter only: the interval is a floor, so the call rate never exceeds 1/interval. */
const JITTER = 0.1

/**
 * Polls until the rollout is done (resolves) or fails (throws RolloutFailure).
 * Prints each new service event once, the stop reasons of newly failed tasks, and a progress
 * line only when the standing changed. Transient ECS errors are logged once and polled through.
 */
export async function watchRollout(
  tracked: TrackedRollout,
  deps: WatchDependencies,
  options: WatchOptions
): Promise<void> {
  const { clock, logger } = deps
  const random = deps.random ?? Math.random
  const view = new RolloutView(tracked, deps)
  const deadline = tracked.startedAt + tracked.timeoutSeconds * 1000
  let lastGood: ServiceSnapshot | undefined
  let lastError: string | undefined
  logger.info(
    `watching deployment ${tracked.deploymentId} (${shortTaskDefinition(tracked.taskDefinitionArn)}) of service ${tracked.service} in cluster ${tracked.cluster}, for up to ${formatSeconds(tracked.timeoutSeconds)}`
  )
  view.note(
    `deployment ${tracked.deploymentId} (${shortTaskDefinition(tracked.taskDefinitionArn)}) started`
  )
  // UpdateService has just answered: nothing can have moved yet, so the first poll waits too.
  let nextPollAt = nextPoll(clock.now(), options, random)
  for (;;) {
    await sleepUntil(clock, Math.min(nextPollAt, deadline))
    const polled = await pollService(deps.ecs, tracked)
    // Counted from the answer, so a slow or retried request never brings the next one closer.
    nextPollAt = nextPoll(clock.now(), options, random)
    let snapshot: RolloutSnapshot
    if ('error' in polled) {
      lastError = polled.error.code
      view.noteTransientError(polled.error)
      if (clock.now() < deadline) continue
      if (!lastGood) {
        const message = timeoutMessage(tracked, 'ECS never answered', lastError)
        throw new RolloutFailure(message, 'timeout', 'ours', tracked.deploymentId)
      }
      snapshot = { at: clock.now(), service: lastGood, lastError }
    } else {
      lastGood = polled.service
      lastError = undefined
      snapshot = { at: clock.now(), service: polled.service }
      if (polled.service) {
        view.printNewEvents(polled.service)
        await view.explainFailedTasks(polled.service)
      }
    }
    const assessment = assessRollout(snapshot, tracked)
    if (assessment.status === 'done') {
      view.note(`done: ${assessment.summary}`)
      logger.info(
        `rollout complete after ${formatSeconds((clock.now() - tracked.startedAt) / 1000)}: ${assessment.summary}`
      )
      return
    }
    if (assessment.status === 'failed') {
      view.note(`failed: ${assessment.cause}`)
      throw new RolloutFailure(
        view.withLastStop(assessment),
        assessment.cause,
        assessment.rollback,
        tracked.deploymentId
      )
    }
    view.printProgress(assessment.progress)
  }
}

/** One DescribeServices; a transient error is returned, anything else thrown. */
async function pollService(
  ecs: EcsApi,
  tracked: TrackedRollout
): Promise<{ service: ServiceSnapshot | undefined } | { error: EcsCallError }> {
  try {
    return {
      service: await describeService(ecs, tracked.cluster, tracked.service, { polling: true })
    }
  } catch (error) {
    if (error instanceof EcsCallError && error.transient) return { error }
    throw error
  }
}

function nextPoll(from: number, options: WatchOptions, random: () => number): number {
  return from + options.pollIntervalSeconds * 1000 * (1 + JITTER * random())
}

async function sleepUntil(clock: Clock, at: number): Promise<void> {
  const wait = at - clock.now()
  if (wait > 0) await clock.sleep(wait)
}

/** The service, or undefined when ECS reports it missing. */
export async function describeService(
  ecs: EcsApi,
  cluster: string,
  service: string,
  options: { polling?: boolean } = {}
): Promise<ServiceSnapshot | undefined> {
  const result = await ecs.describeServices(cluster, [service], options)
  return result.services.find(
    found =>
      found.name === service || (found.arn !== undefined && nameFromArn(found.arn) === service)
  )
}

/** Remembers what was printed, so the log shows only what is new (like ecspresso). */
class RolloutView {
  private readonly seenEvents = new Set<string>()
  private readonly explainedTasks = new Set<string>()
  private readonly reportedErrors = new Set<string>()
  private eventsSince: number | undefined
  private lastProgress = ''
  private failedTasksSeen = 0
  private lastStop: string | undefined

  constructor(
    private readonly tracked: TrackedRollout,
    private readonly deps: WatchDependencies
  ) {}

  /** Events from our deployment's creation on, oldest first, each once. */
  printNewEvents(service: ServiceSnapshot): void {
    const ours = service.deployments.find(deployment => deployment.id === this.tracked.deploymentId)
    this.eventsSince ??= ours?.createdAt ?? this.tracked.startedAt
    const fresh = service.events.filter(
      event => !this.seenEvents.has(event.id) && event.createdAt >= this.eventsSince!
    )
    for (const event of [...fresh].reverse()) {
      this.seenEvents.add(event.id)
      const journal = this.deps.journal
      if (journal) {
        journal.events.push(event.message)
        journal.events.splice(0, Math.max(0, journal.events.length - JOURNAL_EVENTS))
      }
      this.deps.logger.info(
        `  event ${new Date(event.createdAt).toISOString().slice(11, 19)} ${escapeForLog(event.message)}`
      )
    }
  }

  /** When our deployment's failedTasks grew: print each newly stopped task's reasons. */
  async explainFailedTasks(service: ServiceSnapshot): Promise<void> {
    const ours = service.deployments.find(deployment => deployment.id === this.tracked.deploymentId)
    if (!ours || ours.failedTasks <= this.failedTasksSeen) return
    const { cluster, deploymentId, taskDefinitionArn } = this.tracked
    try {
      const arns = await this.deps.ecs.listStoppedTasks(cluster, { startedBy: deploymentId })
      const fresh = arns.filter(arn => !this.explainedTasks.has(arn))
      const tasks = fresh.length > 0 ? await this.deps.ecs.describeTasks(cluster, fresh) : []
      const ourTasks = tasks
        .filter(
          task =>
            task.taskDefinitionArn === undefined || task.taskDefinitionArn === taskDefinitionArn
        )
        .sort((a, b) => (a.stoppedAt ?? 0) - (b.stoppedAt ?? 0))
      for (const task of ourTasks) {
        this.explainedTasks.add(task.arn)
        this.lastStop = describeStoppedTask(task)
        this.deps.logger.info(`  stopped ${this.lastStop}`)
      }
      this.failedTasksSeen = ours.failedTasks
    } catch (error) {
      // Explaining is best effort: the rollout's verdict does not depend on it.
      this.noteTransientError(error)
    }
  }

  /** A line of the rollout timeline. */
  note(what: string): void {
    this.deps.journal?.timeline.push({ at: this.deps.clock.now(), what })
  }

  noteTransientError(error: unknown): void {
    const key =
      error instanceof EcsCallError ? `${error.operation}:${error.code}` : errorMessage(error)
    if (this.reportedErrors.has(key)) return
    this.reportedErrors.add(key)
    this.deps.logger.warning(
      `${errorMessage(error)} (tolerated while polling; further errors like it are not repeated)`
    )
  }

  printProgress(progress: string): void {
    if (progress === this.lastProgress) return
    this.lastProgress = progress
    this.note(progress)
    const elapsed = formatSeconds((this.deps.clock.now() - this.tracked.startedAt) / 1000)
    this.deps.logger.info(`[${elapsed}] ${progress}`)
  }

  /** A failure's message, with the last stopped task's reasons when tasks failed. */
  withLastStop(assessment: { cause: RolloutCause; message: string }): string {
    const tasksMatter =
      assessment.cause === 'tasks-failing' ||
      assessment.cause === 'rollout-failed' ||
      assessment.cause === 'circuit-breaker-rollback'
    return tasksMatter && this.lastStop
      ? `${assessment.message}; last stopped task: ${this.lastStop}`
      : assessment.message
  }
}

/** `task 1a2b (web:2): TaskFailedToStart: CannotPullContainerError: ...; container web exit 1 (reason)`. */
export function describeStoppedTask(task: TaskInfo): string {
  const parts = [`task ${nameFromArn(task.arn)} (${shortTaskDefinition(task.taskDefinitionArn)})`]
  const reason = [task.stopCode, task.stoppedReason].filter(Boolean).join(': ')
  parts.push(reason ? `: ${escapeForLog(reason)}` : ': no stop reason given')
  for (const container of task.containers) {
    const exit =
      container.exitCode === undefined ? 'no exit code' : `exit code ${container.exitCode}`
    parts.push(
      `; container ${container.name} ${exit}${container.reason && container.reason !== task.stoppedReason ? ` (${escapeForLog(container.reason)})` : ''}`
    )
  }
  return parts.join('')
}

/** The `wait` step: watch the deployment `deploy` started. */
export async function waitStep({ settings, plan, state, services }: StepContext): Promise<void> {
  const target = plan.target
  if (!target || !state.deploymentId || !state.taskDefinitionArn) {
    throw new ReleaseError(
      'wait: there is no deployment to watch (the deploy step did not start one)',
      'wait'
    )
  }
  await watchDeployment(
    { settings, plan, state, services },
    {
      deploymentId: state.deploymentId,
      taskDefinitionArn: state.taskDefinitionArn,
      previousTaskDefinitionArn: state.previousTaskDefinitionArn
    }
  )
}

/** Watches one deployment of the release's service with the release's settings (wait and rollback). */
export async function watchDeployment(
  { settings, plan, state, services }: StepContext,
  deployment: Pick<
    TrackedRollout,
    'deploymentId' | 'taskDefinitionArn' | 'previousTaskDefinitionArn'
  >
): Promise<void> {
  const target = plan.target!
  await watchRollout(
    {
      cluster: target.cluster,
      service: target.service,
      ...deployment,
      maxFailedTasks: settings.maxFailedTasks,
      startedAt: services.clock.now(),
      timeoutSeconds: settings.timeoutSeconds
    },
    {
      ecs: services.aws.ecs(),
      clock: services.clock,
      logger: services.logger,
      journal: journalOf(state)
    },
    { pollIntervalSeconds: settings.pollIntervalSeconds }
  )
}

/** The release's rollout journal, started on first use. */
export function journalOf(state: ReleaseState): RolloutJournal {
  state.rollout ??= { timeline: [], events: [] }
  return state.rollout
}
