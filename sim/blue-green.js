// @ts-check
/**
 * ECS-native blue/green (and linear, canary) deployments: the service deployment walks through
 * ECS's lifecycle stages while the new (green) tasks start beside the old (blue) ones; traffic
 * moves, ECS bakes, then the blue tasks go (CLEAN_UP) and the deployment is SUCCESSFUL. A
 * rollback (a CloudWatch alarm during the bake, or StopServiceDeployment) moves traffic back to
 * the blue tasks, which are still there, and stops the green ones: no new deployment is started.
 * Offsets are seconds after UpdateService, multiplied by `ctx.timeScale`; the bake lasts the
 * service's `bakeTimeInMinutes`, scaled the same way.
 */

import { scheduleTasksRunning } from './rollouts.js'

/** @typedef {import('./rollouts.js').RolloutContext} RolloutContext */
/** @typedef {import('./ecs-state.js').Service} Service */
/** @typedef {import('./ecs-state.js').Deployment} Deployment */
/** @typedef {import('./service-deployments.js').SdRecord} SdRecord */

/**
 * @typedef {object} BlueGreenSpec  what a blue/green scenario does
 * @property {number} bakeTimeInMinutes  the seeded service's default
 * @property {{alarmNames: string[], enable: boolean, rollback: boolean}} [alarms]  the seeded service's
 * @property {{alarmName: string, secondsIntoBake: number}} [alarmTrigger]  an alarm goes off during BAKE_TIME
 */

/** When the bake starts (seconds after UpdateService). */
const BAKE_TIME_AT = 9
/** The stages up to the bake, in order, with their start (seconds after UpdateService). */
export const STAGES_BEFORE_BAKE = /** @type {const} */ ([
  ['RECONCILE_SERVICE', 0],
  ['PRE_SCALE_UP', 1],
  ['SCALE_UP', 1.5],
  ['POST_SCALE_UP', 4.5],
  ['TEST_TRAFFIC_SHIFT', 5],
  ['POST_TEST_TRAFFIC_SHIFT', 6],
  ['PRODUCTION_TRAFFIC_SHIFT', 7],
  ['POST_PRODUCTION_TRAFFIC_SHIFT', 8],
  ['BAKE_TIME', BAKE_TIME_AT]
])
/** Green tasks become RUNNING between these offsets (during SCALE_UP). */
const GREEN_RUNNING = { first: 2.5, last: 4 }
/** CLEAN_UP starts when the bake ends; the deployment is SUCCESSFUL this much later. */
const CLEAN_UP_SECONDS = 2
/** A rollback: ROLLBACK_REQUESTED, then IN_PROGRESS after this, then SUCCESSFUL after that. */
const ROLLBACK_TIMING = { inProgress: 0.5, successful: 3 }

export const REASON_ALARM_ROLLBACK = (/** @type {string[]} */ names) =>
  `Service deployment rolled back because the CloudWatch alarm(s) ${names.join(', ')} went into ALARM.`
export const REASON_ALARM_FAILED = (/** @type {string[]} */ names) =>
  `Service deployment failed because the CloudWatch alarm(s) ${names.join(', ')} went into ALARM.`
export const REASON_STOP_ROLLBACK =
  'Service deployment rolled back because of a StopServiceDeployment request.'

/** @param {RolloutContext} ctx @param {number} t0 @param {number} seconds */
const offset = (ctx, t0, seconds) => t0 + seconds * 1000 * ctx.timeScale

/** The record moves on only while ECS is still rolling it forward. @param {SdRecord} r */
const isForward = r => r.status === 'PENDING' || r.status === 'IN_PROGRESS'

/** @param {SdRecord} r @param {string} stage @param {number} at */
function enterStage(r, stage, at) {
  r.lifecycleStage = stage
  r.updatedAt = at
}

/**
 * Schedules a blue/green deployment through every lifecycle stage to SUCCESSFUL, and the
 * scenario's alarm, if it has one.
 * @param {RolloutContext} ctx @param {Service} service @param {Deployment} dep
 * @param {BlueGreenSpec | undefined} spec  undefined: a healthy one (a rollback by UpdateService)
 */
