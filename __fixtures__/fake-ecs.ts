import {
  EcsCallError,
  type CompletedDeployment,
  type CreateServiceRequest,
  type DeploymentInfo,
  type DescribeServicesResult,
  type EcsApi,
  type RegisteredTaskDefinition,
  type ResourceTag,
  type RunTaskRequest,
  type ServiceDeploymentSnapshot,
  type ServiceSnapshot,
  type StopServiceDeploymentType,
  type PauseHook,
  type PauseHookAction,
  type TaskDefinition,
  type TaskInfo,
  type UpdateServiceRequest
} from '../src/aws/ecs-api.js'
import type { ExpressContainer, ExpressServiceSnapshot } from '../src/aws/express-service.js'
import { logSourceOf } from '../src/tasks/log-source.js'
import type { Clock } from '../src/util/clock.js'
import type { WaitRead } from '../src/util/wait-deadline.js'
import type { FakeLogs } from './fake-logs.js'
import { HungCalls } from './hung-call.js'

/**
 * An in-memory ECS service state machine driven by a (fake) clock. Each deployment a client
 * starts gets the next behaviour from `behaviours` (healthy when none is left); a behaviour
 * schedules state changes at offsets from the deployment's creation, which are applied before
 * every API call, so the world depends only on the clock, never on how often it is polled.
 */
export type Behaviour = (ecs: FakeEcs, service: FakeService, deployment: DeploymentInfo) => void

export interface FakeService extends ServiceSnapshot {
  cluster: string
  /** Service deployments that finished SUCCESSFUL, oldest first (ListServiceDeployments). */
  completed: CompletedDeployment[]
}

interface Scheduled {
  at: number
  seq: number
  run: () => void
}

export interface Call {
  operation: string
  at: number
  args: unknown
}

const REGION_ACCOUNT = 'us-east-1:123456789012'

export class FakeEcs implements EcsApi {
  readonly calls: Call[] = []
  readonly taskDefinitions = new Map<
    string,
    TaskDefinition & { taskDefinitionArn: string; revision: number }
  >()
  readonly services = new Map<string, FakeService>()
  readonly tasks: TaskInfo[] = []
  /** Tags by resource ARN (TagResource; RegisterTaskDefinition's `tags`). */
  readonly tags = new Map<string, ResourceTag[]>()
  /** ARNs per ListTaskDefinitions page (ECS's default is 100): small to test pagination. */
  listPageSize = 100
  /** How the one-off tasks clients start behave, in order (exit 0 after 5 s when none is left). */
  oneOffBehaviours: OneOffBehaviour[] = []
  /** Where containers with the awslogs driver write (one-off tasks, crashing service tasks). */
  logs: FakeLogs | undefined
  /** What a crashing service task's container writes before it exits (with `logs`). */
  crashLines: string[] = []
  /** Behaviours for the deployments clients start, in order. */
  behaviours: Behaviour[] = []
  /** Service deployments by ARN (DescribeServiceDeployments), as a test scripts them. */
  readonly serviceDeployments = new Map<string, ServiceDeploymentSnapshot>()
  /** The task definition of each service revision by ARN (DescribeServiceRevisions). */
  readonly serviceRevisions = new Map<string, string>()
  /** PAUSE hooks a blue/green deployment reached (fake-blue-green.ts), by hook id. */
  readonly pausedHooks = new Map<
    string,
    { arn: string; hook: PauseHook; resolve: (action: string, timedOut: boolean) => void }
  >()
  private readonly queue: Scheduled[] = []
  /** Services whose deployments carry no rolloutState (older ECS). */
  private readonly noRolloutState = new Set<string>()
  private readonly failures: { operation: string; error: Error; times: number }[] = []
  /** The reads that hang, and the budgets they were called with. */
  readonly hung: HungCalls
  private readonly lostReplies: { operation: string; error: Error; times: number }[] = []
  /** RunTask's client tokens: the request each came with and the task it started. */
  private readonly runTaskTokens = new Map<string, { parameters: string; taskArn: string }>()
  /** One-off tasks that StopTask does not stop (a container that never exits). */
  private readonly unstoppable = new Set<string>()
  /**
   * Express Mode services by ARN: the service behind each is `services`' entry of the same
   * cluster and name; its container is `Main` of the revision that service runs.
   */
  readonly expressServices = new Map<string, { endpoint: string; status: string }>()
  private seq = 0
  private ids = 0

  constructor(readonly clock: Clock) {
    this.hung = new HungCalls(clock, 'ECS', EcsCallError)
  }

  // --- seeding and scripting -------------------------------------------------------------

