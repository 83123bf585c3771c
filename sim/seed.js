// @ts-check
/**
 * The seeded world every scenario starts from: a cluster with steady services on revision 1 of
 * their task-definition family, and an ECR repository holding the image those revisions run,
 * tagged with a commit SHA.
 */
import { breakerFrom } from './breaker.js'
import { drainSecondsFrom, earlySuccessFrom } from './early-success.js'
import { ELB_ACTIONS, targetGroupFrom } from './elb.js'
import { REGISTRY_HOST } from './ids.js'
import { DOCKER_MANIFEST_V2, REVISION_LABEL, fakeImage } from './ecr-state.js'
import { blueGreenScenarioNames, getScenario } from './scenarios.js'
import { parseReadThrottle } from './throttle.js'
import { taskSet } from './codedeploy.js'

/** @typedef {import('./ecs-state.js').EcsWorld} EcsWorld */
/** @typedef {import('./ecr-state.js').EcrWorld} EcrWorld */
/** @typedef {import('./breaker.js').CircuitBreaker} CircuitBreaker */
/**
 * A seeded breaker: `{enable, rollback}` and, as ECS takes them, `resetOnHealthyTask` and
 * `thresholdConfiguration: {type: COUNT|BOUNDED_PERCENT|UNBOUNDED_PERCENT, value}`.
 * @typedef {{enable: boolean, rollback: boolean, resetOnHealthyTask?: boolean, thresholdConfiguration?: {type: import('./breaker.js').ThresholdType, value: number}}} BreakerSeed
 */

export const DEFAULT_IMAGE_SHA = '3f786850e387550fdab836ed7e6dc881de23001b'

/**
 * @typedef {object} ServiceSeedOptions
 * @property {string} name
 * @property {number} [desiredCount]
 * @property {string} [scenario]   how this service's rollouts go; default: the simulator's scenario
 * @property {boolean | BreakerSeed} [circuitBreaker]  default: seed.circuitBreaker, else its scenario's
 * @property {string} [strategy]   ROLLING, BLUE_GREEN, LINEAR or CANARY; default: its scenario's (ROLLING but in bluegreen-*)
 * @property {number} [bakeTimeInMinutes]  blue/green only, 0-1440; default: its scenario's
 * @property {any} [earlySuccessCriteria]  rolling only: ECS's {enable, healthyPercent, sourceServiceRevisionCleanup}
 * @property {number} [drainSeconds]  with early success criteria: how long the old revision's tasks drain after the new ones are healthy (default 60, scaled)
 * @property {import('./elb.js').TargetGroupSeed} [targetGroup]  rolling only: a target group its tasks register in (elb.js)
 * @property {PauseHookSeed[]} [lifecycleHooks]  blue/green only: PAUSE hooks as ECS's
 *   deploymentConfiguration.lifecycleHooks; default: its scenario's (none but in bluegreen-pause)
 * @property {string} [cluster]    its cluster; default: seed.cluster
 * @property {string} [family]     its task-definition family; default: its name. Services that
 *   share a family run the same revision 1 (its container named after the first of them).
 * @property {boolean | {endpoint?: string}} [express]  an ECS Express Mode service: its revision's
 *   container is `Main`, DescribeExpressGatewayService shows it with its endpoint (default
 *   `https://NAME.ecs.us-east-1.on.aws`), UpdateExpressGatewayService deploys it
 */

/**
 * @typedef {object} ServiceSeed
 * @property {string} name
 * @property {string} cluster
 * @property {string} family
 * @property {number} desiredCount
 * @property {string} scenario
 * @property {CircuitBreaker} circuitBreaker
 * @property {string} strategy
 * @property {number | undefined} bakeTimeInMinutes
 * @property {{alarmNames: string[], enable: boolean, rollback: boolean} | undefined} alarms  its scenario's CloudWatch alarms
 * @property {'ECS'|'CODE_DEPLOY'} deploymentController  CODE_DEPLOY in a codedeploy-* scenario
 * @property {import('./early-success.js').EarlySuccessCriteria | undefined} earlySuccessCriteria
 * @property {number} drainSeconds
 * @property {Required<import('./elb.js').TargetGroupSeed> | undefined} targetGroup
 * @property {PauseHookSeed[] | undefined} lifecycleHooks
 * @property {{endpoint: string} | undefined} express  an Express Mode service and its endpoint
 */

