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

import { createHash } from 'node:crypto'
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
 * @property {import('./seed.js').PauseHookSeed[]} [lifecycleHooks]  the seeded service's PAUSE hooks
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

/** The stages a PAUSE hook may not be configured at: only Lambda hooks run there, as ECS documents. */
export const NO_PAUSE_STAGES = new Set(['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT'])
/** ECS's default timeout of a lifecycle hook (24 h) and its default timeout action. */
const HOOK_TIMEOUT_DEFAULT = { timeoutInMinutes: 1440, action: 'ROLLBACK' }

export const REASON_HOOK_ROLLBACK =
  'Service deployment rolled back because of a ContinueServiceDeployment request.'
export const REASON_HOOK_TIMEOUT = (/** @type {string} */ stage) =>
  `Service deployment rolled back because the lifecycle hook at ${stage} timed out.`

/**
 * The PAUSE hooks the deployment's configuration (frozen at UpdateService) sets at `stage`.
 * @param {SdRecord} record @param {string} stage
 * @returns {{timeoutInMinutes: number, action: string}[]}
 */
function pauseHooksAt(record, stage) {
  const hooks = /** @type {any[]} */ (record.deploymentConfiguration.lifecycleHooks ?? [])
  return hooks
    .filter(h => h.targetType === 'PAUSE' && (h.lifecycleStages ?? []).includes(stage))
    .map(h => ({ ...HOOK_TIMEOUT_DEFAULT, ...(h.timeoutConfiguration ?? {}) }))
}

/** A hook id in ECS's style, stable for a deployment and stage. @param {SdRecord} r @param {string} stage */
const hookIdFor = (r, stage) =>
  createHash('sha256').update(`${r.arn} ${stage}`).digest('hex').slice(0, 32)

/**
 * Schedules a blue/green deployment through every lifecycle stage to SUCCESSFUL, and the
 * scenario's alarm, if it has one. Each step is scheduled from the one before, so a PAUSE hook
 * holds everything after its stage until ContinueServiceDeployment or its timeout.
 * @param {RolloutContext} ctx @param {Service} service @param {Deployment} dep
 * @param {BlueGreenSpec | undefined} spec  undefined: a healthy one (a rollback by UpdateService)
 */
