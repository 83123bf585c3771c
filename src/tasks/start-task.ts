import { isThrottlingCode } from '../aws/call-error.js'
import {
  EcsCallError,
  nameFromArn,
  type EcsApi,
  type RunTaskRequest,
  type TaskInfo
} from '../aws/ecs-api.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { done, fixedPacer, keepPolling, noTolerance, pollFor } from '../util/poll.js'

/** ListTasks is eventually consistent: a task just started may take a moment to be listed. */
const LOOKUP_ATTEMPTS = 3
const LOOKUP_PAUSE_SECONDS = 2
/** ECS's clock and the runner's may differ: a task this much older than the request still counts. */
const CLOCK_SKEW_MS = 5 * 60_000

export interface StartDependencies {
  ecs: EcsApi
  clock: Clock
  logger: Logger
}

/**
 * RunTask, once. The SDK sends its retries with the request's client token, so ECS starts no
 * second task; when every reply was lost (a dropped connection, a 5xx, no answer in time) the task
 * may run even so, and it is looked up (ListTasks by `startedBy`, then DescribeTasks: the same
 * revision and command, created since the request) before anything is reported. Nothing is sent
 * again: a task found is the one this request started, none found means none was started.
 */
export async function startTaskOnce(
  deps: StartDependencies,
  request: RunTaskRequest,
  label: string
): Promise<TaskInfo> {
  const sentAt = deps.clock.now()
  try {
    return await deps.ecs.runTask(request)
  } catch (error) {
    if (!replyMayBeLost(error)) throw error
    return findStartedTask(deps, request, label, sentAt, error)
  }
}

/** A 5xx, a dropped connection or a write past its deadline; throttling is refused unprocessed. */
function replyMayBeLost(error: unknown): error is EcsCallError {
  return (
    error instanceof EcsCallError &&
    (error.code === 'DeadlineExceeded' || (error.transient && !isThrottlingCode(error.code)))
  )
}

async function findStartedTask(
  { ecs, clock, logger }: StartDependencies,
  request: RunTaskRequest,
  label: string,
  sentAt: number,
  error: EcsCallError
): Promise<TaskInfo> {
  const { cluster, startedBy } = request
  const where = `started by ${startedBy} in cluster ${cluster}`
  logger.warning(
    `${label}: ${errorMessage(error)}; the task may have started even so: looking for it (ListTasks, startedBy ${startedBy})`
  )
  let found: TaskInfo[]
  try {
    found = await pollFor<TaskInfo[], TaskInfo[]>({
      clock,
      // Bounded by its reads, each within the adapter's own deadline.
      deadline: Infinity,
      maxReads: LOOKUP_ATTEMPTS,
      pacer: fixedPacer(LOOKUP_PAUSE_SECONDS * 1000),
      firstRead: 'at-once',
      lastRead: 'ended-late',
      read: () => tasksOfRequest(ecs, request, sentAt),
      verdict: tasks => (tasks.length > 0 ? done(tasks) : keepPolling),
      errors: noTolerance,
      expired: ({ reading }) => done(reading ?? [])
    })
  } catch (lookup) {
    throw new EcsCallError(
      `${errorMessage(error)}; the task may have started even so, and looking for it failed too (${errorMessage(lookup)}): look for a task ${where} (aws ecs list-tasks --cluster ${cluster} --started-by ${startedBy}) before re-running`,
      'RunTask',
      error.code,
      false
    )
  }
  const [task, ...others] = found
  if (task && others.length === 0) {
    logger.info(
      `${label}: RunTask's reply was lost, but ECS shows task ${nameFromArn(task.arn)} ${where}, of this revision and command: it is this request's task, and ecs-flow watches it`
    )
    return task
  }
  if (!task)
    throw new EcsCallError(
      `${errorMessage(error)}; ECS lists no task of this revision and command ${where} (ListTasks, ${LOOKUP_ATTEMPTS} looks): none was started`,
      'RunTask',
      error.code,
      false
    )
  throw new EcsCallError(
    `${errorMessage(error)}; ECS shows ${found.length} tasks of this revision and command ${where} (${found.map(t => nameFromArn(t.arn)).join(', ')}): ecs-flow cannot tell which one this request started, and watches none; look at them before re-running`,
    'RunTask',
    error.code,
    false
  )
}

/** The tasks `request` may have started: its `startedBy`, revision and commands, created since. */
async function tasksOfRequest(
  ecs: EcsApi,
  request: RunTaskRequest,
  sentAt: number
): Promise<TaskInfo[]> {
  const { cluster, startedBy } = request
  const arns = new Set([
    ...(await ecs.listTasksStartedBy(cluster, startedBy, 'RUNNING')),
    ...(await ecs.listTasksStartedBy(cluster, startedBy, 'STOPPED'))
  ])
  if (arns.size === 0) return []
  const tasks = await ecs.describeTasks(cluster, [...arns])
  return tasks.filter(
    task =>
      task.taskDefinitionArn === request.taskDefinition &&
      (task.createdAt === undefined || task.createdAt >= sentAt - CLOCK_SKEW_MS) &&
      sameCommands(task, request)
  )
}

function sameCommands(task: TaskInfo, request: RunTaskRequest): boolean {
  const overridden = task.commandOverrides ?? []
  return request.overrides.containerOverrides.every(wanted => {
    const seen = overridden.find(override => override.name === wanted.name)
    return JSON.stringify(seen?.command) === JSON.stringify(wanted.command)
  })
}
