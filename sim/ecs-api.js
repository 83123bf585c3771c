// @ts-check
/**
 * ECS operations (AmazonEC2ContainerServiceV20141113.*): validate the request, apply it to the
 * world, answer in the ECS API's shapes. Rollout timing is delegated to scenarios.js.
 */
import { breakerFrom } from './breaker.js'
import { SimError, requireString } from './errors.js'
import { arn, lastSegment } from './ids.js'
import { renderService, renderTask, renderTaskDefinition } from './ecs-shapes.js'
import { healthyRollout, HEALTHY_TIMING } from './rollouts.js'
import { earlySuccessFrom } from './early-success.js'
import { getScenario, planRollout, startDeployment } from './scenarios.js'

/** @typedef {import('./rollouts.js').RolloutContext} RolloutContext */
/** @typedef {import('./scenarios.js').Scenario} Scenario */
/** @typedef {import('./ecs-state.js').Service} Service */

/**
 * @typedef {object} EcsApiOptions
 * @property {RolloutContext} ctx
 * @property {Scenario} scenario   the default of services without their own
 * @property {(info: {kind: string, deploymentId: string, service: string, scenario: Scenario}) => void} onClientRollout
 */

const MAX_DESCRIBE_SERVICES = 10
const MAX_DESCRIBE_TASKS = 100
const FAMILY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/

