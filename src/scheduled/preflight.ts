import type { EcsApi } from '../aws/ecs-api.js'
import { currentTaskDefinition, describeLiveService } from '../aws/services.js'
import type { Target } from '../settings/types.js'
import { refKey, type ScheduledTaskHolder } from './holder.js'
import { familyOf } from './targets.js'

/**
 * Preflight of scheduled-tasks: every rule and schedule exists and runs an ECS task of a family
 * the release deploys (`families`: empty when none is known yet). Every problem of every entry,
 * all reported together by preflight; the same entry listed twice is checked once.
 */
export async function scheduledTaskProblems(
  holders: readonly ScheduledTaskHolder[],
  families: readonly string[],
  where: string
): Promise<Error[]> {
  const problems: Error[] = []
  const seen = new Set<string>()
  for (const holder of holders) {
    if (seen.has(refKey(holder.ref))) continue
    seen.add(refKey(holder.ref))
    problems.push(...(await holder.problems([...new Set(families)], where)))
  }
  return problems
}

/** The family the release deploys, from what preflight already knows or the live service. */
export async function releasedFamily(
  ecs: EcsApi,
  target: Target,
  fileFamily: string | undefined
): Promise<string | undefined> {
  if (fileFamily) return fileFamily
  if (target.revision)
    return familyOf(target.revision) ?? (await ecs.describeTaskDefinition(target.revision)).family
  const service = await describeLiveService(ecs, target.cluster, target.service)
  const current = service ? currentTaskDefinition(service) : undefined
  return current ? familyOf(current) : undefined
}
