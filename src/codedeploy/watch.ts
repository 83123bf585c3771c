import type { RolloutObserver } from '../insight/observer.js'
import { AwsCallError, isThrottlingCode } from '../aws/call-error.js'
import type { CodeDeployApi, EcsDeploymentTarget } from '../aws/codedeploy-api.js'
import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { StepContext } from '../core/context.js'
import { journalOf } from '../core/state.js'
import type { PollOutcome } from '../util/poll-pacing.js'
import {
  adaptivePacer,
  done,
  fail,
  keepPolling,
  noTolerance,
  poll,
  type Verdict
} from '../util/poll.js'
import { ProgressReport } from '../util/progress.js'
import { reportOnce } from '../util/report-once.js'
import { prefixed } from '../util/prefixed-logger.js'
import { awsErrorKind } from '../aws/transient.js'
import { RolloutFailure } from '../rollout/verdict.js'
import { formatSeconds } from '../util/duration.js'
import { RolloutFailures } from '../rollout/watch.js'
import type { Target } from '../settings/types.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import { waitRead } from '../util/wait-deadline.js'
import {
  assessCodeDeployment,
  finishedLifecycleEvents,
  type CodeDeployAssessment,
  type TrackedCodeDeployment
} from './verdict.js'

/** One CodeDeploy deployment of one service, as `wait` (and a rollback) follows it. */
export interface CodeDeploymentToWatch {
  target: Target
  deploymentId: string
  taskDefinitionArn: string
}

/** What one watched deployment keeps between polls. */
interface Watched {
  tracked: TrackedCodeDeployment
  log: Logger
  /** The ECS target's id, once CodeDeploy lists it. */
  targetId?: string
  printed: Set<string>
  /** Says each kind of tolerated error once. */
  reportTolerated: (error: unknown) => void
  /** How the last poll went: a throttled one spaces the next polls out (poll-pacing.ts). */
  lastOutcome: PollOutcome
  /** Its progress line, and the heartbeat when nothing changed. */
  progress: ProgressReport
  /** When a poll last read everything, and the transient error the poll after it ended with. */
  lastGoodAt: number
  lastError?: AwsCallError
  done: boolean
  /** Told each lifecycle event that succeeded, for where the time went. */
  observer?: RolloutObserver
}

/**
 * Follows CodeDeploy deployments of ECS services together: on every poll GetDeployment and the
 * ECS target's lifecycle events; each event is printed once when it finishes, with its status;
 * done when every deployment Succeeded; fails at once when any fails (naming the lifecycle event
 * and CodeDeploy's error) or takes longer than the timeout. Transient errors are polled through.
 */
export async function watchCodeDeployments(
  { settings, state, services }: Pick<StepContext, 'settings' | 'state' | 'services'>,
  deployments: readonly CodeDeploymentToWatch[],
  timeoutSeconds = settings.timeoutSeconds,
  options: { halted?: () => boolean; random?: () => number; observer?: RolloutObserver } = {}
): Promise<void> {
  const random = options.random ?? Math.random
  const { clock, logger } = services
  const codeDeploy = services.aws.codeDeploy()
  const journal = journalOf(state)
  const startedAt = clock.now()
  const several = deployments.length > 1
  const watched: Watched[] = deployments.map(({ target, deploymentId, taskDefinitionArn }) => {
    const prefix = several ? `[${target.service}] ` : ''
    const log = prefix ? prefixed(logger, prefix) : logger
    const entry: Watched = {
      tracked: {
        cluster: target.cluster,
        service: target.service,
        deploymentId,
        taskDefinitionArn,
        startedAt,
        timeoutSeconds
      },
      log,
      printed: new Set(),
      reportTolerated: reportOnce(awsErrorKind, error =>
        log.warning(
          `${errorMessage(error)} (tolerated while polling; further errors like it are not repeated)`
        )
      ),
      lastOutcome: 'answered',
      progress: new ProgressReport(
        clock,
        startedAt,
        { say: line => log.info(line), note: progress => note(entry, progress) },
        startedAt
      ),
      lastGoodAt: startedAt,
      done: false,
      observer: options.observer
    }
    return entry
  })
  const note = (entry: Watched, what: string) =>
    journal.timeline.push({
      at: clock.now(),
      what: `${several ? `${entry.tracked.service}: ` : ''}${what}`
    })
  for (const entry of watched) {
    const { tracked } = entry
    entry.log.info(
      `watching CodeDeploy deployment ${tracked.deploymentId} (${shortTaskDefinition(tracked.taskDefinitionArn)}) of service ${tracked.service} in cluster ${tracked.cluster}, for up to ${formatSeconds(timeoutSeconds)}`
    )
    note(
      entry,
      `CodeDeploy deployment ${tracked.deploymentId} (${shortTaskDefinition(tracked.taskDefinitionArn)}) started`
    )
  }
  // Paced as the ECS watchers are: throttling (CodeDeploy's own account limit) spaces polls out.
  const ended = await poll<Round, void>({
    clock,
    deadline: startedAt + timeoutSeconds * 1000,
    pacer: adaptivePacer(settings.pollIntervalSeconds, random),
    firstRead: 'after-pause',
    lastRead: 'answered-late',
    // Another watch of the release failed: its recovery decides about these deployments.
    halted: options.halted,
    // Each deployment's reads are bounded by its own deadline (poll() below).
    read: async () => {
      const failures: RolloutFailure[] = []
      for (const entry of watched.filter(each => !each.done)) {
        const polled = await pollOne(codeDeploy, entry, clock, note)
        if (polled instanceof RolloutFailure) {
          note(entry, `failed: ${polled.message}`)
          failures.push(polled)
          continue
        }
        const assessment = polled
        if (!assessment) continue
        if (assessment.status === 'done') {
          entry.done = true
          entry.observer?.ended(entry.tracked.service, clock.now(), false)
          note(entry, `done: ${assessment.summary}`)
          entry.log.info(
            `CodeDeploy deployment complete after ${formatSeconds((clock.now() - startedAt) / 1000)}: ${assessment.summary}`
          )
        } else if (assessment.status === 'failed') {
          entry.observer?.ended(entry.tracked.service, clock.now(), true)
          note(entry, `failed: ${assessment.message}`)
          failures.push(
            new RolloutFailure(
              `${several ? `service ${entry.tracked.service}: ` : ''}${assessment.message}`,
              assessment.cause === 'timeout' ? 'timeout' : 'rollout-failed',
              assessment.rollback,
              entry.tracked.deploymentId,
              entry.tracked.service
            )
          )
        } else entry.progress.show(assessment.progress)
      }
      return { failures, allDone: watched.every(entry => entry.done) }
    },
    outcomeOf: () => {
      const outcomes = watched.map(entry => entry.lastOutcome)
      return outcomes.includes('throttled')
        ? 'throttled'
        : outcomes.includes('failed')
          ? 'failed'
          : 'answered'
    },
    verdict: roundVerdict,
    // Each deployment's transient errors are its own (pollOne): a round always answers.
    errors: noTolerance
  })
  if (ended.kind === 'halted') return
}

