// @ts-check
/**
 * CodeDeploy for ECS (blue/green through CodeDeploy): applications and deployment groups seeded
 * for the CODE_DEPLOY services, deployments that walk the ECS lifecycle events on the
 * simulator's clock, a replacement task set beside the original one, traffic moved at
 * AllowTraffic (the service's task definition becomes the new revision, so DescribeServices
 * reads it back), and CodeDeploy's rollback deployments (a failed hook with automatic rollback,
 * or StopDeployment with autoRollbackEnabled). Tasks of task sets are not simulated.
 */
/** @typedef {import('./ecs-state.js').Service} Service */
/** @typedef {import('./timeline.js').Timeline} Timeline */

/** Every lifecycle event of an ECS deployment, in order, each taking this many seconds (scaled). */
export const ECS_LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic'
]
const EVENT_SECONDS = 1
/** A rollback deployment moves the traffic back to the original task set. */
const ROLLBACK_EVENTS = ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic']

export const HOOK_FAILED_MESSAGE = (/** @type {string} */ event) =>
  `The deployment failed because the ${event} lifecycle event hook returned Failed.`

/**
 * @typedef {object} CodeDeploySpec  what a codedeploy-* scenario does
 * @property {string} [failAt]  the lifecycle event whose hook fails (CodeDeploy then rolls back)
 */

/**
 * @typedef {object} DeploymentGroup
 * @property {string} application
 * @property {string} name
 * @property {string} id
 * @property {string} cluster
 * @property {string} service
 * @property {string[]} targetGroups
 * @property {boolean} autoRollback
 */

/**
 * @typedef {object} LifecycleEvent
 * @property {string} lifecycleEventName
 * @property {'Pending'|'InProgress'|'Succeeded'|'Failed'|'Skipped'} status
 * @property {number} [startTime]
 * @property {number} [endTime]
 * @property {{errorCode: string, scriptName?: string, message: string, logTail: string}} [diagnostics]
 */

/**
 * @typedef {object} Deployment
 * @property {string} id
 * @property {DeploymentGroup} group
 * @property {'Created'|'InProgress'|'Succeeded'|'Failed'|'Stopped'} status
 * @property {string} taskDefinition   what its AppSpec deploys
 * @property {string} original         the service's revision before it
 * @property {number} createdAt
 * @property {number} [completedAt]
 * @property {string} [description]
 * @property {string} appSpec
 * @property {LifecycleEvent[]} events
 * @property {{code: string, message: string}} [error]
 * @property {{rollbackDeploymentId?: string, rollbackTriggeringDeploymentId?: string, rollbackMessage?: string}} [rollbackInfo]
 * @property {number} updatedAt
 */

export class CodeDeployWorld {
  /**
   * @param {{timeline: Timeline, timeScale: number, newId: () => string, scenarioOf: (service: Service) => CodeDeploySpec | undefined}} opts
   */
  constructor({ timeline, timeScale, newId, scenarioOf }) {
    this.timeline = timeline
    this.timeScale = timeScale
    this.newId = newId
    this.scenarioOf = scenarioOf
    /** @type {Map<string, DeploymentGroup>} `application/group` */
    this.groups = new Map()
    /** @type {Set<string>} */
    this.applications = new Set()
    /** @type {Map<string, Deployment>} */
    this.deployments = new Map()
    /** @type {Map<string, Service>} `cluster/service` of the groups' services */
    this.services = new Map()
    /** Every accepted StopDeployment, with the status it found. */
    /** @type {{at: number, deploymentId: string, autoRollbackEnabled: boolean, status: string}[]} */
    this.stops = []
  }

  /**
   * The application and group the ECS console creates for a blue/green service.
   * @param {Service} service
   */
  seedGroup(service) {
    const application = `AppECS-${service.cluster}-${service.serviceName}`
    const name = `DgpECS-${service.cluster}-${service.serviceName}`
    this.applications.add(application)
    this.groups.set(`${application}/${name}`, {
      application,
      name,
      id: `${service.serviceName}-group-0001`,
      cluster: service.cluster,
      service: service.serviceName,
      targetGroups: [`${service.serviceName}-blue`, `${service.serviceName}-green`],
      autoRollback: true
    })
    this.services.set(`${service.cluster}/${service.serviceName}`, service)
  }

  /** @param {string} group @param {string} application */
  group(application, group) {
    return this.groups.get(`${application}/${group}`)
  }

  /** @param {DeploymentGroup} group */
  serviceOf(group) {
    const service = this.services.get(`${group.cluster}/${group.service}`)
    if (!service) throw new Error(`codedeploy: no service ${group.cluster}/${group.service}`)
    return service
  }

  /** @param {DeploymentGroup} group */
  active(group) {
    return [...this.deployments.values()].find(
      d => d.group === group && (d.status === 'Created' || d.status === 'InProgress')
    )
  }

  /**
   * A deployment of `taskDefinition` through `group`, from `at`.
   * @param {DeploymentGroup} group @param {string} taskDefinition @param {string} appSpec
   * @param {string | undefined} description @param {number} at
   */
  create(group, taskDefinition, appSpec, description, at) {
    const service = this.serviceOf(group)
    const spec = this.scenarioOf(service)
    // Back to a revision the service ran (a client's rollback): it goes like a healthy one.
    const failAt = service.stableTaskDefinitions.has(taskDefinition) ? undefined : spec?.failAt
    const deployment = this.start(group, taskDefinition, service.taskDefinition, at, {
      events: ECS_LIFECYCLE_EVENTS,
      failAt,
      appSpec,
      description
    })
    return deployment
  }

