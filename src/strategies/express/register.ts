import { expressArnOf } from '../../aws/express-service.js'
import { shortTaskDefinition } from '../../aws/ecs-api.js'
import { expressServiceOf, liveServiceOf, type PreflightReads } from '../../aws/read-hand-off.js'
import { findRollbackTarget } from '../../aws/rollback-target.js'
import type { StepContext } from '../../core/context.js'
import type { Registration, ReleaseImage } from '../../core/state.js'
import type { Target } from '../../settings/types.js'
import { ReleaseError } from '../../util/errors.js'
import { escapeForLog } from '../../util/escape.js'
import { containerChanges, releasedContainer } from './container.js'

/**
 * `register` for an Express service: nothing is registered (ECS registers the revision on
 * UpdateExpressGatewayService). Reads the service, builds the container deploy sends, and finds
 * the rollback target as for any service (the ECS service behind it has the same name).
 */
export async function registerExpress(
  { services }: StepContext,
  { target, image, handed }: { target: Target; image: ReleaseImage; handed?: PreflightReads }
): Promise<Registration> {
  const ecs = services.aws.ecs()
  const { logger } = services
  const arn = await expressArnOf(services, target)
  const express = await expressServiceOf(ecs, arn, handed)
  if (!express?.container)
    throw new ReleaseError(
      `Express service ${arn} ${express ? 'has no primary container' : 'no longer exists'}: nothing was changed`
    )
  const container = releasedContainer(express.container, image.reference, target)
  const changes = containerChanges(express.container, container)
  const behind = await liveServiceOf(ecs, target.cluster, target.service, handed)
  const current = express.taskDefinitionArn ?? behind?.taskDefinition
  if (!current)
    throw new ReleaseError(`Express service ${arn} shows no task definition: nothing was changed`)
  // The revision ECS registers on update is new, so anything that completed may be returned to;
  // unchanged, the one it runs is the release's.
  const ours = changes.length === 0 ? current : ''
  const found = behind ? await findRollbackTarget(ecs, target.cluster, behind, ours) : {}
  if (found.note) logger.info(`rollback target: ${found.note}`)
  if (found.target)
    logger.info(
      `rollback target: ${shortTaskDefinition(found.target.taskDefinitionArn)}, ${found.target.why}`
    )
  logger.info(
    changes.length === 0
      ? `Express service ${target.service}: its container is unchanged (${shortTaskDefinition(current)})`
      : [
          `Express service ${target.service}: changes to its container (ECS registers the revision on update):`,
          ...changes.map(line => `  ${escapeForLog(line)}`)
        ].join('\n')
  )
  return {
    // The revision it runs, until deploy names the one ECS registers.
    taskDefinitionArn: current,
    previousTaskDefinitionArn: current,
    serviceExists: true,
    unchanged: changes.length === 0,
    changes,
    rollbackTarget: found.target,
    // Not this release's revision until ECS answers the update with it (deploy sets it).
    predicted: true,
    serviceUrl: express.endpoint,
    expressService: { arn, container, previousContainer: express.container }
  }
}