/**
 * @typedef {{targetType: 'PAUSE', lifecycleStages: string[], timeoutConfiguration?: {timeoutInMinutes?: number, action?: 'CONTINUE'|'ROLLBACK'}}} PauseHookSeed
 */

/** The stages a PAUSE hook may be set at (ECS: any hook stage but the two traffic shifts). */
const PAUSE_STAGES = new Set([
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'POST_TEST_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT'
])

/**
 * @param {unknown} hooks @param {string} field @param {string} strategy
 * @returns {PauseHookSeed[] | undefined}
 */
function pauseHooksFrom(hooks, field, strategy) {
  if (hooks === undefined) return undefined
  if (strategy === 'ROLLING')
    throw new Error(`${field} applies to blue/green strategies only; remove it`)
  if (!Array.isArray(hooks)) throw new Error(`${field} must be a list of PAUSE hooks`)
  hooks.forEach((h, i) => {
    const at = `${field}[${i}]`
    if (!h || h.targetType !== 'PAUSE')
      throw new Error(`${at}.targetType must be "PAUSE" (Lambda hooks are not simulated)`)
    if (
      !Array.isArray(h.lifecycleStages) ||
      h.lifecycleStages.length === 0 ||
      h.lifecycleStages.some((/** @type {unknown} */ st) => !PAUSE_STAGES.has(String(st)))
    )
      throw new Error(
        `${at}.lifecycleStages must be a non-empty list of ${[...PAUSE_STAGES].join(', ')} (PAUSE hooks cannot be set at TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT)`
      )
    const t = h.timeoutConfiguration
    if (t === undefined) return
    if (
      t.timeoutInMinutes !== undefined &&
      (!Number.isInteger(t.timeoutInMinutes) || t.timeoutInMinutes < 1 || t.timeoutInMinutes > 1440)
    )
      throw new Error(
        `${at}.timeoutConfiguration.timeoutInMinutes must be an integer from 1 to 1440`
      )
    if (t.action !== undefined && t.action !== 'CONTINUE' && t.action !== 'ROLLBACK')
      throw new Error(`${at}.timeoutConfiguration.action must be CONTINUE or ROLLBACK`)
  })
  return structuredClone(hooks)
}

/**
 * @typedef {object} SeedOptions
 * @property {string} [cluster]        default "demo"
 * @property {Array<string | ServiceSeedOptions>} [services]  default ["web"]
 * @property {string} [service]        shorthand for services: [service]
 * @property {number} [desiredCount]   default 2
 * @property {boolean | BreakerSeed} [circuitBreaker]  default: the scenario's
 * @property {string} [containerName]  default: the service name
 * @property {string} [repository]     ECR repository of the running image, default "web"
 * @property {string} [imageSha]       40-hex commit SHA the running image is tagged with
 * @property {'MUTABLE'|'IMMUTABLE'} [imageTagMutability]  default "MUTABLE"
 * @property {Array<{repository: string, tags: string[], manifest?: string, mediaType?: string, revision?: string}>} [images]  more images (revision: the commit their OCI revision label names)
 * @property {number} [randomSeed]     seed of the id generator, default 1
 * @property {string} [authPassword]   what GetAuthorizationToken hands out
 * @property {{burst: number, refillPerSecond: number}} [readThrottle]  the account's read-call token bucket
 * @property {import('./events-api.js').RuleSeed[]} [rules]  EventBridge rules (scheduled tasks)
 * @property {import('./elb.js').TargetGroupSeed} [targetGroup]  every rolling service's target group, unless its own says otherwise
 * @property {string[]} [elbDenied]  ELBv2 operations answered AccessDenied (a role without them)
 * @property {Record<string, any>[]} [schedules]  EventBridge Scheduler schedules, in GetSchedule's shape (Name, GroupName?, ScheduleExpression, Target, FlexibleTimeWindow...)
 */

/**
 * @typedef {object} Seed
 * @property {string} cluster
 * @property {ServiceSeed[]} services
 * @property {CircuitBreaker} circuitBreaker
 * @property {string | undefined} containerName
 * @property {string} repository
 * @property {string} imageSha
 * @property {'MUTABLE'|'IMMUTABLE'} imageTagMutability
 * @property {Array<{repository: string, tags: string[], manifest?: string, mediaType?: string, revision?: string}>} images
 * @property {number} randomSeed
 * @property {string | undefined} authPassword
 * @property {import('./throttle.js').ReadThrottle | undefined} readThrottle
 * @property {Set<string>} elbDenied
 */

