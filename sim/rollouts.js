// @ts-check
/**
 * Rollout progressions: given a fresh PRIMARY deployment, schedule the transitions that make it
 * complete (`healthy`) or keep failing (`failing`, with the circuit breaker deciding what happens).
 * Offsets are seconds after the deployment was created, multiplied by `ctx.timeScale`.
 * Every step first checks that the deployment is still PRIMARY and the service ACTIVE, so a
 * superseded, rolled-back or deleted deployment simply stops progressing.
 */

import { awslogsTarget, scheduleLogLines } from './awslogs.js'
import { breakerThreshold } from './breaker.js'
import { earlyCleanup } from './early-success.js'

/** @typedef {import('./ecs-state.js').EcsWorld} EcsWorld */
/** @typedef {import('./ecs-state.js').Service} Service */
/** @typedef {import('./ecs-state.js').Deployment} Deployment */
/** @typedef {import('./timeline.js').Timeline} Timeline */
/** @typedef {import('./recorder.js').Recorder} Recorder */

/**
 * @typedef {object} RolloutContext
 * @property {EcsWorld} world
 * @property {Timeline} timeline
 * @property {Recorder} recorder
 * @property {number} timeScale
 * @property {import('./logs-state.js').LogsWorld} [logs]  where crash-looping tasks log
 */

/**
 * @typedef {object} HealthyTiming  seconds after the deployment starts
 * @property {number} start      tasks are launched (PENDING)
 * @property {number} firstRunning  first task RUNNING
 * @property {number} lastRunning   last task RUNNING (others spread evenly in between)
 * @property {number} drain      old deployments' tasks are stopped
 * @property {number} complete   COMPLETED, old deployments gone, steady state
 */

/**
 * @typedef {object} FailureMode  how each failed task looks in DescribeTasks
 * @property {string} stopCode
 * @property {string} stoppedReason   `{image}` is replaced by the container's image
 * @property {number} [exitCode]
 * @property {string} [containerReason]
 * @property {string[]} [logLines]  what the container wrote before it exited (awslogs only)
 */

/**
 * @typedef {object} FailingTiming  seconds after the deployment starts
 * @property {number} start       tasks are launched
 * @property {number} every       one task fails every `every` seconds, first at start + ... see failAt
 * @property {number} firstFailure
 * @property {number} breakerDelay  with the circuit breaker on: deployment FAILED (and rollback)
 *   this long after the failure that reaches its threshold (breaker.js)
 */

/**
 * A crashing container's last lines: written in the half second before it exits (the last one
 * as it exits), into its awslogs stream, so they are readable shortly after the task STOPPED.
 * @param {RolloutContext} ctx @param {import('./ecs-state.js').Task} task @param {number} exitAt @param {string[]} messages
 */
function crashLogs(ctx, task, exitAt, messages) {
  if (!ctx.logs) return
  const td = ctx.world.taskDefsByArn.get(task.taskDefinitionArn)
  const target = awslogsTarget(td?.containerDefinitions[0], task.id)
  if (!target) return
  const span = 500 * ctx.timeScale
  const n = messages.length
  const lines = messages.map((message, k) => ({
    at: exitAt - (n > 1 ? (span * (n - 1 - k)) / (n - 1) : 0),
    message
  }))
  scheduleLogLines(
    { logs: ctx.logs, timeline: ctx.timeline, timeScale: ctx.timeScale },
    target,
    exitAt - span,
    lines,
    () => exitAt
  )
}

/** @type {HealthyTiming} */
export const HEALTHY_TIMING = { start: 1, firstRunning: 2.5, lastRunning: 4, drain: 5, complete: 6 }
/** @type {HealthyTiming} */
export const SLOW_TIMING = { start: 2, firstRunning: 8, lastRunning: 18, drain: 22, complete: 25 }
/** @type {FailingTiming} */
export const FAILING_TIMING = { start: 1, firstFailure: 2, every: 2, breakerDelay: 2 }

/**
 * @param {Service} service @param {Deployment} dep
 */
const isLive = (service, dep) => service.status === 'ACTIVE' && dep.status === 'PRIMARY'

/**
 * @param {RolloutContext} ctx
 * @param {number} t0 ms
 * @param {number} seconds
 */
