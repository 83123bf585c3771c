// @ts-check
/**
 * ECS RunTask and StopTask: validate as ECS does, start one-off tasks (one-off-tasks.js) and
 * record every RunTask request that started tasks for the control plane. A `clientToken` sent
 * again with the same parameters answers the tasks it started and starts none (ECS's
 * idempotency); with other parameters it is refused with ConflictException.
 */
import { SimError, requireString } from './errors.js'
import { arn } from './ids.js'
import { renderTask } from './ecs-shapes.js'
import { requestStop, startOneOffTask } from './one-off-tasks.js'

/** @typedef {import('./one-off-tasks.js').OneOffContext} OneOffContext */
/** @typedef {import('./recorder.js').Recorder} Recorder */

const LAUNCH_TYPES = new Set(['FARGATE', 'EC2', 'EXTERNAL', 'MANAGED_INSTANCES'])
const PROPAGATE = new Set(['TASK_DEFINITION', 'NONE'])
/** ECS's rule for RunTask's `clientToken`: up to 64 ASCII characters from 33 to 126. */
const CLIENT_TOKEN = /^[\x21-\x7e]{1,64}$/
/** How long ECS remembers a client token. */
const CLIENT_TOKEN_TTL_MS = 24 * 3600 * 1000

/**
 * A request's parameters as one string, keys sorted, its `clientToken` left out: what a token
 * must come back with to answer the same tasks.
 * @param {Record<string, unknown>} body
 */
const parametersOf = body => {
  /** @param {unknown} value @returns {unknown} */
  const sorted = value =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map(key => [key, sorted(/** @type {Record<string, unknown>} */ (value)[key])])
          )
        : value
  const { clientToken: _token, ...parameters } = body
  return JSON.stringify(sorted(parameters))
}

