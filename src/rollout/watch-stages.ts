import { EcsCallError, shortTaskDefinition } from '../aws/ecs-api.js'
import { toleratingTransientAwsErrors } from '../aws/transient.js'
import { findService } from '../aws/services.js'
import {
  describeServiceDeploymentArn,
  type ServiceDeploymentSnapshot
} from '../aws/service-deployment.js'
import type { StageJournal } from '../core/state.js'
import { VerificationError, errorMessage } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'
import { waitRead, type WaitRead } from '../util/wait-deadline.js'
import { adaptivePacer, done, fail, keepPolling, poll, type Verdict } from '../util/poll.js'
import {
  LIFECYCLE_STAGES,
  assessServiceDeployment,
  type ServiceDeploymentVerdict,
  type StageEvent,
  type TrackedServiceDeployment
} from './service-deployment-verdict.js'
import { awaitStageRollback, stopAndAwaitRollback } from './stage-rollback.js'
import {
  awaitingPauseHook,
  pausedLine,
  timedOutHooks,
  type AwaitingHook,
  type PauseAnswer
} from './pause-hooks.js'
import { strategyLabel } from './strategy.js'
import { RolloutFailure, type RolloutCause, type RollbackAdvice } from './verdict.js'
import { formatSeconds } from '../util/duration.js'
import { RolloutView } from './view.js'
import type { WatchDependencies, WatchOptions } from './watch-dependencies.js'

// The poll loop of an ECS-native blue/green, linear or canary deployment: it follows the service
// deployment UpdateService started, stage by stage, with the pure verdict deciding each poll.
// ECS rolls back on its own (alarms, circuit breaker); ecs-flow only says so, except when its own
// check fails during BAKE_TIME: then it asks ECS to roll back (StopServiceDeployment).

/** The service deployment to follow and what the release expects of it. */
export interface TrackedStages extends TrackedServiceDeployment {
  /** The classic deployment UpdateService returned (ecs-svc/…), for messages and the rollback. */
  deploymentId: string
  taskDefinitionArn: string
  /** UpdateService's current service deployment; confirmed by its target revision before use. */
  serviceDeploymentArn?: string
  strategy?: string
  /** When watching started (ms), and how long it may take. */
  startedAt: number
  timeoutSeconds: number
  /**
   * Verify, run once production traffic is on the new revision and the old one still runs
   * (BAKE_TIME). Absent: verify runs after SUCCESSFUL, as for a rolling update. A failed check
   * is a VerificationError.
   */
  verifyAtBake?: () => Promise<void>
  /**
   * What a PAUSE lifecycle hook awaiting action gets (on-pause). Absent: the hook is reported
   * and left to ECS's timeout action.
   */
  onPause?: PauseAnswer
  /** Input rollback: a failed check during the bake asks ECS to roll back. */
  rollback: boolean
  /** How long ECS's rollback may take once asked for (rollback-timeout). */
  rollbackTimeoutSeconds: number
}

/** One poll: the service deployment (none of ours yet: undefined), and what it means. */
interface Seen {
  deployment: ServiceDeploymentSnapshot | undefined
  verdict?: ServiceDeploymentVerdict
}

/** The rolling watcher's dependencies, and where this service deployment's stages are kept. */
export interface StageWatchDependencies extends Omit<WatchDependencies, 'logs'> {
  /** This service deployment's stages, for the summary, the rollback and a cancelled job. */
  stages?: StageJournal
}

/** A stage's place in ECS's order (-1: none, or one ECS added later). */
function stageOrder(stage: string | undefined): number {
  return stage === undefined ? -1 : (LIFECYCLE_STAGES as readonly string[]).indexOf(stage)
}

/**
 * Verify runs inside the watch once production traffic is on the new revision and the old one
 * still runs (BAKE_TIME), or when the watch ends with traffic shifted, before ECS goes on alone.
 */
function verifyDue(verdict: ServiceDeploymentVerdict): boolean {
  if (verdict.status === 'in-progress') return verdict.verifyNow
  return verdict.status === 'done' && verdict.how !== 'successful' && verdict.verifyNow
}

/** Where to follow a service deployment ecs-flow stopped watching: ECS's API, or its console. */
export function followHint(serviceDeploymentArn: string | undefined, service: string): string {
  const api = serviceDeploymentArn
    ? `aws ecs describe-service-deployments --service-deployment-arns ${escapeForLog(serviceDeploymentArn)}, or `
    : ''
  return `${api}the Deployments tab of service ${service} in the ECS console`
}

