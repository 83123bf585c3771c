// @ts-check
/**
 * Service deployments and service revisions, the history ECS keeps since 2024 next to the classic
 * `deployments[]`. Every deployment a service starts (create, update, someone else's update) is
 * one service deployment whose target is a new service revision; a circuit-breaker rollback is
 * NOT a new service deployment: the failed one moves to ROLLBACK_IN_PROGRESS and runs the last
 * successful revision again, as ECS documents. The world (ecs-state.js) reports what happens to
 * its classic deployments; this module turns that into service-deployment states.
 */
import { breakerThreshold } from './breaker.js'
import { createHash } from 'node:crypto'
import { ACCOUNT, REGION, arn, toEpochSeconds } from './ids.js'

/** @typedef {import('./ecs-state.js').Service} Service */
/** @typedef {import('./ecs-state.js').Deployment} Deployment */

/**
 * @typedef {'PENDING'|'IN_PROGRESS'|'SUCCESSFUL'|'STOPPED'|'STOP_REQUESTED'|'ROLLBACK_REQUESTED'|'ROLLBACK_IN_PROGRESS'|'ROLLBACK_SUCCESSFUL'|'ROLLBACK_FAILED'} Status
 */

/**
 * @typedef {object} Counts
 * @property {number} requestedTaskCount
 * @property {number} runningTaskCount
 * @property {number} pendingTaskCount
 */

/**
 * @typedef {object} Revision
 * @property {string} arn
 * @property {string} serviceArn
 * @property {string} clusterArn
 * @property {string} taskDefinition
 * @property {string} launchType
 * @property {Record<string, unknown> | undefined} networkConfiguration
 * @property {unknown[]} loadBalancers
 * @property {{containerName: string, image: string}[]} containerImages
 * @property {number} createdAt
 * @property {Deployment} classic   the classic deployment that first ran it
 */

/**
 * @typedef {object} SdRecord
 * @property {string} arn
 * @property {Service} service
 * @property {Status} status
 * @property {string | undefined} statusReason
 * @property {number} createdAt
 * @property {number | undefined} startedAt
 * @property {number | undefined} finishedAt
 * @property {number | undefined} stoppedAt
 * @property {number} updatedAt
 * @property {Revision} target
 * @property {Revision[]} sources
 * @property {Deployment} classic              the classic deployment of the target revision
 * @property {Deployment | undefined} rollbackClassic  the classic deployment a rollback runs on
 * @property {{reason: string, startedAt: number, serviceRevisionArn: string} | undefined} rollback
 * @property {Record<string, unknown>} deploymentConfiguration  as requested, frozen at creation
 * @property {{status: string, failureCount: number, threshold: number}} breaker
 * @property {{status: string, alarmNames: string[], triggeredAlarmNames: string[]}} alarms
 * @property {string | undefined} lifecycleStage  blue/green only
 * @property {Map<string, Counts> | undefined} frozen  counts per revision arn once finished
 * @property {HookDetail[]} hooks  PAUSE hooks the deployment reached, in order
 * @property {number} seq
 */

/**
 * @typedef {object} HookDetail  a PAUSE lifecycle hook the deployment reached
 * @property {string} hookId
 * @property {string} stage  where it paused (ECS's detail carries no stage; kept for the simulator)
 * @property {'AWAITING_ACTION'|'SUCCEEDED'|'FAILED'|'TIMED_OUT'} status
 * @property {number} expiresAt
 * @property {string} timeoutAction
 * @property {(action: string, at: number, timedOut: boolean) => void} resolve  CONTINUE or ROLLBACK
 */

const ACTIVE = new Set(['PENDING', 'IN_PROGRESS', 'STOP_REQUESTED'])
const TERMINAL = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'])

export const REASON_BREAKER_ROLLBACK =
  'Service deployment rolled back because the circuit breaker threshold was exceeded.'
export const REASON_BREAKER_FAILED =
  'Service deployment failed because the circuit breaker threshold was exceeded.'
export const REASON_SUPERSEDED = 'Service deployment stopped because a newer deployment started.'
export const REASON_SERVICE_DELETED = 'Service deployment stopped because the service was deleted.'

/**
 * A service deployment id in ECS's style (21 URL-safe characters), derived from the classic
 * deployment id so that adding this history does not shift the simulator's other ids.
 * @param {string} deploymentId
 */
const deploymentIdFor = deploymentId =>
  createHash('sha256').update(deploymentId).digest('base64url').slice(0, 21)

