import type { EcsApi } from '../aws/ecs-api.js'
import { escapeForLog } from '../util/escape.js'
import { protectionRead } from './read-failure.js'
import type { ProtectedRevision } from './select.js'

/**
 * The revisions of `family` that tasks run now in these clusters, in a service or not: a long
 * migration, a task started by hand or by a schedule. ListTasks (desired status RUNNING, so
 * tasks still starting count) by family, then DescribeTasks for their revisions.
 */
export async function protectedByTasks(
  ecs: EcsApi,
  clusters: readonly string[],
  family: string
): Promise<ProtectedRevision[]> {
  const found: ProtectedRevision[] = []
  for (const cluster of clusters) {
    const arns = await protectionRead(
      `the running tasks of family ${family} in cluster ${cluster} (ListTasks)`,
      () => ecs.listRunningTasks(cluster, family)
    )
    if (arns.length === 0) continue
    const tasks = await protectionRead(
      `${arns.length} running task(s) of family ${family} in cluster ${cluster} (DescribeTasks)`,
      () => ecs.describeTasks(cluster, arns)
    )
    // One reason per revision and starter: a service's hundred tasks are one line, not a hundred.
    const groups = new Map<string, { arn: string; startedBy?: string; ids: string[] }>()
    for (const task of tasks) {
      if (!task.taskDefinitionArn) continue
      const key = `${task.taskDefinitionArn} ${task.startedBy ?? ''}`
      const group = groups.get(key) ?? {
        arn: task.taskDefinitionArn,
        startedBy: task.startedBy,
        ids: []
      }
      group.ids.push(task.arn.slice(task.arn.lastIndexOf('/') + 1))
      groups.set(key, group)
    }
    for (const { arn, startedBy, ids } of groups.values()) {
      const by = startedBy ? `, started by ${escapeForLog(startedBy)}` : ''
      const who =
        ids.length === 1 ? `task ${escapeForLog(ids[0]!)} runs` : `${ids.length} tasks run`
      found.push({ arn, reason: `${who} it in cluster ${cluster}${by}` })
    }
  }
  return found
}
