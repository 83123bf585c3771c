import {
  nameFromArn,
  shortTaskDefinition,
  type EcsApi,
  type RunTaskRequest,
  type TaskInfo
} from '../aws/ecs-api.js'
import type { LogsApi } from '../aws/logs-api.js'
import { formatSeconds } from '../util/duration.js'
import type { Clock } from '../util/clock.js'
import { escapeForLog, escapeJsonForLog } from '../util/escape.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { done, fixedPacer, keepPolling, pollFor } from '../util/poll.js'
import { reportOnce } from '../util/report-once.js'
import { awsErrorKind, toleratingTransientAwsErrors } from '../aws/transient.js'
import { LogFollower } from './log-reader.js'
import { describeLogSource, type LogSource } from './log-source.js'
import { describeTask } from './read-task.js'
import { startTaskOnce } from './start-task.js'
import { stopAndReadBack } from './stop-task.js'

/** How many of the container's last lines a failure quotes. */
export const QUOTED_LINES = 20
/** The awslogs driver ships a container's last lines a moment after it exits. */
const LATE_LINES_SECONDS = 2

export interface OneOffDependencies {
  ecs: EcsApi
  logs: LogsApi
  clock: Clock
  logger: Logger
}

export interface OneOffRun {
  /** `before-deploy` or `after-deploy`, as messages name the task. */
  label: string
  request: RunTaskRequest
  /** The overridden container: its exit code decides. */
  container: string
  /** Where that container's lines go, once the task id is known. */
  logSource: (taskId: string) => LogSource
  timeoutSeconds: number
  pollIntervalSeconds: number
  /** Told of the task when it starts and when it is done (cancellation stops a started one). */
  onTask?: (task: { cluster: string; taskArn: string } | undefined) => void
}

/** How a one-off task ended. */
export type OneOffOutcome =
  | { kind: 'succeeded'; task: TaskInfo }
  | { kind: 'failed'; task: TaskInfo; lastLines: string[]; logNote?: string }
  | {
      kind: 'timed-out'
      task: TaskInfo
      lastLines: string[]
      logNote?: string
      /** Set when ECS does not show it STOPPED after StopTask: where it runs, and why. */
      stillRunning?: { cluster: string; why: string; unread: boolean }
    }

/**
 * Runs one task to its end: RunTask (once: startTaskOnce), then DescribeTasks at the poll
 * interval until it is STOPPED, streaming its container's log lines into the job log as they
 * arrive, and reading once more after it stopped (the last lines arrive late). Past the timeout
 * it is stopped (StopTask) and read back until ECS shows it STOPPED (stopAndReadBack). Transient
 * ECS errors are polled through; log reading never fails the run.
 */
export async function runOneOffTask(
  deps: OneOffDependencies,
  run: OneOffRun
): Promise<OneOffOutcome> {
  const { ecs, clock, logger } = deps
  const { cluster } = run.request
  const deadline = clock.now() + run.timeoutSeconds * 1000
  let task = await startTaskOnce(deps, run.request, run.label)
  run.onTask?.({ cluster, taskArn: task.arn })
  const taskId = nameFromArn(task.arn)
  const source = run.logSource(taskId)
  logger.info(
    `${run.label}: started task ${taskId} of ${shortTaskDefinition(run.request.taskDefinition)} in cluster ${cluster}, command ${escapeJsonForLog(JSON.stringify(run.request.overrides.containerOverrides[0]?.command ?? []))}; waiting up to ${formatSeconds(run.timeoutSeconds)} for it to stop`
  )
  const output = new TaskOutput(deps.logs, source, logger, run.container)
  const reportTolerated = reportOnce(awsErrorKind, error =>
    logger.warning(`${errorMessage(error)} (tolerated while polling the ${run.label} task)`)
  )
  try {
    if (task.lastStatus !== 'STOPPED') {
      const stopped = await pollFor<TaskInfo, boolean>({
        clock,
        deadline,
        pacer: fixedPacer(run.pollIntervalSeconds * 1000),
        firstRead: 'after-pause',
        lastRead: 'ended-late',
        read: async bound => {
          await output.read()
          // Within what is left of the timeout and its grace: a hung DescribeTasks cannot outlast it.
          task = await describeTask(ecs, cluster, task, bound.withinMs)
          return task
        },
        verdict: seen => (seen.lastStatus === 'STOPPED' ? done(true) : keepPolling),
        errors: toleratingTransientAwsErrors(reportTolerated),
        // Past the timeout: stopped, and read back until ECS shows it STOPPED.
        expired: () => done(false)
      })
      if (!stopped) {
        const stop = await stopAndReadBack(deps, task, {
          label: run.label,
          cluster,
          reason: `ecs-flow: ${run.label} did not finish within ${formatSeconds(run.timeoutSeconds)}`,
          pollIntervalSeconds: run.pollIntervalSeconds
        })
        await output.readLate(clock)
        if (stop.stopped) return { kind: 'timed-out', task: stop.task, ...output.last() }
        const stillRunning = { cluster, why: stop.why, unread: stop.unread === true }
        return { kind: 'timed-out', task: stop.task, ...output.last(), stillRunning }
      }
    }
    await output.readLate(clock)
  } finally {
    run.onTask?.(undefined)
  }
  const exitCode = task.containers.find(container => container.name === run.container)?.exitCode
  if (exitCode === 0) return { kind: 'succeeded', task }
  return { kind: 'failed', task, ...output.last() }
}

/** The container's log lines: printed as they come, the last ones kept for the failure. */
class TaskOutput {
  private readonly follower: LogFollower | undefined
  private readonly kept: string[] = []
  private note: string | undefined

  constructor(
    logs: LogsApi,
    private readonly source: LogSource,
    private readonly logger: Logger,
    private readonly container: string
  ) {
    if (source.kind === 'awslogs') {
      this.follower = new LogFollower(logs, source)
      logger.info(`streaming its log lines from ${describeLogSource(source)}`)
    } else {
      this.note = source.where
      logger.info(`its log lines are not streamed here: ${source.where}`)
    }
  }

  async read(): Promise<void> {
    if (!this.follower) return
    const { lines, note } = await this.follower.readNew()
    for (const line of lines) this.logger.info(`  [${this.container}] ${escapeForLog(line)}`)
    this.kept.push(...lines)
    this.kept.splice(0, Math.max(0, this.kept.length - QUOTED_LINES))
    // Before the container starts its stream does not exist yet: only the latest note counts.
    if (lines.length > 0) this.note = undefined
    else if (note) this.note = note
  }

  /** Once more after the task stopped: the awslogs driver ships the last lines late. */
  async readLate(clock: Clock): Promise<void> {
    if (!this.follower) return
    await this.read()
    await clock.sleep(LATE_LINES_SECONDS * 1000)
    await this.read()
  }

  last(): { lastLines: string[]; logNote?: string } {
    return { lastLines: [...this.kept], logNote: this.kept.length > 0 ? undefined : this.note }
  }
}
