import type { StepContext } from '../release/context.js'
import { journalOf, type Registration, type StartedDeployment } from '../release/state.js'
import type { TrackedRollout } from '../rollout/verdict.js'
import { watchRollout } from '../rollout/watch.js'
import type { Target } from '../settings/types.js'

/** The `wait` step: watch the deployment `deploy` started until it is done, or fails. */
export async function wait(
  context: StepContext,
  {
    target,
    registration,
    deployment
  }: { target: Target; registration: Registration; deployment: StartedDeployment }
): Promise<void> {
  await watchServiceDeployment(context, target, {
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinitionArn,
    previousTaskDefinitionArn: registration.previousTaskDefinitionArn
  })
}

/** Watches one deployment of a service with the release's settings (wait, and rollback's wait). */
export async function watchServiceDeployment(
  { settings, state, services }: Pick<StepContext, 'settings' | 'state' | 'services'>,
  target: Target,
  deployment: Pick<
    TrackedRollout,
    'deploymentId' | 'taskDefinitionArn' | 'previousTaskDefinitionArn'
  >,
  timeoutSeconds = settings.timeoutSeconds
): Promise<void> {
  await watchRollout(
    {
      cluster: target.cluster,
      service: target.service,
      ...deployment,
      maxFailedTasks: settings.maxFailedTasks,
      startedAt: services.clock.now(),
      timeoutSeconds
    },
    {
      ecs: services.aws.ecs(),
      clock: services.clock,
      logger: services.logger,
      journal: journalOf(state)
    },
    { pollIntervalSeconds: settings.pollIntervalSeconds }
  )
}