/** One poll of every deployment still under way: the failures seen, and whether all are done. */
interface Round {
  failures: RolloutFailure[]
  allDone: boolean
}

/** Fails at once when any failed (each named), done when every one is. */
function roundVerdict({ failures, allDone }: Round): Verdict<void> {
  if (failures.length === 1) return fail(failures[0])
  if (failures.length > 1) return fail(new RolloutFailures(failures))
  return allDone ? done(undefined) : keepPolling
}

/**
 * One poll of one deployment; undefined when a transient error leaves nothing to judge, an
 * 'unreadable' failure when that error is the last read's, past the deadline.
 */
async function pollOne(
  codeDeploy: CodeDeployApi,
  entry: Watched,
  clock: Clock,
  note: (entry: Watched, what: string) => void
): Promise<CodeDeployAssessment | RolloutFailure | undefined> {
  const { tracked } = entry
  const deadline = tracked.startedAt + tracked.timeoutSeconds * 1000
  const late = clock.now() >= deadline
  // Never judge on stale data: past the deadline, the last read gets the SDK's retries; every
  // read within what is left of the deadline and its grace (a poll that hung used it up).
  const options = () => waitRead(clock, deadline, !late)
  if (late && entry.lastError && options().withinMs === 0)
    return unreadable(entry, entry.lastError, clock)
  let target: EcsDeploymentTarget | undefined
  let deployment
  entry.lastOutcome = 'answered'
  try {
    deployment = await codeDeploy.getDeployment(tracked.deploymentId, options())
    entry.targetId ??= (await codeDeploy.listDeploymentTargets(tracked.deploymentId, options()))[0]
    if (entry.targetId)
      target = await codeDeploy.getDeploymentTarget(tracked.deploymentId, entry.targetId, options())
    entry.lastError = undefined
    entry.lastGoodAt = clock.now()
  } catch (error) {
    if (!(error instanceof AwsCallError) || !error.transient) throw error
    if (late) return unreadable(entry, error, clock)
    entry.lastError = error
    entry.lastOutcome = isThrottlingCode(error.code) ? 'throttled' : 'failed'
    entry.reportTolerated(error)
    if (!deployment) return undefined
    // Only the deployment was read: never judged on it alone once the deadline passed.
    if (clock.now() >= deadline) return undefined
  }
  for (const finished of finishedLifecycleEvents(target, entry.printed)) {
    entry.printed.add(finished.name)
    // CodeDeploy dates each event: its end is the milestone's time.
    if (finished.succeeded)
      entry.observer?.lifecycleEvent(
        tracked.service,
        finished.endedAt ?? clock.now(),
        finished.name
      )
    entry.log.info(`  ${finished.line}`)
    note(entry, finished.line)
  }
  return assessCodeDeployment({ at: clock.now(), deployment, target }, tracked)
}

/** The last read failed: the deployment may well have succeeded, so nothing is rolled back. */
function unreadable(entry: Watched, error: AwsCallError, clock: Clock): RolloutFailure {
  const { tracked } = entry
  const seconds = (clock.now() - entry.lastGoodAt) / 1000
  return new RolloutFailure(
    `could not read CodeDeploy deployment ${tracked.deploymentId} of service ${tracked.service} for ${formatSeconds(seconds)} (${error.code}: ${escapeForLog(error.message)}); it may well have succeeded, so it is not rolled back: look at it in the CodeDeploy console before re-running`,
    'unreadable',
    'none',
    tracked.deploymentId,
    tracked.service
  )
}
