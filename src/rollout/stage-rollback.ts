import { EcsCallError, type EcsApi } from '../aws/ecs-api.js'
import {
  describeServiceDeploymentArn,
  type ServiceDeploymentSnapshot
} from '../aws/service-deployment.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import { done, fixedPacer, keepPolling, pollFor, type Verdict } from '../util/poll.js'
import { transientAwsError } from '../aws/transient.js'
import { formatSeconds } from '../util/duration.js'

// ECS's own way back for a blue/green, linear or canary service deployment that is still
// PENDING or IN_PROGRESS: StopServiceDeployment ROLLBACK moves traffic back to the old revision,
// whose tasks are still there; then ECS reports ROLLBACK_SUCCESSFUL (or ROLLBACK_FAILED).

export interface StageRollbackDependencies {
  ecs: EcsApi
  clock: Clock
  logger: Logger
}

/** How a requested rollback ended. */
export type StageRollbackEnd =
  | { outcome: 'rolled-back' | 'rollback-failed'; deployment: ServiceDeploymentSnapshot }
  /** The deadline passed with the rollback still going (last status seen). */
  | { outcome: 'timeout'; status: string }
  /** It had finished (SUCCESSFUL, STOPPED) before the request: ECS refused to stop it. */
  | { outcome: 'not-stoppable'; status: string }

const ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'STOP_REQUESTED'])

/**
 * Asks ECS to roll the service deployment back. 'requested' also when ECS was already stopping
 * or rolling it back; 'finished' when it is past stopping (ECS's ConflictException).
 */
export async function requestStageRollback(
  ecs: EcsApi,
  arn: string
): Promise<'requested' | 'finished'> {
  try {
    await ecs.stopServiceDeployment(arn, 'ROLLBACK')
    return 'requested'
  } catch (error) {
    if (error instanceof EcsCallError && error.code === 'ConflictException') return 'finished'
    throw error
  }
}

/**
 * StopServiceDeployment ROLLBACK, then polls the service deployment every `pollIntervalSeconds`
 * until ECS reports the rollback finished or `deadline` (ms) passes. Transient read errors are
 * polled through.
 */
export async function stopAndAwaitRollback(
  arn: string,
  deps: StageRollbackDependencies,
  options: { pollIntervalSeconds: number; deadline: number; why: string }
): Promise<StageRollbackEnd> {
  const { ecs, logger } = deps
  const subject = describeServiceDeploymentArn(arn)
  logger.info(
    `rolling back ${subject}: ${options.why}; StopServiceDeployment ROLLBACK moves production traffic back to the previous revision`
  )
  const answer = await requestStageRollback(ecs, arn)
  if (answer === 'finished') {
    const now = await ecs.describeServiceDeployment(arn).catch(() => undefined)
    return { outcome: 'not-stoppable', status: now?.status ?? 'finished' }
  }
  return awaitStageRollback(arn, deps, options)
}

/** Polls a service deployment ECS is rolling back until ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED or the deadline. */
export async function awaitStageRollback(
  arn: string,
  deps: StageRollbackDependencies,
  options: { pollIntervalSeconds: number; deadline: number }
): Promise<StageRollbackEnd> {
  const { ecs, clock, logger } = deps
  const startedAt = clock.now()
  // The last status seen (a deployment not found leaves it as it was).
  let status = 'ROLLBACK_REQUESTED'
  let reported = ''
  return pollFor<ServiceDeploymentSnapshot | undefined, StageRollbackEnd>({
    clock,
    deadline: options.deadline,
    pacer: fixedPacer(options.pollIntervalSeconds * 1000),
    firstRead: 'at-once',
    lastRead: 'made-late',
    read: async bound => {
      const deployment = await ecs.describeServiceDeployment(arn, bound)
      if (deployment) status = deployment.status
      if (deployment && status !== reported) {
        reported = status
        logger.info(
          `[${formatSeconds((clock.now() - startedAt) / 1000)}] rollback: ${escapeForLog(status)}`
        )
      }
      return deployment
    },
    verdict: rollbackVerdict,
    errors: {
      tolerated: transientAwsError,
      report: error => logger.debug(`rollback poll: ${errorMessage(error)}`)
    },
    expired: () => done({ outcome: 'timeout', status })
  })
}

/** Where a rollback ECS is carrying out stands: done once ECS no longer moves it on. */
function rollbackVerdict(
  deployment: ServiceDeploymentSnapshot | undefined
): Verdict<StageRollbackEnd> {
  if (!deployment) return keepPolling
  const { status } = deployment
  if (status === 'ROLLBACK_SUCCESSFUL') return done({ outcome: 'rolled-back', deployment })
  if (status === 'ROLLBACK_FAILED') return done({ outcome: 'rollback-failed', deployment })
  if (!ROLLING_BACK.has(status) && status !== 'PENDING' && status !== 'IN_PROGRESS')
    return done({ outcome: 'not-stoppable', status })
  return keepPolling
}
