// @ts-check
/**
 * Measurements for the benchmark: calls per operation (with timestamps), each rollout and the
 * time its outcome became visible through DescribeServices, and when a poll first served it.
 */

/**
 * @typedef {object} Rollout
 * @property {string} deploymentId
 * @property {string} service
 * @property {string} taskDefinition
 * @property {string} kind        `scenario`, `known-task-definition` (a client rollback), `circuit-breaker-rollback`, `stop-service-deployment-rollback`, `superseding`, `create`
 * @property {string} initiator   `client` (UpdateService/CreateService) or `ecs` / `someone-else` (the simulator)
 * @property {number} startedAt
 * @property {string | null} outcome  completed | failed | tasks-failing | superseded | service-inactive | rollback-requested (StopServiceDeployment)
 * @property {number | null} outcomeVisibleAt
 * @property {number | null} outcomeServedAt  first successful DescribeServices of this service at/after the outcome
 * @property {number | null} firstTaskFailureAt
 */

/**
 * @typedef {object} Call
 * @property {string} operation
 * @property {number} at
 * @property {number} status
 * @property {string} [error]
 * @property {string} [subject]  the service(s) or task definition the request named
 * @property {number} [attempt]  the SDK's attempt number (1 = first try, more = its own retries)
 */

/**
 * @typedef {object} ContinueRequest  a ContinueServiceDeployment ECS accepted
 * @property {number} at
 * @property {string} serviceDeploymentArn
 * @property {string} hookId
 * @property {string} action  CONTINUE or ROLLBACK
 * @property {string} lifecycleStage  where the hook paused the deployment
 */

/**
 * @typedef {object} StopRequest  a StopServiceDeployment ECS accepted, and what it found
 * @property {number} at
 * @property {string} serviceDeploymentArn
 * @property {string} stopType
 * @property {string} status           the service deployment's status when the request came
 * @property {string | null} lifecycleStage  its stage then (blue/green)
 */

export class Recorder {
  constructor() {
    /** @type {Record<string, number>} */
    this.calls = {}
    /** @type {Call[]} */
    this.callLog = []
    /** @type {Rollout[]} */
    this.rollouts = []
    /** @type {{at: number, request: Record<string, unknown>, taskArns: string[]}[]} */
    this.runTasks = []
    /** @type {{at: number, rule: string, targets: unknown[]}[]} */
    this.putTargetsCalls = []
    /** Every UpdateSchedule: the schedule's name (from the path) and the body as sent @type {{at: number, name: string, body: Record<string, unknown>}[]} */
    this.updateScheduleCalls = []
    /** @type {StopRequest[]} */
    this.stopServiceDeployments = []
    /** @type {ContinueRequest[]} */
    this.continueServiceDeployments = []
    /** seeded service → its scenario @type {Map<string, string>} */
    this.serviceScenarios = new Map()
    /** service → times it reached a steady state after a rollout @type {Map<string, number[]>} */
    this.steadyTimes = new Map()
  }

  /** A RunTask request as sent (network configuration, tags, overrides...) and the tasks it started.
   * @param {number} at @param {Record<string, unknown>} request @param {string[]} taskArns */
  runTask(at, request, taskArns) {
    this.runTasks.push({ at, request: structuredClone(request), taskArns })
  }

  /** An EventBridge PutTargets request. @param {number} at @param {string} rule @param {unknown[]} targets */
  putTargets(at, rule, targets) {
    this.putTargetsCalls.push({ at, rule, targets: structuredClone(targets) })
  }

  /** @param {number} at @param {string} name @param {Record<string, unknown>} body */
  updateSchedule(at, name, body) {
    this.updateScheduleCalls.push({ at, name, body: structuredClone(body) })
  }

  /** @param {StopRequest} request */
  stopServiceDeployment(request) {
    this.stopServiceDeployments.push({ ...request })
  }

  /** @param {ContinueRequest} request */
  continueServiceDeployment(request) {
    this.continueServiceDeployments.push({ ...request })
  }

  /** @param {string} service @param {string} scenario */
  serviceSeeded(service, scenario) {
    this.serviceScenarios.set(service, scenario)
  }

  /** A deployment of `service` reached steady state. @param {string} service @param {number} at */
  steady(service, at) {
    const times = this.steadyTimes.get(service) ?? []
    times.push(at)
    this.steadyTimes.set(service, times)
  }

