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
 * @property {string} kind        `scenario`, `known-task-definition` (a client rollback), `circuit-breaker-rollback`, `superseding`, `create`
 * @property {string} initiator   `client` (UpdateService/CreateService) or `ecs` / `someone-else` (the simulator)
 * @property {number} startedAt
 * @property {string | null} outcome  completed | failed | tasks-failing | superseded | service-inactive
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
 */

export class Recorder {
  constructor() {
    /** @type {Record<string, number>} */
    this.calls = {}
    /** @type {Call[]} */
    this.callLog = []
    /** @type {Rollout[]} */
    this.rollouts = []
  }

  /** @param {string} operation @param {number} at @param {number} status @param {string} [error] */
  call(operation, at, status, error) {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1
    /** @type {Call} */
    const entry = { operation, at, status }
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
      rollouts: this.rollouts.map(r => ({ ...r }))
    }
  }
}
