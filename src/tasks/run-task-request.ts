import type { RunTaskRequest, ServiceLaunch, ResourceTag } from '../aws/ecs-api.js'

/** ECS's rule for `startedBy`: at most 36 of these characters. */
const STARTED_BY_LENGTH = 36
const STARTED_BY_CHARACTERS = /[^A-Za-z0-9\-/_]/g
/** ECS refuses user tags with the `aws:` prefix (its managed tags); it sets those itself. */
const RESERVED_TAG = /^aws:/i
/** RunTask accepts at most 50 tags. */
const MAX_TAGS = 50

export interface OneOffTaskSpec {
  cluster: string
  taskDefinitionArn: string
  container: string
  command: string[]
  launch: ServiceLaunch
  /** The service's own tags, copied when the service propagates SERVICE tags to its tasks. */
  serviceTags: ResourceTag[]
  startedBy: string
}

/**
 * The RunTask request of a one-off task beside a service: the service's network, its launch type
 * or capacity provider strategy and platform version, the command override for one container,
 * and the tags the service's own tasks would get (RunTask has no `propagateTags: SERVICE`, so
 * the service's tags are copied into the request). Pure.
 */
export function runTaskRequest(spec: OneOffTaskSpec): RunTaskRequest {
  const { launch } = spec
  const request: RunTaskRequest = {
    cluster: spec.cluster,
    taskDefinition: spec.taskDefinitionArn,
    startedBy: spec.startedBy,
    overrides: { containerOverrides: [{ name: spec.container, command: spec.command }] }
  }
  // ECS refuses both at once; a strategy is what the service really uses when it has one.
  if (launch.capacityProviderStrategy && launch.capacityProviderStrategy.length > 0)
    request.capacityProviderStrategy = launch.capacityProviderStrategy
  else if (launch.launchType) request.launchType = launch.launchType
  if (launch.platformVersion) request.platformVersion = launch.platformVersion
  if (launch.networkConfiguration) request.networkConfiguration = launch.networkConfiguration
  if (launch.enableECSManagedTags) request.enableECSManagedTags = true
  if (launch.propagateTags === 'TASK_DEFINITION') request.propagateTags = 'TASK_DEFINITION'
  if (launch.propagateTags === 'SERVICE') {
    const tags = spec.serviceTags.filter(tag => !RESERVED_TAG.test(tag.key)).slice(0, MAX_TAGS)
    if (tags.length > 0) request.tags = tags
  }
  return request
}

/**
 * `ecs-flow/<run id>-<attempt>/<hook>`: names ecs-flow and the workflow run, so the task is found
 * by `ListTasks --started-by`, within ECS's 36 characters of [A-Za-z0-9-/_].
 */
export function startedByFor(
  hook: 'before-deploy' | 'after-deploy',
  env: NodeJS.ProcessEnv
): string {
  const run = `${env.GITHUB_RUN_ID || 'local'}-${env.GITHUB_RUN_ATTEMPT || '1'}`
  const which = hook === 'before-deploy' ? 'before' : 'after'
  const value = `ecs-flow/${run}/${which}`.replace(STARTED_BY_CHARACTERS, '_')
  return value.length <= STARTED_BY_LENGTH
    ? value
    : `ecs-flow/${run.slice(0, STARTED_BY_LENGTH - 'ecs-flow//'.length - which.length)}/${which}`
}