  /**
   * @param {DeploymentGroup} group @param {string} taskDefinition @param {string} original @param {number} at
   * @param {{events: string[], failAt?: string, appSpec: string, description?: string, rollbackOf?: Deployment}} opts
   * @returns {Deployment}
   */
  start(group, taskDefinition, original, at, opts) {
    /** @type {Deployment} */
    const deployment = {
      id: this.newId(),
      group,
      status: 'Created',
      taskDefinition,
      original,
      createdAt: at,
      updatedAt: at,
      description: opts.description,
      appSpec: opts.appSpec,
      events: opts.events.map(name => ({ lifecycleEventName: name, status: 'Pending' }))
    }
    if (opts.rollbackOf)
      deployment.rollbackInfo = { rollbackTriggeringDeploymentId: opts.rollbackOf.id }
    this.deployments.set(deployment.id, deployment)
    const service = this.serviceOf(group)
    const step = EVENT_SECONDS * 1000 * this.timeScale
    const live = () => deployment.status === 'Created' || deployment.status === 'InProgress'
    opts.events.forEach((name, index) => {
      const event = /** @type {LifecycleEvent} */ (deployment.events[index])
      this.timeline.schedule(
        at + index * step,
        now => {
          if (!live()) return
          deployment.status = 'InProgress'
          deployment.updatedAt = now
          event.status = 'InProgress'
          event.startTime = now
          if (name === 'Install' && !opts.rollbackOf) addReplacementTaskSet(service, taskDefinition)
        },
        `${deployment.id} ${name} InProgress`
      )
      this.timeline.schedule(
        at + (index + 1) * step,
        now => {
          if (!live()) return
          event.endTime = now
          deployment.updatedAt = now
          if (name === opts.failAt) {
            event.status = 'Failed'
            event.diagnostics = {
              errorCode: 'ScriptFailed',
              scriptName: `${name}Hook`,
              message: HOOK_FAILED_MESSAGE(name),
              logTail: ''
            }
            this.fail(
              deployment,
              { code: 'HOOK_EXECUTION_FAILURE', message: HOOK_FAILED_MESSAGE(name) },
              now
            )
            return
          }
          event.status = 'Succeeded'
          // Production traffic moves: the replacement task set (or, rolling back, the original)
          // is primary, and the service's task definition is its revision.
          if (name === 'AllowTraffic') makePrimary(service, taskDefinition)
          if (index === opts.events.length - 1) this.succeed(deployment, now)
        },
        `${deployment.id} ${name} ends`
      )
    })
    return deployment
  }

  /** @param {Deployment} deployment @param {number} at */
  succeed(deployment, at) {
    const service = this.serviceOf(deployment.group)
    deployment.status = 'Succeeded'
    deployment.completedAt = at
    deployment.updatedAt = at
    // The original task set is terminated (no termination wait in the simulator).
    service.taskSets = service.taskSets.filter(set => set.status === 'PRIMARY')
    if (!deployment.rollbackInfo?.rollbackTriggeringDeploymentId)
      service.stableTaskDefinitions.add(deployment.taskDefinition)
  }

  /**
   * Failed (or Stopped): the events after it are Skipped; with automatic rollback CodeDeploy
   * starts a rollback deployment back to the original revision.
   * @param {Deployment} deployment @param {{code: string, message: string}} error @param {number} at
   * @param {{status?: 'Failed'|'Stopped', rollback?: boolean}} [opts]
   */
  fail(deployment, error, at, opts = {}) {
    deployment.status = opts.status ?? 'Failed'
    deployment.error = error
    deployment.completedAt = at
    deployment.updatedAt = at
    for (const event of deployment.events) {
      if (event.status === 'InProgress') {
        event.status = 'Failed'
        event.endTime = at
      } else if (event.status === 'Pending') event.status = 'Skipped'
    }
    if (!(opts.rollback ?? deployment.group.autoRollback)) return
    const rollback = this.start(
      deployment.group,
      deployment.original,
      deployment.taskDefinition,
      at,
      {
        events: ROLLBACK_EVENTS,
        appSpec: deployment.appSpec,
        description: `Rollback of ${deployment.id}`,
        rollbackOf: deployment
      }
    )
    deployment.rollbackInfo = {
      rollbackDeploymentId: rollback.id,
      rollbackMessage: `Deployment ${deployment.id} was rolled back with deployment ${rollback.id}: ${error.message}`
    }
  }
}

/** @param {Service} service @param {string} taskDefinition */
function addReplacementTaskSet(service, taskDefinition) {
  service.taskSets.push(taskSet(service, taskDefinition, 'ACTIVE'))
}

/** @param {Service} service @param {string} taskDefinition */
function makePrimary(service, taskDefinition) {
  for (const set of service.taskSets)
    set.status = set.taskDefinition === taskDefinition ? 'PRIMARY' : 'ACTIVE'
  if (!service.taskSets.some(set => set.status === 'PRIMARY'))
    service.taskSets.push(taskSet(service, taskDefinition, 'PRIMARY'))
  service.taskDefinition = taskDefinition
}

/**
 * @param {Service} service @param {string} taskDefinition @param {'PRIMARY'|'ACTIVE'} status
 * @returns {import('./ecs-state.js').TaskSet}
 */
export function taskSet(service, taskDefinition, status) {
  const id = `ecs-svc/${taskDefinition.slice(taskDefinition.lastIndexOf(':') + 1).padStart(19, '0')}`
  return { id, status, taskDefinition, serviceArn: service.serviceArn }
}
