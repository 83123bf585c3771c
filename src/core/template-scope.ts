import { configuredRegion } from '../aws/region.js'
import type { TemplateScope } from '../definitions/templated.js'
import type { Target } from '../settings/types.js'
import type { StepContext } from './context.js'

/** Stands in for ECS_FLOW_IMAGE before the image exists (preflight of a build). */
export const IMAGE_NOT_YET_KNOWN = 'image-of-this-release'

/**
 * The values and built-ins of the target's definition templates. AWS_ACCOUNT_ID costs an STS
 * call, made only when a template uses it (and once per run).
 */
export function templateScope(
  { plan, services }: Pick<StepContext, 'plan' | 'services'>,
  target: Target,
  image: string | undefined
): TemplateScope {
  return {
    values: target.values ?? {},
    runner: services.runner,
    builtins: {
      ECS_FLOW_ENVIRONMENT: target.environment,
      ECS_FLOW_SERVICE: target.service,
      ECS_FLOW_SHA: plan.sha,
      ECS_FLOW_IMAGE: image,
      AWS_REGION: configuredRegion(services.env),
      AWS_ACCOUNT_ID: () => services.aws.sts().accountId()
    }
  }
}