/** A blue/green deployment failed; `rolledBack`: ecs-flow asked ECS to roll back and it did. */
export class StageFailure extends RolloutFailure {
  constructor(
    message: string,
    kind: RolloutCause,
    rollback: RollbackAdvice,
    deploymentId: string,
    service: string,
    readonly rolledBack = false
  ) {
    super(message, kind, rollback, deploymentId, service)
    this.name = 'StageFailure'
  }
}

/**
 * Follows one service deployment until it is done (resolves) or failed (throws StageFailure):
 * each lifecycle stage printed once with its time, a progress line (task counts, alarms,
 * circuit breaker) when it changes. Transient ECS errors are logged once and polled through;
 * throttling stretches the interval. `halted`: another service of the release failed.
 */
export async function watchStages(
  tracked: TrackedStages,
  deps: StageWatchDependencies,
  options: WatchOptions
): Promise<void> {
  await new StageWatch(tracked, deps, options).run()
}

class StageWatch {
  private readonly view: RolloutView
  private readonly seen: StageEvent[] = []
  private readonly deadline: number
  private readonly label: string
  /** The service deployment, once its target revision is known to be ours. */
  private arn: string | undefined
  private candidate: string | undefined
  /** Service deployments whose target revision runs another task definition (the one before). */
  private readonly notOurs = new Set<string>()
  private verified = false
  private lastGoodAt: number
  /** PAUSE hooks seen awaiting action (told once, answered once), with their stage. */
  private readonly pausedAt = new Map<string, string>()
  /** Timed-out hooks already reported. */
  private readonly timedOut = new Set<string>()
  /** on-pause approve met a hook: the watch ends there, the job ends paused. */
  private endedAtPause = false

  constructor(
    private readonly tracked: TrackedStages,
    private readonly deps: StageWatchDependencies,
    private readonly options: WatchOptions
  ) {
    this.view = new RolloutView({ ...tracked, maxFailedTasks: 0 }, deps)
    this.deadline = tracked.startedAt + tracked.timeoutSeconds * 1000
    this.candidate = tracked.serviceDeploymentArn
    this.lastGoodAt = tracked.startedAt
    this.label = `${strategyLabel(tracked.strategy)} deployment ${tracked.deploymentId} (${shortTaskDefinition(tracked.taskDefinitionArn)})`
  }

  async run(): Promise<void> {
    const { tracked, deps } = this
    const { clock, logger } = deps
    const random = deps.random ?? Math.random
    const until =
      tracked.waitUntil === 'complete' || tracked.waitUntil === 'drained'
        ? 'it is SUCCESSFUL'
        : tracked.waitUntil === 'traffic-shifted'
          ? 'traffic is shifted'
          : `it reaches stage ${tracked.waitUntil}`
    logger.info(
      `watching ${this.label} of service ${tracked.service} in cluster ${tracked.cluster} by lifecycle stage until ${until}, for up to ${formatSeconds(tracked.timeoutSeconds)}`
    )
    this.view.note(`${this.prefix()}${this.label} started`)
    await poll<Seen, void>({
      clock,
      deadline: this.deadline,
      pacer: adaptivePacer(this.options.pollIntervalSeconds, random),
      // UpdateService has just answered: nothing can have moved yet, so the first poll waits too.
      firstRead: 'after-pause',
      // Never judged on a failed read: when the deadline passed during it, the last read is next.
      lastRead: 'answered-late',
      halted: deps.halted,
      read: async bound => {
        const deployment = await this.read(bound.polling)
        this.lastGoodAt = clock.now()
        return { deployment }
      },
      observe: seen => this.observe(seen),
      verdict: seen => this.verdict(seen),
      errors: toleratingTransientAwsErrors(error => this.view.noteTransientError(error)),
      expired: ({ reading, error }) =>
        fail(
          error instanceof EcsCallError ? this.unreadable(error) : this.timeout(reading?.deployment)
        )
    })
  }

  /** A read made now: bounded by what is left of the deadline, and its grace. */
  private bounded(polling: boolean): WaitRead {
    return waitRead(this.deps.clock, this.deadline, polling)
  }

