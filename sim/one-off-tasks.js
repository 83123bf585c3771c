// @ts-check
/**
 * One-off tasks (RunTask): PROVISIONING at once, PENDING at 1 s, RUNNING at 2 s, then the
 * essential container runs as its (overridden) command says and exits; StopTask stops it early.
 * Times are scaled by timeScale. The command's words that start with `sim-` set the behaviour
 * (see BEHAVIOUR_DEFAULTS and sim/README.md); every other word is the command line it logs.
 */
import { arn } from './ids.js'
import { awslogsTarget, scheduleLogLines } from './awslogs.js'

/** @typedef {import('./ecs-state.js').EcsWorld} EcsWorld */
/** @typedef {import('./ecs-state.js').Task} Task */
/** @typedef {import('./ecs-state.js').TaskDefinition} TaskDefinition */
/** @typedef {import('./logs-state.js').LogsWorld} LogsWorld */
/** @typedef {import('./timeline.js').Timeline} Timeline */

/**
 * @typedef {object} OneOffContext
 * @property {EcsWorld} world
 * @property {Timeline} timeline
 * @property {LogsWorld} logs
 * @property {number} timeScale
 */

/**
 * @typedef {object} Behaviour
 * @property {number} exitCode
 * @property {boolean} hang          never exits by itself, ignores SIGTERM
 * @property {number} runsSeconds    seconds RUNNING before it exits
 * @property {string[]} logLines     `sim-log=` lines, or the command line when there are none
 */

export const BEHAVIOUR_DEFAULTS = { exitCode: 0, runsSeconds: 3 }
export const PENDING_AFTER = 1
export const RUNNING_AFTER = 2
/** A container that handles SIGTERM exits this long after StopTask. */
export const SIGTERM_EXIT_SECONDS = 1
export const DEFAULT_STOP_TIMEOUT = 30

/**
 * Read the behaviour from a command. An element that starts with `sim-log=` is one whole log line
 * (spaces allowed); otherwise each element is split into words and `sim-exit=N`, `sim-hang`,
 * `sim-runs=S` / `sim-runs=Ss` and `sim-log=word` are picked out (so they also work inside
 * `sh -c "..."`).
 * @param {string[] | undefined} command
 * @returns {Behaviour}
 */
export function parseBehaviour(command) {
  /** @type {Behaviour} */
  const b = { ...BEHAVIOUR_DEFAULTS, hang: false, logLines: [] }
  const plain = []
  for (const element of command ?? []) {
    const el = String(element)
    if (el.startsWith('sim-log=')) {
      b.logLines.push(el.slice('sim-log='.length))
      continue
    }
    for (const word of el.split(/\s+/).filter(w => w !== '')) {
      let m
      if ((m = /^sim-exit=(\d{1,3})$/.exec(word))) b.exitCode = Number(m[1])
      else if (word === 'sim-hang') b.hang = true
      else if ((m = /^sim-runs=(\d+(?:\.\d+)?)s?$/.exec(word))) b.runsSeconds = Number(m[1])
      else if (word.startsWith('sim-log=')) b.logLines.push(word.slice('sim-log='.length))
      else plain.push(word)
    }
  }
  if (b.logLines.length === 0 && plain.length > 0) b.logLines.push(plain.join(' '))
  return b
}

/**
 * @param {Record<string, any>} containerDefinition
 * @param {Record<string, any> | undefined} override
 * @returns {string[] | undefined}
 */
const commandOf = (containerDefinition, override) =>
  Array.isArray(override?.command) ? override.command : containerDefinition.command

/** @param {TaskDefinition} td the essential container (the first marked essential, else the first) */
const essentialIndex = td => {
  const i = td.containerDefinitions.findIndex(c => c.essential !== false)
  return i >= 0 ? i : 0
}

/**
 * @param {number} t0 @param {number} seconds @param {number} timeScale
 */
const after = (t0, seconds, timeScale) => t0 + seconds * 1000 * timeScale

/**
 * Start one task of a RunTask request and schedule its life.
 * @param {OneOffContext} ctx
 * @param {{cluster: string, td: TaskDefinition, request: Record<string, any>, tags: {key: string, value: string}[], at: number}} p
 * @returns {Task}
 */
