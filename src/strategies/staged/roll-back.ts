import { shortTaskDefinition, startedDeployment, type EcsApi } from '../../aws/ecs-api.js'
import { describeServiceDeploymentArn } from '../../aws/service-deployment.js'
import {
  awaitStageRollback,
  stopAndAwaitRollback,
  type StageRollbackEnd
} from '../../rollout/stage-rollback.js'
import { prefixed } from '../../rollout/watch.js'
import { watchStagedRollback } from './watch.js'
import { ReleaseError } from '../../util/errors.js'
import { escapeForLog } from '../../util/logger.js'
import type { WatchContext } from '../strategy.js'
import {
  releaseStages,
  type RollbackRecord,
  type ServiceRelease,
  type StageJournal
} from '../../core/state.js'
import { awaitingPauseHook, type AwaitingHook } from '../../rollout/pause-hooks.js'
import type { Clock } from '../../util/clock.js'
import type { Logger } from '../../util/logger.js'

// The way back of a blue/green, linear or canary service: while its service deployment is still
// PENDING or IN_PROGRESS, ECS rolls it back in place (StopServiceDeployment ROLLBACK: the old
// tasks still run); once it is SUCCESSFUL (or stopped), only a new deployment of the previous
// revision brings that back, which ECS runs by stages again.

/** Statuses StopServiceDeployment still acts on. */
const STOPPABLE = new Set(['PENDING', 'IN_PROGRESS'])
/** Statuses in which ECS is already rolling (or stopping) it back: wait for that. */
const ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'STOP_REQUESTED'])

/**
 * Puts `to` (the last revision that completed) back on a staged service of the release, and
 * waits, within rollback-timeout, until ECS reports it done. Throws when it could not.
 */
export async function rollBackStaged(
  context: WatchContext,
  release: ServiceRelease,
  to: string,
  several: boolean
): Promise<RollbackRecord> {
  const { settings, state, services } = context
  const { target, deployment } = release
  const ecs = services.aws.ecs()
  const logger = several ? prefixed(services.logger, `[${target.service}] `) : services.logger
  const journal = releaseStages(state, target.service)
  const arn = journal?.serviceDeploymentArn ?? deployment?.serviceDeploymentArn
  const deadline = services.clock.now() + settings.rollbackTimeoutSeconds * 1000
  const polling = { pollIntervalSeconds: settings.pollIntervalSeconds, deadline }
  const current = arn ? await ecs.describeServiceDeployment(arn) : undefined
  const status = current?.status
  if (arn && status && (STOPPABLE.has(status) || ROLLING_BACK.has(status))) {
    const rollbackDeps = { ecs, clock: services.clock, logger }
    if (journal)
      journal.rollbackRequested = { at: services.clock.now(), why: 'the release is rolled back' }
    // Paused at a PAUSE hook (on-pause approve): the hook itself is answered ROLLBACK.
    const paused = STOPPABLE.has(status) ? awaitingPauseHook(current) : undefined
    if (paused) await answerHookWithRollback(arn, paused, rollbackDeps, journal)
    const end: StageRollbackEnd =
      STOPPABLE.has(status) && !paused
        ? await stopAndAwaitRollback(arn, rollbackDeps, {
            ...polling,
            why: 'the release is rolled back'
          })
        : await awaitStageRollback(arn, rollbackDeps, polling)
    if (end.outcome === 'rolled-back') {
      if (journal) journal.end = { at: services.clock.now(), status: 'rolled-back' }
      return { deploymentId: arn, taskDefinitionArn: to }
    }
    if (end.outcome !== 'not-stoppable')
      throw new ReleaseError(
        end.outcome === 'timeout'
          ? `ECS's rollback of ${describeServiceDeploymentArn(arn)} had not finished within rollback-timeout (last seen ${escapeForLog(end.status)})`
          : `ECS reports ROLLBACK_FAILED for ${describeServiceDeploymentArn(arn)}: look at the service, both revisions may still run`
      )
    // It finished before the request reached ECS: a new deployment, as below.
  }
  logger.info(
    `service ${target.service}: its ${status ? `service deployment is ${escapeForLog(status)}` : 'service deployment is not known'}, so the way back is a new deployment of ${shortTaskDefinition(to)}, which ECS runs by stages again`
  )
  const updated = await ecs.updateService({
    cluster: target.cluster,
    service: target.service,
    taskDefinition: to
  })
  const primary = startedDeployment(updated, `the rollback of service ${target.service}`)
  const record = { deploymentId: primary.id, taskDefinitionArn: to }
  release.rollback = record
  await watchStagedRollback(context, target, updated, to, {
    several,
    timeoutSeconds: settings.rollbackTimeoutSeconds
  })
  return record
}

/** ContinueServiceDeployment ROLLBACK on the hook a paused deployment awaits, recorded. */
async function answerHookWithRollback(
  arn: string,
  { hook, stage }: AwaitingHook,
  { ecs, clock, logger }: { ecs: EcsApi; clock: Clock; logger: Logger },
  journal: StageJournal | undefined
): Promise<void> {
  await ecs.continueServiceDeployment(arn, hook.hookId, 'ROLLBACK')
  logger.info(
    `ContinueServiceDeployment ROLLBACK: the PAUSE hook ${escapeForLog(hook.hookId)} at ${escapeForLog(stage)} is answered, ECS rolls the deployment back in place`
  )
  const record = journal?.pauses?.find(pause => pause.hookId === hook.hookId)
  if (record)
    Object.assign(record, {
      answeredBy: 'the release’s rollback',
      action: 'ROLLBACK',
      answeredAt: clock.now()
    })
}
