import {
  EcsCallError,
  shortTaskDefinition,
  type EcsApi,
  type ServiceSnapshot
} from '../aws/ecs-api.js'
import { describeService } from '../aws/services.js'
import type { RolloutJournal } from '../release/state.js'
import type { Clock } from '../util/clock.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import {
  RolloutFailure,
  assessRollout,
  formatSeconds,
  type RolloutSnapshot,
  type TrackedRollout
} from './verdict.js'
import { RolloutView } from './view.js'

export interface WatchDependencies {
  ecs: EcsApi
  clock: Clock
  logger: Logger
  /** [0, 1); jitters the poll interval so many runners do not poll in step. */
  random?: () => number
  /** Where the timeline and the events seen are kept for the job summary. */
  journal?: RolloutJournal
}

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
  let lastGoodAt = tracked.startedAt
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
    let current = polled
    if ('error' in current) {
      view.noteTransientError(current.error)
      if (clock.now() < deadline) continue
      // Never judge on stale data: one last read, with the SDK's retries, before the verdict.
      current = await pollService(deps.ecs, tracked, { polling: false })
      if ('error' in current) {
        const seconds = (clock.now() - lastGoodAt) / 1000
        throw new RolloutFailure(
          `could not read service ${tracked.service} in cluster ${tracked.cluster} for ${formatSeconds(seconds)} (${current.error.code}: ${escapeForLog(current.error.message)}); ` +
            `deployment ${tracked.deploymentId} may well have completed, so it is not rolled back: look at the service before re-running`,
          'unreadable',
          'none',
          tracked.deploymentId
        )
      }
    }
    lastGoodAt = clock.now()
    const snapshot: RolloutSnapshot = { at: clock.now(), service: current.service }
    if (current.service) {
      view.printNewEvents(current.service)
      await view.explainFailedTasks(current.service)
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

/** One DescribeServices (a single attempt when polling); a transient error is returned, anything else thrown. */
async function pollService(
  ecs: EcsApi,
  tracked: TrackedRollout,
  options = { polling: true }
): Promise<{ service: ServiceSnapshot | undefined } | { error: EcsCallError }> {
  try {
    return {
      service: await describeService(ecs, tracked.cluster, tracked.service, options)
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
