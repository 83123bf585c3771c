import {
  EcsCallError,
  shortTaskDefinition,
  type EcsApi,
  type ServiceSnapshot
} from '../aws/ecs-api.js'
import { describeService } from '../aws/services.js'
import type { RolloutJournal } from '../release/state.js'
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'
import {
  RolloutFailure,
  assessRollout,
  formatSeconds,
  timeoutMessage,
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
