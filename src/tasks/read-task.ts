import { EcsCallError, type EcsApi, type TaskInfo } from '../aws/ecs-api.js'

/**
 * The task as DescribeTasks sees it now (as last seen when ECS no longer lists it).
 * `withinMs`: what is left of the wait the read is made in (a hung read cannot outlast it).
 */
export async function describeTask(
  ecs: EcsApi,
  cluster: string,
  task: TaskInfo,
  withinMs: number
): Promise<TaskInfo> {
  return (await ecs.describeTasks(cluster, [task.arn], { withinMs }))[0] ?? task
}

/** describeTask; the last answer when the read failed transiently (`tolerate` is told). */
export async function readTask(
  ecs: EcsApi,
  cluster: string,
  task: TaskInfo,
  withinMs: number,
  tolerate: (error: EcsCallError) => void
): Promise<TaskInfo> {
  try {
    return await describeTask(ecs, cluster, task, withinMs)
  } catch (error) {
    if (!(error instanceof EcsCallError && error.transient)) throw error
    tolerate(error)
    return task
  }
}
