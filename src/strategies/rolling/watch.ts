import { journalOf } from '../../core/state.js'
import type { RolloutObserver } from '../../insight/observer.js'
import type { TrackedRollout } from '../../rollout/verdict.js'
import { watchRollouts } from '../../rollout/watch.js'
import type { Target } from '../../settings/types.js'
import type { Watch } from '../../rollout/watch-together.js'
import { ECS_ROLLBACK_DRY_RUN } from '../ecs-controller.js'
import type {
  RollbackCommon,
  RollbackStart,
  RolloutToWatch,
  WatchCommon,
  WatchContext
} from '../strategy.js'

/** One deployment of one service, as the watcher follows it. */
export type ServiceDeploymentToWatch = Pick<
  TrackedRollout,
  'deploymentId' | 'taskDefinitionArn' | 'previousTaskDefinitionArn' | 'waitForDrain'
> & { target: Target }

/** Watches one deployment of a service with the release's settings (wait, and rollback's wait). */
export async function watchServiceDeployment(
  context: WatchContext,
  target: Target,
  deployment: Omit<ServiceDeploymentToWatch, 'target'>,
  timeoutSeconds = context.settings.timeoutSeconds
): Promise<void> {
  await watchServiceDeployments(context, [{ ...deployment, target }], timeoutSeconds)
}

/** Watches rolling deployments of several services together (one DescribeServices per 10 services). */
export async function watchServiceDeployments(
  { settings, state, services }: WatchContext,
  deployments: readonly ServiceDeploymentToWatch[],
  timeoutSeconds = settings.timeoutSeconds,
  together: { halted?: () => boolean; prefixServices?: boolean; observer?: RolloutObserver } = {}
): Promise<void> {
  const startedAt = services.clock.now()
  await watchRollouts(
    deployments.map(({ target, ...deployment }) => ({
      cluster: target.cluster,
      service: target.service,
      ...deployment,
      maxFailedTasks: settings.maxFailedTasks,
      startedAt,
      timeoutSeconds
    })),
    {
      ecs: services.aws.ecs(),
      clock: services.clock,
      logger: services.logger,
      journal: journalOf(state),
      logs: services.aws.logs(),
      halted: together.halted,
      observer: together.observer
    },
    { pollIntervalSeconds: settings.pollIntervalSeconds, prefixServices: together.prefixServices }
  )
}

/** The one watch of a release's rolling deployments, beside the other strategies' (none: none). */
export function rollingWatches(
  context: WatchContext,
  deployments: readonly ServiceDeploymentToWatch[],
  timeoutSeconds: number,
  prefixServices: boolean,
  observer?: RolloutObserver
): Watch[] {
  return deployments.length === 0
    ? []
    : [
        halted =>
          watchServiceDeployments(context, deployments, timeoutSeconds, {
            halted,
            prefixServices,
            ...(observer ? { observer } : {})
          })
      ]
}

/**
 * The watch of deployments `deploy` started on services that roll (rolling, and the service
 * behind an Express service); `drain`: the release waits for the old revision's drain when asked.
 */
export function watchRolling(
  context: WatchContext,
  rollouts: readonly RolloutToWatch[],
  common: WatchCommon,
  drain: boolean
): Watch[] {
  return rollingWatches(
    context,
    rollouts.map(({ target, registration, deployment }) => ({
      target,
      deploymentId: deployment.id,
      taskDefinitionArn: deployment.taskDefinitionArn,
      previousTaskDefinitionArn: registration.previousTaskDefinitionArn,
      // A rollback follows ECS's verdict; the release waits for the drain when asked.
      ...(drain ? { waitForDrain: target.waitUntil === 'drained' } : {})
    })),
    common.timeoutSeconds,
    common.several,
    common.observer
  )
}

/** What a rollback by a rolling deployment leaves for its caller: the way back already asked for. */
export function rollingRollbackStart(
  context: WatchContext,
  watched: readonly ServiceDeploymentToWatch[],
  common: RollbackCommon
): RollbackStart {
  return {
    started: true,
    dryRunWatch: ECS_ROLLBACK_DRY_RUN,
    deploymentLabel: 'deployment',
    watches: rollingWatches(
      context,
      watched,
      common.timeoutSeconds,
      common.several && !common.alone
    )
  }
}