  /**
   * The service deployment UpdateService started: its current service deployment, once its
   * target revision runs our task definition (a stale answer names the one before).
   */
  private async read(polling: boolean): Promise<ServiceDeploymentSnapshot | undefined> {
    const { ecs } = this.deps
    if (this.arn) return ecs.describeServiceDeployment(this.arn, this.bounded(polling))
    const arn = this.candidate ?? (await this.currentOfService(polling))
    this.candidate = undefined
    if (!arn || this.notOurs.has(arn)) return undefined
    const deployment = await ecs.describeServiceDeployment(arn, this.bounded(polling))
    if (!deployment?.target) return undefined
    const revision = await ecs.describeServiceRevision(deployment.target.arn, this.bounded(false))
    if (revision?.taskDefinition !== this.tracked.taskDefinitionArn) {
      this.notOurs.add(arn)
      return undefined
    }
    this.arn = arn
    if (this.deps.stages) this.deps.stages.serviceDeploymentArn = arn
    this.deps.logger.info(
      `following ${describeServiceDeploymentArn(arn)}: its target revision runs ${shortTaskDefinition(revision.taskDefinition)}`
    )
    return deployment
  }

  private async currentOfService(polling: boolean): Promise<string | undefined> {
    const { cluster, service } = this.tracked
    const answer = await this.deps.ecs.describeServices(cluster, [service], this.bounded(polling))
    return findService(answer, service)?.currentServiceDeployment
  }

  /**
   * Tells what is new in the service deployment (its stages, its progress; done or failed in the
   * journal), and verifies during BAKE_TIME when that is due. A STOPPED one is looked at again:
   * stopped by ECS, or because someone else's deployment took over?
   */
  private async observe(seen: Seen): Promise<Seen> {
    const { deployment } = seen
    if (!deployment) return seen
    const { clock } = this.deps
    let verdict = this.assess(deployment, true)
    if (verdict.status === 'failed' && /^STOP/.test(deployment.status)) {
      const current = await this.currentOfService(false).catch(() => this.arn)
      verdict = this.assess(deployment, current === this.arn)
    }
    this.printStages(verdict.newStages)
    this.reportTimedOutHooks(deployment)
    const paused = verdict.status === 'in-progress' ? awaitingPauseHook(deployment) : undefined
    if (paused && !this.pausedAt.has(paused.hook.hookId)) await this.answerPause(paused)
    if (this.endedAtPause) return { deployment, verdict }
    if (this.tracked.verifyAtBake !== undefined && !this.verified && verifyDue(verdict))
      await this.verifyDuringBake()
    if (verdict.status === 'done') {
      this.finish(verdict)
    } else if (verdict.status === 'failed') {
      this.end({
        at: clock.now(),
        status: 'failed',
        failedIn: verdict.failedIn,
        reason: verdict.reason
      })
      this.view.note(
        `${this.prefix()}failed${verdict.failedIn ? ` in ${verdict.failedIn}` : ''}: ${verdict.cause}`
      )
    } else this.view.printProgress(verdict.progress)
    return { deployment, verdict }
  }

  /**
   * The watch ends: SUCCESSFUL, or ECS carries on alone (traffic shifted, or the stage wait-until
   * names reached), which the log says with where to follow it.
   */
  private finish(verdict: Extract<ServiceDeploymentVerdict, { status: 'done' }>): void {
    const { clock, logger } = this.deps
    const after = formatSeconds((clock.now() - this.tracked.startedAt) / 1000)
    this.view.note(`${this.prefix()}done: ${verdict.summary}`)
    if (verdict.how !== 'stage-reached') {
      this.end({ at: clock.now(), status: verdict.how })
      logger.info(`rollout complete after ${after}: ${verdict.summary}`)
      return
    }
    const stage = this.tracked.waitUntil
    this.end({ at: clock.now(), status: 'stage-reached', stage, now: verdict.stage })
    logger.info(`stopped watching after ${after}: ${verdict.summary}`)
    logger.info(`follow it on: ${followHint(this.arn, this.tracked.service)}`)
  }

  /** Done or failed as ECS's service deployment is; no deployment of ours seen yet: go on. */
  private verdict({ verdict }: Seen): Verdict<void> {
    if (this.endedAtPause) return done(undefined)
    if (verdict?.status === 'done') return done(undefined)
    if (verdict?.status === 'failed') return fail(this.failure(verdict.message, verdict.rollback))
    return keepPolling
  }

  private assess(
    deployment: ServiceDeploymentSnapshot,
    isCurrent: boolean
  ): ServiceDeploymentVerdict {
    return assessServiceDeployment(
      { at: this.deps.clock.now(), deployment, isCurrent },
      this.seen,
      this.tracked
    )
  }

