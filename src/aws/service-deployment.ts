import type { ServiceDeployment, ServiceRevisionSummary } from '@aws-sdk/client-ecs'

/**
 * One ECS service deployment (DescribeServiceDeployments) in our own small type: what a
 * blue/green watcher needs to follow its lifecycle stages and tell why it failed. Times are
 * milliseconds since the epoch. ECS reports no traffic split here, so there is none.
 */
export interface ServiceDeploymentSnapshot {
  arn: string
  /**
   * PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED, ROLLBACK_REQUESTED,
   * ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED.
   */
  status: string
  statusReason?: string
  /** Blue/green, linear and canary only: RECONCILE_SERVICE … BAKE_TIME, CLEAN_UP. */
  lifecycleStage?: string
  createdAt?: number
  startedAt?: number
  /** When ECS last changed it (a new stage, a new status). */
  updatedAt?: number
  finishedAt?: number
  stoppedAt?: number
  /** The revision it deploys, with its task counts. */
  target?: RevisionTasks
  /** The revisions that had tasks when it started (the blue ones), with their task counts. */
  sources: RevisionTasks[]
  /** DISABLED, MONITORING, MONITORING_COMPLETE or TRIGGERED. */
  alarms: { status: string; names: string[]; triggered: string[] }
  circuitBreaker: { status: string; failureCount: number; threshold: number }
  /** Present once ECS rolls it back: why, since when, to which revision. */
  rollback?: { reason?: string; startedAt?: number; revisionArn?: string }
  /** The PAUSE lifecycle hooks it reached (Lambda hooks left out: nothing to act on); none: undefined. */
  pauseHooks?: PauseHook[]
}

/**
 * A PAUSE lifecycle hook of a service deployment. ECS's detail names no stage: while it awaits
 * action, the deployment's own `lifecycleStage` is where it paused.
 */
export interface PauseHook {
  hookId: string
  /** AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT. */
  status: string
  expiresAt?: number
  /** What ECS does at `expiresAt`: CONTINUE or ROLLBACK (ECS's default). */
  timeoutAction: string
}

/** ContinueServiceDeployment's two actions on a paused hook. */
export type PauseHookAction = 'CONTINUE' | 'ROLLBACK'

/** A service revision's task counts within one service deployment. */
export interface RevisionTasks {
  arn: string
  requested: number
  running: number
  pending: number
}

/** The one way StopServiceDeployment is used: ECS rolls back to the previous revision. */
export type StopServiceDeploymentType = 'ROLLBACK'

/** `arn:…:service-deployment/demo/web/AbC…` → `web/AbC… in cluster demo`, for messages. */
export function describeServiceDeploymentArn(arn: string): string {
  const parts = arn.slice(arn.indexOf('service-deployment/') + 'service-deployment/'.length)
  const [cluster, service, id] = parts.split('/')
  return cluster && service && id
    ? `service deployment ${service}/${id} in cluster ${cluster}`
    : `service deployment ${arn}`
}

/** The SDK's ServiceDeployment as our snapshot; `arn` stands in when ECS omits its own. */
export function toServiceDeploymentSnapshot(
  deployment: ServiceDeployment,
  arn: string
): ServiceDeploymentSnapshot {
  const alarms = deployment.alarms
  const breaker = deployment.deploymentCircuitBreaker
  const rollback = deployment.rollback
  return {
    arn: deployment.serviceDeploymentArn ?? arn,
    status: deployment.status ?? 'UNKNOWN',
    statusReason: deployment.statusReason,
    lifecycleStage: deployment.lifecycleStage,
    createdAt: deployment.createdAt?.getTime(),
    startedAt: deployment.startedAt?.getTime(),
    updatedAt: deployment.updatedAt?.getTime(),
    finishedAt: deployment.finishedAt?.getTime(),
    stoppedAt: deployment.stoppedAt?.getTime(),
    target: deployment.targetServiceRevision
      ? toRevisionTasks(deployment.targetServiceRevision)
      : undefined,
    sources: (deployment.sourceServiceRevisions ?? []).map(toRevisionTasks),
    alarms: {
      status: alarms?.status ?? 'DISABLED',
      names: alarms?.alarmNames ?? [],
      triggered: alarms?.triggeredAlarmNames ?? []
    },
    circuitBreaker: {
      status: breaker?.status ?? 'DISABLED',
      failureCount: breaker?.failureCount ?? 0,
      threshold: breaker?.threshold ?? 0
    },
    rollback: rollback
      ? {
          reason: rollback.reason,
          startedAt: rollback.startedAt?.getTime(),
          revisionArn: rollback.serviceRevisionArn
        }
      : undefined,
    pauseHooks: pauseHooksOf(deployment)
  }
}

/** Its PAUSE hooks; undefined when it has none, as ECS leaves the field out. */
function pauseHooksOf(deployment: ServiceDeployment): PauseHook[] | undefined {
  const hooks = (deployment.lifecycleHookDetails ?? []).flatMap(hook =>
    hook.targetType === 'PAUSE' && hook.hookId !== undefined
      ? [
          {
            hookId: hook.hookId,
            status: hook.status ?? 'UNKNOWN',
            expiresAt: hook.expiresAt?.getTime(),
            timeoutAction: hook.timeoutAction ?? 'ROLLBACK'
          }
        ]
      : []
  )
  return hooks.length > 0 ? hooks : undefined
}

function toRevisionTasks(revision: ServiceRevisionSummary): RevisionTasks {
  return {
    arn: revision.arn ?? '',
    requested: revision.requestedTaskCount ?? 0,
    running: revision.runningTaskCount ?? 0,
    pending: revision.pendingTaskCount ?? 0
  }
}