/**
 * @param {EcsApiOptions} opts
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function ecsHandlers({ ctx, scenario, onClientRollout }) {
  const { world } = ctx

  /** @param {Service} s */
  const scenarioOf = s => (s.scenario ? getScenario(s.scenario) : scenario)

  /** @param {unknown} ref */
  const cluster = ref => {
    const c = world.cluster(typeof ref === 'string' && ref !== '' ? ref : undefined)
    if (!c) throw new SimError('ClusterNotFoundException', 'Cluster not found.')
    return c
  }

  /** @param {unknown} clusterRef @param {unknown} serviceRef */
  const service = (clusterRef, serviceRef) => {
    const c = cluster(clusterRef)
    requireString(serviceRef, 'service')
    const s = c.services.get(lastSegment(serviceRef))
    if (!s) throw new SimError('ServiceNotFoundException', 'Service not found.')
    return s
  }

  /** @param {unknown} ref @param {string} message */
  const taskDefinition = (ref, message) => {
    requireString(ref, 'taskDefinition')
    const td = world.taskDefinition(ref)
    if (!td) throw new SimError('ClientException', message)
    return td
  }

  /** @param {any} body */
  const wantsTags = body => Array.isArray(body.include) && body.include.includes('TAGS')

  /** A request's circuit breaker; a malformed threshold is refused as ECS refuses it. @param {any} input */
  const requestedBreaker = input => {
    try {
      return breakerFrom(input, 'deploymentConfiguration.deploymentCircuitBreaker')
    } catch (err) {
      throw new SimError(
        'InvalidParameterException',
        err instanceof Error ? err.message : String(err)
      )
    }
  }

  /** @param {Service} s @param {any} cfg */
  const applyDeploymentConfiguration = (s, cfg) => {
    if (!cfg || typeof cfg !== 'object') return
    const dc = s.deploymentConfiguration
    if (typeof cfg.maximumPercent === 'number') dc.maximumPercent = cfg.maximumPercent
    if (typeof cfg.minimumHealthyPercent === 'number')
      dc.minimumHealthyPercent = cfg.minimumHealthyPercent
    if (cfg.deploymentCircuitBreaker) {
      dc.deploymentCircuitBreaker = requestedBreaker(cfg.deploymentCircuitBreaker)
    }
    if (cfg.earlySuccessCriteria !== undefined) {
      const criteria = requestedEarlySuccess(cfg.earlySuccessCriteria)
      if (criteria.enable && s.strategy !== 'ROLLING')
        throw new SimError(
          'InvalidParameterException',
          'Early success criteria can be used only with the rolling deployment strategy.'
        )
      dc.earlySuccessCriteria = criteria
    }
  }

  /** A request's early success criteria; a malformed one is refused. @param {any} input */
  const requestedEarlySuccess = input => {
    try {
      return earlySuccessFrom(input, 'deploymentConfiguration.earlySuccessCriteria')
    } catch (err) {
      throw new SimError(
        'InvalidParameterException',
        err instanceof Error ? err.message : String(err)
      )
    }
  }

  return {
    ListServices(body) {
      const c = cluster(body.cluster)
      const all = [...c.services.values()]
        .filter(s => s.status === 'ACTIVE')
        .map(s => arn.service(c.name, s.serviceName))
      const max = Number.isInteger(body.maxResults) ? body.maxResults : 10
      if (max < 1 || max > 100)
        throw new SimError('InvalidParameterException', 'maxResults must be between 1 and 100.')
      const start = typeof body.nextToken === 'string' ? Number(body.nextToken.slice(2)) : 0
      if (!Number.isInteger(start) || start < 0 || start > all.length)
        throw new SimError('InvalidParameterException', 'Invalid nextToken.')
      const page = all.slice(start, start + max)
      return {
        serviceArns: page,
        ...(start + max < all.length ? { nextToken: `s/${start + max}` } : {})
      }
    },

    DescribeServices(body) {
      const c = cluster(body.cluster)
      /** @type {unknown} */
      const refs = body.services
      if (!Array.isArray(refs) || refs.length === 0) {
        throw new SimError('InvalidParameterException', 'Services cannot be empty.')
      }
      if (refs.length > MAX_DESCRIBE_SERVICES) {
        throw new SimError(
          'InvalidParameterException',
          `Services cannot contain more than ${MAX_DESCRIBE_SERVICES} elements.`
        )
      }
      /** @type {unknown[]} */
      const services = []
      /** @type {unknown[]} */
      const failures = []
      for (const ref of refs) {
        const name = lastSegment(String(ref))
        const s = c.services.get(name)
        if (s) services.push(renderService(world, s, { tags: wantsTags(body) }))
        else failures.push({ arn: arn.service(c.name, name), reason: 'MISSING' })
      }
      return { services, failures }
    },

    UpdateService(body, at) {
      const s = service(body.cluster, body.service)
      if (s.status !== 'ACTIVE')
        throw new SimError('ServiceNotActiveException', 'Service was not ACTIVE.')
      if (
        body.desiredCount !== undefined &&
        (!Number.isInteger(body.desiredCount) || body.desiredCount < 0)
      ) {
        throw new SimError(
          'InvalidParameterException',
          'desiredCount must be a non-negative integer.'
        )
      }
      if (
        s.deploymentController === 'CODE_DEPLOY' &&
        ((body.taskDefinition &&
          world.taskDefinition(body.taskDefinition)?.taskDefinitionArn !== s.taskDefinition) ||
          body.forceNewDeployment === true)
      )
        throw new SimError(
          'InvalidParameterException',
          'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
        )
      applyDeploymentConfiguration(s, body.deploymentConfiguration)
      const td = body.taskDefinition
        ? taskDefinition(body.taskDefinition, 'TaskDefinition not found.')
        : world.taskDefsByArn.get(s.taskDefinition)
      const target = td?.taskDefinitionArn ?? s.taskDefinition
      const desired = body.desiredCount ?? s.desiredCount
      if (target !== s.taskDefinition || body.forceNewDeployment === true) {
        const kind = s.stableTaskDefinitions.has(target) ? 'known-task-definition' : 'scenario'
        const dep = startDeployment(ctx, s, target, at, desired, { kind, initiator: 'client' })
        const own = scenarioOf(s)
        planRollout(ctx, own, s, dep)
        onClientRollout({ kind, deploymentId: dep.id, service: s.serviceName, scenario: own })
      } else if (body.desiredCount !== undefined) {
        world.scale(s, desired, at)
      }
      return { service: renderService(world, s) }
    },

    CreateService(body, at) {
      const c = cluster(body.cluster)
      requireString(body.serviceName, 'serviceName')
      const existing = c.services.get(body.serviceName)
      if (existing && existing.status !== 'INACTIVE') {
        throw new SimError('InvalidParameterException', 'Creation of service was not idempotent.')
      }
      const td = taskDefinition(body.taskDefinition, 'TaskDefinition not found.')
      const desired = body.desiredCount ?? 1
      const breaker = requestedBreaker(body.deploymentConfiguration?.deploymentCircuitBreaker)
      const s = world.addService({
        cluster: c.name,
        serviceName: body.serviceName,
        taskDefinition: td.taskDefinitionArn,
        desiredCount: desired,
        circuitBreaker: breaker,
        at,
        launchType: body.launchType,
        networkConfiguration: body.networkConfiguration,
        loadBalancers: body.loadBalancers,
        tags: body.tags,
        percents: body.deploymentConfiguration,
        ...(body.deploymentConfiguration?.earlySuccessCriteria === undefined
          ? {}
          : {
              earlySuccessCriteria: requestedEarlySuccess(
                body.deploymentConfiguration.earlySuccessCriteria
              )
            })
      })
      const dep = startDeployment(ctx, s, td.taskDefinitionArn, at, desired, {
        kind: 'create',
        initiator: 'client'
      })
      healthyRollout(ctx, s, dep, HEALTHY_TIMING)
      return { service: renderService(world, s, { tags: true }) }
    },

    DeleteService(body, at) {
      const s = service(body.cluster, body.service)
      if (s.status !== 'ACTIVE')
        throw new SimError('ServiceNotActiveException', 'Service was not ACTIVE.')
      if (s.desiredCount > 0 && body.force !== true) {
        throw new SimError(
          'InvalidParameterException',
          'The service cannot be stopped while it is scaled above 0.'
        )
      }
      world.drainService(s, at)
      ctx.timeline.schedule(
        at + 2000 * ctx.timeScale,
        () => {
          if (s.status === 'DRAINING') world.deactivateService(s)
        },
        `${s.serviceName} INACTIVE`
      )
      return { service: renderService(world, s) }
    },

    DescribeTaskDefinition(body) {
      const td = taskDefinition(body.taskDefinition, 'Unable to describe task definition.')
      /** @type {Record<string, unknown>} */
      const out = { taskDefinition: renderTaskDefinition(td) }
      if (wantsTags(body)) out.tags = structuredClone(td.tags)
      return out
    },

    RegisterTaskDefinition(body, at) {
      if (typeof body.family !== 'string' || !FAMILY_PATTERN.test(body.family)) {
        throw new SimError(
          'ClientException',
          'Family must be 1-255 characters: letters (upper and lower case), numbers, hyphens and underscores.'
        )
      }
      const defs = body.containerDefinitions
      if (!Array.isArray(defs) || defs.length === 0) {
        throw new SimError('ClientException', 'Container list cannot be empty.')
      }
      for (const d of defs) {
        if (!d || typeof d.name !== 'string' || d.name === '') {
          throw new SimError('ClientException', 'Container.name should not be null or empty.')
        }
        if (typeof d.image !== 'string' || d.image === '') {
          throw new SimError('ClientException', 'Container.image should not be null or empty.')
        }
      }
      const td = world.registerTaskDefinition(body, at)
      return { taskDefinition: renderTaskDefinition(td), tags: structuredClone(td.tags) }
    },

    ListTasks(body) {
      const c = cluster(body.cluster)
      /** @type {string | undefined} */
      let serviceName
      if (body.serviceName !== undefined)
        serviceName = service(body.cluster, body.serviceName).serviceName
      const desiredStatus = body.desiredStatus ?? 'RUNNING'
      const family = body.family
      const all = [...world.tasks.values()].filter(
        t =>
          t.cluster === c.name &&
          (serviceName === undefined || t.serviceName === serviceName) &&
          t.desiredStatus === desiredStatus &&
          (body.startedBy === undefined ||
            (t.oneOff ? t.oneOff.startedBy : t.deploymentId) === body.startedBy) &&
          (family === undefined || world.taskDefsByArn.get(t.taskDefinitionArn)?.family === family)
      )
      const start = body.nextToken ? Number(Buffer.from(body.nextToken, 'base64').toString()) : 0
      const max = Math.min(Math.max(Number(body.maxResults ?? 100), 1), 100)
      const page = all.slice(start, start + max)
      /** @type {Record<string, unknown>} */
      const out = { taskArns: page.map(t => t.taskArn) }
      if (start + max < all.length)
        out.nextToken = Buffer.from(String(start + max)).toString('base64')
      return out
    },

    DescribeTasks(body) {
      const c = cluster(body.cluster)
      /** @type {unknown} */
      const refs = body.tasks
      if (!Array.isArray(refs) || refs.length === 0)
        throw new SimError('InvalidParameterException', 'Tasks cannot be empty.')
      if (refs.length > MAX_DESCRIBE_TASKS) {
        throw new SimError(
          'InvalidParameterException',
          `Tasks cannot contain more than ${MAX_DESCRIBE_TASKS} elements.`
        )
      }
      /** @type {unknown[]} */
      const tasks = []
      /** @type {unknown[]} */
      const failures = []
      for (const ref of refs) {
        const r = String(ref)
        const task = world.tasks.get(r.startsWith('arn:') ? r : arn.task(c.name, r))
        if (task && task.cluster === c.name) tasks.push(renderTask(task))
        else
          failures.push({ arn: r.startsWith('arn:') ? r : arn.task(c.name, r), reason: 'MISSING' })
      }
      return { tasks, failures }
    }
  }
}
