import {
  EcsCallError,
  shortTaskDefinition,
  type EcsApi,
  type ServiceSnapshot
} from '../aws/ecs-api.js'
import { isThrottlingCode } from '../aws/call-error.js'
import { findService } from '../aws/services.js'
import { waitRead, type WaitRead } from '../util/wait-deadline.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import {
  RolloutFailure,
  assessRollout,
  type RolloutSnapshot,
  type TrackedRollout
} from './verdict.js'
import { RolloutView } from './view.js'
import { formatSeconds } from '../util/duration.js'
import type { WatchDependencies, WatchOptions } from './watch-dependencies.js'
import { prefixed } from '../util/prefixed-logger.js'
import { adaptivePacer, done, fail, keepPolling, noTolerance, poll } from '../util/poll.js'

export type { WatchDependencies, WatchOptions } from './watch-dependencies.js'
export { prefixed } from '../util/prefixed-logger.js'

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
  const watched: Watched[] = trackeds.map(tracked => {
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
  const ended = await poll<Round, void>({
    clock,
    deadline,
    pacer: adaptivePacer(options.pollIntervalSeconds, random),
    // UpdateService has just answered: nothing can have moved yet, so the first poll waits too.
    firstRead: 'after-pause',
    lastRead: 'answered-late',
    halted: deps.halted,
    // Bounded by the deadline (and the grace): a poll under way when it comes never outlasts it.
    read: async () => {
      const pending = watched.filter(entry => !entry.done)
      const polled = await pollServices(
        deps.ecs,
        pending.map(entry => entry.tracked),
        () => waitRead(clock, deadline, true)
      )
      return { pending, polled, failures: [], allDone: false }
    },
    outcomeOf: ({ polled }) => {
      const errors = [...polled.errors.values()]
      if (errors.some(error => isThrottlingCode(error.code))) return 'throttled'
      return errors.length > 0 ? 'failed' : 'answered'
    },
    observe: async ({ pending, polled }) => {
      const failures: RolloutFailure[] = []
      for (const entry of pending) {
        const failure = await observe(entry, polled)
        if (failure) failures.push(failure)
      }
      return { pending, polled, failures, allDone: watched.every(entry => entry.done) }
    },
    verdict: ({ failures, allDone }) => {
      if (failures.length === 1) return fail(failures[0])
      if (failures.length > 1) return fail(new RolloutFailures(failures))
      return allDone ? done(undefined) : keepPolling
    },
    // A cluster's transient error is its services' own (pollServices): a poll always answers.
    errors: noTolerance
  })
  if (ended.kind === 'halted') return

  /**
   * What one poll says of one service: its new events and failed tasks, then its verdict (done,
   * progress, or its failure). A service whose read failed is read once more at the deadline.
   */
  async function observe(entry: Watched, polled: Polled): Promise<RolloutFailure | undefined> {
    const { tracked, view, log } = entry
    let current = polled.results.get(tracked)
    if (!current) {
      const error = polled.errors.get(tracked.cluster)!
      view.noteTransientError(error)
      if (clock.now() < deadline) return undefined
      // Never judge on stale data: one last read, with the SDK's retries, before the verdict;
      // within the grace past the deadline, and none when the failed poll used it up.
      const read = () => waitRead(clock, deadline, false)
      const last = read().withinMs > 0 ? await pollServices(deps.ecs, [tracked], read) : polled
      current = last.results.get(tracked)
      if (!current) {
        const lastError = last.errors.get(tracked.cluster)!
        return unreadable(tracked, lastError, (clock.now() - entry.lastGoodAt) / 1000)
      }
    }
    entry.lastGoodAt = clock.now()
    const snapshot: RolloutSnapshot = { at: clock.now(), service: current.service }
    if (current.service) {
      view.printNewEvents(current.service)
      await view.explainFailedTasks(current.service)
      await deps.observer?.polled({
        service: tracked.service,
        at: snapshot.at,
        snapshot: current.service,
        deploymentId: tracked.deploymentId
      })
    }
    const assessment = assessRollout(snapshot, tracked)
    if (assessment.status === 'done') {
      entry.done = true
      deps.observer?.ended(tracked.service, snapshot.at, false)
      view.note(`${several ? `${tracked.service}: ` : ''}done: ${assessment.summary}`)
      log.info(
        `rollout complete after ${formatSeconds((clock.now() - tracked.startedAt) / 1000)}: ${assessment.summary}`
      )
    } else if (assessment.status === 'failed') {
      deps.observer?.ended(tracked.service, snapshot.at, true)
      view.note(`${several ? `${tracked.service}: ` : ''}failed: ${assessment.cause}`)
      return new RolloutFailure(
        `${several ? `service ${tracked.service}: ` : ''}${await view.withLastStop(assessment)}`,
        assessment.cause,
        assessment.rollback,
        tracked.deploymentId,
        tracked.service
      )
    } else {
      view.printProgress(assessment.progress)
    }
    return undefined
  }
}

/** One service a watch follows, and what it keeps between polls. */
interface Watched {
  tracked: TrackedRollout
  view: RolloutView
  log: Logger
  done: boolean
  /** When its service was last read. */
  lastGoodAt: number
}

/** One poll of the services still rolling out: what was read, the failures seen, all done. */
interface Round {
  pending: Watched[]
  polled: Polled
  failures: RolloutFailure[]
  allDone: boolean
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
