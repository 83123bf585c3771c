import type { Registration, StartedDeployment } from '../release/state.js'
import type { Target } from '../settings/types.js'
import type { CodeDeploymentToWatch } from './watch.js'

/** The rollouts `wait` watches through CodeDeploy, and the others, in their order. */
export function splitCodeDeployRollouts<
  R extends { target: Target; registration: Registration; deployment: StartedDeployment }
>(rollouts: readonly R[]): { codeDeploy: CodeDeploymentToWatch[]; others: R[] } {
  const codeDeploy: CodeDeploymentToWatch[] = []
  const others: R[] = []
  for (const rollout of rollouts) {
    if (rollout.deployment.codeDeploy)
      codeDeploy.push({
        target: rollout.target,
        deploymentId: rollout.deployment.id,
        taskDefinitionArn: rollout.deployment.taskDefinitionArn
      })
    else others.push(rollout)
  }
  return { codeDeploy, others }
}
