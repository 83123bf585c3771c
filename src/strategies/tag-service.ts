import type { StepContext } from '../core/context.js'
import { mergeTags, releaseTags } from '../definitions/release-tags.js'
import type { Target } from '../settings/types.js'
import { escapeForLog } from '../util/logger.js'

/**
 * resource-tags (and the git tags) on the service too: TagResource adds and overwrites, and
 * leaves the service's other tags alone. Nothing is called when there are none.
 */
export async function tagService(
  { settings, plan, services }: StepContext,
  target: Target,
  serviceArn: string | undefined
): Promise<void> {
  const tags = mergeTags([], releaseTags(settings, plan, target))
  if (!tags) return
  if (!serviceArn) {
    // Dry-run's predicted service has no ARN: say what would be tagged.
    if (plan.dryRun)
      services.logger.info(
        `dry-run: would tag service ${target.service} with ${escapeForLog(tags.map(tag => `${tag.key}=${tag.value}`).join(', '))} (TagResource)`
      )
    return
  }
  await services.aws.ecs().tagResource(serviceArn, tags)
  if (!plan.dryRun)
    services.logger.info(
      `tagged service ${target.service}: ${escapeForLog(tags.map(tag => tag.key).join(', '))}`
    )
}
