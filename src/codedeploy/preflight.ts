import type { CodeDeployApi } from '../aws/codedeploy-api.js'
import type { ServiceSnapshot } from '../aws/ecs-api.js'
import type { Target } from '../settings/types.js'
import { ReleaseError, errorMessage } from '../util/errors.js'
import { escapeForLog } from '../util/escape.js'
import { trafficContainer } from './appspec.js'
import { codeDeployNames } from './names.js'

/**
 * Everything about a CODE_DEPLOY service that can be checked before anything is written, all
 * problems at once: its load balancer gives a container and port for the AppSpec; the
 * deployment group exists, is an ECS one, deploys this very service, and has its blue and green
 * target groups.
 */
export async function codeDeployProblems(
  codeDeploy: CodeDeployApi,
  target: Target,
  service: ServiceSnapshot
): Promise<Error[]> {
  const problems: Error[] = []
  const subject = `service ${target.service} in cluster ${target.cluster}`
  const traffic = trafficContainer(service.loadBalancers)
  if ('problem' in traffic)
    problems.push(
      new ReleaseError(
        `${subject} uses the CODE_DEPLOY deployment controller but ${traffic.problem}; CodeDeploy deploys ECS services behind a load balancer only (give the service a load balancer with a container name and port)`
      )
    )
  const names = codeDeployNames(target)
  const defaults = !target.codeDeployApplication && !target.codeDeployDeploymentGroup
  const which = `deployment group ${escapeForLog(names.deploymentGroup)} of CodeDeploy application ${escapeForLog(names.application)}`
  const fix =
    'set codedeploy-application and codedeploy-deployment-group (inputs, or the same keys of the environment or the service in the config file)'
  let group
  try {
    group = await codeDeploy.getDeploymentGroup(names.application, names.deploymentGroup)
  } catch (error) {
    problems.push(
      new ReleaseError(`${subject}: ${which} could not be read: ${errorMessage(error)}`)
    )
    return problems
  }
  if (!group) {
    problems.push(
      new ReleaseError(
        `${subject} uses CodeDeploy, but ${which} does not exist${defaults ? " (the names the ECS console gives them, ecs-flow's default)" : ''}: ${fix}`
      )
    )
    return problems
  }
  if (group.computePlatform && group.computePlatform !== 'ECS')
    problems.push(
      new ReleaseError(
        `${which} deploys to the ${escapeForLog(group.computePlatform)} compute platform, not ECS: ${fix}`
      )
    )
  const deploysThis = group.ecsServices.some(
    each => each.service === target.service && clusterName(each.cluster) === target.cluster
  )
  if (!deploysThis)
    problems.push(
      new ReleaseError(
        `${which} deploys ${group.ecsServices.map(each => `service ${escapeForLog(each.service)} in cluster ${escapeForLog(clusterName(each.cluster))}`).join(', ') || 'no ECS service'}, not ${subject}: ${fix}`
      )
    )
  if (group.targetGroups.length < 2)
    problems.push(
      new ReleaseError(
        `${which} has ${group.targetGroups.length === 0 ? 'no target groups' : `one target group (${escapeForLog(group.targetGroups[0]!)})`}; an ECS blue/green deployment needs two (blue and green): add them to its load balancer settings in the CodeDeploy console`
      )
    )
  return problems
}

/** CodeDeploy names the cluster as created (a name); an ARN is taken too. */
function clusterName(cluster: string): string {
  return cluster.slice(cluster.lastIndexOf('/') + 1)
}
