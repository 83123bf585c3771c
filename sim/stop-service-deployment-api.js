// @ts-check
/**
 * ECS StopServiceDeployment (stopType ROLLBACK): a PENDING or IN_PROGRESS service deployment is
 * rolled back to the service's last successful revision. A blue/green one rolls back in place
 * (traffic back to the blue tasks, green ones stopped); a rolling one as a circuit-breaker
 * rollback does (a new classic deployment of the previous revision, the same service deployment).
 * A deployment already stopping or rolling back keeps doing so, as ECS documents; a finished
 * one cannot be stopped.
 */
import { SimError, requireString } from './errors.js'
import { REASON_STOP_ROLLBACK, rollBackInPlace } from './blue-green.js'
import { rollBackToPrevious } from './rollouts.js'

/** @typedef {import('./rollouts.js').RolloutContext} RolloutContext */

const STOP_TYPES = new Set(['ROLLBACK', 'ABORT'])
/** Statuses in which a stop request is accepted and changes nothing: ECS is on it already. */
const ALREADY_STOPPING = new Set(['STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'])

/**
 * @param {RolloutContext} ctx
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function stopServiceDeploymentHandlers(ctx) {
  const { world, recorder } = ctx
  return {
    StopServiceDeployment(body, at) {
      requireString(body.serviceDeploymentArn, 'serviceDeploymentArn')
      const stopType = body.stopType ?? 'ROLLBACK'
      if (!STOP_TYPES.has(stopType))
        throw new SimError(
          'InvalidParameterException',
          `stopType must be ROLLBACK, got "${String(stopType)}".`
        )
      if (stopType !== 'ROLLBACK')
        throw new SimError(
          'UnsupportedFeatureException',
          `stopType ${stopType} is not supported; use ROLLBACK.`
        )
      const record = world.history.find(body.serviceDeploymentArn)
      if (!record)
        throw new SimError(
          'ServiceDeploymentNotFoundException',
          `Service deployment ${body.serviceDeploymentArn} not found.`
        )
      const accepted = record.status === 'PENDING' || record.status === 'IN_PROGRESS'
      if (!accepted && !ALREADY_STOPPING.has(record.status))
        throw new SimError(
          'ConflictException',
          `The service deployment is ${record.status} and can no longer be stopped.`
        )
      recorder.stopServiceDeployment({
        at,
        serviceDeploymentArn: record.arn,
        stopType,
        status: record.status,
        lifecycleStage: record.lifecycleStage ?? null
      })
      if (accepted) rollBack(ctx, record, at)
      return { serviceDeploymentArn: record.arn }
    }
  }
}

/**
 * @param {RolloutContext} ctx @param {import('./service-deployments.js').SdRecord} record @param {number} at
 */
function rollBack(ctx, record, at) {
  const { world, recorder } = ctx
  const service = record.service
  const dep = record.classic
  recorder.outcome(dep.id, 'rollback-requested', at)
  if (service.strategy !== 'ROLLING') {
    rollBackInPlace(ctx, service, dep, record, REASON_STOP_ROLLBACK, at)
    return
  }
  const target = service.lastCompletedTaskDefinition
  if (!target || dep.status !== 'PRIMARY') {
    world.history.finish(record, 'STOPPED', at, REASON_STOP_ROLLBACK)
    return
  }
  // As a circuit-breaker rollback: REQUESTED, then the previous revision rolls out again.
  record.status = 'ROLLBACK_REQUESTED'
  record.statusReason = REASON_STOP_ROLLBACK
  record.updatedAt = at
  dep.rolloutState = 'FAILED'
  dep.rolloutStateReason = REASON_STOP_ROLLBACK
  const rollback = rollBackToPrevious(
    ctx,
    service,
    dep,
    target,
    at,
    'stop-service-deployment-rollback'
  )
  world.history.rollingBack(service, dep, rollback, at, REASON_STOP_ROLLBACK)
}