export const serviceDeploymentArn = (
  /** @type {string} */ cluster,
  /** @type {string} */ service,
  /** @type {string} */ id
) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/${cluster}/${service}/${id}`

export const serviceRevisionArn = (
  /** @type {string} */ cluster,
  /** @type {string} */ service,
  /** @type {string} */ id
) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service-revision/${cluster}/${service}/${id}`

/** @param {Deployment} d @returns {Counts} */
const countsOf = d => ({
  requestedTaskCount: d.desiredCount,
  runningTaskCount: d.runningCount,
  pendingTaskCount: d.pendingCount
})

export class ServiceDeployments {
  /**
   * @param {{taskDefinition(arn: string): {containerDefinitions: Array<Record<string, any>>} | undefined}} lookups
   */
  constructor(lookups) {
    this.lookups = lookups
    /** @type {SdRecord[]} oldest first */
    this.records = []
    /** @type {Map<string, Revision>} */
    this.revisions = new Map()
    /** classic deployment id → the service deployment it belongs to @type {Map<string, SdRecord>} */
    this.byClassic = new Map()
    /** classic deployment id → the revision it runs @type {Map<string, Revision>} */
    this.revisionOfClassic = new Map()
    /** service arn → last revision that reached steady state @type {Map<string, Revision>} */
    this.lastSuccessful = new Map()
    this.seq = 0
  }

