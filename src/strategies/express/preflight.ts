import { expressArnOf, expressServiceCluster } from '../../aws/express-service.js'
import type { PreflightReads } from '../../aws/read-hand-off.js'
import type { Services } from '../../core/context.js'
import type { Target } from '../../settings/types.js'
import { ReleaseError, errorMessage } from '../../util/errors.js'

/** The container ECS names in the revisions it registers for an Express service. */
export const EXPRESS_CONTAINER = 'Main'

/**
 * Preflight, read-only: the Express service exists, is ACTIVE, has its primary container (the
 * one container-name may name), and lives in the environment's cluster. Every problem at once.
 */
export async function checkExpressService(
  services: Pick<Services, 'aws' | 'env'>,
  target: Target,
  reads?: PreflightReads
): Promise<Error[]> {
  const problems: Error[] = []
  const subject = `Express service ${target.expressService} (environment ${target.environment})`
  const cluster = expressServiceCluster(target.expressService ?? '')
  if (cluster && cluster !== target.cluster)
    problems.push(
      new ReleaseError(
        `${subject} is in cluster ${cluster}, but the environment's cluster is ${target.cluster}: set cluster: ${cluster} or name the service in ${target.cluster}`
      )
    )
  if (target.container && target.container !== EXPRESS_CONTAINER)
    problems.push(
      new ReleaseError(
        `${subject}: an Express service has one container, ${EXPRESS_CONTAINER}, not ${target.container}; remove container (or container-name) from its settings`
      )
    )
  let arn: string
  try {
    arn = await expressArnOf(services, target)
  } catch (error) {
    problems.push(
      new ReleaseError(`${subject}: its ARN could not be built (${errorMessage(error)})`)
    )
    return problems
  }
  const found = await services.aws.ecs().describeExpressService(arn)
  // Register sends this container back: it reads the answer instead of asking ECS again.
  reads?.expressServices.set(arn, found)
  if (!found) {
    problems.push(
      new ReleaseError(
        `${subject} does not exist (DescribeExpressGatewayService found no ${arn}): create it in ECS first, or correct express-service`
      )
    )
    return problems
  }
  if (found.status !== 'ACTIVE')
    problems.push(
      new ReleaseError(
        `${subject} is ${found.status}, not ACTIVE: ECS deploys only an ACTIVE Express service`
      )
    )
  if (!found.container?.image)
    problems.push(
      new ReleaseError(
        `${subject} has no primary container in its active configuration (${arn}): give it one in ECS before releasing to it`
      )
    )
  return problems
}
