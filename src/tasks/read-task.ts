import { EcsCallError, type EcsApi, type TaskInfo } from '../aws/ecs-api.js'

/**
 * The task as DescribeTasks sees it now; the last answer when the read failed transiently.
 * `withinMs`: what is left of the wait the read is made in (a hung read cannot outlast it).
 */
export async function readTask(
  ecs: EcsApi,
  cluster: string,
  task: TaskInfo,
  withinMs: number,
  tolerate: (error: EcsCallError) => void
): Promise<TaskInfo> {
  try {
    return (await ecs.describeTasks(cluster, [task.arn], { withinMs }))[0] ?? task
  } catch (error) {
    if (!(error instanceof EcsCallError && error.transient)) throw error
    tolerate(error)
    return task
  }
}