  /**
   * Each stage once. ECS goes through its stages in order, but a poll sees only the one it is in
   * now: the stages passed between two polls are named as such, dated by the one seen.
   */
  private printStages(stages: readonly StageEvent[]): void {
    for (const event of stages) {
      const from = Math.max(-1, ...this.seen.map(seen => stageOrder(seen.stage))) + 1
      const passed = LIFECYCLE_STAGES.slice(from, Math.max(from, stageOrder(event.stage)))
      for (const stage of passed) this.printStage({ stage, at: event.at }, true)
      this.printStage(event, false)
    }
  }

  private printStage(event: StageEvent, between: boolean): void {
    this.seen.push(event)
    this.deps.stages?.stages.push({ ...event, ...(between ? { between } : {}) })
    this.deps.observer?.stage(this.tracked.service, event.at, event.stage)
    const since = formatSeconds(Math.max(0, event.at - this.tracked.startedAt) / 1000)
    const clockTime = new Date(event.at).toISOString().slice(11, 19)
    // Stage names are ECS's text.
    const stage = escapeForLog(event.stage)
    this.deps.logger.info(
      between
        ? `stage ${stage} passed between polls (by ${clockTime}, +${since})`
        : `stage ${stage} at ${clockTime} (+${since})`
    )
    this.view.note(`${this.prefix()}stage ${stage}`)
  }

  /** Verify while the old revision still runs: a failed check asks ECS to roll back. */
  private async verifyDuringBake(): Promise<void> {
    const { logger } = this.deps
    logger.info(
      `production traffic is on ${shortTaskDefinition(this.tracked.taskDefinitionArn)} and the old revision still runs (BAKE_TIME): verifying before the old tasks go`
    )
    try {
      await this.tracked.verifyAtBake!()
    } catch (error) {
      if (error instanceof VerificationError) throw await this.verifyFailed(error)
      throw error
    }
    this.verified = true
    if (this.deps.stages) this.deps.stages.verifiedAtBake = true
    logger.info('verify passed during BAKE_TIME; it does not run again after SUCCESSFUL')
  }

  private async verifyFailed(error: VerificationError): Promise<StageFailure> {
    const { clock } = this.deps
    const { tracked } = this
    const failed = `verify failed during BAKE_TIME: ${errorMessage(error)}`
    if (!tracked.rollback || !this.arn)
      return this.failure(
        `${failed}; rollback is off (input rollback): ECS finishes the deployment on its own and service ${tracked.service} stays on ${shortTaskDefinition(tracked.taskDefinitionArn)}`,
        'none'
      )
    if (this.deps.stages)
      this.deps.stages.rollbackRequested = {
        at: clock.now(),
        why: 'verify failed during BAKE_TIME'
      }
    const end = await stopAndAwaitRollback(this.arn, this.deps, {
      pollIntervalSeconds: this.options.pollIntervalSeconds,
      deadline: clock.now() + tracked.rollbackTimeoutSeconds * 1000,
      why: 'verify failed during BAKE_TIME'
    })
    switch (end.outcome) {
      case 'rolled-back':
        this.end({ at: clock.now(), status: 'rolled-back' })
        return this.failure(
          `${failed}. Rolled back during BAKE_TIME (StopServiceDeployment ROLLBACK): ECS reports ROLLBACK_SUCCESSFUL, production traffic is on the previous revision again`,
          'ecs',
          true
        )
      case 'rollback-failed':
        this.end({ at: clock.now(), status: 'rollback-failed' })
        return this.failure(
          `${failed}. ecs-flow asked ECS to roll back (StopServiceDeployment ROLLBACK), but ECS reports ROLLBACK_FAILED: look at the service, both revisions may still run`,
          'none'
        )
      case 'timeout':
        return this.failure(
          `${failed}. ecs-flow asked ECS to roll back (StopServiceDeployment ROLLBACK); it had not finished within rollback-timeout ${formatSeconds(tracked.rollbackTimeoutSeconds)} (last seen ${escapeForLog(end.status)}): ECS goes on with it`,
          'none'
        )
      case 'not-stoppable':
        return this.failure(
          `${failed}; the deployment finished (${escapeForLog(end.status)}) before it could be stopped`,
          'ours'
        )
    }
  }