export function blueGreenRollout(ctx, service, dep, spec) {
  const { world, timeline, recorder } = ctx
  const found = world.history.byClassic.get(dep.id)
  if (!found) throw new Error(`blue/green: no service deployment for ${dep.id}`)
  const record = found
  const t0 = dep.createdAt
  const bakeMinutes = Number(record.deploymentConfiguration.bakeTimeInMinutes ?? 0)
  const bakeSeconds = bakeMinutes * 60
  /** @type {import('./ecs-state.js').Task[]} */
  let tasks = []
  const live = () => isForward(record) && dep.status === 'PRIMARY' && service.status === 'ACTIVE'

  /** @type {{name: string, seconds: number, run: (at: number) => void}[]} */
  const steps = [
    ...STAGES_BEFORE_BAKE.map(([stage, seconds]) => ({
      name: stage,
      seconds,
      run: (/** @type {number} */ at) => {
        if (stage === 'PRE_SCALE_UP') world.history.tasksStarted(dep, at)
        if (stage === 'SCALE_UP') {
          tasks = world.startTasks(service, dep, dep.desiredCount, at)
          scheduleTasksRunning(
            ctx,
            dep,
            () => tasks,
            {
              firstRunning: GREEN_RUNNING.first - seconds,
              lastRunning: GREEN_RUNNING.last - seconds,
              origin: at
            },
            live
          )
        }
        if (stage === 'BAKE_TIME') scheduleAlarm(at)
        enterStage(record, stage, at)
      }
    })),
    {
      name: 'CLEAN_UP',
      seconds: BAKE_TIME_AT + bakeSeconds,
      run: at => {
        enterStage(record, 'CLEAN_UP', at)
        world.drainOthers(service, dep, at)
      }
    },
    {
      name: 'SUCCESSFUL',
      seconds: BAKE_TIME_AT + bakeSeconds + CLEAN_UP_SECONDS,
      run: at => {
        world.complete(service, dep, at)
        recorder.outcome(dep.id, 'completed', at)
      }
    }
  ]

  /** @param {number} at */
  function scheduleAlarm(at) {
    const trigger = spec?.alarmTrigger
    if (!trigger) return
    const bakeEnd = at + bakeSeconds * 1000 * ctx.timeScale
    timeline.schedule(
      Math.min(at + trigger.secondsIntoBake * 1000 * ctx.timeScale, bakeEnd),
      now => {
        if (!live() || record.alarms.status !== 'MONITORING') return
        record.alarms.status = 'TRIGGERED'
        record.alarms.triggeredAlarmNames = [trigger.alarmName]
        const rollback = service.deploymentConfiguration.alarms?.rollback ?? false
        recorder.outcome(dep.id, 'failed', now)
        if (rollback)
          rollBackInPlace(
            ctx,
            service,
            dep,
            record,
            REASON_ALARM_ROLLBACK([trigger.alarmName]),
            now
          )
        else failInPlace(ctx, service, dep, record, REASON_ALARM_FAILED([trigger.alarmName]), now)
      },
      `${dep.id} alarm ${trigger.alarmName}`
    )
  }

  /** Step i runs now; then the deployment pauses at its stage or goes on to step i + 1. @param {number} i @param {number} at */
  function runStep(i, at) {
    const step = /** @type {(typeof steps)[number]} */ (steps[i])
    step.run(at)
    const hooks = pauseHooksAt(record, step.name)
    if (hooks.length > 0) pause(i, step.name, hooks, at)
    else scheduleStep(i + 1, at)
  }

  /** @param {number} i @param {number} from  when step i - 1 ran */
  function scheduleStep(i, from) {
    const step = steps[i]
    const before = steps[i - 1]
    if (!step || !before) return
    timeline.schedule(
      offset(ctx, from, step.seconds - before.seconds),
      at => {
        if (live()) runStep(i, at)
      },
      `${dep.id} ${step.name}`
    )
  }

  /**
   * The deployment waits at `stage`: one AWAITING_ACTION hook detail per PAUSE hook there. When
   * the last one is continued (or times out with CONTINUE), the next step follows; a ROLLBACK
   * (by request or timeout) rolls the deployment back in place.
   * @param {number} i @param {string} stage @param {{timeoutInMinutes: number, action: string}[]} hooks @param {number} at
   */
  function pause(i, stage, hooks, at) {
    const details = hooks.map((h, n) => {
      /** @type {import('./service-deployments.js').HookDetail} */
      const detail = {
        hookId: hookIdFor(record, n === 0 ? stage : `${stage} ${n}`),
        stage,
        status: 'AWAITING_ACTION',
        expiresAt: at + h.timeoutInMinutes * 60 * 1000 * ctx.timeScale,
        timeoutAction: h.action,
        resolve: (action, now, timedOut) => {
          detail.status = timedOut ? 'TIMED_OUT' : action === 'CONTINUE' ? 'SUCCEEDED' : 'FAILED'
          record.updatedAt = now
          if (action === 'ROLLBACK') {
            for (const other of details)
              if (other.status === 'AWAITING_ACTION') other.status = 'FAILED'
            recorder.outcome(dep.id, 'failed', now)
            rollBackInPlace(
              ctx,
              service,
              dep,
              record,
              timedOut ? REASON_HOOK_TIMEOUT(stage) : REASON_HOOK_ROLLBACK,
              now
            )
          } else if (details.every(d => d.status !== 'AWAITING_ACTION')) scheduleStep(i + 1, now)
        }
      }
      timeline.schedule(
        detail.expiresAt,
        now => {
          if (detail.status === 'AWAITING_ACTION' && live())
            detail.resolve(detail.timeoutAction, now, true)
        },
        `${dep.id} hook ${stage} expires`
      )
      return detail
    })
    record.hooks.push(...details)
  }

  enterStage(record, 'RECONCILE_SERVICE', t0)
  runStep(0, t0)
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
