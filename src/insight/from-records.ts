import { primaryDeployment, type ServiceSnapshot, type TaskInfo } from '../aws/ecs-api.js'
import {
  newServiceTimings,
  sawMilestone,
  sawTasks,
  taskTimesOf,
  type ServiceTimings
} from './timings.js'

// The phases of a service's last release from what ECS keeps of it, read at any time after
// (`ecs-flow status --timings`): its PRIMARY deployment's creation, its tasks' own timestamps
// (placed, pulled, RUNNING) and the service events after it: ECS begins draining the old tasks
// once the new ones are healthy in their target groups, then stops them, then is steady. Target
// health keeps no history of its own: without a load balancer the healthy phase is not known.

/** ECS's event when it deregisters the old tasks: the new ones passed their health checks. */
const DRAINING = /has begun draining connections/
/** ECS's event when the old revision's tasks are gone. */
const STOPPED_TASKS = /has stopped \d+ running tasks/
/** ECS's event once the service runs only the new revision. */
const STEADY = /has reached a steady state/

/** The timings of the service's PRIMARY deployment; undefined when ECS dates none. */
export function timingsFromRecords(
  cluster: string,
  service: ServiceSnapshot,
  tasks: readonly TaskInfo[]
): ServiceTimings | undefined {
  const primary = primaryDeployment(service)
  if (!primary?.createdAt) return undefined
  const since = primary.createdAt
  const timings = newServiceTimings(cluster, service.name, service.strategy ?? 'ROLLING', since)
  timings.seen.registered = { at: since, source: 'ecs' }
  const ours = tasks.filter(
    task =>
      task.taskDefinitionArn === primary.taskDefinition &&
      (task.createdAt === undefined || task.createdAt >= since)
  )
  if (ours.length > 0) sawTasks(timings, taskTimesOf(ours))
  // Events come newest first: the first of each kind after the deployment began.
  const after = [...service.events].filter(event => event.createdAt >= since).reverse()
  const draining = after.find(event => DRAINING.test(event.message))
  const stopped = after.find(event => STOPPED_TASKS.test(event.message))
  if (draining && timings.seen.running) sawMilestone(timings, 'healthy', draining.createdAt, 'ecs')
  const steady = after.find(event => STEADY.test(event.message))
  if (stopped && timings.seen.running) sawMilestone(timings, 'drained', stopped.createdAt, 'ecs')
  if (steady) sawMilestone(timings, 'done', steady.createdAt, 'ecs')
  else if (primary.rolloutState === 'COMPLETED' && primary.updatedAt)
    sawMilestone(timings, 'done', primary.updatedAt, 'ecs')
  return timings
}
