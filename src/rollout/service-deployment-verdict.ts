import type { ServiceDeploymentSnapshot } from '../aws/service-deployment.js'
import { LIFECYCLE_STAGES, isLifecycleStage, type WaitUntil } from '../settings/vocabulary.js'
import { escapeForLog } from '../util/escape.js'
import type { RollbackAdvice } from './verdict.js'

// The verdict of one poll of an ECS-native blue/green (linear, canary) service deployment:
// ECS runs the stages, the bake and the rollback itself; ecs-flow follows the service deployment,
// prints each stage once, and says at once why it failed. Pure and table-tested; the poll loop
// only acts on it.

// ECS's stages and where the wait stops are the settings' words (settings/vocabulary.ts).
export { LIFECYCLE_STAGES, type WaitUntil }

/** A stage as first seen: when ECS entered it, as near as the polls can tell. */
export interface StageEvent {
  stage: string
  at: number
}

/** The service deployment being followed. */
export interface TrackedServiceDeployment {
  cluster: string
  service: string
  /**
   * Where to stop waiting: `complete`, the deployment is SUCCESSFUL (old tasks gone);
   * `traffic-shifted`, production traffic is on the new revision and ECS bakes it (BAKE_TIME, or
   * past it); or a lifecycle stage, once the deployment has entered or passed it. Short of
   * `complete`, ECS finishes on its own.
   */
  waitUntil: WaitUntil
}

/** One poll's view. */
export interface ServiceDeploymentPoll {
  at: number
  deployment: ServiceDeploymentSnapshot
  /** Whether it is still the service's current service deployment (false: a newer one started). */
  isCurrent: boolean
}

/** Why a blue/green deployment failed. */
export type BlueGreenCause =
  'alarm' | 'circuit-breaker' | 'rolled-back' | 'rollback-failed' | 'stopped' | 'superseded'

/** How far ECS's own rollback has got, from its status. */
export type EcsRollbackState = 'requested' | 'in-progress' | 'successful' | 'failed'

interface Progress {
  /** Stages seen for the first time in this poll, to print once (oldest first). */
  newStages: StageEvent[]
}

export type ServiceDeploymentVerdict =
  | (Progress & { status: 'done'; how: 'successful'; summary: string })
  | (Progress & {
      status: 'done'
      /** ECS carries on: `traffic-shifted`, or the lifecycle stage wait-until names was reached. */
      how: 'traffic-shifted' | 'stage-reached'
      /** The stage ECS is in now (for `stage-reached`, the one named or a later one). */
      stage: string
      /** Production traffic is on the new revision: verify may run before the watch ends. */
      verifyNow: boolean
      summary: string
    })
  | (Progress & {
      status: 'in-progress'
      stage: string | undefined
      progress: string
      /** Production traffic is on the new revision, ECS bakes it, the old one still runs. */
      verifyNow: boolean
    })
  | (Progress & {
      status: 'failed'
      cause: BlueGreenCause
      /** The last stage it reached going forward (ECS's stage if none was seen). */
      failedIn: string | undefined
      /** ECS's own words (raw: escape before printing). */
      reason: string
      /** Alarms that went into ALARM during the deployment. */
      alarms: string[]
      /** Whether ECS, ecs-flow or nobody puts the previous revision back. */
      rollback: RollbackAdvice
      ecsRollback: EcsRollbackState | undefined
      /** ECS is done with it (a final status): nothing more will change. */
      finished: boolean
      /** For the log, escaped. */
      message: string
    })

const ROLLBACK_STATES: Record<string, EcsRollbackState> = {
  ROLLBACK_REQUESTED: 'requested',
  ROLLBACK_IN_PROGRESS: 'in-progress',
  ROLLBACK_SUCCESSFUL: 'successful',
  ROLLBACK_FAILED: 'failed'
}
/** The statuses that end the watch as failed; any other (PENDING, IN_PROGRESS, one ECS adds later) is watched on. */
const FAILED = new Set(['STOPPED', 'STOP_REQUESTED', ...Object.keys(ROLLBACK_STATES)])
const FINAL = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'])
/** From here on production traffic is on the new revision and its post-shift hooks passed. */
const TRAFFIC_ON_NEW = new Set(['BAKE_TIME', 'CLEAN_UP'])

const order = (stage: string | undefined): number =>
  stage === undefined ? -1 : (LIFECYCLE_STAGES as readonly string[]).indexOf(stage)

/** Pure: where the service deployment stands after one poll, given the stages seen before it. */
export function assessServiceDeployment(
  poll: ServiceDeploymentPoll,
  seen: readonly StageEvent[],
  tracked: TrackedServiceDeployment
): ServiceDeploymentVerdict {
  const { deployment } = poll
  const subject = `blue/green deployment of service ${tracked.service} in cluster ${tracked.cluster}`
  const status = deployment.status
  if (!FAILED.has(status)) {
    const newStages = stagesFirstSeen(poll, seen)
    if (status === 'SUCCESSFUL')
      return {
        status: 'done',
        how: 'successful',
        newStages,
        summary: `${subject} is SUCCESSFUL: the new revision serves all traffic, the old tasks are gone`
      }
    const stage = deployment.lifecycleStage
    const trafficShifted = stage !== undefined && TRAFFIC_ON_NEW.has(stage)
    if (tracked.waitUntil === 'traffic-shifted' && trafficShifted)
      return {
        status: 'done',
        how: 'traffic-shifted',
        stage,
        verifyNow: true,
        newStages,
        summary: `${subject}: production traffic is on the new revision (${stage}); ECS finishes the bake and removes the old tasks on its own`
      }
    const wanted = tracked.waitUntil
    // Reached: ECS is in that stage or a later one (a stage passed between polls counts too).
    if (isLifecycleStage(wanted) && stage !== undefined && order(stage) >= order(wanted))
      return {
        status: 'done',
        how: 'stage-reached',
        stage,
        verifyNow: trafficShifted,
        newStages,
        summary: `${subject} reached ${wanted}${stage === wanted ? '' : ` (ECS is in ${escapeForLog(stage)} already)`}: ecs-flow stops watching here (wait-until ${wanted}); ECS carries the deployment on to SUCCESSFUL on its own`
      }
    return {
      status: 'in-progress',
      stage,
      newStages,
      progress: describeProgress(deployment),
      verifyNow: stage === 'BAKE_TIME' && oldRevisionRuns(deployment)
    }
  }
  return failure(poll, seen, subject)
}

