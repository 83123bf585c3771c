import {
  EcsCallError,
  nameFromArn,
  shortTaskDefinition,
  type ServiceSnapshot,
  type TaskInfo
} from '../aws/ecs-api.js'
import { errorMessage } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'
import { readBudgetMs } from '../util/wait-deadline.js'
import { LastWords } from './last-words.js'
import type { RolloutCause, TrackedRollout } from './verdict.js'
import type { WatchDependencies } from './watch-dependencies.js'
import { ProgressReport } from '../util/progress.js'
import { reportOnce } from '../util/report-once.js'

// The heartbeat's pace, where the watchers have long imported it from.
export { HEARTBEAT_MS } from '../util/progress.js'

/** Keeps the last service events only: the summary shows the tail, not the whole history. */
const JOURNAL_EVENTS = 15

/** Remembers what was printed, so the log shows only what is new (like ecspresso). */
export class RolloutView {
  private readonly seenEvents = new Set<string>()
  private readonly explainedTasks = new Set<string>()
  private eventsSince: number | undefined
  private readonly progress: ProgressReport
  private readonly reportTolerated: (error: unknown) => void
  private failedTasksSeen = 0
  private lastStop: string | undefined
  private readonly lastWords: LastWords | undefined

  constructor(
    private readonly tracked: TrackedRollout,
    private readonly deps: WatchDependencies
  ) {
    this.lastWords = deps.logs && new LastWords(deps.ecs, deps.logs, deps.clock)
    this.progress = new ProgressReport(deps.clock, tracked.startedAt, {
      say: line => deps.logger.info(line),
      note: progress => this.note(progress)
    })
    this.reportTolerated = reportOnce(toleratedErrorKind, error =>
      deps.logger.warning(
        `${errorMessage(error)} (tolerated while polling; further errors like it are not repeated)`
      )
    )
  }

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
    // Read while waiting: within what is left of the timeout and its grace, as the polls are.
    const deadline = this.tracked.startedAt + this.tracked.timeoutSeconds * 1000
    const within = () => ({ withinMs: readBudgetMs(this.deps.clock, deadline) })
    try {
      const arns = await this.deps.ecs.listStoppedTasks(
        cluster,
        { startedBy: deploymentId },
        within()
      )
      const fresh = arns.filter(arn => !this.explainedTasks.has(arn))
      const tasks =
        fresh.length > 0 ? await this.deps.ecs.describeTasks(cluster, fresh, within()) : []
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
        const words = await this.lastWords?.add(task)
        // An empty read before the last lines are due says nothing: the failure message
        // reads them again once they have arrived.
        if (words && (words.read.lines.length > 0 || words.settled)) {
          const said = words.read.lines.map(line => `    ${escapeForLog(line)}`)
          this.deps.logger.info(
            said.length > 0
              ? [`  its container ${words.container} said last:`, ...said].join('\n')
              : `  container ${words.container}: ${escapeForLog(words.read.note ?? 'no log lines')}`
          )
        }
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

  /** A transient error polled through: said once per operation and code. */
  noteTransientError(error: unknown): void {
    this.reportTolerated(error)
  }

  /** The progress line when it changed, else a heartbeat once per quiet stretch. */
  printProgress(progress: string): void {
    this.progress.show(progress)
  }

  /**
   * A failure's message, with the last stopped task's reasons when tasks failed, and the crashed
   * containers' last log lines (read again now: the last ones arrive late) on lines of their own.
   */
  async withLastStop(assessment: { cause: RolloutCause; message: string }): Promise<string> {
    const tasksMatter =
      assessment.cause === 'tasks-failing' ||
      assessment.cause === 'rollout-failed' ||
      assessment.cause === 'circuit-breaker-rollback'
    if (!tasksMatter || !this.lastStop) return assessment.message
    const words = (await this.lastWords?.block()) ?? []
    return [`${assessment.message}; last stopped task: ${this.lastStop}`, ...words].join('\n')
  }
}

/** An ECS error's operation and code; another error's message. */
function toleratedErrorKind(error: unknown): string {
  return error instanceof EcsCallError ? `${error.operation}:${error.code}` : errorMessage(error)
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