  /**
   * A new classic deployment that starts a service deployment (not a rollback).
   * @param {Service} service @param {Deployment} dep @param {number} at
   * @param {{lifecycleStage?: string}} [opts]
   */
  begin(service, dep, at, opts = {}) {
    const id = deploymentIdFor(dep.id)
    const td = this.lookups.taskDefinition(dep.taskDefinition)
    /** @type {Revision} */
    const target = {
      arn: serviceRevisionArn(
        service.cluster,
        service.serviceName,
        dep.id.replace(/^ecs-svc\//, '')
      ),
      serviceArn: service.serviceArn,
      clusterArn: arn.cluster(service.cluster),
      taskDefinition: dep.taskDefinition,
      launchType: service.launchType,
      networkConfiguration: service.networkConfiguration,
      loadBalancers: service.loadBalancers,
      containerImages: (td?.containerDefinitions ?? []).map(c => ({
        containerName: String(c.name),
        image: String(c.image)
      })),
      createdAt: at,
      classic: dep
    }
    this.revisions.set(target.arn, target)
    this.revisionOfClassic.set(dep.id, target)
    const sources = service.deployments
      .filter(d => d !== dep && d.status !== 'INACTIVE' && d.runningCount + d.pendingCount > 0)
      .map(d => this.revisionOfClassic.get(d.id))
      .filter(r => r !== undefined)
    const breaker = service.deploymentConfiguration.deploymentCircuitBreaker
    const alarms = service.deploymentConfiguration.alarms
    /** @type {SdRecord} */
    const record = {
      arn: serviceDeploymentArn(service.cluster, service.serviceName, id),
      service,
      status: 'PENDING',
      statusReason: undefined,
      createdAt: at,
      startedAt: undefined,
      finishedAt: undefined,
      stoppedAt: undefined,
      updatedAt: at,
      target,
      sources: [...new Set(sources)],
      classic: dep,
      rollbackClassic: undefined,
      rollback: undefined,
      deploymentConfiguration: structuredClone(service.deploymentConfiguration),
      breaker: {
        status: breaker.enable ? 'MONITORING' : 'DISABLED',
        failureCount: 0,
        threshold: breakerThreshold(breaker, dep.desiredCount)
      },
      alarms: {
        status: alarms?.enable ? 'MONITORING' : 'DISABLED',
        alarmNames: alarms?.enable ? [...alarms.alarmNames] : [],
        triggeredAlarmNames: []
      },
      lifecycleStage: opts.lifecycleStage,
      frozen: undefined,
      hooks: [],
      seq: this.seq++
    }
    this.records.push(record)
    this.byClassic.set(dep.id, record)
    return record
  }

  /** The classic deployment launched its first tasks: PENDING → IN_PROGRESS. @param {Deployment} dep @param {number} at */
  tasksStarted(dep, at) {
    const r = this.byClassic.get(dep.id)
    if (!r || r.status !== 'PENDING') return
    r.status = 'IN_PROGRESS'
    r.startedAt = at
    r.updatedAt = at
  }

  /** @param {Deployment} dep a task of it failed */
  taskFailed(dep) {
    const r = this.byClassic.get(dep.id)
    if (r && r.classic === dep) r.breaker.failureCount = dep.failedTasks
  }

  /** The classic deployment reached steady state. @param {Service} service @param {Deployment} dep @param {number} at */
  completed(service, dep, at) {
    const r = this.byClassic.get(dep.id)
    if (!r) return
    if (r.rollbackClassic === dep) {
      if (r.status === 'ROLLBACK_IN_PROGRESS')
        this.finish(r, 'ROLLBACK_SUCCESSFUL', at, r.statusReason)
      return
    }
    if (!ACTIVE.has(r.status)) return
    if (r.startedAt === undefined) r.startedAt = at
    if (r.breaker.status === 'MONITORING') r.breaker.status = 'MONITORING_COMPLETE'
    if (r.alarms.status === 'MONITORING') r.alarms.status = 'MONITORING_COMPLETE'
    this.lastSuccessful.set(service.serviceArn, r.target)
    this.finish(r, 'SUCCESSFUL', at, undefined)
  }

  /**
   * The circuit breaker failed the classic deployment. With rollback on (and somewhere to roll
   * back to) ECS is about to roll back: ROLLBACK_REQUESTED; otherwise the deployment is STOPPED.
   * @param {Service} service @param {Deployment} dep @param {number} at
   */
  failed(service, dep, at) {
    const r = this.byClassic.get(dep.id)
    if (!r || r.classic !== dep || TERMINAL.has(r.status)) return
    r.breaker.status = 'TRIGGERED'
    r.breaker.failureCount = dep.failedTasks
    const breaker = service.deploymentConfiguration.deploymentCircuitBreaker
    if (breaker.rollback && this.lastSuccessful.has(service.serviceArn)) {
      r.status = 'ROLLBACK_REQUESTED'
      r.statusReason = REASON_BREAKER_ROLLBACK
      r.updatedAt = at
    } else {
      this.finish(r, 'STOPPED', at, REASON_BREAKER_FAILED)
    }
  }

  /**
   * ECS rolls the service deployment back to its last successful revision on `rollbackDep`.
   * @param {Service} service @param {Deployment} failedDep @param {Deployment} rollbackDep @param {number} at
   * @param {string} [reason]
   */
  rollingBack(service, failedDep, rollbackDep, at, reason = REASON_BREAKER_ROLLBACK) {
    const r = this.byClassic.get(failedDep.id)
    const revision = this.lastSuccessful.get(service.serviceArn)
    if (!r || !revision) return
    r.status = 'ROLLBACK_IN_PROGRESS'
    r.statusReason = reason
    r.updatedAt = at
    r.rollbackClassic = rollbackDep
    r.rollback = { reason, startedAt: at, serviceRevisionArn: revision.arn }
    this.byClassic.set(rollbackDep.id, r)
    this.revisionOfClassic.set(rollbackDep.id, revision)
  }

  /** A newer deployment took over. @param {Deployment} dep @param {number} at */
  demoted(dep, at) {
    const r = this.byClassic.get(dep.id)
    if (!r || TERMINAL.has(r.status)) return
    if (r.status === 'ROLLBACK_REQUESTED') return // the rollback deployment is what replaces it
    if (r.rollbackClassic === dep) this.finish(r, 'ROLLBACK_FAILED', at, REASON_SUPERSEDED)
    else this.finish(r, 'STOPPED', at, REASON_SUPERSEDED)
  }

  /** @param {Service} service @param {number} at */
  serviceDraining(service, at) {
    for (const r of this.records) {
      if (r.service === service && !TERMINAL.has(r.status))
        this.finish(r, 'STOPPED', at, REASON_SERVICE_DELETED)
    }
  }

  /**
   * Move to a final status; the revisions' task counts are kept as they were at that moment.
   * @param {SdRecord} r @param {Status} status @param {number} at @param {string | undefined} reason
   */
  finish(r, status, at, reason) {
    r.frozen = new Map()
    for (const rev of [r.target, ...r.sources]) r.frozen.set(rev.arn, this.countsOfRevision(r, rev))
    r.status = status
    r.statusReason = reason
    r.updatedAt = at
    r.finishedAt = at
    if (status === 'STOPPED' || status === 'ROLLBACK_FAILED') r.stoppedAt = at
  }

  /** @param {SdRecord} r @param {Revision} rev */
  countsOfRevision(r, rev) {
    const frozen = r.frozen?.get(rev.arn)
    if (frozen) return frozen
    return countsOf(rev === r.target ? r.classic : rev.classic)
  }

  /** The newest service deployment of a service. @param {Service} service */
  current(service) {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = /** @type {SdRecord} */ (this.records[i])
      if (r.service === service) return r
    }
    return undefined
  }

  /** @param {Service} service newest first */
  ofService(service) {
    return this.records.filter(r => r.service === service).reverse()
  }

