import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { StepContext } from '../core/context.js'
import type { CodeDeployService, StartedDeployment } from '../core/state.js'
import type { Target } from '../settings/types.js'
import { ReleaseError } from '../util/errors.js'
import { escapeForLog } from '../util/escape.js'
import { buildAppSpec, trafficContainer } from './appspec.js'
import { codeDeployNames, type CodeDeployNames } from './names.js'

/**
 * A CODE_DEPLOY service's deploy: CreateDeployment in its application and deployment group,
 * with an AppSpec of the new revision and the container and port its load balancer sends
 * traffic to (UpdateService cannot change a CODE_DEPLOY service's revision). Dry-run prints it.
 */
export async function deployThroughCodeDeploy(
  { plan, services }: Pick<StepContext, 'plan' | 'services'>,
  target: Target,
  taskDefinitionArn: string,
  service: CodeDeployService
): Promise<StartedDeployment> {
  const names = codeDeployNames(target)
  const id = await createCodeDeployment(services, target, names, taskDefinitionArn, service, {
    description: `ecs-flow ${plan.flow} of ${shortTaskDefinition(taskDefinitionArn)} (${plan.sha.slice(0, 12)})`,
    dryRun: plan.dryRun
  })
  return {
    id,
    taskDefinitionArn,
    createdService: false,
    deploymentController: 'CODE_DEPLOY',
    codeDeploy: names
  }
}

/** CreateDeployment of `taskDefinitionArn` (a release, or a rollback to a previous revision). */
export async function createCodeDeployment(
  services: StepContext['services'],
  target: Target,
  names: CodeDeployNames,
  taskDefinitionArn: string,
  service: CodeDeployService,
  options: { description: string; dryRun: boolean }
): Promise<string> {
  const traffic = trafficContainer(service.loadBalancers)
  if ('problem' in traffic)
    throw new ReleaseError(
      `service ${target.service} in cluster ${target.cluster} uses CodeDeploy but ${traffic.problem}`
    )
  const appSpec = buildAppSpec({ taskDefinitionArn, ...traffic, hooks: target.codeDeployHooks })
  const id = await services.aws.codeDeploy().createDeployment({
    application: names.application,
    deploymentGroup: names.deploymentGroup,
    appSpec,
    description: options.description
  })
  if (!options.dryRun)
    services.logger.info(
      `service ${target.service} in cluster ${target.cluster}: CodeDeploy deployment ${escapeForLog(id)} of ${shortTaskDefinition(taskDefinitionArn)} (application ${escapeForLog(names.application)}, deployment group ${escapeForLog(names.deploymentGroup)}, traffic to container ${escapeForLog(traffic.containerName)} port ${traffic.containerPort})`
    )
  return id
}