const STRATEGIES = new Set(['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'])
/** ECS's bounds of deploymentConfiguration.bakeTimeInMinutes. */
const MAX_BAKE_MINUTES = 1440

/** @param {boolean | BreakerSeed} cb @param {string} field */
const breakerOf = (cb, field) =>
  typeof cb === 'boolean' ? { enable: cb, rollback: cb } : breakerFrom(cb, field)

/**
 * @param {string | ServiceSeedOptions} s @param {number} i
 * @param {{desired: number, scenario: string, circuitBreaker: SeedOptions['circuitBreaker'], cluster: string, targetGroup?: unknown}} defaults
 * @returns {ServiceSeed}
 */
function normalizeService(s, i, defaults) {
  const o = typeof s === 'string' ? { name: s } : s
  const field = `seed.services[${i}]`
  if (!o || typeof o.name !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(o.name))
    throw new Error(`${field}.name must be 1-255 letters, digits, hyphens or underscores`)
  for (const key of /** @type {const} */ (['cluster', 'family']))
    if (
      o[key] !== undefined &&
      (typeof o[key] !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(o[key]))
    )
      throw new Error(`${field}.${key} must be 1-255 letters, digits, hyphens or underscores`)
  const scenario = o.scenario ?? defaults.scenario
  let own
  try {
    own = getScenario(scenario)
  } catch (err) {
    throw new Error(`${field}.scenario: ${err instanceof Error ? err.message : String(err)}`)
  }
  const breakerDefault = own.circuitBreaker
  const strategy = o.strategy ?? (own.blueGreen ? 'BLUE_GREEN' : 'ROLLING')
  if (!STRATEGIES.has(strategy))
    throw new Error(
      `${field}.strategy must be one of ${[...STRATEGIES].join(', ')}, got "${strategy}"`
    )
  // A rolling scenario says nothing of stages, and a blue/green one nothing of rolling updates:
  // a mismatch would be simulated wrongly, so it is refused.
  if ((strategy === 'ROLLING') === Boolean(own.blueGreen)) {
    throw new Error(
      strategy === 'ROLLING'
        ? `${field}: scenario "${scenario}" is a blue/green scenario; remove strategy "ROLLING" or choose BLUE_GREEN, LINEAR or CANARY`
        : `${field}: strategy "${strategy}" runs only in the blue/green scenarios (${blueGreenScenarioNames().join(', ')}); scenario "${scenario}" is a rolling one`
    )
  }
  const bakeTimeInMinutes = o.bakeTimeInMinutes ?? own.blueGreen?.bakeTimeInMinutes
  if (strategy === 'ROLLING' && o.bakeTimeInMinutes !== undefined)
    throw new Error(`${field}.bakeTimeInMinutes applies to blue/green strategies only; remove it`)
  if (
    bakeTimeInMinutes !== undefined &&
    (!Number.isInteger(bakeTimeInMinutes) ||
      bakeTimeInMinutes < 0 ||
      bakeTimeInMinutes > MAX_BAKE_MINUTES)
  )
    throw new Error(
      `${field}.bakeTimeInMinutes must be an integer from 0 to ${MAX_BAKE_MINUTES}, got ${bakeTimeInMinutes}`
    )
  const earlySuccessCriteria =
    o.earlySuccessCriteria === undefined
      ? undefined
      : earlySuccessFrom(o.earlySuccessCriteria, `${field}.earlySuccessCriteria`)
  if (earlySuccessCriteria?.enable && strategy !== 'ROLLING')
    throw new Error(`${field}.earlySuccessCriteria applies to the rolling strategy only; remove it`)
  const drainSeconds = drainSecondsFrom(o.drainSeconds, `${field}.drainSeconds`)
  const targetGroup = targetGroupFrom(
    o.targetGroup ?? defaults.targetGroup,
    o.targetGroup === undefined ? 'seed.targetGroup' : `${field}.targetGroup`
  )
  if (targetGroup && strategy !== 'ROLLING')
    throw new Error(`${field}.targetGroup applies to the rolling strategy only; remove it`)
  const lifecycleHooks = pauseHooksFrom(
    o.lifecycleHooks ?? own.blueGreen?.lifecycleHooks,
    `${field}.lifecycleHooks`,
    strategy
  )
  const desiredCount = o.desiredCount ?? defaults.desired
  if (!Number.isInteger(desiredCount) || desiredCount < 0)
    throw new Error(`${field}.desiredCount must be an integer >= 0, got ${desiredCount}`)
  const cb = o.circuitBreaker ?? defaults.circuitBreaker
  const express = expressFrom(o.express, o.name, `${field}.express`, strategy)
  return {
    express,
    name: o.name,
    cluster: o.cluster ?? defaults.cluster,
    family: o.family ?? o.name,
    desiredCount,
    scenario,
    circuitBreaker:
      cb === undefined
        ? { ...breakerDefault }
        : breakerOf(
            cb,
            o.circuitBreaker === undefined ? 'seed.circuitBreaker' : `${field}.circuitBreaker`
          ),
    strategy,
    bakeTimeInMinutes,
    alarms: own.blueGreen?.alarms,
    deploymentController: own.codeDeploy ? 'CODE_DEPLOY' : 'ECS',
    earlySuccessCriteria,
    drainSeconds,
    targetGroup,
    lifecycleHooks
  }
}

