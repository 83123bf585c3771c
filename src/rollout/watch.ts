import {
  EcsCallError,
  shortTaskDefinition,
  type EcsApi,
  type ServiceSnapshot
} from '../aws/ecs-api.js'
import { isThrottlingCode } from '../aws/call-error.js'
import { findService } from '../aws/services.js'
import type { LogsApi } from '../aws/logs-api.js'
import type { RolloutJournal } from '../core/state.js'
import type { Clock } from '../util/clock.js'
import { waitRead, type WaitRead } from '../util/wait-deadline.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import {
  RolloutFailure,
  assessRollout,
  formatSeconds,
  type RolloutSnapshot,
  type TrackedRollout
} from './verdict.js'
import { RolloutView } from './view.js'
import { afterPoll, nextPollDelay, startPacing } from './poll-pacing.js'

export interface WatchDependencies {
  ecs: EcsApi
  clock: Clock
  logger: Logger
  /** [0, 1); jitters the poll interval so many runners do not poll in step. */
  random?: () => number
  /** Where the timeline and the events seen are kept for the job summary. */
  journal?: RolloutJournal
  /** CloudWatch Logs, for the crashed containers' last lines (none: no last lines). */
  logs?: LogsApi
  /** True once another watch of the release failed: stop polling, say nothing more. */
  halted?: () => boolean
}

export interface WatchOptions {
  pollIntervalSeconds: number
  /** Prefix each line with the service's name (default: when this watch has several). */
  prefixServices?: boolean
}

/** Several services failed together: each failure, the first one first. */
export class RolloutFailures extends RolloutFailure {
  constructor(readonly failures: RolloutFailure[]) {
    const [first] = failures
    super(
      failures.map(failure => failure.message).join('; '),
      first!.kind,
      first!.rollback,
      first!.deploymentId,
      first!.service
    )
    this.name = 'RolloutFailures'
  }
}

/** The failures a watch threw, one per failed service. */
export function failuresOf(error: unknown): RolloutFailure[] {
  if (error instanceof RolloutFailures) return error.failures
  return error instanceof RolloutFailure ? [error] : []
}

/** One service's rollout: polls until done (resolves) or failed (throws RolloutFailure). */
export async function watchRollout(
  tracked: TrackedRollout,
  deps: WatchDependencies,
  options: WatchOptions
): Promise<void> {
  await watchRollouts([tracked], deps, options)
}

/**
 * Watches the rollouts of several services together: each poll is one DescribeServices per
 * cluster and 10 services (ECS's batch limit), never one per service. Done when every service is
 * done; fails at once when any fails (every failure seen in that poll is named). Prints each new
 * service event once, the stop reasons of newly failed tasks, and a progress line only when a
 * service's standing changed, prefixed with the service's name when there are several. Transient
 * ECS errors are logged once and polled through; throttling stretches the interval until ECS
 * answers again.
 */
