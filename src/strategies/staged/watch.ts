import { startedDeployment, type ServiceSnapshot } from '../../aws/ecs-api.js'
import { journalOf, stageJournalOf, type StageJournal } from '../../core/state.js'
import { watchStages } from '../../rollout/watch-stages.js'
import { pauseAnswerFor } from '../../rollout/pause-hooks.js'
import { prefixed } from '../../rollout/watch.js'
import type { Target } from '../../settings/types.js'
import type { RolloutToWatch, WatchCommon, WatchContext } from '../strategy.js'

/**
 * Follows one blue/green, linear or canary deployment by lifecycle stage (the release's own, or
 * the one a rollback by UpdateService started), recording its stages in the release state.
 */
export async function watchStagedDeployment(
  { settings, state, services }: WatchContext,
  rollout: Pick<RolloutToWatch, 'target' | 'deployment' | 'verifyAtBake' | 'verify'>,
  options: WatchCommon & { halted?: () => boolean; purpose?: StageJournal['purpose'] }
): Promise<void> {
  const { target, deployment } = rollout
  const purpose = options.purpose ?? 'release'
  const stages = stageJournalOf(state, {
    cluster: target.cluster,
    service: target.service,
    purpose,
    rollbackOnCancel: settings.rollback && purpose === 'release'
  })
  await watchStages(
    {
      cluster: target.cluster,
      service: target.service,
      // A rollback is watched until it is complete: it is the release's last word. SUCCESSFUL
      // comes after the old tasks are gone, so drained is complete here.
      waitUntil:
        purpose === 'release' && target.waitUntil !== 'drained'
          ? (target.waitUntil ?? 'complete')
          : 'complete',
      deploymentId: deployment.id,
      taskDefinitionArn: deployment.taskDefinitionArn,
      serviceDeploymentArn: deployment.serviceDeploymentArn,
      strategy: deployment.strategy,
      startedAt: services.clock.now(),
      timeoutSeconds: options.timeoutSeconds,
      verifyAtBake: rollout.verifyAtBake,
      // A rollback's deployment puts back a revision that completed: its pauses are continued.
      onPause:
        purpose === 'release'
          ? pauseAnswerFor(settings.onPause, rollout.verify)
          : { kind: 'continue' },
      rollback: settings.rollback,
      rollbackTimeoutSeconds: settings.rollbackTimeoutSeconds
    },
    {
      ecs: services.aws.ecs(),
      clock: services.clock,
      logger: options.several ? prefixed(services.logger, `[${target.service}] `) : services.logger,
      journal: journalOf(state),
      stages,
      halted: options.halted,
      observer: options.observer
    },
    { pollIntervalSeconds: settings.pollIntervalSeconds, prefixServices: options.several }
  )
}

/**
 * Follows, by stages, the deployment an UpdateService back to `taskDefinitionArn` started (the
 * way back of a blue/green, linear or canary service whose deployment had finished).
 */
export async function watchStagedRollback(
  context: WatchContext,
  target: Target,
  updated: ServiceSnapshot,
  taskDefinitionArn: string,
  options: WatchCommon
): Promise<void> {
  const primary = startedDeployment(updated, `the rollback of service ${target.service}`)
  await watchStagedDeployment(
    context,
    {
      target,
      deployment: {
        id: primary.id,
        taskDefinitionArn,
        createdService: false,
        strategy: updated.strategy,
        serviceDeploymentArn: updated.currentServiceDeployment
      }
    },
    { ...options, purpose: 'rollback' }
  )
}
