import type { Registration, StartedDeployment } from '../core/state.js'
import type { Target } from '../settings/types.js'
import type { CodeDeploymentToWatch } from './watch.js'

/** The CodeDeploy deployments `deploy` started, as the CodeDeploy watcher follows them. */
export function codeDeploymentsToWatch(
  rollouts: readonly { target: Target; registration: Registration; deployment: StartedDeployment }[]
): CodeDeploymentToWatch[] {
  return rollouts
    .filter(rollout => rollout.deployment.codeDeploy)
    .map(({ target, deployment }) => ({
      target,
      deploymentId: deployment.id,
      taskDefinitionArn: deployment.taskDefinitionArn
    }))
}
