import { refKey, type ScheduledTaskHolder } from '../scheduled/holder.js'
import type { ScheduledTaskRef } from '../settings/scheduled-task-refs.js'
import type { ConfigFile, Target } from '../settings/types.js'
import { protectionRead } from './read-failure.js'
import type { ProtectedRevision } from './select.js'

/**
 * The `scheduled-tasks` entries of the release and of every environment of the config file,
 * each once. Scheduler schedules cannot be listed by the cluster they target, so the named
 * ones are what keep-revisions can protect (rules are also found by cluster).
 */
export function configuredScheduledTasks(target: Target, config: ConfigFile): ScheduledTaskRef[] {
  const all = [
    ...(target.scheduledTasks ?? []),
    ...Object.values(config.environments).flatMap(env => env.scheduledTasks ?? [])
  ]
  const seen = new Set<string>()
  return all.filter(ref => !seen.has(refKey(ref)) && Boolean(seen.add(refKey(ref))))
}

/** The revisions of `family` the named rules and schedules run; a read that fails keeps all. */
export async function protectedByScheduledTasks(
  holders: readonly ScheduledTaskHolder[],
  family: string
): Promise<ProtectedRevision[]> {
  const found: ProtectedRevision[] = []
  for (const holder of holders)
    found.push(
      ...(await protectionRead(`the revision ${holder.label} runs`, () =>
        holder.revisionsOf(family)
      ))
    )
  return found
}
