// @ts-check
/**
 * The simulator without HTTP: one world (ECS + ECR + timeline + recorder) for one scenario,
 * `handle(target, body)` for AWS JSON 1.1 calls, `state()` and `reset()` for the control plane.
 */
import { EcsWorld } from './ecs-state.js'
import { EcrWorld } from './ecr-state.js'
import { ecsHandlers } from './ecs-api.js'
import { expressHandlers } from './express-api.js'
import { serviceDeploymentHandlers } from './service-deployments-api.js'
import { stopServiceDeploymentHandlers } from './stop-service-deployment-api.js'
import { continueServiceDeploymentHandlers } from './continue-service-deployment-api.js'
import { runTaskHandlers } from './run-task-api.js'
import { taskDefinitionHandlers } from './task-definition-api.js'
import { logsHandlers } from './logs-api.js'
import { LogsWorld } from './logs-state.js'
import { eventsHandlers, seedRules } from './events-api.js'
import { schedulerHandlers, seedSchedules } from './scheduler-api.js'
import { CodeDeployWorld } from './codedeploy.js'
import { codeDeployHandlers } from './codedeploy-api.js'
import { ecrHandlers } from './ecr-api.js'
import { renderService } from './ecs-shapes.js'
import { createIdGen } from './ids.js'
import { Recorder } from './recorder.js'
import { getScenario } from './scenarios.js'
import { normalizeSeed, seedWorld } from './seed.js'
import { SimError } from './errors.js'
import { Timeline } from './timeline.js'
import { ELB_ACTIONS, ElbWorld, handleElb } from './elb.js'
import { READ_OPERATIONS, TokenBucket } from './throttle.js'

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.'
export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.'
export const LOGS_TARGET_PREFIX = 'Logs_20140328.'
export const EVENTS_TARGET_PREFIX = 'AWSEvents.'
export const CODEDEPLOY_TARGET_PREFIX = 'CodeDeploy_20141006.'

/** @typedef {{now(): number}} Clock */

/**
 * @typedef {object} SimulatorOptions
 * @property {string} [scenario]   default "healthy"
 * @property {number} [timeScale]  multiplies every scenario time, default 1
 * @property {Clock} [clock]       default Date.now
 * @property {import('./seed.js').SeedOptions} [seed]
 */

/**
 * @typedef {object} Reply
 * @property {number} status
 * @property {Record<string, unknown>} body
 * @property {string} operation
 */

/**
 * Everything one scenario run owns; rebuilt by reset().
 * @param {SimulatorOptions} opts
 * @param {Clock} clock
 */
