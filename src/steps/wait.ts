import type { StepContext } from '../release/context.js'
import { journalOf, type Registration, type StartedDeployment } from '../release/state.js'
import type { TrackedRollout } from '../rollout/verdict.js'
import { watchRollouts } from '../rollout/watch.js'
import type { Target } from '../settings/types.js'
import { splitCodeDeployRollouts } from '../codedeploy/wait.js'
import { watchCodeDeployments } from '../codedeploy/watch.js'

/** A deployment `deploy` started, for `wait`. */
export interface RolloutToWatch {
  target: Target
  registration: Registration
  deployment: StartedDeployment
}

/** The `wait` step: watch the deployments `deploy` started, all together, until done or failed. */
export async function wait(
  context: StepContext,
  rollouts: readonly RolloutToWatch[]
): Promise<void> {
  // CODE_DEPLOY services are followed through CodeDeploy, after the others (each its own watcher).
  const { codeDeploy, others } = splitCodeDeployRollouts(rollouts)
  if (others.length > 0) await watchEcsRollouts(context, others)
  if (codeDeploy.length > 0) await watchCodeDeployments(context, codeDeploy)
}

async function watchEcsRollouts(
  context: StepContext,
  rollouts: readonly RolloutToWatch[]
): Promise<void> {
  await watchServiceDeployments(
    context,
    rollouts.map(({ target, registration, deployment }) => ({
      target,
      deploymentId: deployment.id,
      taskDefinitionArn: deployment.taskDefinitionArn,
      previousTaskDefinitionArn: registration.previousTaskDefinitionArn
    }))
  )
}

/** One deployment of one service, as the watcher follows it. */
export type ServiceDeploymentToWatch = Pick<
  TrackedRollout,
  'deploymentId' | 'taskDefinitionArn' | 'previousTaskDefinitionArn'
> & { target: Target }

/** Watches one deployment of a service with the release's settings (wait, and rollback's wait). */
export async function watchServiceDeployment(
  context: Pick<StepContext, 'settings' | 'state' | 'services'>,
  target: Target,
  deployment: Omit<ServiceDeploymentToWatch, 'target'>,
  timeoutSeconds = context.settings.timeoutSeconds
): Promise<void> {
  await watchServiceDeployments(context, [{ ...deployment, target }], timeoutSeconds)
}

/** Watches deployments of several services together (one DescribeServices per 10 services). */
export async function watchServiceDeployments(
  { settings, state, services }: Pick<StepContext, 'settings' | 'state' | 'services'>,
  deployments: readonly ServiceDeploymentToWatch[],
  timeoutSeconds = settings.timeoutSeconds
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
      logs: services.aws.logs()
    },
    { pollIntervalSeconds: settings.pollIntervalSeconds }
  )
}
