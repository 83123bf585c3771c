import { expressArnOf } from '../../aws/express-service.js'
import { describeLiveService } from '../../aws/services.js'
import type { RollbackRecord } from '../../core/state.js'
import { ReleaseError } from '../../util/errors.js'
import type { ServiceDeploymentToWatch } from '../rolling/watch.js'
import type { RollbackContext, RollbackRequest } from '../strategy.js'
import { containerOfRevision } from './container.js'
import { PREDICTED_DEPLOYMENT, deploymentOf } from './deploy.js'

/**
 * The way back of an Express service: UpdateExpressGatewayService with the container of the
 * revision to return to (its image, variables and secrets), which ECS registers as a new
 * revision and deploys. The record names that revision; its deployment is watched as any.
 */
export async function rollBackExpress(
  { services, plan }: RollbackContext,
  { release, to, from }: RollbackRequest
): Promise<ServiceDeploymentToWatch> {
  const { target } = release
  const ecs = services.aws.ecs()
  const arn = release.registration?.expressService?.arn ?? (await expressArnOf(services, target))
  const live = await ecs.describeExpressService(arn)
  if (!live?.container)
    throw new ReleaseError(
      `Express service ${arn} ${live ? 'has no primary container' : 'no longer exists'}: it cannot be rolled back to ${to}`
    )
  const revision = await ecs.describeTaskDefinition(to)
  const container = containerOfRevision(live.container, revision.definition)
  if (!container)
    throw new ReleaseError(
      `task definition ${to} has no Main container with an image: Express service ${arn} cannot be rolled back to it`
    )
  const updated = await ecs.updateExpressService(arn, container)
  const registered = updated.taskDefinitionArn ?? to
  let record: RollbackRecord = { deploymentId: PREDICTED_DEPLOYMENT, taskDefinitionArn: registered }
  if (!plan.dryRun) {
    const behind = await describeLiveService(ecs, target.cluster, target.service)
    record = {
      deploymentId: deploymentOf(behind, registered, arn).id,
      taskDefinitionArn: registered
    }
    services.logger.info(
      `Express service ${target.service}: rolling back to the container of ${revision.family}:${revision.revision} as ${registered.slice(registered.lastIndexOf('/') + 1)}`
    )
  }
  release.rollback = record
  return {
    target,
    deploymentId: record.deploymentId,
    taskDefinitionArn: registered,
    previousTaskDefinitionArn: from
  }
}