function buildWorld(opts, clock, publicUrl = () => '') {
  const scenarioName = opts.scenario ?? 'healthy'
  const scenario = getScenario(scenarioName)
  const timeScale = opts.timeScale ?? 1
  if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`)
  const seed = normalizeSeed(opts.seed ?? {}, scenarioName)
  const startedAt = clock.now()
  const ids = createIdGen(seed.randomSeed)
  const world = new EcsWorld({ ids, noRolloutState: scenario.noRolloutState })
  const ecr = new EcrWorld({ authPassword: seed.authPassword })
  const timeline = new Timeline()
  timeline.current = startedAt
  const recorder = new Recorder()
  world.onDemoted = (_service, dep, when) => recorder.outcome(dep.id, 'superseded', when)
  world.onDraining = (service, when) => {
    for (const r of recorder.rollouts) {
      if (r.service === service.serviceName)
        recorder.outcome(r.deploymentId, 'service-inactive', when)
    }
  }
  world.onSteady = (service, _dep, when) => recorder.steady(service.serviceName, when)
  const elb = new ElbWorld()
  seedWorld({ ecs: world, ecr, elb, seed, at: startedAt })
  for (const svc of seed.services) {
    recorder.serviceSeeded(svc.name, svc.scenario)
    const s = world.clusters.get(svc.cluster)?.services.get(svc.name)
    if (s && getScenario(svc.scenario).noRolloutState) s.noRolloutState = true
  }
  const codeDeploy = new CodeDeployWorld({
    timeline,
    timeScale,
    newId: () => ids.codeDeployId(),
    scenarioOf: service => getScenario(service.scenario ?? scenarioName).codeDeploy
  })
  for (const c of world.clusters.values())
    for (const s of c.services.values())
      if (s.deploymentController === 'CODE_DEPLOY') codeDeploy.seedGroup(s)
  const readBucket = seed.readThrottle ? new TokenBucket(seed.readThrottle, startedAt) : undefined

  /** Answers queued for the next DescribeServices calls (the `throttled` scenario). */
  /** @type {import('./scenarios.js').ThrottleFault[]} */
  const faults = []
  let armed = false
  const rules = seedRules(opts.seed?.rules)
  const schedules = seedSchedules(opts.seed?.schedules, startedAt)
  const logs = new LogsWorld()
  for (const svc of seed.services) logs.addGroup(`/ecs/${svc.name}`, startedAt - 24 * 3600 * 1000)
  const ctx = { world, timeline, recorder, timeScale, logs }
  const ecsCore = ecsHandlers({
    ctx,
    scenario,
    onClientRollout: ({ kind, scenario: own }) => {
      if (!armed && kind === 'scenario' && own.describeServicesFaults) {
        armed = true
        faults.push(...own.describeServicesFaults.map(f => ({ ...f })))
      }
    }
  })
  const ecs = {
    ...ecsCore,
    ...serviceDeploymentHandlers({ world }),
    ...stopServiceDeploymentHandlers(ctx),
    ...continueServiceDeploymentHandlers(ctx),
    ...runTaskHandlers(ctx),
    ...taskDefinitionHandlers({ world }),
    ...expressHandlers({
      world,
      updateService: /** @type {(body: any, at: number) => unknown} */ (ecsCore.UpdateService)
    })
  }
  return {
    options: { scenario: scenarioName, timeScale, seed: opts.seed ?? {} },
    scenarioName,
    scenario,
    seed,
    startedAt,
    ids,
    world,
    ecr,
    timeline,
    recorder,
    faults,
    readBucket,
    ecs,
    ecrOps: ecrHandlers(ecr, { blobUrl: digest => `${publicUrl()}/_sim/ecr-blobs/${digest}` }),
    logs,
    logsOps: logsHandlers(logs),
    rules,
    eventsOps: eventsHandlers({ rules, recorder }),
    schedules,
    schedulerOps: schedulerHandlers({ schedules, recorder }),
    codeDeploy,
    codeDeployOps: codeDeployHandlers({ codeDeploy, world }),
    elb
  }
}

export class Simulator {
  /** @param {SimulatorOptions} [opts] */
  constructor(opts = {}) {
    /** @type {Clock} */
    this.clock = opts.clock ?? { now: () => Date.now() }
    this.w = buildWorld(opts, this.clock, () => this.publicUrl)
    /** Where the server listens, for URLs the simulator hands out (ECR blob downloads). */
    this.publicUrl = ''
  }

  /** The ECR blob `digest` (an image config), as GET /_sim/ecr-blobs/<digest> serves it. @param {string} digest */
  blob(digest) {
    return this.w.ecr.blobs.get(digest)
  }

  /**
   * Reset the world. Options not given keep their current values (clock included).
   * @param {SimulatorOptions} [opts]
   */
  reset(opts = {}) {
    if (opts.clock) this.clock = opts.clock
    this.w = buildWorld(
      {
        scenario: opts.scenario ?? this.w.options.scenario,
        timeScale: opts.timeScale ?? this.w.options.timeScale,
        seed: opts.seed ?? this.w.options.seed
      },
      this.clock,
      () => this.publicUrl
    )
  }

  /** Apply every scheduled change due by now. */
  advance() {
    const now = this.clock.now()
    this.w.timeline.advance(now)
    return now
  }

  /**
   * One AWS JSON 1.1 call.
   * @param {string | undefined} target  the X-Amz-Target header
   * @param {string} text                the request body
   * @param {number} [attempt]           the SDK's attempt number of this call (its retries), if sent
   * @returns {Reply}
   */
  handle(target, text, attempt) {
    const now = this.advance()
    const w = this.w
    let operation = 'Unknown'
    /** What the call log keeps beside the operation: its subject and the SDK's attempt. */
    /** @type {{subject?: string, attempt?: number}} */
    const detail = attempt === undefined ? {} : { attempt }
    /** @type {Record<string, (body: any, at: number) => unknown> | undefined} */
    let ops
    if (target?.startsWith(ECS_TARGET_PREFIX)) {
      operation = target.slice(ECS_TARGET_PREFIX.length)
      ops = w.ecs
    } else if (target?.startsWith(ECR_TARGET_PREFIX)) {
      operation = target.slice(ECR_TARGET_PREFIX.length)
      ops = w.ecrOps
    } else if (target?.startsWith(LOGS_TARGET_PREFIX)) {
      operation = target.slice(LOGS_TARGET_PREFIX.length)
      ops = w.logsOps
    } else if (target?.startsWith(EVENTS_TARGET_PREFIX)) {
      operation = target.slice(EVENTS_TARGET_PREFIX.length)
      ops = w.eventsOps
    } else if (target?.startsWith(CODEDEPLOY_TARGET_PREFIX)) {
      operation = target.slice(CODEDEPLOY_TARGET_PREFIX.length)
      ops = w.codeDeployOps
    }
    const isDescribeServices = ops === w.ecs && operation === 'DescribeServices'
    try {
      const handler = ops && Object.hasOwn(ops, operation) ? ops[operation] : undefined
      if (!handler) {
        throw new SimError(
          'UnknownOperationException',
          `Operation ${target ?? '(no X-Amz-Target)'} is not supported by the simulator.`
        )
      }
      let body
      try {
        body = text.trim() === '' ? {} : JSON.parse(text)
        const subject = subjectOf(body)
        if (subject) detail.subject = subject
      } catch {
        throw new SimError(
          'SerializationException',
          'Start of structure or map found where not expected.'
        )
      }
      if (ops === w.ecs && READ_OPERATIONS.has(operation) && w.readBucket?.take(now) === false)
        throw new SimError('ThrottlingException', 'Rate exceeded')
      const fault = isDescribeServices ? w.faults.shift() : undefined
      if (fault) throw new SimError(fault.code, fault.message, fault.status)
      const result = /** @type {Record<string, unknown>} */ (handler(body ?? {}, now))
      w.recorder.call(operation, now, 200, undefined, detail)
      if (isDescribeServices) {
        const shown = /** @type {{serviceName: string}[]} */ (result.services)
        w.recorder.served(
          shown.map(s => s.serviceName),
          now
        )
      }
      return { status: 200, body: result, operation }
    } catch (err) {
      const e =
        err instanceof SimError
          ? err
          : new SimError('ServerException', err instanceof Error ? err.message : String(err), 500)
      w.recorder.call(operation, now, e.status, e.code, detail)
      return { status: e.status, body: { __type: e.code, message: e.message }, operation }
    }
  }

  /**
   * One query-protocol call (form-encoded, XML answer) when it is ELBv2's; undefined for the
   * others (STS), which the server answers itself.
   * @param {string} body @param {string} requestId
   * @returns {{status: number, xml: string, operation: string} | undefined}
   */
  handleQuery(body, requestId) {
    const operation = new URLSearchParams(body).get('Action') ?? ''
    if (!ELB_ACTIONS.has(operation)) return undefined
    const now = this.advance()
    const w = this.w
    const reply = handleElb(body, {
      elb: w.elb,
      ecs: w.world,
      now,
      timeScale: w.options.timeScale,
      requestId,
      denied: w.seed.elbDenied
    })
    w.recorder.call(operation, now, reply.status, reply.code)
    return reply
  }

  /**
   * One EventBridge Scheduler call (REST-JSON, routed by method and path), or undefined when the
   * path is not Scheduler's.
   * @param {string} method @param {URL} url @param {string} text @param {number} [attempt]
   * @returns {Reply | undefined}
   */
  handleScheduler(method, url, text, attempt) {
    const one = /^\/schedules\/([^/]+)$/.exec(url.pathname)
    const list = url.pathname === '/schedules'
    /** @type {string | undefined} */
    let operation
    if (one && method === 'GET') operation = 'GetSchedule'
    else if (one && method === 'PUT') operation = 'UpdateSchedule'
    else if (list && method === 'GET') operation = 'ListSchedules'
    if (!operation) return undefined
    const now = this.advance()
    const ops = this.w.schedulerOps
    const name = one ? decodeURIComponent(one[1] ?? '') : ''
    /** @type {{subject?: string, attempt?: number}} */
    const detail = attempt === undefined ? {} : { attempt }
    if (name) detail.subject = name
    try {
      let result
      if (operation === 'GetSchedule') result = ops.GetSchedule(name, url.searchParams)
      else if (operation === 'ListSchedules') result = ops.ListSchedules(url.searchParams)
      else {
        let body
        try {
          body = text.trim() === '' ? {} : JSON.parse(text)
        } catch {
          throw new SimError('ValidationException', 'The request body is not valid JSON.')
        }
        result = ops.UpdateSchedule(name, body ?? {}, now)
      }
      this.w.recorder.call(operation, now, 200, undefined, detail)
      return { status: 200, body: /** @type {Record<string, unknown>} */ (result), operation }
    } catch (err) {
      const e =
        err instanceof SimError
          ? err
          : new SimError(
              'InternalServerException',
              err instanceof Error ? err.message : String(err),
              500
            )
      this.w.recorder.call(operation, now, e.status, e.code, detail)
      return { status: e.status, body: { __type: e.code, Message: e.message }, operation }
    }
  }

  /**
   * Counts a call served outside `handle` (STS's query protocol) in `calls` and `callLog`.
   * @param {string} operation @param {number} status
   */
  record(operation, status) {
    const now = this.advance()
    this.w.recorder.call(operation, now, status, status === 200 ? undefined : 'InvalidAction')
  }

  /** The control-plane view: scenario, outcome timing, call counts, every service as ECS shows it. */
  state() {
    const now = this.advance()
    const w = this.w
    const services = []
    for (const c of w.world.clusters.values()) {
      for (const s of c.services.values()) services.push(renderService(w.world, s))
    }
    return {
      scenario: w.scenarioName,
      description: w.scenario.description,
      timeScale: w.options.timeScale,
      now,
      startedAt: w.startedAt,
      ...w.recorder.summary(),
      readThrottle: w.readBucket?.view(now) ?? null,
      rules: structuredClone([...w.rules.values()]),
      schedules: [...w.schedules.values()].map(s => structuredClone(s.fields)),
      codeDeploy: {
        deployments: [...w.codeDeploy.deployments.values()].map(d => ({
          id: d.id,
          status: d.status,
          taskDefinition: d.taskDefinition,
          createdAt: d.createdAt,
          completedAt: d.completedAt ?? null,
          rollbackInfo: d.rollbackInfo ?? null,
          events: structuredClone(d.events)
        })),
        stopDeployments: structuredClone(w.codeDeploy.stops)
      },
      pendingChanges: w.timeline.pending(),
      services
    }
  }
}

/** @param {SimulatorOptions} [opts] */
export const createSimulator = opts => new Simulator(opts)

/**
 * The service (or task definition) a request names, for the call log: the services of a
 * DescribeServices, else `service`, else `taskDefinition`; undefined for anything else.
 * @param {unknown} body @returns {string | undefined}
 */
function subjectOf(body) {
  if (!body || typeof body !== 'object') return undefined
  const b = /** @type {Record<string, unknown>} */ (body)
  if (Array.isArray(b.services)) return b.services.map(String).join(',')
  for (const key of ['service', 'taskDefinition']) {
    if (typeof b[key] === 'string') return b[key]
  }
  return undefined
}