const offset = (ctx, t0, seconds) => t0 + seconds * 1000 * ctx.timeScale

/**
 * The deployment's tasks become RUNNING one by one, spread evenly from `firstRunning` to
 * `lastRunning` (seconds after the deployment was created, or after `origin` when given), while
 * `live()` says it moves on.
 * @param {RolloutContext} ctx @param {Deployment} dep
 * @param {() => import('./ecs-state.js').Task[]} tasks  the tasks started by then
 * @param {{firstRunning: number, lastRunning: number, origin?: number}} timing @param {() => boolean} live
 */
export function scheduleTasksRunning(ctx, dep, tasks, timing, live) {
  const n = dep.desiredCount
  for (let i = 0; i < n; i++) {
    const s =
      n === 1
        ? timing.lastRunning
        : timing.firstRunning + ((timing.lastRunning - timing.firstRunning) * i) / (n - 1)
    ctx.timeline.schedule(
      offset(ctx, timing.origin ?? dep.createdAt, s),
      at => {
        const task = tasks()[i]
        if (live() && task) ctx.world.taskRunning(dep, task, at)
      },
      `${dep.id} task ${i + 1} running`
    )
  }
}

/**
 * ECS rolls `dep` back to the service's last completed task definition: a new PRIMARY deployment
 * of it that rolls out like `healthy`, within the same service deployment.
 * @param {RolloutContext} ctx @param {Service} service @param {Deployment} dep
 * @param {string} target @param {number} at @param {string} kind  how the rollout is recorded
 */
export function rollBackToPrevious(ctx, service, dep, target, at, kind) {
  const rollback = ctx.world.newDeployment(service, target, at, dep.desiredCount, {
    rollbackOf: dep
  })
  ctx.world.addEvent(
    service,
    at,
    `(service ${service.serviceName}) rolling back to deployment ${rollback.id}.`
  )
  ctx.recorder.rolloutStarted({
    deploymentId: rollback.id,
    service: service.serviceName,
    taskDefinition: target,
    kind,
    initiator: 'ecs',
    at
  })
  healthyRollout(ctx, service, rollback, HEALTHY_TIMING)
  return rollback
}

/**
 * Tasks start, become RUNNING one by one, the old revisions drain, COMPLETED + steady state.
 * @param {RolloutContext} ctx
 * @param {Service} service
 * @param {Deployment} dep
 * @param {HealthyTiming} timing
 */
export function healthyRollout(ctx, service, dep, timing) {
  const { world, timeline, recorder } = ctx
  const t0 = dep.createdAt
  const n = dep.desiredCount
  /** @type {import('./ecs-state.js').Task[]} */
  let tasks = []
  timeline.schedule(
    offset(ctx, t0, timing.start),
    at => {
      if (isLive(service, dep)) tasks = world.startTasks(service, dep, dep.desiredCount, at)
    },
    `${dep.id} start ${n} tasks`
  )
  scheduleTasksRunning(
    ctx,
    dep,
    () => tasks,
    timing,
    () => isLive(service, dep)
  )
  const cleanup = earlyCleanup(service)
  // With a target group, the old tasks are deregistered once the new ones are healthy in it
  // (interval × healthy threshold after the last one runs) and stop after the deregistration
  // delay: a long delay makes a slow rollout, as on AWS.
  const group = cleanup ? undefined : service.targetGroup
  const healthyAfter = group ? group.healthCheckIntervalSeconds * group.healthyThresholdCount : 0
  const drainFrom = group ? Math.max(timing.drain, timing.lastRunning + healthyAfter) : timing.drain
  const lateBy = drainFrom - timing.drain + (group ? group.deregistrationDelaySeconds : 0)
  // Early success: DEFERRED completes when the new tasks are healthy and drains the old ones
  // afterwards; BLOCKING drains them first, for as long, and completes after.
  const drainAt = drainFrom + (cleanup === 'BLOCKING' ? service.drainSeconds : 0)
  timeline.schedule(
    offset(ctx, t0, drainAt),
    at => {
      if (!isLive(service, dep)) return
      // Desired count may have grown while starting: start and run the difference now.
      const missing = dep.desiredCount - dep.runningCount - dep.pendingCount
      if (missing > 0)
        for (const t of world.startTasks(service, dep, missing, at)) world.taskRunning(dep, t, at)
      if (cleanup === 'DEFERRED') {
        world.complete(service, dep, at, { keepOthers: true })
        recorder.outcome(dep.id, 'completed', at)
      } else if (group) world.deregisterOthers(service, dep, at)
      else world.drainOthers(service, dep, at)
    },
    cleanup === 'DEFERRED'
      ? `${dep.id} completed early`
      : group
        ? `${dep.id} deregister old tasks from ${group.name}`
        : `${dep.id} drain old deployments`
  )
  if (cleanup === 'DEFERRED') {
    timeline.schedule(
      offset(ctx, t0, timing.drain + service.drainSeconds),
      at => {
        // A later deployment drains them itself; a deleted service stops them all.
        if (!isLive(service, dep)) return
        world.retireOthers(service, dep, at)
        world.addEvent(service, at, `(service ${service.serviceName}) has reached a steady state.`)
      },
      `${dep.id} old deployments drained`
    )
    return
  }
  timeline.schedule(
    offset(ctx, t0, timing.complete + lateBy + (cleanup === 'BLOCKING' ? service.drainSeconds : 0)),
    at => {
      if (!isLive(service, dep)) return
      world.complete(service, dep, at)
      recorder.outcome(dep.id, 'completed', at)
    },
    `${dep.id} completed`
  )
}

