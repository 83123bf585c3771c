import { createHash } from 'node:crypto'
import type { RunTaskRequest, ServiceLaunch, ResourceTag } from '../aws/ecs-api.js'

/** ECS's rule for `startedBy`: at most 36 of these characters. */
const STARTED_BY_LENGTH = 36
const STARTED_BY_CHARACTERS = /[^A-Za-z0-9\-/_]/g
/** ECS refuses user tags with the `aws:` prefix (its managed tags); it sets those itself. */
const RESERVED_TAG = /^aws:/i
/** RunTask accepts at most 50 tags. */
const MAX_TAGS = 50
/** ECS's rule for RunTask's `clientToken`: at most 64 ASCII characters. */
const CLIENT_TOKEN_LENGTH = 64

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

/** What makes one one-off task of one release: another task never shares its client token. */
export interface ClientTokenParts {
  hook: 'before-deploy' | 'after-deploy'
  cluster: string
  service: string
  taskDefinitionArn: string
  /**
   * Set when the run has no GitHub run id (the command line, another CI): a value of this
   * process, since `startedBy` is the same for every such run.
   */
  processNonce: string
}

/**
 * RunTask's `clientToken`: `ecs-flow-` and a SHA-256 of the workflow run, attempt, job and step,
 * the cluster, service, hook and revision (ECS allows 64 characters). Matrix jobs share a run id,
 * so the service and revision are part of it; a re-run attempt gets a new one. ECS refuses a
 * token reused with other parameters, so it must never be shared by two different tasks.
 */
export function clientTokenFor(parts: ClientTokenParts, env: NodeJS.ProcessEnv): string {
  const run = env.GITHUB_RUN_ID
    ? [
        env.GITHUB_RUN_ID,
        env.GITHUB_RUN_ATTEMPT || '1',
        env.GITHUB_JOB ?? '',
        env.GITHUB_ACTION ?? ''
      ]
    : ['local', parts.processNonce]
  const digest = createHash('sha256')
    .update(
      JSON.stringify([...run, parts.cluster, parts.service, parts.hook, parts.taskDefinitionArn])
    )
    .digest('hex')
  return `ecs-flow-${digest.slice(0, CLIENT_TOKEN_LENGTH - 'ecs-flow-'.length)}`
}
