import { expressServiceArn } from '../../aws/express-service.js'
import { regionFrom } from '../../aws/region.js'
import type { Services } from '../../core/context.js'
import type { Target } from '../../settings/types.js'

/**
 * The ARN of the target's Express service: given, or built from its name, the environment's
 * cluster, the region and the account (STS GetCallerIdentity, as templates read it).
 */
export async function expressArnOf(
  services: Pick<Services, 'aws' | 'env'>,
  target: Target
): Promise<string> {
  const ref = target.expressService ?? target.service
  if (ref.startsWith('arn:')) return ref
  return expressServiceArn(ref, {
    cluster: target.cluster,
    region: regionFrom(services.env),
    account: await services.aws.sts().accountId()
  })
}