/**
 * Tasks start and fail one after another. With the circuit breaker enabled (read from the
 * service at each failure), the failure that brings the deployment's failedTasks to the
 * breaker's threshold (its thresholdConfiguration, else ECS's default for the service's desired
 * count) makes the deployment FAILED `breakerDelay` later and, with rollback, ECS starts a new
 * PRIMARY deployment on the last completed task definition. Without it, tasks keep failing for
 * ever. No task of a failing rollout turns healthy, so resetOnHealthyTask changes nothing here.
 * @param {RolloutContext} ctx
 * @param {Service} service
 * @param {Deployment} dep
 * @param {FailingTiming} timing
 * @param {FailureMode} failure
 */
export function failingRollout(ctx, service, dep, timing, failure) {
  const { world, timeline, recorder } = ctx
  const t0 = dep.createdAt
  const breaker = () => service.deploymentConfiguration.deploymentCircuitBreaker
  timeline.schedule(
    offset(ctx, t0, timing.start),
    at => {
      if (isLive(service, dep)) world.startTasks(service, dep, dep.desiredCount, at)
    },
    `${dep.id} start tasks`
  )
  /** @param {number} k failure number, 0-based */
  const scheduleFailure = k => {
    timeline.schedule(
      offset(ctx, t0, timing.firstFailure + k * timing.every),
      at => {
        if (!isLive(service, dep) || dep.rolloutState === 'FAILED') return
        const failed = world.failTask(service, dep, at, failure)
        if (failed) {
          recorder.taskFailed(dep.id, at)
          if (failure.logLines) crashLogs(ctx, failed, at, failure.logLines)
          if (!breaker().enable) recorder.outcome(dep.id, 'tasks-failing', at)
          world.startTasks(service, dep, 1, at) // the scheduler replaces it
        }
        if (
          breaker().enable &&
          dep.failedTasks >= breakerThreshold(breaker(), service.desiredCount)
        )
          scheduleTrip(at)
        else scheduleFailure(k + 1)
      },
      `${dep.id} task failure ${k + 1}`
    )
  }
  /** @param {number} reachedAt when the failure that reached the threshold happened */
  const scheduleTrip = reachedAt =>
    timeline.schedule(
      reachedAt + timing.breakerDelay * 1000 * ctx.timeScale,
      at => {
        if (!isLive(service, dep) || !breaker().enable) return
        world.failDeployment(service, dep, at)
        recorder.outcome(dep.id, 'failed', at)
        const target = service.lastCompletedTaskDefinition
        if (breaker().rollback && target)
          rollBackToPrevious(ctx, service, dep, target, at, 'circuit-breaker-rollback')
      },
      `${dep.id} circuit breaker`
    )
  scheduleFailure(0)
}