/**
 * An Express Mode service's seed: `true` or `{endpoint}`; a rolling service only (ECS deploys
 * Express services by rolling update).
 * @param {unknown} value @param {string} name @param {string} field @param {string} strategy
 * @returns {{endpoint: string} | undefined}
 */
function expressFrom(value, name, field, strategy) {
  if (value === undefined || value === false) return undefined
  if (strategy !== 'ROLLING') throw new Error(`${field} applies to a ROLLING service only`)
  if (value === true) return { endpoint: `https://${name}.ecs.us-east-1.on.aws` }
  const endpoint = /** @type {{endpoint?: unknown}} */ (value)?.endpoint
  if (typeof value !== 'object' || (endpoint !== undefined && typeof endpoint !== 'string'))
    throw new Error(`${field} must be true or {endpoint: "https://..."}`)
  return { endpoint: endpoint ?? `https://${name}.ecs.us-east-1.on.aws` }
}

/**
 * @param {SeedOptions} opts
 * @param {string} scenarioName  the simulator's scenario, the default of every service
 * @returns {Seed}
 */
export function normalizeSeed(opts, scenarioName) {
  const desired = opts.desiredCount ?? 2
  const list = opts.services ?? [opts.service ?? 'web']
  const cb = opts.circuitBreaker
  const imageSha = opts.imageSha ?? DEFAULT_IMAGE_SHA
  if (!/^[0-9a-f]{40}$/.test(imageSha))
    throw new Error(`seed.imageSha must be 40 lowercase hex characters, got "${imageSha}"`)
  if (!Array.isArray(list) || list.length === 0)
    throw new Error('seed.services must be a non-empty list of names or {name, ...} objects')
  const services = list.map((s, i) =>
    normalizeService(s, i, {
      desired,
      scenario: scenarioName,
      circuitBreaker: cb,
      cluster: opts.cluster ?? 'demo',
      targetGroup: opts.targetGroup
    })
  )
  const names = services.map(s => s.name)
  const dup = names.find((n, i) => names.indexOf(n) !== i)
  if (dup) throw new Error(`seed.services: "${dup}" is listed twice`)
  return {
    cluster: opts.cluster ?? 'demo',
    services,
    circuitBreaker:
      cb === undefined
        ? { ...getScenario(scenarioName).circuitBreaker }
        : breakerOf(cb, 'seed.circuitBreaker'),
    containerName: opts.containerName,
    repository: opts.repository ?? 'web',
    imageSha,
    imageTagMutability: opts.imageTagMutability ?? 'MUTABLE',
    images: opts.images ?? [],
    randomSeed: opts.randomSeed ?? 1,
    authPassword: opts.authPassword,
    readThrottle: parseReadThrottle(opts.readThrottle, 'seed.readThrottle'),
    elbDenied: elbDeniedFrom(opts.elbDenied)
  }
}

/**
 * @param {{ecs: EcsWorld, ecr: EcrWorld, elb: import('./elb.js').ElbWorld, seed: Seed, at: number}} p  at: the reset time (ms)
 */
