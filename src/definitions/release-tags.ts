import type { ResourceTag } from '../aws/ecs-api.js'
import type { GitEvent } from '../ci-env/git-event.js'
import type { Settings, Target } from '../settings/types.js'
import { isRecord } from '../util/json.js'

/** What ECS accepts in a tag value; anything else in a git ref becomes `_`. */
const TAG_VALUE_CHARACTER = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu

/** The tags this release sets: resource-tags (config, input over it), then the git tags when switched on. */
export function releaseTags(
  settings: Settings,
  plan: { sha: string; event: Pick<GitEvent, 'ref'> },
  target: Target
): Record<string, string> {
  const tags: Record<string, string> = { ...target.resourceTags }
  if (settings.gitTags) {
    tags['ecs-flow:commit'] = plan.sha
    tags['ecs-flow:ref'] = plan.event.ref.replace(TAG_VALUE_CHARACTER, '_').slice(0, 256)
  }
  return tags
}

/**
 * `extra` laid over the tags a definition already carries (same key: ours wins), in ECS's
 * `[{key, value}]` shape; the existing order is kept and new keys follow. Undefined when
 * neither has any, so a definition without tags stays without a `tags` field.
 */
export function mergeTags(
  existing: unknown,
  extra: Record<string, string>
): ResourceTag[] | undefined {
  const merged = new Map<string, string>()
  if (Array.isArray(existing))
    for (const tag of existing)
      if (isRecord(tag) && typeof tag.key === 'string') merged.set(tag.key, String(tag.value ?? ''))
  for (const [key, value] of Object.entries(extra)) merged.set(key, value)
  if (merged.size === 0) return undefined
  return [...merged].map(([key, value]) => ({ key, value }))
}