export async function watchRollouts(
  trackeds: readonly TrackedRollout[],
  deps: WatchDependencies,
  options: WatchOptions
): Promise<void> {
  const { clock, logger } = deps
  const random = deps.random ?? Math.random
  const several = options.prefixServices ?? trackeds.length > 1
  const watched = trackeds.map(tracked => {
    const log = several ? prefixed(logger, `[${tracked.service}] `) : logger
    const view = new RolloutView(tracked, { ...deps, logger: log })
    return { tracked, view, log, done: false, lastGoodAt: tracked.startedAt }
  })
  const deadline = Math.min(...trackeds.map(t => t.startedAt + t.timeoutSeconds * 1000))
  for (const { tracked, view, log } of watched) {
    log.info(
      `watching deployment ${tracked.deploymentId} (${shortTaskDefinition(tracked.taskDefinitionArn)}) of service ${tracked.service} in cluster ${tracked.cluster}, for up to ${formatSeconds(tracked.timeoutSeconds)}`
    )
    view.note(
      `${several ? `${tracked.service}: ` : ''}deployment ${tracked.deploymentId} (${shortTaskDefinition(tracked.taskDefinitionArn)}) started`
    )
  }
  let pacing = startPacing(options.pollIntervalSeconds)
  // UpdateService has just answered: nothing can have moved yet, so the first poll waits too.
  let nextPollAt = clock.now() + nextPollDelay(pacing, random)
  for (;;) {
    await sleepUntil(clock, Math.min(nextPollAt, deadline))
    if (deps.halted?.()) return
    const pending = watched.filter(entry => !entry.done)
    // Bounded by the deadline (and the grace): a poll under way when it comes never outlasts it.
    const polled = await pollServices(
      deps.ecs,
      pending.map(entry => entry.tracked),
      () => waitRead(clock, deadline, true)
    )
    const throttled = [...polled.errors.values()].some(error => isThrottlingCode(error.code))
    pacing = afterPoll(
      pacing,
      throttled ? 'throttled' : polled.errors.size > 0 ? 'failed' : 'answered'
    )
    // Counted from the answer, so a slow or retried request never brings the next one closer.
    nextPollAt = clock.now() + nextPollDelay(pacing, random)
    const failures: RolloutFailure[] = []
    for (const entry of pending) {
      const { tracked, view, log } = entry
      let current = polled.results.get(entry.tracked)
      if (!current) {
        const error = polled.errors.get(tracked.cluster)!
        view.noteTransientError(error)
        if (clock.now() < deadline) continue
        // Never judge on stale data: one last read, with the SDK's retries, before the verdict;
        // within the grace past the deadline, and none when the failed poll used it up.
        const read = () => waitRead(clock, deadline, false)
        const last = read().withinMs > 0 ? await pollServices(deps.ecs, [tracked], read) : polled
        current = last.results.get(tracked)
        if (!current) {
          const lastError = last.errors.get(tracked.cluster)!
          failures.push(unreadable(tracked, lastError, (clock.now() - entry.lastGoodAt) / 1000))
          continue
        }
      }
      entry.lastGoodAt = clock.now()
      const snapshot: RolloutSnapshot = { at: clock.now(), service: current.service }
      if (current.service) {
        view.printNewEvents(current.service)
        await view.explainFailedTasks(current.service)
      }
      const assessment = assessRollout(snapshot, tracked)
      if (assessment.status === 'done') {
        entry.done = true
        view.note(`${several ? `${tracked.service}: ` : ''}done: ${assessment.summary}`)
        log.info(
          `rollout complete after ${formatSeconds((clock.now() - tracked.startedAt) / 1000)}: ${assessment.summary}`
        )
      } else if (assessment.status === 'failed') {
        view.note(`${several ? `${tracked.service}: ` : ''}failed: ${assessment.cause}`)
        failures.push(
          new RolloutFailure(
            `${several ? `service ${tracked.service}: ` : ''}${await view.withLastStop(assessment)}`,
            assessment.cause,
            assessment.rollback,
            tracked.deploymentId,
            tracked.service
          )
        )
      } else {
        view.printProgress(assessment.progress)
      }
    }
    if (failures.length === 1) throw failures[0]
    if (failures.length > 1) throw new RolloutFailures(failures)
    if (watched.every(entry => entry.done)) return
  }
}

function unreadable(tracked: TrackedRollout, error: EcsCallError, seconds: number): RolloutFailure {
  return new RolloutFailure(
    `could not read service ${tracked.service} in cluster ${tracked.cluster} for ${formatSeconds(seconds)} (${error.code}: ${escapeForLog(error.message)}); ` +
      `deployment ${tracked.deploymentId} may well have completed, so it is not rolled back: look at the service before re-running`,
    'unreadable',
    'none',
    tracked.deploymentId,
    tracked.service
  )
}

interface Polled {
  results: Map<TrackedRollout, { service: ServiceSnapshot | undefined }>
  /** Per cluster: the transient error its DescribeServices ended with. */
  errors: Map<string, EcsCallError>
}

/** DescribeServices per cluster (the adapter batches 10 names a call); transient errors returned. */
async function pollServices(
  ecs: EcsApi,
  trackeds: readonly TrackedRollout[],
  /** Each cluster's read, as bounded when it is made. */
  options: () => WaitRead
): Promise<Polled> {
  const polled: Polled = { results: new Map(), errors: new Map() }
  const clusters = new Map<string, TrackedRollout[]>()
  for (const tracked of trackeds) {
    clusters.set(tracked.cluster, [...(clusters.get(tracked.cluster) ?? []), tracked])
  }
  for (const [cluster, members] of clusters) {
    try {
      const answer = await ecs.describeServices(
        cluster,
        members.map(member => member.service),
        options()
      )
      for (const member of members) {
        polled.results.set(member, { service: findService(answer, member.service) })
      }
    } catch (error) {
      if (error instanceof EcsCallError && error.transient) polled.errors.set(cluster, error)
      else throw error
    }
  }
  return polled
}

export async function sleepUntil(clock: Clock, at: number): Promise<void> {
  const wait = at - clock.now()
  if (wait > 0) await clock.sleep(wait)
}

/** The logger with every line it prints prefixed (the service's name, when several roll out). */
export function prefixed(logger: Logger, prefix: string): Logger {
  return {
    info: message => logger.info(`${prefix}${message}`),
    warning: (message, title) => logger.warning(`${prefix}${message}`, title),
    error: (message, title) => logger.error(`${prefix}${message}`, title),
    debug: message => logger.debug(`${prefix}${message}`),
    group: (name, body) => logger.group(name, body)
  }
}