  /** @param {string} arnValue */
  find(arnValue) {
    return this.records.find(r => r.arn === arnValue)
  }

  /** @param {Service} service the revisions the service's live deployments run, with counts */
  currentRevisions(service) {
    /** @type {Map<string, Counts & {arn: string}>} */
    const out = new Map()
    for (const d of service.deployments) {
      if (d.status === 'INACTIVE') continue
      const rev = this.revisionOfClassic.get(d.id)
      if (!rev) continue
      const prev = out.get(rev.arn)
      const c = countsOf(d)
      out.set(rev.arn, {
        arn: rev.arn,
        requestedTaskCount: (prev?.requestedTaskCount ?? 0) + c.requestedTaskCount,
        runningTaskCount: (prev?.runningTaskCount ?? 0) + c.runningTaskCount,
        pendingTaskCount: (prev?.pendingTaskCount ?? 0) + c.pendingTaskCount
      })
    }
    return [...out.values()]
  }
}

/** ListServiceDeployments' ServiceDeploymentBrief. @param {SdRecord} r */
export function renderServiceDeploymentBrief(r) {
  /** @type {{[k: string]: unknown}} */
  const out = {
    serviceDeploymentArn: r.arn,
    serviceArn: r.service.serviceArn,
    clusterArn: arn.cluster(r.service.cluster),
    createdAt: toEpochSeconds(r.createdAt),
    targetServiceRevisionArn: r.target.arn,
    status: r.status
  }
  if (r.startedAt !== undefined) out.startedAt = toEpochSeconds(r.startedAt)
  if (r.finishedAt !== undefined) out.finishedAt = toEpochSeconds(r.finishedAt)
  if (r.statusReason !== undefined) out.statusReason = r.statusReason
  return out
}

/** DescribeServiceDeployments' ServiceDeployment. @param {ServiceDeployments} log @param {SdRecord} r */
export function renderServiceDeployment(log, r) {
  /** @type {{[k: string]: unknown}} */
  const out = {
    serviceDeploymentArn: r.arn,
    serviceArn: r.service.serviceArn,
    clusterArn: arn.cluster(r.service.cluster),
    createdAt: toEpochSeconds(r.createdAt),
    updatedAt: toEpochSeconds(r.updatedAt),
    sourceServiceRevisions: r.sources.map(s => ({ arn: s.arn, ...log.countsOfRevision(r, s) })),
    targetServiceRevision: { arn: r.target.arn, ...log.countsOfRevision(r, r.target) },
    status: r.status,
    deploymentConfiguration: structuredClone(r.deploymentConfiguration),
    deploymentCircuitBreaker: { ...r.breaker },
    alarms: structuredClone(r.alarms)
  }
  if (r.startedAt !== undefined) out.startedAt = toEpochSeconds(r.startedAt)
  if (r.finishedAt !== undefined) out.finishedAt = toEpochSeconds(r.finishedAt)
  if (r.stoppedAt !== undefined) out.stoppedAt = toEpochSeconds(r.stoppedAt)
  if (r.statusReason !== undefined) out.statusReason = r.statusReason
  if (r.lifecycleStage !== undefined) out.lifecycleStage = r.lifecycleStage
  if (r.hooks.length > 0) {
    out.lifecycleHookDetails = r.hooks.map(h => ({
      hookId: h.hookId,
      targetType: 'PAUSE',
      status: h.status,
      expiresAt: toEpochSeconds(h.expiresAt),
      timeoutAction: h.timeoutAction
    }))
  }
  if (r.rollback) {
    out.rollback = {
      reason: r.rollback.reason,
      startedAt: toEpochSeconds(r.rollback.startedAt),
      serviceRevisionArn: r.rollback.serviceRevisionArn
    }
  }
  return out
}

/** DescribeServiceRevisions' ServiceRevision. @param {Revision} rev */
export function renderServiceRevision(rev) {
  /** @type {{[k: string]: unknown}} */
  const out = {
    serviceRevisionArn: rev.arn,
    serviceArn: rev.serviceArn,
    clusterArn: rev.clusterArn,
    taskDefinition: rev.taskDefinition,
    launchType: rev.launchType,
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    loadBalancers: structuredClone(rev.loadBalancers),
    serviceRegistries: [],
    containerImages: rev.containerImages.map(c => ({ ...c })),
    guardDutyEnabled: false,
    createdAt: toEpochSeconds(rev.createdAt)
  }
  if (rev.networkConfiguration) out.networkConfiguration = structuredClone(rev.networkConfiguration)
  return out
}