export function seedWorld({ ecs, ecr, elb, seed, at }) {
  const past = at - 24 * 3600 * 1000
  const repo = ecr.addRepository(seed.repository, past - 3600 * 1000, seed.imageTagMutability)
  const running = fakeImage(seed.imageSha, { [REVISION_LABEL]: seed.imageSha })
  ecr.addBlob(running.config)
  ecr.putManifest(repo, running.manifest, DOCKER_MANIFEST_V2, [seed.imageSha], past)
  for (const img of seed.images) {
    const r =
      ecr.repositories.get(img.repository) ?? ecr.addRepository(img.repository, past, 'MUTABLE')
    const built = fakeImage(
      `${img.repository}:${img.tags.join(',')}`,
      img.revision ? { [REVISION_LABEL]: img.revision } : {}
    )
    if (!img.manifest) ecr.addBlob(built.config)
    ecr.putManifest(
      r,
      img.manifest ?? built.manifest,
      img.mediaType ?? DOCKER_MANIFEST_V2,
      img.tags,
      past
    )
  }

  ecs.addCluster(seed.cluster)
  for (const svc of seed.services) {
    if (!ecs.clusters.has(svc.cluster)) ecs.addCluster(svc.cluster)
    const td =
      ecs.taskDefinition(`${svc.family}:1`) ??
      ecs.registerTaskDefinition(
        {
          family: svc.family,
          containerDefinitions: [
            {
              // ECS names an Express service's container Main.
              name: svc.express ? 'Main' : (seed.containerName ?? svc.name),
              image: `${REGISTRY_HOST}/${seed.repository}:${seed.imageSha}`,
              cpu: 0,
              essential: true,
              portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
              environment: [{ name: 'APP_ENV', value: 'dev' }],
              mountPoints: [],
              volumesFrom: [],
              logConfiguration: {
                logDriver: 'awslogs',
                options: {
                  'awslogs-group': `/ecs/${svc.name}`,
                  'awslogs-region': 'us-east-1',
                  'awslogs-stream-prefix': 'ecs'
                }
              }
            }
          ],
          executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '256',
          memory: '512'
        },
        past
      )
    const service = ecs.addSteadyService({
      cluster: svc.cluster,
      serviceName: svc.name,
      taskDefinition: td.taskDefinitionArn,
      desiredCount: svc.desiredCount,
      circuitBreaker: svc.circuitBreaker,
      scenario: svc.scenario,
      strategy: svc.strategy,
      bakeTimeInMinutes: svc.bakeTimeInMinutes,
      alarms: svc.alarms,
      lifecycleHooks: svc.lifecycleHooks,
      deploymentController: svc.deploymentController,
      earlySuccessCriteria: svc.earlySuccessCriteria,
      drainSeconds: svc.drainSeconds,
      ...(svc.deploymentController === 'CODE_DEPLOY'
        ? {
            loadBalancers: [
              {
                targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${svc.name}-blue/0123456789abcdef`,
                containerName: seed.containerName ?? svc.name,
                containerPort: 8080
              }
            ]
          }
        : {}),
      at: past,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1b2c3d'],
          securityGroups: ['sg-0a1b2c3d'],
          assignPublicIp: 'DISABLED'
        }
      }
    })
    if (svc.express)
      service.express = {
        endpoint: svc.express.endpoint,
        infrastructureRoleArn:
          'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForExpressServices',
        healthCheckPath: '/ping'
      }
    if (svc.deploymentController === 'CODE_DEPLOY')
      service.taskSets = [taskSet(service, td.taskDefinitionArn, 'PRIMARY')]
    if (svc.targetGroup) {
      const group = elb.addTargetGroup(service, svc.targetGroup)
      service.targetGroup = group
      service.loadBalancers = [
        {
          targetGroupArn: group.arn,
          containerName: seed.containerName ?? svc.name,
          containerPort: group.port
        }
      ]
    }
  }
}

/** The ELBv2 operations a seed refuses: known ones only, named when not. @param {unknown} list */
function elbDeniedFrom(list) {
  if (list === undefined) return new Set()
  if (!Array.isArray(list))
    throw new Error('seed.elbDenied must be a list of ELBv2 operation names')
  for (const name of list)
    if (!ELB_ACTIONS.has(name))
      throw new Error(`seed.elbDenied: "${name}" is not one of ${[...ELB_ACTIONS].join(', ')}`)
  return new Set(list)
}