export function startOneOffTask(ctx, { cluster, td, request, tags, at }) {
  const { world, timeline, timeScale } = ctx
  const id = world.ids.taskId()
  /** @type {Record<string, any>[]} */
  const overrides = request.overrides?.containerOverrides ?? []
  /** @type {Task} */
  const task = {
    id,
    taskArn: arn.task(cluster, id),
    cluster,
    serviceName: undefined,
    deploymentId: undefined,
    taskDefinitionArn: td.taskDefinitionArn,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    createdAt: at,
    containers: td.containerDefinitions.map(c => ({
      name: String(c.name),
      image: String(c.image),
      uuid: world.ids.uuid(),
      lastStatus: 'PENDING'
    })),
    oneOff: {
      group: request.group ?? `family:${td.family}`,
      startedBy: request.startedBy,
      launchType: request.capacityProviderStrategy ? undefined : (request.launchType ?? 'FARGATE'),
      capacityProviderName: request.capacityProviderStrategy?.[0]?.capacityProvider,
      platformVersion: request.platformVersion ?? '1.4.0',
      overrides: structuredClone(request.overrides ?? { containerOverrides: [] }),
      tags
    }
  }
  world.tasks.set(task.taskArn, task)

  const essential = essentialIndex(td)
  const behaviours = td.containerDefinitions.map(c =>
    parseBehaviour(
      commandOf(
        c,
        overrides.find(o => o.name === c.name)
      )
    )
  )
  const main = /** @type {Behaviour} */ (behaviours[essential])
  task.behaviour = main
  const runningAt = after(at, RUNNING_AFTER, timeScale)

  timeline.schedule(
    after(at, PENDING_AFTER, timeScale),
    () => {
      if (task.lastStatus === 'PROVISIONING') task.lastStatus = 'PENDING'
    },
    `${id} PENDING`
  )
  timeline.schedule(
    runningAt,
    when => {
      if (task.lastStatus !== 'PENDING') return
      task.lastStatus = 'RUNNING'
      task.startedAt = when
      for (const c of task.containers) c.lastStatus = 'RUNNING'
    },
    `${id} RUNNING`
  )
  const exitAt = main.hang ? undefined : after(runningAt, main.runsSeconds, timeScale)
  if (exitAt !== undefined) {
    timeline.schedule(
      exitAt,
      when => {
        if (task.lastStatus !== 'RUNNING' || task.desiredStatus === 'STOPPED') return
        finishTask(task, when, 'EssentialContainerExited', 'Essential container in task exited', {
          index: essential,
          exitCode: main.exitCode
        })
      },
      `${id} exits ${main.exitCode}`
    )
  }

  td.containerDefinitions.forEach((c, i) => {
    const target = awslogsTarget(c, id)
    const b = /** @type {Behaviour} */ (behaviours[i])
    if (!target) return
    const n = b.logLines.length
    const runMs = b.runsSeconds * 1000 * timeScale
    const lines = b.logLines.map((message, k) => ({
      // Spread over the run: the first when it starts, the last as it exits (each second when hanging).
      at: main.hang
        ? runningAt + k * 1000 * timeScale
        : runningAt + (n > 1 ? (runMs * k) / (n - 1) : 0),
      message
    }))
    scheduleLogLines(ctx, target, runningAt, lines, () =>
      task.lastStatus === 'STOPPED' ? task.stoppedAt : undefined
    )
  })
  return task
}

/**
 * The task is STOPPED: every container stopped, the essential one with its exit code.
 * @param {Task} task @param {number} at @param {string} stopCode @param {string} stoppedReason
 * @param {{index: number, exitCode?: number}} essential
 */
function finishTask(task, at, stopCode, stoppedReason, essential) {
  const wasRunning = task.startedAt !== undefined
  task.desiredStatus = 'STOPPED'
  task.lastStatus = 'STOPPED'
  task.stoppingAt ??= at
  task.stoppedAt = at
  task.stopCode ??= stopCode
  task.stoppedReason ??= stoppedReason
  task.containers.forEach((c, i) => {
    c.lastStatus = 'STOPPED'
    if (!wasRunning) return
    if (i === essential.index && essential.exitCode !== undefined) c.exitCode = essential.exitCode
    else c.exitCode ??= 0
  })
}

/**
 * StopTask: the task is DEACTIVATING at once (desiredStatus STOPPED, stopCode UserInitiated);
 * a running container gets SIGTERM and exits with 143 a second later, or, with `sim-hang`,
 * ignores it and is killed (137) after the container's stopTimeout (default 30 s). A task not
 * yet running is simply STOPPED a second later.
 * @param {OneOffContext} ctx @param {Task} task @param {string | undefined} reason @param {number} at
 */
export function requestStop(ctx, task, reason, at) {
  if (task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') return
  const wasRunning = task.lastStatus === 'RUNNING'
  task.desiredStatus = 'STOPPED'
  task.lastStatus = 'DEACTIVATING'
  task.stoppingAt = at
  task.stopCode = 'UserInitiated'
  task.stoppedReason = reason && reason !== '' ? reason : 'Task stopped by user'
  const td = ctx.world.taskDefsByArn.get(task.taskDefinitionArn)
  const index = td ? essentialIndex(td) : 0
  const hang = task.behaviour?.hang === true
  const stopTimeout = Number(td?.containerDefinitions[index]?.stopTimeout ?? DEFAULT_STOP_TIMEOUT)
  const seconds = !wasRunning ? 1 : hang ? stopTimeout : SIGTERM_EXIT_SECONDS
  ctx.timeline.schedule(
    after(at, seconds, ctx.timeScale),
    when =>
      finishTask(task, when, 'UserInitiated', /** @type {string} */ (task.stoppedReason), {
        index,
        exitCode: wasRunning ? (hang ? 137 : 143) : undefined
      }),
    `${task.id} stopped by user`
  )
}