  /**
   * A PAUSE hook awaits action: told once, then answered as on-pause says — CONTINUE at once, or
   * the release's verify first, CONTINUE when it passes and ROLLBACK when it fails.
   */
  private async answerPause(paused: AwaitingHook): Promise<void> {
    const { logger, clock } = this.deps
    const { hook, stage } = paused
    this.pausedAt.set(hook.hookId, stage)
    const line = pausedLine(paused, clock.now())
    logger.info(line)
    this.view.note(`${this.prefix()}${line}`)
    const record = { hookId: hook.hookId, stage, at: clock.now() }
    if (this.deps.stages) this.deps.stages.pauses = [...(this.deps.stages.pauses ?? []), record]
    const answer = this.tracked.onPause
    if (!answer) {
      logger.warning(
        `${this.prefix()}nothing answers this pause (on-pause): ECS takes its timeout action ${escapeForLog(hook.timeoutAction)} when it times out`
      )
      return
    }
    if (answer.kind === 'approve') {
      this.endAtPause(paused)
      return
    }
    const pausedFor = `paused at ${escapeForLog(stage)}`
    if (answer.kind === 'verify') {
      logger.info(`on-pause: verify: verifying the deployment ${pausedFor}`)
      try {
        await answer.verify()
      } catch (error) {
        if (error instanceof VerificationError)
          throw await this.pauseVerifyFailed(paused, errorMessage(error))
        throw error
      }
      logger.info(`verify passed while ${pausedFor}`)
    }
    await this.deps.ecs.continueServiceDeployment(this.arn!, hook.hookId, 'CONTINUE')
    Object.assign(record, {
      answeredBy: answer.kind === 'verify' ? 'ecs-flow verify' : 'on-pause: continue',
      action: 'CONTINUE',
      answeredAt: clock.now()
    })
    logger.info(
      `ContinueServiceDeployment CONTINUE (on-pause: ${answer.kind}): the deployment goes on from ${escapeForLog(stage)}`
    )
  }

  /**
   * on-pause approve: the watch ends at the hook, and the job with `result: paused`; a later job
   * (flow continue) answers the hook and watches the deployment to its end.
   */
  private endAtPause({ hook, stage }: AwaitingHook): void {
    const { clock, logger } = this.deps
    this.endedAtPause = true
    this.end({
      at: clock.now(),
      status: 'paused',
      stage,
      hookId: hook.hookId,
      expiresAt: hook.expiresAt,
      timeoutAction: hook.timeoutAction
    })
    const line = `on-pause: approve: the job ends paused at ${escapeForLog(stage)}; a job with flow: continue and decision: continue or rollback answers PAUSE hook ${escapeForLog(hook.hookId)} of ${describeServiceDeploymentArn(this.arn!)}`
    logger.info(line)
    this.view.note(`${this.prefix()}on-pause: approve: the job ends paused here`)
  }

  /** Verify failed at a pause: ROLLBACK through the hook (input rollback on), awaited. */
  private async pauseVerifyFailed(paused: AwaitingHook, message: string): Promise<StageFailure> {
    const { clock, logger } = this.deps
    const { tracked } = this
    const failed = `verify failed while paused at ${escapeForLog(paused.stage)}: ${message}`
    if (!tracked.rollback)
      return this.failure(
        `${failed}; rollback is off (input rollback): the hook is left unanswered and ECS takes its timeout action ${escapeForLog(paused.hook.timeoutAction)}${paused.hook.expiresAt === undefined ? '' : ` at ${new Date(paused.hook.expiresAt).toISOString()}`}`,
        'none'
      )
    const why = `verify failed while paused at ${paused.stage}`
    if (this.deps.stages) this.deps.stages.rollbackRequested = { at: clock.now(), why }
    await this.deps.ecs.continueServiceDeployment(this.arn!, paused.hook.hookId, 'ROLLBACK')
    const record = this.deps.stages?.pauses?.find(pause => pause.hookId === paused.hook.hookId)
    if (record)
      Object.assign(record, {
        answeredBy: 'ecs-flow verify (failed)',
        action: 'ROLLBACK',
        answeredAt: clock.now()
      })
    logger.info(
      `ContinueServiceDeployment ROLLBACK (on-pause: verify): ECS moves traffic back to the previous revision`
    )
    const end = await awaitStageRollback(this.arn!, this.deps, {
      pollIntervalSeconds: this.options.pollIntervalSeconds,
      deadline: clock.now() + tracked.rollbackTimeoutSeconds * 1000
    })
    switch (end.outcome) {
      case 'rolled-back':
        this.end({ at: clock.now(), status: 'rolled-back' })
        return this.failure(
          `${failed}. Rolled back at the pause (ContinueServiceDeployment ROLLBACK): ECS reports ROLLBACK_SUCCESSFUL, production traffic is on the previous revision`,
          'ecs',
          true
        )
      case 'rollback-failed':
        this.end({ at: clock.now(), status: 'rollback-failed' })
        return this.failure(
          `${failed}. ecs-flow answered the pause with ROLLBACK (ContinueServiceDeployment), but ECS reports ROLLBACK_FAILED: look at the service, both revisions may still run`,
          'none'
        )
      case 'timeout':
        return this.failure(
          `${failed}. ecs-flow answered the pause with ROLLBACK (ContinueServiceDeployment); it had not finished within rollback-timeout ${formatSeconds(tracked.rollbackTimeoutSeconds)} (last seen ${escapeForLog(end.status)}): ECS goes on with it`,
          'none'
        )
      case 'not-stoppable':
        return this.failure(
          `${failed}; ECS reports ${escapeForLog(end.status)} after the ROLLBACK answer`,
          'ours'
        )
    }
  }