/**
 * @param {OneOffContext & {recorder: Recorder}} ctx
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function runTaskHandlers(ctx) {
  const { world, recorder } = ctx
  /**
   * RunTask's client tokens, per cluster as ECS scopes them: the request and the tasks it started.
   * @type {Map<string, {parameters: string, taskArns: string[], at: number}>}
   */
  const tokens = new Map()

  /** @param {unknown} ref */
  const cluster = ref => {
    const c = world.cluster(typeof ref === 'string' && ref !== '' ? ref : undefined)
    if (!c) throw new SimError('ClusterNotFoundException', 'Cluster not found.')
    return c
  }

  /**
   * A service's task stops at once and its scheduler replaces it at once (counts unchanged).
   * @param {import('./ecs-state.js').Task} task @param {unknown} reason @param {number} at
   */
  const stopServiceTask = (task, reason, at) => {
    const wasRunning = task.lastStatus === 'RUNNING'
    world.stopTask(
      task,
      at,
      'UserInitiated',
      typeof reason === 'string' && reason !== '' ? reason : 'Task stopped by user'
    )
    const service = world.clusters.get(task.cluster)?.services.get(task.serviceName ?? '')
    const dep = service?.deployments.find(d => d.id === task.deploymentId)
    if (!service || !dep || service.status !== 'ACTIVE') return
    const [replacement] = world.startTasks(service, dep, 1, at)
    dep.pendingCount = Math.max(0, dep.pendingCount - 1)
    if (wasRunning && replacement) {
      dep.runningCount -= 1
      dep.pendingCount += 1
      world.taskRunning(dep, replacement, at)
    }
  }

  return {
    RunTask(body, at) {
      const c = cluster(body.cluster)
      const token = body.clientToken
      if (token !== undefined && (typeof token !== 'string' || !CLIENT_TOKEN.test(token)))
        throw new SimError(
          'InvalidParameterException',
          'clientToken must be 1 to 64 ASCII characters from 33 to 126.'
        )
      const key = `${c.name}\n${token}`
      const earlier = token === undefined ? undefined : tokens.get(key)
      if (earlier && at - earlier.at < CLIENT_TOKEN_TTL_MS) {
        // As ECS: the same token and parameters answer the tasks already started, none is new.
        if (earlier.parameters !== parametersOf(body))
          throw new SimError(
            'ConflictException',
            'The client token was already used with different request parameters.'
          )
        const tasks = earlier.taskArns.map(taskArn => world.tasks.get(taskArn)).filter(t => !!t)
        return { tasks: tasks.map(renderTask), failures: [] }
      }
      requireString(body.taskDefinition, 'taskDefinition')
      const td = world.taskDefinition(body.taskDefinition)
      if (!td) throw new SimError('ClientException', 'TaskDefinition not found.')
      if (td.status !== 'ACTIVE')
        throw new SimError('ClientException', 'TaskDefinition is inactive')
      const count = body.count ?? 1
      if (!Number.isInteger(count) || count < 1 || count > 10)
        throw new SimError('InvalidParameterException', 'count must be between 1 and 10.')
      if (body.launchType !== undefined && body.capacityProviderStrategy !== undefined) {
        throw new SimError(
          'InvalidParameterException',
          'Specifying both a launchType and capacityProviderStrategy is not supported.'
        )
      }
      if (body.launchType !== undefined && !LAUNCH_TYPES.has(body.launchType))
        throw new SimError('InvalidParameterException', `Invalid launchType: ${body.launchType}.`)
      if (body.propagateTags !== undefined && !PROPAGATE.has(body.propagateTags)) {
        // RunTask has no service to take tags from: ECS refuses SERVICE here.
        throw new SimError(
          'InvalidParameterException',
          `Invalid value for propagateTags: ${String(body.propagateTags)}. RunTask supports TASK_DEFINITION and NONE.`
        )
      }
      if (td.rest.networkMode === 'awsvpc' && !body.networkConfiguration?.awsvpcConfiguration) {
        throw new SimError(
          'InvalidParameterException',
          "Network Configuration must be provided when networkMode 'awsvpc' is specified."
        )
      }
      const subnets = body.networkConfiguration?.awsvpcConfiguration?.subnets
      if (body.networkConfiguration && (!Array.isArray(subnets) || subnets.length === 0)) {
        throw new SimError('InvalidParameterException', 'subnets can not be empty.')
      }
      /** @type {Record<string, any>[]} */
      const overrides = body.overrides?.containerOverrides ?? []
      for (const o of overrides) {
        if (!td.containerDefinitions.some(d => d.name === o?.name)) {
          throw new SimError(
            'InvalidParameterException',
            `Override for container named ${String(o?.name)} is not a container in the TaskDefinition.`
          )
        }
      }
      /** @type {{key: string, value: string}[]} */
      const tags = []
      if (body.propagateTags === 'TASK_DEFINITION') tags.push(...structuredClone(td.tags))
      if (Array.isArray(body.tags)) tags.push(...structuredClone(body.tags))
      if (body.enableECSManagedTags === true)
        tags.push({ key: 'aws:ecs:clusterName', value: c.name })

      const tasks = []
      for (let i = 0; i < count; i++)
        tasks.push(startOneOffTask(ctx, { cluster: c.name, td, request: body, tags, at }))
      const taskArns = tasks.map(t => t.taskArn)
      if (typeof token === 'string')
        tokens.set(key, { parameters: parametersOf(body), taskArns, at })
      recorder.runTask(at, body, taskArns)
      return { tasks: tasks.map(renderTask), failures: [] }
    },

    StopTask(body, at) {
      const c = cluster(body.cluster)
      requireString(body.task, 'task')
      const ref = String(body.task)
      const task = world.tasks.get(ref.startsWith('arn:') ? ref : arn.task(c.name, ref))
      if (!task || task.cluster !== c.name)
        throw new SimError('InvalidParameterException', 'The referenced task was not found.')
      if (task.oneOff) requestStop(ctx, task, body.reason, at)
      else if (task.lastStatus !== 'STOPPED') stopServiceTask(task, body.reason, at)
      return { task: renderTask(task) }
    }
  }
}