/** The stage this poll shows, unless it was seen before; dated when ECS last changed it. */
function stagesFirstSeen(poll: ServiceDeploymentPoll, seen: readonly StageEvent[]): StageEvent[] {
  const stage = poll.deployment.lifecycleStage
  if (stage === undefined || seen.some(event => event.stage === stage)) return []
  const changed = poll.deployment.updatedAt
  const previous = seen.at(-1)?.at ?? -Infinity
  // updatedAt is when ECS moved it on, at the latest now; a clock skewed behind the last stage
  // seen would order the timeline wrongly, so the poll time stands in then.
  const at = changed !== undefined && changed <= poll.at && changed >= previous ? changed : poll.at
  return [{ stage, at }]
}

function failure(
  poll: ServiceDeploymentPoll,
  seen: readonly StageEvent[],
  subject: string
): ServiceDeploymentVerdict {
  const { deployment } = poll
  const { status } = deployment
  const ecsRollback = ROLLBACK_STATES[status]
  const lastSeen = seen.at(-1)?.stage
  const failedIn =
    order(deployment.lifecycleStage) > order(lastSeen) ? deployment.lifecycleStage : lastSeen
  const alarms = deployment.alarms.triggered
  const breaker = deployment.circuitBreaker
  const ecsWords = deployment.statusReason ?? deployment.rollback?.reason
  let cause: BlueGreenCause
  let reason: string
  if (alarms.length > 0) {
    cause = 'alarm'
    reason = `CloudWatch alarm(s) ${alarms.join(', ')} went into ALARM`
  } else if (breaker.status === 'TRIGGERED') {
    cause = 'circuit-breaker'
    reason = `the circuit breaker tripped: ${breaker.failureCount} task(s) failed (threshold ${breaker.threshold})`
  } else {
    cause = ecsRollback ? 'rolled-back' : poll.isCurrent ? 'stopped' : 'superseded'
    reason = ecsWords ?? `ECS reports ${status}`
  }
  if (status === 'ROLLBACK_FAILED') cause = 'rollback-failed'
  const rollback: RollbackAdvice =
    status === 'ROLLBACK_FAILED' || (!ecsRollback && !poll.isCurrent)
      ? 'none'
      : ecsRollback
        ? 'ecs'
        : 'ours'
  const where = failedIn ? ` in ${failedIn}` : ''
  const details = ecsWords && ecsWords !== reason ? ` (ECS: ${ecsWords})` : ''
  const next = ecsRollback
    ? ECS_ROLLBACK_NEXT[ecsRollback]
    : poll.isCurrent
      ? `ECS stopped it without rolling back (${status})`
      : 'a newer deployment of the service took over; nothing is rolled back'
  const message = `${subject} failed${where}: ${reason}${details}; ${next}`
  return {
    status: 'failed',
    cause,
    failedIn,
    reason,
    alarms: [...alarms],
    rollback,
    ecsRollback,
    finished: FINAL.has(status),
    message: escapeForLog(message),
    newStages: []
  }
}

const ECS_ROLLBACK_NEXT: Record<EcsRollbackState, string> = {
  requested:
    'ECS rolls back to the previous revision (ROLLBACK_REQUESTED); ecs-flow does not roll back itself',
  'in-progress':
    'ECS is rolling back to the previous revision (ROLLBACK_IN_PROGRESS); ecs-flow does not roll back itself',
  successful: 'ECS rolled back to the previous revision (ROLLBACK_SUCCESSFUL)',
  failed:
    'ECS could not roll back (ROLLBACK_FAILED): look at the service, both revisions may still run'
}

/** The old revision still has running tasks (ECS reports none: assumed there, as in ECS's bake). */
function oldRevisionRuns(deployment: ServiceDeploymentSnapshot): boolean {
  return deployment.sources.length === 0 || deployment.sources.some(source => source.running > 0)
}

function describeProgress(deployment: ServiceDeploymentSnapshot): string {
  const parts = [deployment.status, deployment.lifecycleStage ?? 'no stage yet']
  const target = deployment.target
  if (target) parts.push(`new revision ${target.running}/${target.requested} running`)
  const old = deployment.sources.reduce((sum, source) => sum + source.running, 0)
  if (deployment.sources.length > 0) parts.push(`old revision ${old} running`)
  if (deployment.alarms.status !== 'DISABLED')
    parts.push(`alarms ${deployment.alarms.status} (${deployment.alarms.names.join(', ')})`)
  const breaker = deployment.circuitBreaker
  if (breaker.status !== 'DISABLED')
    parts.push(`circuit breaker ${breaker.failureCount}/${breaker.threshold} failed tasks`)
  // Statuses, stages and alarm names are ECS's text.
  return escapeForLog(parts.join(', '))
}
