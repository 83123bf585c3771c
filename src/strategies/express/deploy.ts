import { shortTaskDefinition, type ServiceSnapshot } from '../../aws/ecs-api.js'
import { describeLiveService } from '../../aws/services.js'
import type { StepContext } from '../../core/context.js'
import type { Registration, StartedDeployment } from '../../core/state.js'
import type { Target } from '../../settings/types.js'
import { ReleaseError } from '../../util/errors.js'

/** How dry-run names the deployment ECS would start. */
export const PREDICTED_DEPLOYMENT = 'ecs-svc/predicted-by-dry-run'

/**
 * The deploy of an Express service: UpdateExpressGatewayService with the whole container. ECS
 * answers with the revision it registered but no deployment id: the deployment followed is the
 * PRIMARY one of that revision on the service behind it. An unchanged container sends nothing.
 * The registration names the registered revision from here on (outputs, summary, keep-revisions).
 */
export async function deployExpress(
  { services, plan }: StepContext,
  { target, registration }: { target: Target; registration: Registration }
): Promise<StartedDeployment> {
  const express = registration.expressService
  if (!express)
    throw new ReleaseError(`service ${target.service}: no Express release was prepared by register`)
  const ecs = services.aws.ecs()
  let revision = registration.taskDefinitionArn
  if (!registration.unchanged) {
    const updated = await ecs.updateExpressService(express.arn, express.container)
    if (!updated.taskDefinitionArn)
      throw new ReleaseError(
        `UpdateExpressGatewayService answered for ${express.arn} without the revision ECS registered; look at the service before re-running`
      )
    revision = updated.taskDefinitionArn
    registration.taskDefinitionArn = revision
  }
  // What ECS answered (or, unchanged, what it runs): stated from here on, but in a dry run.
  registration.predicted = plan.dryRun
  if (plan.dryRun)
    return { id: PREDICTED_DEPLOYMENT, taskDefinitionArn: revision, createdService: false }
  const behind = await describeLiveService(ecs, target.cluster, target.service)
  const deployment = deploymentOf(behind, revision, express.arn)
  services.logger.info(
    `Express service ${target.service}: deployment ${deployment.id} of ${shortTaskDefinition(revision)}` +
      (registration.unchanged
        ? ' (unchanged: nothing sent)'
        : ` (was ${shortTaskDefinition(registration.previousTaskDefinitionArn ?? revision)})`)
  )
  return {
    id: deployment.id,
    taskDefinitionArn: revision,
    createdService: false,
    deploymentController: behind?.deploymentController,
    strategy: behind?.strategy,
    serviceDeploymentArn: behind?.currentServiceDeployment
  }
}

/** The deployment of `revision` on the service behind the Express service. */
export function deploymentOf(
  behind: ServiceSnapshot | undefined,
  revision: string,
  arn: string
): { id: string } {
  const found = behind?.deployments.find(deployment => deployment.taskDefinition === revision)
  if (!found)
    throw new ReleaseError(
      `Express service ${arn}: ECS shows no deployment of ${shortTaskDefinition(revision)} on the service behind it${behind ? '' : ' (the service is not ACTIVE)'}; look at the service before re-running`
    )
  return found
}