  /** A hook ECS answered at its timeout: said once, with the action ECS took. */
  private reportTimedOutHooks(deployment: ServiceDeploymentSnapshot): void {
    for (const hook of timedOutHooks(deployment)) {
      if (this.timedOut.has(hook.hookId)) continue
      this.timedOut.add(hook.hookId)
      const stage = this.pausedAt.get(hook.hookId)
      const record = this.deps.stages?.pauses?.find(pause => pause.hookId === hook.hookId)
      if (record && !record.answeredBy)
        Object.assign(record, {
          answeredBy: 'the hook timed out (ECS took its timeout action)',
          action: hook.timeoutAction,
          answeredAt: this.deps.clock.now()
        })
      const line = `the PAUSE hook ${escapeForLog(hook.hookId)}${stage ? ` at ${escapeForLog(stage)}` : ''} timed out: ECS took its timeout action ${escapeForLog(hook.timeoutAction)}`
      this.deps.logger.info(line)
      this.view.note(`${this.prefix()}${line}`)
    }
  }

  private end(end: NonNullable<StageJournal['end']>): void {
    if (this.deps.stages) this.deps.stages.end = end
    const failed =
      end.status !== 'successful' &&
      end.status !== 'traffic-shifted' &&
      end.status !== 'stage-reached'
    this.deps.observer?.ended(this.tracked.service, end.at, failed)
  }

  private failure(message: string, rollback: RollbackAdvice, rolledBack = false): StageFailure {
    const { tracked } = this
    return new StageFailure(
      `${this.prefix('service ')}${message}`,
      'rollout-failed',
      rollback,
      tracked.deploymentId,
      tracked.service,
      rolledBack
    )
  }

  private timeout(deployment: ServiceDeploymentSnapshot | undefined): StageFailure {
    const { tracked } = this
    const where = deployment
      ? `${escapeForLog(deployment.status)} in ${escapeForLog(deployment.lifecycleStage ?? 'no stage')}`
      : 'its service deployment was not found'
    this.end({
      at: this.deps.clock.now(),
      status: 'failed',
      failedIn: deployment?.lifecycleStage,
      reason: 'timeout'
    })
    return new StageFailure(
      `${this.prefix('service ')}the ${this.label} did not finish within the timeout of ${formatSeconds(tracked.timeoutSeconds)}: ${where}`,
      'timeout',
      this.arn || deployment ? 'ours' : 'none',
      tracked.deploymentId,
      tracked.service
    )
  }

  private unreadable(error: EcsCallError): StageFailure {
    const { tracked } = this
    const seconds = (this.deps.clock.now() - this.lastGoodAt) / 1000
    return new StageFailure(
      `${this.prefix('service ')}could not read the ${this.label} of service ${tracked.service} for ${formatSeconds(seconds)} (${error.code}: ${escapeForLog(error.message)}); it may well have completed, so it is not rolled back: look at the service before re-running`,
      'unreadable',
      'none',
      tracked.deploymentId,
      tracked.service
    )
  }

  /** Lines in the journal name the service, as the rolling watcher's do when several roll out. */
  private prefix(word = ''): string {
    return this.options.prefixServices ? `${word}${this.tracked.service}: ` : ''
  }
}
