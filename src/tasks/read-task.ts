import { EcsCallError, type EcsApi, type TaskInfo } from '../aws/ecs-api.js'

/** The task as DescribeTasks sees it now; the last answer when the read failed transiently. */
export async function readTask(
  ecs: EcsApi,
  cluster: string,
  task: TaskInfo,
  tolerate: (error: EcsCallError) => void
): Promise<TaskInfo> {
  try {
    return (await ecs.describeTasks(cluster, [task.arn]))[0] ?? task
  } catch (error) {
    if (!(error instanceof EcsCallError && error.transient)) throw error
    tolerate(error)
    return task
  }
}
