// @ts-check
/**
 * The ECS world: clusters, services, deployments, tasks and task definitions, and the state
 * transitions a rollout is made of (start tasks, a task becomes RUNNING, a task fails, drain the
 * old deployments, complete, fail, service deleted). Each transition takes the time `at` (ms) it
 * happens at, so events and timestamps carry the scheduled time. Deciding WHEN transitions happen
 * is the job of rollouts.js and scenarios.js; rendering API shapes is ecs-shapes.js.
 */
import { arn } from './ids.js'
import { ServiceDeployments } from './service-deployments.js'
import { DEFAULT_DRAIN_SECONDS } from './early-success.js'

/** @typedef {import('./ids.js').IdGen} IdGen */

/**
 * @typedef {object} Container
 * @property {string} name
 * @property {string} image
 * @property {string} uuid
 * @property {string} lastStatus
 * @property {number} [exitCode]
 * @property {string} [reason]
 */

/**
 * @typedef {object} Task
 * @property {string} id
 * @property {string} taskArn
 * @property {string} cluster
 * @property {string | undefined} serviceName    undefined for a one-off (RunTask) task
 * @property {string | undefined} deploymentId   also the task's `startedBy`, as in ECS
 * @property {string} taskDefinitionArn
 * @property {'PROVISIONING'|'PENDING'|'RUNNING'|'DEACTIVATING'|'STOPPED'} lastStatus
 * @property {'RUNNING'|'STOPPED'} desiredStatus
 * @property {number} createdAt
 * @property {number} [startedAt]
 * @property {number} [pullStartedAt]  the image pull, between placement and RUNNING
 * @property {number} [pullStoppedAt]
 * @property {'HEALTHY'|'UNKNOWN'} [healthStatus]  HEALTHY once RUNNING when its container has a healthCheck
 * @property {number} [deregisteredAt]  when a rollout took it out of its target group (draining)
 * @property {number} [stoppingAt]
 * @property {number} [stoppedAt]
 * @property {string} [stopCode]
 * @property {string} [stoppedReason]
 * @property {Container[]} containers
 * @property {OneOff} [oneOff]   what RunTask asked for
 * @property {import('./one-off-tasks.js').Behaviour} [behaviour]  a one-off task's essential container
 */

/**
 * @typedef {object} OneOff
 * @property {string} group
 * @property {string | undefined} startedBy
 * @property {string | undefined} launchType
 * @property {string | undefined} capacityProviderName
 * @property {string} platformVersion
 * @property {Record<string, unknown>} overrides
 * @property {{key: string, value: string}[]} tags
 */

/**
 * @typedef {object} Deployment
 * @property {string} id
 * @property {'PRIMARY'|'ACTIVE'|'INACTIVE'} status
 * @property {string} taskDefinition
 * @property {number} desiredCount
 * @property {number} pendingCount
 * @property {number} runningCount
 * @property {number} failedTasks
 * @property {'IN_PROGRESS'|'COMPLETED'|'FAILED'} rolloutState
 * @property {string} rolloutStateReason
 * @property {number} createdAt
 * @property {number} updatedAt
 */

/**
 * @typedef {object} ServiceEvent
 * @property {string} id
 * @property {number} at
 * @property {string} message
 */

/** @typedef {import('./breaker.js').CircuitBreaker} CircuitBreaker */

/**
 * @typedef {object} DeploymentConfiguration  as DescribeServices shows it
 * @property {number} maximumPercent
 * @property {number} minimumHealthyPercent
 * @property {CircuitBreaker} deploymentCircuitBreaker
 * @property {string} [strategy]            BLUE_GREEN, LINEAR or CANARY (absent: rolling)
 * @property {number} [bakeTimeInMinutes]   blue/green only
 * @property {{alarmNames: string[], enable: boolean, rollback: boolean}} [alarms]
 * @property {import('./early-success.js').EarlySuccessCriteria} [earlySuccessCriteria]  rolling only
 * @property {Record<string, unknown>[]} [lifecycleHooks]  blue/green only: the PAUSE hooks
 */

