import { journalOf } from '../../core/state.js'
import type { RolloutObserver } from '../../insight/observer.js'
import type { TrackedRollout } from '../../rollout/verdict.js'
import { watchRollouts } from '../../rollout/watch.js'
import type { Target } from '../../settings/types.js'
import type { WatchContext } from '../strategy.js'

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