export function blueGreenRollout(ctx, service, dep, spec) {
  const { world, timeline, recorder } = ctx
  const record = world.history.byClassic.get(dep.id)
  if (!record) throw new Error(`blue/green: no service deployment for ${dep.id}`)
  const t0 = dep.createdAt
  const bakeMinutes = Number(record.deploymentConfiguration.bakeTimeInMinutes ?? 0)
  const bakeStart = offset(ctx, t0, BAKE_TIME_AT)
  const bakeEnd = bakeStart + bakeMinutes * 60 * 1000 * ctx.timeScale
  /** @type {import('./ecs-state.js').Task[]} */
  let tasks = []
  const live = () => isForward(record) && dep.status === 'PRIMARY' && service.status === 'ACTIVE'

  enterStage(record, 'RECONCILE_SERVICE', t0)
  for (const [stage, seconds] of STAGES_BEFORE_BAKE.slice(1)) {
    timeline.schedule(
      offset(ctx, t0, seconds),
      at => {
        if (!live()) return
        if (stage === 'PRE_SCALE_UP') world.history.tasksStarted(dep, at)
        if (stage === 'SCALE_UP') tasks = world.startTasks(service, dep, dep.desiredCount, at)
        enterStage(record, stage, at)
      },
      `${dep.id} ${stage}`
    )
  }
  scheduleTasksRunning(
    ctx,
    dep,
    () => tasks,
    { firstRunning: GREEN_RUNNING.first, lastRunning: GREEN_RUNNING.last },
    live
  )
  const trigger = spec?.alarmTrigger
  if (trigger) {
    timeline.schedule(
      Math.min(bakeStart + trigger.secondsIntoBake * 1000 * ctx.timeScale, bakeEnd),
      at => {
        if (!live() || record.alarms.status !== 'MONITORING') return
        record.alarms.status = 'TRIGGERED'
        record.alarms.triggeredAlarmNames = [trigger.alarmName]
        const rollback = service.deploymentConfiguration.alarms?.rollback ?? false
        recorder.outcome(dep.id, 'failed', at)
        if (rollback)
          rollBackInPlace(ctx, service, dep, record, REASON_ALARM_ROLLBACK([trigger.alarmName]), at)
        else failInPlace(ctx, service, dep, record, REASON_ALARM_FAILED([trigger.alarmName]), at)
      },
      `${dep.id} alarm ${trigger.alarmName}`
    )
  }
  timeline.schedule(
    bakeEnd,
    at => {
      if (!live()) return
      enterStage(record, 'CLEAN_UP', at)
      world.drainOthers(service, dep, at)
    },
    `${dep.id} CLEAN_UP`
  )
  timeline.schedule(
    bakeEnd + CLEAN_UP_SECONDS * 1000 * ctx.timeScale,
    at => {
      if (!live()) return
      world.complete(service, dep, at)
      recorder.outcome(dep.id, 'completed', at)
    },
    `${dep.id} SUCCESSFUL`
  )
}

/**
 * ECS rolls a blue/green deployment back: ROLLBACK_REQUESTED now, ROLLBACK_IN_PROGRESS (traffic
 * back on the blue revision) shortly after, ROLLBACK_SUCCESSFUL once the green tasks are gone.
 * @param {RolloutContext} ctx @param {Service} service @param {Deployment} green
 * @param {SdRecord} record @param {string} reason @param {number} at
 */
export function rollBackInPlace(ctx, service, green, record, reason, at) {
  const { world, timeline } = ctx
  const blue = service.deployments.find(d => d !== green && d.status !== 'INACTIVE')
  const revision = world.history.lastSuccessful.get(service.serviceArn)
  record.status = 'ROLLBACK_REQUESTED'
  record.statusReason = reason
  record.updatedAt = at
  green.rolloutState = 'FAILED'
  green.rolloutStateReason = reason
  green.updatedAt = at
  world.addEvent(
    service,
    at,
    `(service ${service.serviceName}) deployment ${green.id} rolling back: ${reason}`
  )
  timeline.schedule(
    at + ROLLBACK_TIMING.inProgress * 1000 * ctx.timeScale,
    now => {
      if (record.status !== 'ROLLBACK_REQUESTED') return
      record.status = 'ROLLBACK_IN_PROGRESS'
      record.updatedAt = now
      if (revision) record.rollback = { reason, startedAt: now, serviceRevisionArn: revision.arn }
    },
    `${green.id} ROLLBACK_IN_PROGRESS`
  )
  timeline.schedule(
    at + ROLLBACK_TIMING.successful * 1000 * ctx.timeScale,
    now => {
      if (record.status !== 'ROLLBACK_IN_PROGRESS') return
      if (!blue || service.status !== 'ACTIVE') {
        world.history.finish(record, 'ROLLBACK_FAILED', now, reason)
        return
      }
      // The blue deployment serves again; its tasks never stopped. Demoting green by hand: the
      // world's newDeployment would end the service deployment as superseded.
      green.status = 'ACTIVE'
      blue.status = 'PRIMARY'
      blue.desiredCount = service.desiredCount
      service.taskDefinition = blue.taskDefinition
      world.complete(service, blue, now)
      world.history.finish(record, 'ROLLBACK_SUCCESSFUL', now, reason)
    },
    `${green.id} ROLLBACK_SUCCESSFUL`
  )
}

/**
 * A failure ECS does not roll back (alarms without rollback): the deployment is STOPPED where
 * it is, both revisions keep their tasks.
 * @param {RolloutContext} ctx @param {Service} service @param {Deployment} green
 * @param {SdRecord} record @param {string} reason @param {number} at
 */
function failInPlace(ctx, service, green, record, reason, at) {
  green.rolloutState = 'FAILED'
  green.rolloutStateReason = reason
  green.updatedAt = at
  ctx.world.history.finish(record, 'STOPPED', at, reason)
  ctx.world.addEvent(
    service,
    at,
    `(service ${service.serviceName}) deployment ${green.id} failed: ${reason}`
  )
}