/**
 * @typedef {object} Service
 * @property {string} serviceName
 * @property {string} cluster
 * @property {string} serviceArn
 * @property {'ACTIVE'|'DRAINING'|'INACTIVE'} status
 * @property {number} desiredCount
 * @property {string} taskDefinition
 * @property {Deployment[]} deployments   PRIMARY first
 * @property {ServiceEvent[]} events       newest first
 * @property {number} createdAt
 * @property {string} launchType
 * @property {DeploymentConfiguration} deploymentConfiguration
 * @property {Record<string, unknown>} [networkConfiguration]
 * @property {unknown[]} loadBalancers
 * @property {{key: string, value: string}[]} tags
 * @property {Set<string>} stableTaskDefinitions   task definitions this service has run to steady state
 * @property {string | undefined} lastCompletedTaskDefinition
 * @property {string | undefined} scenario   how its rollouts go (a seeded service's own scenario)
 * @property {string} strategy                ROLLING, BLUE_GREEN, LINEAR or CANARY
 * @property {number | undefined} bakeTimeInMinutes
 * @property {boolean} [noRolloutState]      its deployments carry no rolloutState (its scenario says so)
 * @property {number} drainSeconds            with early success criteria: how long the old revision's tasks drain after the new ones are healthy (seconds, scaled)
 * @property {'ECS'|'CODE_DEPLOY'} deploymentController
 * @property {import('./elb.js').TargetGroup} [targetGroup]  the target group its tasks register in (seeded)
 * @property {TaskSet[]} taskSets             CODE_DEPLOY only: the task sets CodeDeploy made
 * @property {{endpoint: string, infrastructureRoleArn: string, healthCheckPath: string}} [express]
 *   an Express Mode service (the ECS service behind it is this one, its ARN the same)
 */

/**
 * @typedef {object} TaskSet  a CODE_DEPLOY service's task set (its tasks are not simulated)
 * @property {string} id
 * @property {'PRIMARY'|'ACTIVE'} status
 * @property {string} taskDefinition
 * @property {string} serviceArn
 */

/**
 * @typedef {object} TaskDefinition  stored in the shape DescribeTaskDefinition returns
 * @property {string} taskDefinitionArn
 * @property {string} family
 * @property {number} revision
 * @property {string} status
 * @property {Array<Record<string, any>>} containerDefinitions
 * @property {number} registeredAt
 * @property {Record<string, unknown>} rest     the other registered fields, echoed back
 * @property {{key: string, value: string}[]} tags
 * @property {number} [deregisteredAt]
 * @property {number} [deleteRequestedAt]
 */

const MAX_EVENTS = 100

export class EcsWorld {
  /**
   * @param {{ids: IdGen, noRolloutState?: boolean}} opts
   */
  constructor({ ids, noRolloutState = false }) {
    this.ids = ids
    /** Older ECS: deployments carry no rolloutState / rolloutStateReason. */
    this.noRolloutState = noRolloutState
    /** @type {Map<string, {name: string, arn: string, services: Map<string, Service>}>} */
    this.clusters = new Map()
    /** @type {Map<string, TaskDefinition[]>} family → revisions (index = revision - 1 when dense) */
    this.families = new Map()
    /** @type {Map<string, TaskDefinition>} */
    this.taskDefsByArn = new Map()
    /** @type {Map<string, Task>} */
    this.tasks = new Map()
    /** Called when a PRIMARY deployment loses that status. @type {(service: Service, dep: Deployment, at: number) => void} */
    this.onDemoted = () => {}
    /** Called when a service starts draining (deleted). @type {(service: Service, at: number) => void} */
    this.onDraining = () => {}
    /** Called when a deployment reaches steady state (not while seeding). @type {(service: Service, dep: Deployment, at: number) => void} */
    this.onSteady = () => {}
    /** Service deployments and revisions, told about every classic deployment's fate. */
    this.history = new ServiceDeployments({ taskDefinition: ref => this.taskDefsByArn.get(ref) })
  }

