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
    for (const task of tasks) {
      if (!task.taskDefinitionArn) continue
      const id = task.arn.slice(task.arn.lastIndexOf('/') + 1)
      const by = task.startedBy ? `, started by ${escapeForLog(task.startedBy)}` : ''
      found.push({
        arn: task.taskDefinitionArn,
        reason: `task ${escapeForLog(id)} runs it in cluster ${cluster}${by}`
      })
    }
  }
  return found
}
