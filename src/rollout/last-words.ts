import { nameFromArn, type EcsApi, type TaskDefinition, type TaskInfo } from '../aws/ecs-api.js'
import type { LogsApi } from '../aws/logs-api.js'
import { readLastLines, type LogRead } from '../tasks/log-reader.js'
import type { Clock } from '../util/clock.js'
import { logSourceOf } from '../tasks/log-source.js'
import { escapeForLog } from '../util/escape.js'

/** A failure quotes at most this many lines in all... */
export const LAST_WORDS_LINES = 20
/** ...from at most this many crashed tasks: a crash loop says the same thing every time. */
export const LAST_WORDS_TASKS = 3
/** The awslogs driver ships a container's last lines a moment after it exits. */
export const LATE_LINES_MS = 2000

/** One crashed task's container and what it said last. */
export interface TaskWords {
  taskId: string
  container: string
  read: LogRead
  /**
   * The read was made once the task had stopped and its last lines had had LATE_LINES_MS to
   * arrive (or its container never ran): only such a read may say there are no lines.
   */
  settled: boolean
}

/**
 * The last log lines of the containers of crashed service tasks (best effort: a missing stream
 * or permission is a note). The watcher hands it the tasks it explains; the failure message asks
 * for the words again, since the awslogs driver ships the last lines a moment after the exit.
 */
export class LastWords {
  private readonly tasks: TaskInfo[] = []
  /** When each task was first seen stopped: its stop time when ECS did not say it. */
  private readonly seenAt = new Map<string, number>()
  private readonly definitions = new Map<string, Promise<TaskDefinition | undefined>>()

  constructor(
    private readonly ecs: EcsApi,
    private readonly logs: LogsApi,
    private readonly clock: Clock
  ) {}

  /** Remembers a crashed task (up to LAST_WORDS_TASKS) and reads its words; undefined past that. */
  async add(task: TaskInfo): Promise<TaskWords | undefined> {
    if (this.tasks.length >= LAST_WORDS_TASKS) return undefined
    this.tasks.push(task)
    this.seenAt.set(task.arn, this.clock.now())
    return this.wordsOf(task)
  }

  /**
   * The remembered tasks' words, as lines for a failure message: read again, once the newest
   * task has been stopped long enough for its last lines to have arrived.
   */
  async block(): Promise<string[]> {
    if (this.tasks.length === 0) return []
    // Only a container that ran (it has an exit code) has late lines to wait for: a task that
    // never started (CannotPullContainerError) wrote none, and its failure is not held up.
    const ran = this.tasks.filter(containerRan)
    if (ran.length > 0) {
      const newest = Math.max(...ran.map(task => this.stoppedAt(task)))
      const wait = newest + LATE_LINES_MS - this.clock.now()
      if (wait > 0) await this.clock.sleep(Math.min(wait, LATE_LINES_MS))
    }
    const words = await Promise.all(this.tasks.map(task => this.wordsOf(task)))
    return lastWordsLines(words)
  }

  private stoppedAt(task: TaskInfo): number {
    return task.stoppedAt ?? this.seenAt.get(task.arn) ?? this.clock.now()
  }

  private async wordsOf(task: TaskInfo): Promise<TaskWords> {
    const taskId = nameFromArn(task.arn)
    const container = crashedContainer(task)
    // Decided before the read: a read that starts after the lines are due has seen them.
    const settled = !containerRan(task) || this.clock.now() >= this.stoppedAt(task) + LATE_LINES_MS
    const definition = await this.definitionOf(task.taskDefinitionArn)
    if (!definition) {
      return {
        taskId,
        container,
        read: { lines: [], note: `could not read the task definition of task ${taskId}` },
        settled
      }
    }
    const source = logSourceOf(
      definition.containerDefinitions.find(candidate => candidate.name === container),
      taskId
    )
    if (source.kind !== 'awslogs')
      return { taskId, container, read: { lines: [], note: source.where }, settled }
    const read = await readLastLines(this.logs, source, LAST_WORDS_LINES)
    return { taskId, container, read, settled }
  }

  private definitionOf(arn: string | undefined): Promise<TaskDefinition | undefined> {
    if (!arn) return Promise.resolve(undefined)
    let found = this.definitions.get(arn)
    if (!found) {
      found = this.ecs.describeTaskDefinition(arn).then(
        described => described.definition,
        () => undefined
      )
      this.definitions.set(arn, found)
    }
    return found
  }
}

/** Only a container that ran (it has an exit code) writes lines that arrive late. */
function containerRan(task: TaskInfo): boolean {
  return task.containers.some(container => container.exitCode !== undefined)
}

/** The container that made the task stop: a non-zero exit, else one with a reason, else the first. */
export function crashedContainer(task: TaskInfo): string {
  const container =
    task.containers.find(c => c.exitCode !== undefined && c.exitCode !== 0) ??
    task.containers.find(c => c.reason !== undefined) ??
    task.containers[0]
  return container?.name ?? '(unknown)'
}

/**
 * Pure: the words of several tasks as message lines. Tasks that said the same are shown once
 * (naming them all); the LAST_WORDS_LINES budget is shared between the different ones, each
 * keeping its newest lines. Notes (no stream, no permission) take one line each.
 */
export function lastWordsLines(words: readonly TaskWords[]): string[] {
  const groups: { words: TaskWords; taskIds: string[] }[] = []
  for (const entry of words) {
    const key = JSON.stringify([entry.container, entry.read.lines, entry.read.note])
    const same = groups.find(
      group =>
        JSON.stringify([group.words.container, group.words.read.lines, group.words.read.note]) ===
        key
    )
    if (same) same.taskIds.push(entry.taskId)
    else groups.push({ words: entry, taskIds: [entry.taskId] })
  }
  const withLines = groups.filter(group => group.words.read.lines.length > 0).length
  const budget = Math.max(1, Math.floor(LAST_WORDS_LINES / Math.max(1, withLines)))
  const lines: string[] = []
  for (const { words: entry, taskIds } of groups) {
    const tasks = `task${taskIds.length > 1 ? 's' : ''} ${taskIds.join(', ')}`
    const said = entry.read.lines.slice(-budget)
    if (said.length === 0) {
      lines.push(
        `Container ${entry.container} (${tasks}): ${escapeForLog(entry.read.note ?? 'no log lines')}`
      )
      continue
    }
    lines.push(`Last log lines of container ${entry.container} (${tasks}):`)
    lines.push(...said.map(line => `  ${escapeForLog(line)}`))
  }
  return lines
}