  // ---------------------------------------------------------------- lookups

  /** @param {string} name */
  addCluster(name) {
    const c = { name, arn: arn.cluster(name), services: new Map() }
    this.clusters.set(name, c)
    return c
  }

  /** @param {string | undefined} ref name or ARN; ECS defaults to "default" */
  cluster(ref) {
    const name = ref
      ? ref.startsWith('arn:')
        ? ref.slice(ref.lastIndexOf('/') + 1)
        : ref
      : 'default'
    return this.clusters.get(name)
  }

  /** @param {string} ref family, family:revision or ARN */
  taskDefinition(ref) {
    const exact = this.taskDefsByArn.get(ref)
    if (exact) return exact
    const tail = ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf('/') + 1) : ref
    const colon = tail.lastIndexOf(':')
    if (colon >= 0) {
      const family = tail.slice(0, colon)
      const revision = Number(tail.slice(colon + 1))
      return (this.families.get(family) ?? []).find(t => t.revision === revision)
    }
    const active = (this.families.get(tail) ?? []).filter(t => t.status === 'ACTIVE')
    return active[active.length - 1]
  }

  /**
   * @param {Record<string, any>} input RegisterTaskDefinition request (family, containerDefinitions, ...)
   * @param {number} at
   * @param {{revision?: number}} [opts] force a revision number (the simulator's own "web:99")
   */
  registerTaskDefinition(input, at, opts = {}) {
    const { family, containerDefinitions, tags, ...rest } = input
    const revisions = this.families.get(family) ?? []
    const max = revisions.reduce((m, t) => Math.max(m, t.revision), 0)
    const revision = opts.revision && opts.revision > max ? opts.revision : max + 1
    /** @type {TaskDefinition} */
    const td = {
      taskDefinitionArn: arn.taskDefinition(family, revision),
      family,
      revision,
      status: 'ACTIVE',
      containerDefinitions: structuredClone(containerDefinitions),
      registeredAt: at,
      rest: structuredClone(rest),
      tags: structuredClone(tags ?? [])
    }
    revisions.push(td)
    this.families.set(family, revisions)
    this.taskDefsByArn.set(td.taskDefinitionArn, td)
    return td
  }

  /** All tasks of a service, oldest first. @param {Service} service */
  tasksOf(service) {
    return [...this.tasks.values()].filter(
      t => t.cluster === service.cluster && t.serviceName === service.serviceName
    )
  }

  /** @param {Deployment} dep */
  tasksOfDeployment(dep) {
    return [...this.tasks.values()].filter(t => t.deploymentId === dep.id)
  }

  // ---------------------------------------------------------------- services

  /**
   * @param {object} p
   * @param {string} p.cluster
   * @param {string} p.serviceName
   * @param {string} p.taskDefinition ARN
   * @param {number} p.desiredCount
   * @param {CircuitBreaker} p.circuitBreaker
   * @param {number} p.at
   * @param {string} [p.launchType]
   * @param {Record<string, unknown>} [p.networkConfiguration]
   * @param {unknown[]} [p.loadBalancers]
   * @param {{key: string, value: string}[]} [p.tags]
   * @param {{maximumPercent?: number, minimumHealthyPercent?: number}} [p.percents]
   * @param {string} [p.scenario]
   * @param {string} [p.strategy]
   * @param {number} [p.bakeTimeInMinutes]
   * @param {{alarmNames: string[], enable: boolean, rollback: boolean}} [p.alarms]
   * @param {'ECS'|'CODE_DEPLOY'} [p.deploymentController]
   * @param {import('./early-success.js').EarlySuccessCriteria} [p.earlySuccessCriteria]
   * @param {number} [p.drainSeconds]
   * @param {Record<string, unknown>[]} [p.lifecycleHooks]  blue/green only
   * @returns {Service}
   */
  addService(p) {
    const cluster = this.clusters.get(p.cluster) ?? this.addCluster(p.cluster)
    /** @type {Service} */
    const service = {
      serviceName: p.serviceName,
      cluster: p.cluster,
      serviceArn: arn.service(p.cluster, p.serviceName),
      status: 'ACTIVE',
      desiredCount: p.desiredCount,
      taskDefinition: p.taskDefinition,
      deployments: [],
      events: [],
      createdAt: p.at,
      launchType: p.launchType ?? 'FARGATE',
      deploymentConfiguration: {
        maximumPercent: p.percents?.maximumPercent ?? 200,
        minimumHealthyPercent: p.percents?.minimumHealthyPercent ?? 100,
        deploymentCircuitBreaker: structuredClone(p.circuitBreaker)
      },
      networkConfiguration: p.networkConfiguration,
      loadBalancers: p.loadBalancers ?? [],
      tags: p.tags ?? [],
      stableTaskDefinitions: new Set(),
      lastCompletedTaskDefinition: undefined,
      scenario: p.scenario,
      strategy: p.strategy ?? 'ROLLING',
      bakeTimeInMinutes: p.bakeTimeInMinutes,
      deploymentController: p.deploymentController ?? 'ECS',
      drainSeconds: p.drainSeconds ?? DEFAULT_DRAIN_SECONDS,
      taskSets: []
    }
    if (p.earlySuccessCriteria)
      service.deploymentConfiguration.earlySuccessCriteria = { ...p.earlySuccessCriteria }
    // Only blue/green services show their strategy: rolling ones keep the shape they always had.
    if (service.strategy !== 'ROLLING') {
      const dc = service.deploymentConfiguration
      dc.strategy = service.strategy
      dc.bakeTimeInMinutes = p.bakeTimeInMinutes ?? 0
      if (p.alarms) dc.alarms = structuredClone(p.alarms)
      if (p.lifecycleHooks?.length) dc.lifecycleHooks = structuredClone(p.lifecycleHooks)
    }
    cluster.services.set(p.serviceName, service)
    return service
  }

  /**
   * A service already at steady state on `taskDefinition` (the seeded world): one COMPLETED
   * PRIMARY deployment with its tasks RUNNING.
   * @param {Parameters<EcsWorld['addService']>[0]} p
   */
  addSteadyService(p) {
    const service = this.addService(p)
    const dep = this.newDeployment(service, p.taskDefinition, p.at, p.desiredCount)
    const tasks = this.startTasks(service, dep, p.desiredCount, p.at, { quiet: true })
    for (const t of tasks) this.taskRunning(dep, t, p.at)
    this.complete(service, dep, p.at, { quiet: true })
    this.addEvent(service, p.at, `(service ${service.serviceName}) has reached a steady state.`)
    return service
  }

  /**
   * Create a new PRIMARY deployment; the others become ACTIVE. A demoted deployment that was
   * still starting tasks gives up its not-yet-running tasks at once; its running tasks stay
   * until the new PRIMARY drains them.
   * @param {Service} service
   * @param {string} taskDefinitionArn
   * @param {number} at
   * @param {number} desiredCount
   * @param {{rollbackOf?: Deployment}} [opts] rollbackOf: ECS rolls that deployment back (no new service deployment)
   * @returns {Deployment}
   */
  newDeployment(service, taskDefinitionArn, at, desiredCount, opts = {}) {
    const id = this.ids.deploymentId()
    for (const old of service.deployments) {
      if (old.status !== 'PRIMARY') continue
      old.status = 'ACTIVE'
      this.onDemoted(service, old, at)
      this.history.demoted(old, at)
      old.updatedAt = at
      for (const t of this.tasksOfDeployment(old)) {
        if (t.lastStatus !== 'RUNNING' && t.lastStatus !== 'STOPPED') {
          this.stopTask(
            t,
            at,
            'ServiceSchedulerInitiated',
            `Scaling activity initiated by (deployment ${id})`
          )
        }
      }
      old.pendingCount = 0
      old.desiredCount = old.runningCount
    }
    /** @type {Deployment} */
    const dep = {
      id,
      status: 'PRIMARY',
      taskDefinition: taskDefinitionArn,
      desiredCount,
      pendingCount: 0,
      runningCount: 0,
      failedTasks: 0,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment ${id} in progress.`,
      createdAt: at,
      updatedAt: at
    }
    service.deployments.unshift(dep)
    service.taskDefinition = taskDefinitionArn
    service.desiredCount = desiredCount
    if (opts.rollbackOf) this.history.rollingBack(service, opts.rollbackOf, dep, at)
    else this.history.begin(service, dep, at)
    return dep
  }

  // ---------------------------------------------------------------- tasks

  /**
   * @param {Service} service
   * @param {Deployment} dep
   * @param {number} count
   * @param {number} at
   * @param {{quiet?: boolean}} [opts] quiet: no service event (seeding)
   */
  startTasks(service, dep, count, at, opts = {}) {
    const td = this.taskDefsByArn.get(dep.taskDefinition)
    /** @type {Task[]} */
    const started = []
    for (let i = 0; i < count; i++) {
      const id = this.ids.taskId()
      /** @type {Task} */
      const task = {
        id,
        taskArn: arn.task(service.cluster, id),
        cluster: service.cluster,
        serviceName: service.serviceName,
        deploymentId: dep.id,
        taskDefinitionArn: dep.taskDefinition,
        lastStatus: 'PENDING',
        desiredStatus: 'RUNNING',
        createdAt: at,
        containers: (
          td?.containerDefinitions ?? [{ name: service.serviceName, image: 'unknown' }]
        ).map(c => ({
          name: String(c.name),
          image: String(c.image),
          uuid: this.ids.uuid(),
          lastStatus: 'PENDING'
        }))
      }
      this.tasks.set(task.taskArn, task)
      started.push(task)
    }
    dep.pendingCount += count
    dep.updatedAt = at
    if (count > 0) this.history.tasksStarted(dep, at)
    if (!opts.quiet && count > 0) {
      const list = started.map(t => `(task ${t.id})`).join(' ')
      this.addEvent(
        service,
        at,
        `(service ${service.serviceName}) has started ${count} tasks: ${list}.`
      )
    }
    return started
  }

  /** @param {Deployment} dep @param {Task} task @param {number} at */
  taskRunning(dep, task, at) {
    if (task.lastStatus === 'RUNNING' || task.lastStatus === 'STOPPED') return
    task.lastStatus = 'RUNNING'
    task.startedAt = at
    // The agent pulls the image between placement and RUNNING: most of that stretch.
    const placed = task.createdAt
    task.pullStartedAt = placed + Math.round((at - placed) * 0.1)
    task.pullStoppedAt = placed + Math.round((at - placed) * 0.8)
    const td = this.taskDefsByArn.get(task.taskDefinitionArn)
    task.healthStatus = td?.containerDefinitions.some(c => c.healthCheck) ? 'HEALTHY' : 'UNKNOWN'
    for (const c of task.containers) c.lastStatus = 'RUNNING'
    dep.pendingCount = Math.max(0, dep.pendingCount - 1)
    dep.runningCount += 1
    dep.updatedAt = at
  }

  /**
   * Move a task to STOPPED (counts are the caller's business).
   * @param {Task} task @param {number} at @param {string} stopCode @param {string} stoppedReason
   * @param {{exitCode?: number, reason?: string}} [container] applied to the essential (first) container
   */
  stopTask(task, at, stopCode, stoppedReason, container) {
    const wasRunning = task.lastStatus === 'RUNNING'
    task.desiredStatus = 'STOPPED'
    task.lastStatus = 'STOPPED'
    task.stoppingAt = at
    task.stoppedAt = at
    task.stopCode = stopCode
    task.stoppedReason = stoppedReason
    task.containers.forEach((c, i) => {
      c.lastStatus = 'STOPPED'
      if (i === 0 && container) {
        if (container.exitCode !== undefined) c.exitCode = container.exitCode
        if (container.reason !== undefined) c.reason = container.reason
      } else if (wasRunning) {
        c.exitCode = 0
      }
    })
  }

  /**
   * A task of `dep` fails (oldest not-yet-running one): failedTasks + 1.
   * @param {Service} service
   * @param {Deployment} dep
   * @param {number} at
   * @param {{stopCode: string, stoppedReason: string, exitCode?: number, containerReason?: string}} failure
   * @returns {Task | undefined}
   */
  failTask(service, dep, at, failure) {
    const task = this.tasksOfDeployment(dep).find(
      t => t.lastStatus !== 'RUNNING' && t.lastStatus !== 'STOPPED'
    )
    if (!task) return undefined
    const image = task.containers[0]?.image ?? ''
    const fill = (/** @type {string | undefined} */ s) => s?.replaceAll('{image}', image)
    this.stopTask(task, at, failure.stopCode, /** @type {string} */ (fill(failure.stoppedReason)), {
      exitCode: failure.exitCode,
      reason: fill(failure.containerReason)
    })
    dep.pendingCount = Math.max(0, dep.pendingCount - 1)
    dep.failedTasks += 1
    dep.updatedAt = at
    this.history.taskFailed(dep)
    return task
  }

  /**
   * The PRIMARY `dep` stops every task of the other deployments (old revisions drain).
   * @param {Service} service @param {Deployment} dep @param {number} at
   */
  drainOthers(service, dep, at) {
    /** @type {Task[]} */
    const stopped = []
    for (const other of service.deployments) {
      if (other === dep) continue
      for (const t of this.tasksOfDeployment(other)) {
        if (t.lastStatus === 'STOPPED') continue
        this.stopTask(
          t,
          at,
          'ServiceSchedulerInitiated',
          `Scaling activity initiated by (deployment ${dep.id})`
        )
        stopped.push(t)
      }
      other.runningCount = 0
      other.pendingCount = 0
      other.desiredCount = 0
      other.updatedAt = at
    }
    if (stopped.length > 0) {
      const list = stopped.map(t => `(task ${t.id})`).join(' ')
      this.addEvent(
        service,
        at,
        `(service ${service.serviceName}) has stopped ${stopped.length} running tasks: ${list}.`
      )
    }
  }

  /**
   * The other deployments' running tasks leave their target group: draining (elb.js) until the
   * rollout stops them, after the target group's deregistration delay.
   * @param {Service} service @param {Deployment} dep @param {number} at
   */
  deregisterOthers(service, dep, at) {
    let draining = 0
    for (const other of service.deployments) {
      if (other === dep) continue
      for (const t of this.tasksOfDeployment(other))
        if (t.lastStatus === 'RUNNING' && t.deregisteredAt === undefined) {
          t.deregisteredAt = at
          draining++
        }
    }
    if (draining > 0)
      this.addEvent(
        service,
        at,
        `(service ${service.serviceName}) has begun draining connections on ${draining} tasks.`
      )
  }

  /**
   * The other deployments' tasks stop and the deployments go (INACTIVE): only `dep` is left.
   * @param {Service} service @param {Deployment} dep @param {number} at
   */
  retireOthers(service, dep, at) {
    this.drainOthers(service, dep, at)
    for (const other of service.deployments) if (other !== dep) other.status = 'INACTIVE'
    service.deployments = [dep]
  }

  /**
   * `dep` reaches steady state: the other deployments are gone, rolloutState COMPLETED.
   * `keepOthers`: ECS declared success early (DEFERRED cleanup): the old deployments stay ACTIVE
   * with their tasks until retireOthers.
   * @param {Service} service @param {Deployment} dep @param {number} at @param {{quiet?: boolean, keepOthers?: boolean}} [opts]
   */
  complete(service, dep, at, opts = {}) {
    if (!opts.keepOthers) this.retireOthers(service, dep, at)
    dep.rolloutState = 'COMPLETED'
    dep.rolloutStateReason = `ECS deployment ${dep.id} completed.`
    dep.updatedAt = at
    service.stableTaskDefinitions.add(dep.taskDefinition)
    service.lastCompletedTaskDefinition = dep.taskDefinition
    this.history.completed(service, dep, at)
    if (!opts.quiet) {
      this.onSteady(service, dep, at)
      this.addEvent(
        service,
        at,
        `(service ${service.serviceName}) (deployment ${dep.id}) deployment completed.`
      )
      // Early success with the old tasks still draining is no steady state yet.
      if (!opts.keepOthers)
        this.addEvent(service, at, `(service ${service.serviceName}) has reached a steady state.`)
    }
  }

  /**
   * The circuit breaker fails `dep`: rolloutState FAILED, no more task launches.
   * @param {Service} service @param {Deployment} dep @param {number} at
   */
  failDeployment(service, dep, at) {
    dep.rolloutState = 'FAILED'
    dep.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.'
    dep.updatedAt = at
    this.history.failed(service, dep, at)
    for (const t of this.tasksOfDeployment(dep)) {
      if (t.lastStatus !== 'RUNNING' && t.lastStatus !== 'STOPPED') {
        this.stopTask(
          t,
          at,
          'ServiceSchedulerInitiated',
          `Deployment ${dep.id} failed: tasks failed to start.`
        )
        dep.pendingCount = Math.max(0, dep.pendingCount - 1)
      }
    }
    this.addEvent(
      service,
      at,
      `(service ${service.serviceName}) deployment ${dep.id} deployment failed: tasks failed to start.`
    )
  }

  /**
   * DeleteService (or the `deleted` scenario): DRAINING, desired 0, every task stopped.
   * @param {Service} service @param {number} at
   */
  drainService(service, at) {
    service.status = 'DRAINING'
    this.onDraining(service, at)
    this.history.serviceDraining(service, at)
    service.desiredCount = 0
    for (const dep of service.deployments) {
      for (const t of this.tasksOfDeployment(dep)) {
        if (t.lastStatus !== 'STOPPED')
          this.stopTask(t, at, 'ServiceSchedulerInitiated', 'Service deletion')
      }
      dep.desiredCount = 0
      dep.pendingCount = 0
      dep.runningCount = 0
      dep.updatedAt = at
    }
  }

  /** @param {Service} service */
  deactivateService(service) {
    service.status = 'INACTIVE'
  }

  /**
   * Change the desired count of the PRIMARY deployment at once (no new deployment, as in ECS).
   * @param {Service} service @param {number} desiredCount @param {number} at
   */
  scale(service, desiredCount, at) {
    const dep = service.deployments.find(d => d.status === 'PRIMARY')
    service.desiredCount = desiredCount
    if (!dep) return
    const delta = desiredCount - dep.desiredCount
    dep.desiredCount = desiredCount
    if (dep.rolloutState !== 'COMPLETED') return // an in-progress rollout reads desiredCount itself
    if (delta > 0) {
      for (const t of this.startTasks(service, dep, delta, at)) this.taskRunning(dep, t, at)
    } else if (delta < 0) {
      const running = this.tasksOfDeployment(dep).filter(t => t.lastStatus === 'RUNNING')
      for (const t of running.slice(0, -delta)) {
        this.stopTask(t, at, 'ServiceSchedulerInitiated', 'Scaling activity initiated by (service)')
        dep.runningCount -= 1
      }
    }
    dep.updatedAt = at
  }

  /** @param {Service} service @param {number} at @param {string} message */
  addEvent(service, at, message) {
    service.events.unshift({ id: this.ids.uuid(), at, message })
    if (service.events.length > MAX_EVENTS) service.events.length = MAX_EVENTS
  }
}