  /** A registered revision; returns its ARN. */
  addTaskDefinition(definition: TaskDefinition): string {
    const revisions = [...this.taskDefinitions.values()].filter(
      td => td.family === definition.family
    )
    const revision = revisions.length + 1
    const taskDefinitionArn = `arn:aws:ecs:${REGION_ACCOUNT}:task-definition/${definition.family}:${revision}`
    this.taskDefinitions.set(taskDefinitionArn, {
      ...structuredClone(definition),
      taskDefinitionArn,
      revision,
      status: 'ACTIVE',
      compatibilities: ['EC2', 'FARGATE'],
      registeredAt: new Date(this.clock.now()).toISOString(),
      requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }]
    })
    return taskDefinitionArn
  }

  /** An ACTIVE service in steady state on `taskDefinition` (an ARN from addTaskDefinition). */
  addService(options: {
    cluster?: string
    name?: string
    taskDefinition: string
    desiredCount?: number
    circuitBreaker?: ServiceSnapshot['circuitBreaker']
    deploymentController?: string
    noRolloutState?: boolean
    /** Its early success criteria (rolling; none by default). */
    earlySuccess?: ServiceSnapshot['earlySuccess']
    /** The target groups of its load balancers (none by default). */
    targetGroupArns?: string[]
    /** Its load balancers with their container and port (a CodeDeploy AppSpec reads them). */
    loadBalancers?: ServiceSnapshot['loadBalancers']
  }): FakeService {
    const cluster = options.cluster ?? 'demo'
    const name = options.name ?? 'web'
    const desiredCount = options.desiredCount ?? 2
    const service: FakeService = {
      cluster,
      name,
      arn: `arn:aws:ecs:${REGION_ACCOUNT}:service/${cluster}/${name}`,
      status: 'ACTIVE',
      taskDefinition: options.taskDefinition,
      desiredCount,
      runningCount: desiredCount,
      pendingCount: 0,
      deploymentController: options.deploymentController ?? 'ECS',
      circuitBreaker: options.circuitBreaker ?? { enable: false, rollback: false },
      deployments: [],
      events: [],
      targetGroupArns: options.targetGroupArns ?? [],
      ...(options.loadBalancers ? { loadBalancers: options.loadBalancers } : {}),
      ...(options.earlySuccess ? { earlySuccess: options.earlySuccess } : {}),
      completed: []
    }
    const deployment = this.newDeployment(service, options.taskDefinition, desiredCount)
    this.recordCompleted(service, deployment)
    deployment.runningCount = desiredCount
    deployment.rolloutState = options.noRolloutState ? undefined : 'COMPLETED'
    deployment.rolloutStateReason = options.noRolloutState ? undefined : 'ECS deployment completed.'
    if (options.noRolloutState) this.noRolloutState.add(name)
    this.services.set(`${cluster}/${name}`, service)
    this.addEvent(service, `(service ${name}) has reached a steady state.`)
    return service
  }

  /**
   * Every later call of `operation` (a read: DescribeServices, DescribeServiceDeployments,
   * DescribeServiceRevisions, DescribeTasks) hangs until its budget runs out (HungCalls), once
   * `from` holds (after UpdateService, say: preflight's reads answered).
   */
  hangCalls(operation: string, from?: () => boolean): this {
    this.hung.hang(operation, from)
    return this
  }

  /** The next `times` calls of `operation` fail with `error`. */
  failCalls(operation: string, error: Error, times = 1): this {
    this.failures.push({ operation, error, times })
    return this
  }

  /** The next `times` calls of `operation` take effect, then their answer is lost: `error`. */
  loseReplies(operation: string, error: Error, times = 1): this {
    this.lostReplies.push({ operation, error, times })
    return this
  }

  /** The answer of a call that took effect, unless it is to be lost. */
  private reply<T>(operation: string, answer: T): T {
    const lost = this.lostReplies.find(entry => entry.operation === operation && entry.times > 0)
    if (!lost) return answer
    lost.times--
    throw lost.error
  }

  /** Runs `change` `seconds` after now (or after `from`, in ms). */
  schedule(seconds: number, change: () => void, from = this.clock.now()): void {
    this.queue.push({ at: from + seconds * 1000, seq: this.seq++, run: change })
    this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq)
  }

  service(name = 'web', cluster = 'demo'): FakeService {
    const service = this.services.get(`${cluster}/${name}`)
    if (!service) throw new Error(`fake ECS: no service ${cluster}/${name}`)
    return service
  }

  count(operation: string): number {
    return this.calls.filter(call => call.operation === operation).length
  }

  // --- transitions (used by behaviours) ----------------------------------------------------

  newDeployment(
    service: FakeService,
    taskDefinition: string,
    desiredCount: number
  ): DeploymentInfo {
    for (const other of service.deployments) if (other.status === 'PRIMARY') other.status = 'ACTIVE'
    const deployment: DeploymentInfo = {
      id: `ecs-svc/${1000000 + ++this.ids}`,
      status: 'PRIMARY',
      taskDefinition,
      desiredCount,
      pendingCount: 0,
      runningCount: 0,
      failedTasks: 0,
      rolloutState: this.noRolloutState.has(service.name) ? undefined : 'IN_PROGRESS',
      rolloutStateReason: this.noRolloutState.has(service.name)
        ? undefined
        : 'ECS deployment in progress.',
      createdAt: this.clock.now(),
      updatedAt: this.clock.now()
    }
    service.deployments.unshift(deployment)
    service.taskDefinition = taskDefinition
    return deployment
  }

  startTasks(deployment: DeploymentInfo, count: number): void {
    deployment.pendingCount += count
  }

  taskRunning(deployment: DeploymentInfo, count = 1): void {
    const moved = Math.min(count, deployment.pendingCount)
    deployment.pendingCount -= moved
    deployment.runningCount += moved
  }

  failTask(
    service: FakeService,
    deployment: DeploymentInfo,
    reason = 'Essential container in task exited'
  ): void {
    if (deployment.pendingCount > 0) deployment.pendingCount--
    deployment.failedTasks++
    const id = `task${String(this.tasks.length + 1).padStart(4, '0')}`
    this.tasks.push({
      arn: `arn:aws:ecs:${REGION_ACCOUNT}:task/${service.cluster}/${id}`,
      taskDefinitionArn: deployment.taskDefinition,
      startedBy: deployment.id,
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: reason,
      stoppedAt: this.clock.now(),
      containers: [{ name: 'web', exitCode: 1, reason: 'exit status 1', lastStatus: 'STOPPED' }]
    })
    this.writeLines(deployment.taskDefinition, 'web', id, this.crashLines)
    this.addEvent(service, `(service ${service.name}) has started 1 tasks: (task ${id}).`)
  }

  /** Old deployments' tasks stop and the deployments go away. */
  drain(service: FakeService, keep: DeploymentInfo): void {
    service.deployments = service.deployments.filter(deployment => deployment === keep)
  }

  complete(service: FakeService, deployment: DeploymentInfo): void {
    if (deployment.rolloutState) {
      deployment.rolloutState = 'COMPLETED'
      deployment.rolloutStateReason = 'ECS deployment completed.'
    }
    this.recordCompleted(service, deployment)
    this.addEvent(service, `(service ${service.name}) has reached a steady state.`)
  }

  /** The service deployment ECS keeps in its history as SUCCESSFUL. */
  recordCompleted(service: FakeService, deployment: DeploymentInfo): void {
    service.completed.push({
      arn: `arn:aws:ecs:${REGION_ACCOUNT}:service-deployment/${service.cluster}/${service.name}/${deployment.id.replace('ecs-svc/', '')}`,
      taskDefinition: deployment.taskDefinition,
      finishedAt: this.clock.now()
    })
  }

  addEvent(service: FakeService, message: string): void {
    service.events.unshift({ id: `event-${this.seq++}`, createdAt: this.clock.now(), message })
  }

  isLive(service: FakeService, deployment: DeploymentInfo): boolean {
    return service.status === 'ACTIVE' && deployment.status === 'PRIMARY'
  }

  // --- EcsApi --------------------------------------------------------------------------------

  async describeServices(
    cluster: string,
    names: readonly string[],
    options?: WaitRead
  ): Promise<DescribeServicesResult> {
    this.enter('DescribeServices', { cluster, names })
    await this.hung.enter('DescribeServices', options)
    if (names.length > 10) throw new Error('fake ECS: DescribeServices takes at most 10 services')
    const result: DescribeServicesResult = { services: [], missing: [] }
    for (const name of names) {
      const service = this.services.get(`${cluster}/${name}`)
      if (service) result.services.push(snapshot(service))
      else result.missing.push({ service: name, reason: 'MISSING' })
    }
    return result
  }

  async describeTaskDefinition(ref: string): Promise<RegisteredTaskDefinition> {
    this.enter('DescribeTaskDefinition', { ref })
    const found =
      this.taskDefinitions.get(ref) ??
      [...this.taskDefinitions.values()].find(td => `${td.family}:${td.revision}` === ref) ??
      [...this.taskDefinitions.values()]
        .filter(td => td.family === ref && td.status === 'ACTIVE')
        .at(-1)
    if (!found)
      throw new EcsCallError(
        `ECS DescribeTaskDefinition failed for task definition ${ref}: ClientException: Unable to describe task definition.`,
        'DescribeTaskDefinition',
        'ClientException',
        false
      )
    return {
      arn: found.taskDefinitionArn,
      family: found.family,
      revision: found.revision,
      definition: structuredClone(found)
    }
  }

  async registerTaskDefinition(definition: TaskDefinition): Promise<RegisteredTaskDefinition> {
    this.enter('RegisterTaskDefinition', definition)
    for (const field of [
      'taskDefinitionArn',
      'revision',
      'status',
      'registeredAt',
      'compatibilities',
      'requiresAttributes'
    ]) {
      if (field in definition)
        throw new EcsCallError(
          `fake ECS: RegisterTaskDefinition got read-only field ${field}`,
          'RegisterTaskDefinition',
          'ClientException',
          false
        )
    }
    const arn = this.addTaskDefinition(definition)
    if (Array.isArray(definition.tags)) this.tags.set(arn, structuredClone(definition.tags))
    return this.describeTaskDefinitionQuietly(arn)
  }

  async updateService(request: UpdateServiceRequest): Promise<ServiceSnapshot> {
    this.enter('UpdateService', request)
    const service = this.services.get(`${request.cluster}/${request.service}`)
    if (!service || service.status !== 'ACTIVE') {
      throw new EcsCallError(
        `ECS UpdateService failed for service ${request.service} in cluster ${request.cluster}: ServiceNotFoundException: Service not found.`,
        'UpdateService',
        'ServiceNotFoundException',
        false
      )
    }
    if (service.deploymentController === 'CODE_DEPLOY') {
      // As ECS answers: a CODE_DEPLOY service's revision changes through CodeDeploy only.
      throw new EcsCallError(
        `ECS UpdateService failed for service ${request.service} in cluster ${request.cluster}: InvalidParameterException: Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.`,
        'UpdateService',
        'InvalidParameterException',
        false
      )
    }
    if (request.desiredCount !== undefined) service.desiredCount = request.desiredCount
    const primary = service.deployments.find(deployment => deployment.status === 'PRIMARY')
    if (
      !primary ||
      primary.taskDefinition !== request.taskDefinition ||
      request.forceNewDeployment
    ) {
      const deployment = this.newDeployment(service, request.taskDefinition, service.desiredCount)
      this.addEvent(service, `(service ${service.name}) has started a deployment ${deployment.id}.`)
      ;(this.behaviours.shift() ?? healthy())(this, service, deployment)
    }
    return this.reply('UpdateService', snapshot(service))
  }

  /** Makes the service an Express service answering at `endpoint`; returns its ARN. */
  addExpressService(cluster: string, name: string, endpoint: string, status = 'ACTIVE'): string {
    const arn = `arn:aws:ecs:${REGION_ACCOUNT}:service/${cluster}/${name}`
    this.expressServices.set(arn, { endpoint, status })
    return arn
  }

  async describeExpressService(arn: string): Promise<ExpressServiceSnapshot | undefined> {
    this.enter('DescribeExpressGatewayService', { arn })
    const express = this.expressServices.get(arn)
    if (!express) return this.reply('DescribeExpressGatewayService', undefined)
    return this.reply('DescribeExpressGatewayService', this.expressSnapshot(arn, express.status))
  }

  async updateExpressService(
    arn: string,
    container: ExpressContainer
  ): Promise<ExpressServiceSnapshot> {
    this.enter('UpdateExpressGatewayService', { arn, container })
    const express = this.expressServices.get(arn)
    const [cluster, name] = arn.split('/').slice(-2) as [string, string]
    const service = this.services.get(`${cluster}/${name}`)
    if (!express || !service)
      throw new EcsCallError(
        `ECS UpdateExpressGatewayService failed for Express service ${arn}: ServiceNotFoundException: Service not found.`,
        'UpdateExpressGatewayService',
        'ServiceNotFoundException',
        false
      )
    const current = this.taskDefinitions.get(service.taskDefinition ?? '')!
    const { taskDefinitionArn: _arn, revision: _revision, ...definition } = structuredClone(current)
    for (const field of ['status', 'compatibilities', 'registeredAt', 'requiresAttributes'])
      delete (definition as Record<string, unknown>)[field]
    const containers = definition.containerDefinitions as Record<string, unknown>[]
    const main = containers.find(found => found.name === 'Main') ?? containers[0]
    definition.containerDefinitions = containers.map<Record<string, unknown>>(found =>
      found === main
        ? {
            ...found,
            image: container.image,
            environment: container.environment ?? [],
            secrets: container.secrets ?? []
          }
        : found
    ) as TaskDefinition['containerDefinitions']
    const next = this.addTaskDefinition(definition as TaskDefinition)
    const primary = service.deployments.find(deployment => deployment.status === 'PRIMARY')
    if (primary?.taskDefinition !== next) {
      const deployment = this.newDeployment(service, next, service.desiredCount)
      this.addEvent(service, `(service ${service.name}) has started a deployment ${deployment.id}.`)
      ;(this.behaviours.shift() ?? healthy())(this, service, deployment)
    }
    return this.reply('UpdateExpressGatewayService', this.expressSnapshot(arn, express.status))
  }

  private expressSnapshot(arn: string, status: string): ExpressServiceSnapshot {
    const [cluster, name] = arn.split('/').slice(-2) as [string, string]
    const service = this.services.get(`${cluster}/${name}`)
    const definition = this.taskDefinitions.get(service?.taskDefinition ?? '')
    const containers = (definition?.containerDefinitions ?? []) as Record<string, unknown>[]
    // ECS names an Express service's container Main; a revision of one container is taken as it.
    const main =
      containers.find(container => container.name === 'Main') ??
      (containers.length === 1 ? containers[0] : undefined)
    return {
      arn,
      name,
      cluster,
      status,
      taskDefinitionArn: service?.taskDefinition,
      endpoint: this.expressServices.get(arn)?.endpoint,
      container: main
        ? structuredClone({
            image: String(main.image),
            containerPort: 8080,
            environment: (main.environment ?? []) as { name: string; value: string }[],
            secrets: (main.secrets ?? []) as { name: string; valueFrom: string }[]
          })
        : undefined
    }
  }

  async createService(request: CreateServiceRequest): Promise<ServiceSnapshot> {
    this.enter('CreateService', request)
    const created = this.addService({
      cluster: request.cluster,
      name: request.serviceName,
      taskDefinition: request.taskDefinition,
      desiredCount: typeof request.desiredCount === 'number' ? request.desiredCount : 1
    })
    return this.reply('CreateService', snapshot(created))
  }

  async listStoppedTasks(
    cluster: string,
    filter: { startedBy: string },
    options?: WaitRead
  ): Promise<string[]> {
    this.enter('ListTasks', { cluster, filter })
    await this.hung.enter('ListTasks', options)
    return this.tasks
      .filter(task => task.startedBy === filter.startedBy && task.lastStatus === 'STOPPED')
      .map(task => task.arn)
  }

  async listRunningTasks(cluster: string, family: string): Promise<string[]> {
    this.enter('ListTasks', { cluster, family, desiredStatus: 'RUNNING' })
    return this.tasks
      .filter(
        task =>
          task.arn.includes(`:task/${cluster}/`) &&
          (task.desiredStatus ?? (task.lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING')) ===
            'RUNNING' &&
          task.taskDefinitionArn?.split('/').pop()?.split(':')[0] === family
      )
      .map(task => task.arn)
  }

  async listTasksStartedBy(
    cluster: string,
    startedBy: string,
    desiredStatus: 'RUNNING' | 'STOPPED'
  ): Promise<string[]> {
    this.enter('ListTasks', { cluster, startedBy, desiredStatus })
    return this.tasks
      .filter(
        task =>
          task.arn.includes(`:task/${cluster}/`) &&
          task.startedBy === startedBy &&
          (task.desiredStatus ?? 'RUNNING') === desiredStatus
      )
      .map(task => task.arn)
  }

  async listSuccessfulDeployments(
    cluster: string,
    service: string,
    limit: number
  ): Promise<CompletedDeployment[]> {
    this.enter('ListServiceDeployments', { cluster, service, limit })
    const found = this.services.get(`${cluster}/${service}`)
    return [...(found?.completed ?? [])].reverse().slice(0, limit)
  }

  async describeTasks(
    cluster: string,
    taskArns: readonly string[],
    options?: WaitRead
  ): Promise<TaskInfo[]> {
    this.enter('DescribeTasks', { cluster, taskArns })
    await this.hung.enter('DescribeTasks', options)
    return this.tasks.filter(task => taskArns.includes(task.arn)).map(task => structuredClone(task))
  }

  async listTaskDefinitions(
    familyPrefix: string,
    nextToken?: string
  ): Promise<{ arns: string[]; nextToken?: string }> {
    this.enter('ListTaskDefinitions', { familyPrefix, nextToken })
    const arns = [...this.taskDefinitions.values()]
      .filter(td => td.family.startsWith(familyPrefix) && td.status === 'ACTIVE')
      .map(td => td.taskDefinitionArn)
    const start = nextToken ? Number(nextToken.slice('page-'.length)) : 0
    const end = start + this.listPageSize
    return {
      arns: arns.slice(start, end),
      nextToken: end < arns.length ? `page-${end}` : undefined
    }
  }

  async deregisterTaskDefinition(arn: string): Promise<void> {
    this.enter('DeregisterTaskDefinition', { arn })
    const found = this.taskDefinitions.get(arn)
    if (!found)
      throw new EcsCallError(
        `ECS DeregisterTaskDefinition failed for task definition ${arn}: ClientException: The specified task definition does not exist.`,
        'DeregisterTaskDefinition',
        'ClientException',
        false
      )
    found.status = 'INACTIVE'
  }

  async deleteTaskDefinitions(arns: readonly string[]): Promise<{ arn: string; reason: string }[]> {
    this.enter('DeleteTaskDefinitions', { arns })
    const refused: { arn: string; reason: string }[] = []
    for (const arn of arns) {
      const found = this.taskDefinitions.get(arn)
      if (found?.status === 'INACTIVE') found.status = 'DELETE_IN_PROGRESS'
      else refused.push({ arn, reason: found ? 'The task definition is ACTIVE.' : 'Not found.' })
    }
    return refused
  }

  async listServices(cluster: string): Promise<string[]> {
    this.enter('ListServices', { cluster })
    return [...this.services.values()]
      .filter(service => service.cluster === cluster && service.status === 'ACTIVE')
      .map(service => service.arn!)
  }

  async tagResource(arn: string, tags: readonly ResourceTag[]): Promise<void> {
    this.enter('TagResource', { arn, tags })
    const merged = new Map((this.tags.get(arn) ?? []).map(tag => [tag.key, tag.value]))
    for (const tag of tags) merged.set(tag.key, tag.value)
    this.tags.set(
      arn,
      [...merged].map(([key, value]) => ({ key, value }))
    )
  }

  async runTask(request: RunTaskRequest): Promise<TaskInfo> {
    this.enter('RunTask', request)
    // As ECS: the same token with the same request answers the task it started, no second one.
    const { clientToken, ...parameters } = request
    const earlier = clientToken ? this.runTaskTokens.get(clientToken) : undefined
    if (earlier) {
      if (earlier.parameters !== JSON.stringify(parameters))
        throw new EcsCallError(
          'ECS RunTask failed: ConflictException: The client token was used with other parameters.',
          'RunTask',
          'ConflictException',
          false
        )
      const task = this.tasks.find(candidate => candidate.arn === earlier.taskArn)!
      return this.reply('RunTask', structuredClone(task))
    }
    const definition = this.taskDefinitions.get(request.taskDefinition)
    if (!definition)
      throw new EcsCallError(
        `ECS RunTask failed: ClientException: TaskDefinition not found.`,
        'RunTask',
        'ClientException',
        false
      )
    const behaviour = this.oneOffBehaviours.shift() ?? { exitCode: 0, runsSeconds: 5 }
    const id = `oneoff${String(this.tasks.length + 1).padStart(4, '0')}`
    const container = request.overrides.containerOverrides[0]?.name ?? 'web'
    const task: TaskInfo = {
      arn: `arn:aws:ecs:${REGION_ACCOUNT}:task/${request.cluster}/${id}`,
      taskDefinitionArn: request.taskDefinition,
      startedBy: request.startedBy,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      createdAt: this.clock.now(),
      commandOverrides: structuredClone(request.overrides.containerOverrides),
      containers: [{ name: container, lastStatus: 'PENDING' }]
    }
    this.tasks.push(task)
    if (clientToken)
      this.runTaskTokens.set(clientToken, {
        parameters: JSON.stringify(parameters),
        taskArn: task.arn
      })
    if (behaviour.ignoresStop) this.unstoppable.add(task.arn)
    this.schedule(1, () => {
      if (task.lastStatus === 'PROVISIONING') task.lastStatus = 'RUNNING'
    })
    const lines = behaviour.lines ?? []
    lines.forEach((line, k) =>
      this.schedule(1 + k, () =>
        this.writeLines(request.taskDefinition, container, id, [line], behaviour.logDelayMs)
      )
    )
    if (!behaviour.hang)
      this.schedule(behaviour.runsSeconds ?? 5, () => {
        if (task.lastStatus === 'STOPPED') return
        this.stopNow(task, 'EssentialContainerExited', 'Essential container in task exited')
        task.containers[0]!.exitCode = behaviour.exitCode ?? 0
      })
    return this.reply('RunTask', structuredClone(task))
  }

  async stopTask(cluster: string, taskArn: string, reason: string): Promise<TaskInfo> {
    this.enter('StopTask', { cluster, taskArn, reason })
    const task = this.tasks.find(candidate => candidate.arn === taskArn)
    if (!task) throw new Error(`fake ECS: no task ${taskArn}`)
    task.desiredStatus = 'STOPPED'
    if (this.unstoppable.has(taskArn)) return structuredClone(task)
    this.schedule(1, () => {
      this.stopNow(task, 'UserInitiated', reason)
      task.containers[0]!.exitCode = 143
    })
    return structuredClone(task)
  }

  async listTags(resourceArn: string): Promise<ResourceTag[]> {
    this.enter('ListTagsForResource', { resourceArn })
    return structuredClone(this.tags.get(resourceArn) ?? [])
  }

  async describeServiceDeployment(
    arn: string,
    options?: WaitRead
  ): Promise<ServiceDeploymentSnapshot | undefined> {
    this.enter('DescribeServiceDeployments', { arn })
    await this.hung.enter('DescribeServiceDeployments', options)
    const found = this.serviceDeployments.get(arn)
    return found && structuredClone(found)
  }

  /**
   * As ECS: PENDING or IN_PROGRESS → ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS 0.5 s later,
   * ROLLBACK_SUCCESSFUL 3 s after the call; already stopping or rolling back: unchanged; finished:
   * ConflictException; unknown: ServiceDeploymentNotFoundException.
   */
  async stopServiceDeployment(arn: string, stopType: StopServiceDeploymentType): Promise<void> {
    this.enter('StopServiceDeployment', { arn, stopType })
    const found = this.serviceDeployments.get(arn)
    const refuse = (code: string, message: string) =>
      new EcsCallError(
        `ECS StopServiceDeployment failed for ${arn}: ${code}: ${message}`,
        'StopServiceDeployment',
        code,
        false
      )
    if (!found) throw refuse('ServiceDeploymentNotFoundException', 'Service deployment not found.')
    if (['STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].includes(found.status))
      return
    if (found.status !== 'PENDING' && found.status !== 'IN_PROGRESS')
      throw refuse(
        'ConflictException',
        `The service deployment is ${found.status} and can no longer be stopped.`
      )
    const reason = 'Service deployment rolled back because of a StopServiceDeployment request.'
    const move = (status: string, extra: Partial<ServiceDeploymentSnapshot> = {}) => {
      Object.assign(found, { status, statusReason: reason, updatedAt: this.clock.now(), ...extra })
    }
    move('ROLLBACK_REQUESTED')
    this.schedule(0.5, () =>
      move('ROLLBACK_IN_PROGRESS', { rollback: { reason, startedAt: this.clock.now() } })
    )
    this.schedule(3, () => move('ROLLBACK_SUCCESSFUL', { finishedAt: this.clock.now() }))
  }

  /**
   * As ECS: a hook AWAITING_ACTION of an IN_PROGRESS deployment is continued or rolled back;
   * an unknown deployment is ServiceDeploymentNotFoundException, any other hook
   * InvalidParameterException.
   */
  async continueServiceDeployment(
    arn: string,
    hookId: string,
    action: PauseHookAction
  ): Promise<void> {
    this.enter('ContinueServiceDeployment', { arn, hookId, action })
    const refuse = (code: string, message: string) =>
      new EcsCallError(
        `ECS ContinueServiceDeployment failed for ${arn}: ${code}: ${message}`,
        'ContinueServiceDeployment',
        code,
        false
      )
    const found = this.serviceDeployments.get(arn)
    if (!found) throw refuse('ServiceDeploymentNotFoundException', 'Service deployment not found.')
    const paused = this.pausedHooks.get(hookId)
    if (!paused || paused.arn !== arn)
      throw refuse('InvalidParameterException', `Lifecycle hook ${hookId} is not paused here.`)
    if (paused.hook.status !== 'AWAITING_ACTION' || found.status !== 'IN_PROGRESS')
      throw refuse(
        'InvalidParameterException',
        `Lifecycle hook ${hookId} is ${paused.hook.status}, not AWAITING_ACTION.`
      )
    paused.resolve(action, false)
  }

  async describeServiceRevision(
    arn: string,
    options?: WaitRead
  ): Promise<{ arn: string; taskDefinition: string } | undefined> {
    this.enter('DescribeServiceRevisions', { arn })
    await this.hung.enter('DescribeServiceRevisions', options)
    const taskDefinition = this.serviceRevisions.get(arn)
    return taskDefinition === undefined ? undefined : { arn, taskDefinition }
  }

  private stopNow(task: TaskInfo, stopCode: string, reason: string): void {
    task.lastStatus = 'STOPPED'
    task.desiredStatus = 'STOPPED'
    task.stopCode ??= stopCode
    task.stoppedReason ??= reason
    task.stoppedAt = this.clock.now()
    for (const container of task.containers) container.lastStatus = 'STOPPED'
  }

  /** Lines of a container with the awslogs driver, into `logs` (when the test gave one). */
  private writeLines(
    taskDefinitionArn: string,
    container: string,
    taskId: string,
    lines: readonly string[],
    delayMs = 0
  ): void {
    const definition = this.taskDefinitions
      .get(taskDefinitionArn)
      ?.containerDefinitions.find(candidate => candidate.name === container)
    const source = logSourceOf(definition, taskId)
    if (!this.logs || source.kind !== 'awslogs') return
    for (const line of lines)
      this.logs.write(source.group, source.stream, line, this.clock.now(), delayMs)
  }

  private describeTaskDefinitionQuietly(arn: string): RegisteredTaskDefinition {
    const found = this.taskDefinitions.get(arn)!
    return {
      arn,
      family: found.family,
      revision: found.revision,
      definition: structuredClone(found)
    }
  }

  /** Applies due changes, records the call, and throws a scripted failure if one is due. */
  private enter(operation: string, args: unknown): void {
    const now = this.clock.now()
    while (this.queue.length > 0 && this.queue[0]!.at <= now) this.queue.shift()!.run()
    this.calls.push({ operation, at: now, args })
    const failure = this.failures.find(entry => entry.operation === operation && entry.times > 0)
    if (failure) {
      failure.times--
      throw failure.error
    }
  }
}

/** How one one-off task behaves: its exit code after `runsSeconds`, or it never stops by itself. */
export interface OneOffBehaviour {
  exitCode?: number
  runsSeconds?: number
  hang?: boolean
  /** StopTask marks it STOPPED as desired, but it never stops. */
  ignoresStop?: boolean
  /** Written one per second from its start; readable `logDelayMs` later. */
  lines?: string[]
  logDelayMs?: number
}

function snapshot(service: FakeService): ServiceSnapshot {
  const { cluster: _cluster, ...rest } = structuredClone(service)
  const primary = rest.deployments.find(deployment => deployment.status === 'PRIMARY')
  rest.runningCount = rest.deployments.reduce((sum, deployment) => sum + deployment.runningCount, 0)
  rest.pendingCount = rest.deployments.reduce((sum, deployment) => sum + deployment.pendingCount, 0)
  rest.taskDefinition = primary?.taskDefinition ?? rest.taskDefinition
  return rest
}

// --- behaviours ---------------------------------------------------------------------------------

export interface HealthyTiming {
  start: number
  running: number
  drain: number
  complete: number
}

/** Tasks start, run, the old revisions drain, then COMPLETED (seconds after the deployment). */
export function healthy(
  timing: HealthyTiming = { start: 2, running: 6, drain: 9, complete: 12 }
): Behaviour {
  return (ecs, service, deployment) => {
    const from = deployment.createdAt!
    ecs.schedule(
      timing.start,
      () => ecs.isLive(service, deployment) && ecs.startTasks(deployment, deployment.desiredCount),
      from
    )
    ecs.schedule(
      timing.running,
      () => ecs.isLive(service, deployment) && ecs.taskRunning(deployment, deployment.desiredCount),
      from
    )
    ecs.schedule(
      timing.drain,
      () => ecs.isLive(service, deployment) && ecs.drain(service, deployment),
      from
    )
    ecs.schedule(
      timing.complete,
      () => ecs.isLive(service, deployment) && ecs.complete(service, deployment),
      from
    )
  }
}

/** COMPLETED early while the old revision keeps its tasks until `drain`. */
export function completesBeforeDraining(complete = 5, drain = 40): Behaviour {
  return (ecs, service, deployment) => {
    const from = deployment.createdAt!
    ecs.schedule(1, () => ecs.startTasks(deployment, deployment.desiredCount), from)
    ecs.schedule(3, () => ecs.taskRunning(deployment, deployment.desiredCount), from)
    ecs.schedule(complete, () => ecs.complete(service, deployment), from)
    ecs.schedule(
      drain,
      () => ecs.isLive(service, deployment) && ecs.drain(service, deployment),
      from
    )
  }
}

/** Tasks start and one fails every `every` seconds, for ever (no circuit breaker). */
export function failingTasks(every = 4, reason = 'Essential container in task exited'): Behaviour {
  return (ecs, service, deployment) => {
    const from = deployment.createdAt!
    ecs.schedule(1, () => ecs.startTasks(deployment, deployment.desiredCount), from)
    for (let k = 1; k <= 100; k++) {
      ecs.schedule(
        1 + k * every,
        () => {
          if (!ecs.isLive(service, deployment)) return
          ecs.failTask(service, deployment, reason)
          ecs.startTasks(deployment, 1)
        },
        from
      )
    }
  }
}

/** Tasks fail, then at `at` the deployment is FAILED; with the service's breaker rollback, ECS rolls back. */
export function circuitBreaker(at = 20, failures = 3): Behaviour {
  return (ecs, service, deployment) => {
    const from = deployment.createdAt!
    const previous = service.deployments.find(other => other !== deployment)?.taskDefinition
    ecs.schedule(1, () => ecs.startTasks(deployment, deployment.desiredCount), from)
    for (let k = 1; k <= failures; k++)
      ecs.schedule(1 + k * 3, () => ecs.failTask(service, deployment), from)
    ecs.schedule(
      at,
      () => {
        deployment.rolloutState = 'FAILED'
        deployment.rolloutStateReason = `ECS deployment circuit breaker: tasks failed to start.`
        ecs.addEvent(
          service,
          `(service ${service.name}) (deployment ${deployment.id}) deployment failed: tasks failed to start.`
        )
        if (service.circuitBreaker.rollback && previous) {
          const rollback = ecs.newDeployment(service, previous, deployment.desiredCount)
          ecs.addEvent(
            service,
            `(service ${service.name}) rolling back to deployment ${rollback.id}.`
          )
          healthy()(ecs, service, rollback)
        }
      },
      from
    )
  }
}

/** At `at` someone else updates the service to `taskDefinition`. */
export function supersededBy(taskDefinition: string, at = 8): Behaviour {
  return (ecs, service, deployment) => {
    const from = deployment.createdAt!
    ecs.schedule(1, () => ecs.startTasks(deployment, deployment.desiredCount), from)
    ecs.schedule(
      at,
      () => {
        const other = ecs.newDeployment(service, taskDefinition, deployment.desiredCount)
        ecs.addEvent(service, `(service ${service.name}) has started a deployment ${other.id}.`)
      },
      from
    )
  }
}

/** At `at` the service is deleted: INACTIVE first, then (at `gone`) missing altogether. */
export function deletedDuringRollout(at = 8, gone?: number): Behaviour {
  return (ecs, service, deployment) => {
    const from = deployment.createdAt!
    ecs.schedule(1, () => ecs.startTasks(deployment, deployment.desiredCount), from)
    ecs.schedule(
      at,
      () => {
        service.status = 'INACTIVE'
      },
      from
    )
    if (gone !== undefined)
      ecs.schedule(gone, () => ecs.services.delete(`${service.cluster}/${service.name}`), from)
  }
}

/** Tasks start and stay PENDING for ever. */
export function stuck(): Behaviour {
  return (ecs, _service, deployment) => {
    ecs.schedule(
      1,
      () => ecs.startTasks(deployment, deployment.desiredCount),
      deployment.createdAt!
    )
  }
}

/** A throttling error as the adapter reports it. */
export function throttled(operation = 'DescribeServices'): EcsCallError {
  return new EcsCallError(
    `ECS ${operation} failed for service web in cluster demo: ThrottlingException: Rate exceeded`,
    operation,
    'ThrottlingException',
    true
  )
}