  /**
   * Per service, the rollout its first client UpdateService started and when the service was
   * next steady (that rollout completed, a rollback completed, or someone else's deployment did),
   * so a benchmark can measure "steady state → client exit" per service.
   */
  perService() {
    /** @type {Set<string>} */
    const names = new Set([...this.serviceScenarios.keys(), ...this.rollouts.map(r => r.service)])
    /** @type {Record<string, {scenario: string | null, outcome: string | null, outcomeVisibleAt: number | null, outcomeServedAt: number | null, firstTaskFailureAt: number | null, rolloutStartedAt: number | null, deploymentId: string | null, steadyAt: number | null}>} */
    const out = {}
    for (const name of names) {
      const main = this.rollouts.find(
        r => r.service === name && r.initiator === 'client' && r.kind !== 'create'
      )
      const steadyAt = main
        ? ((this.steadyTimes.get(name) ?? []).find(t => t >= main.startedAt) ?? null)
        : null
      out[name] = {
        scenario: this.serviceScenarios.get(name) ?? null,
        outcome: main?.outcome ?? null,
        outcomeVisibleAt: main?.outcomeVisibleAt ?? null,
        outcomeServedAt: main?.outcomeServedAt ?? null,
        firstTaskFailureAt: main?.firstTaskFailureAt ?? null,
        rolloutStartedAt: main?.startedAt ?? null,
        deploymentId: main?.deploymentId ?? null,
        steadyAt
      }
    }
    return out
  }

  /**
   * @param {string} operation @param {number} at @param {number} status @param {string} [error]
   * @param {{subject?: string, attempt?: number}} [detail]
   */
  call(operation, at, status, error, detail = {}) {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1
    /** @type {Call} */
    const entry = { operation, at, status, ...detail }
    if (error) entry.error = error
    this.callLog.push(entry)
  }

  /**
   * @param {{deploymentId: string, service: string, taskDefinition: string, kind: string, initiator: string, at: number}} r
   */
  rolloutStarted(r) {
    this.rollouts.push({
      deploymentId: r.deploymentId,
      service: r.service,
      taskDefinition: r.taskDefinition,
      kind: r.kind,
      initiator: r.initiator,
      startedAt: r.at,
      outcome: null,
      outcomeVisibleAt: null,
      outcomeServedAt: null,
      firstTaskFailureAt: null
    })
  }

  /** @param {string} deploymentId */
  find(deploymentId) {
    return this.rollouts.find(r => r.deploymentId === deploymentId)
  }

  /** The first outcome of a rollout wins. @param {string} deploymentId @param {string} outcome @param {number} at */
  outcome(deploymentId, outcome, at) {
    const r = this.find(deploymentId)
    if (r && r.outcome === null) {
      r.outcome = outcome
      r.outcomeVisibleAt = at
    }
  }

  /** @param {string} deploymentId @param {number} at */
  taskFailed(deploymentId, at) {
    const r = this.find(deploymentId)
    if (r && r.firstTaskFailureAt === null) r.firstTaskFailureAt = at
  }

  /**
   * A successful DescribeServices at `at` showed these services.
   * @param {string[]} services @param {number} at
   */
  served(services, at) {
    for (const r of this.rollouts) {
      if (
        r.outcomeVisibleAt !== null &&
        r.outcomeServedAt === null &&
        at >= r.outcomeVisibleAt &&
        services.includes(r.service)
      ) {
        r.outcomeServedAt = at
      }
    }
  }

  /** The rollout the scenario is about: the first one a client started with UpdateService. */
  main() {
    return this.rollouts.find(r => r.initiator === 'client' && r.kind !== 'create')
  }

  summary() {
    const main = this.main()
    return {
      outcome: main?.outcome ?? null,
      outcomeVisibleAt: main?.outcomeVisibleAt ?? null,
      outcomeServedAt: main?.outcomeServedAt ?? null,
      firstTaskFailureAt: main?.firstTaskFailureAt ?? null,
      rolloutStartedAt: main?.startedAt ?? null,
      deploymentId: main?.deploymentId ?? null,
      calls: { ...this.calls },
      describeServicesAt: this.callLog
        .filter(c => c.operation === 'DescribeServices')
        .map(c => c.at),
      callLog: this.callLog.slice(),
      rollouts: this.rollouts.map(r => ({ ...r })),
      perService: this.perService(),
      runTasks: structuredClone(this.runTasks),
      putTargets: structuredClone(this.putTargetsCalls),
      updateSchedules: structuredClone(this.updateScheduleCalls),
      stopServiceDeployments: structuredClone(this.stopServiceDeployments),
      continueServiceDeployments: structuredClone(this.continueServiceDeployments)
    }
  }
}
