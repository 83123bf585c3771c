import {
  CreateServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeExpressGatewayServiceCommand,
  UpdateExpressGatewayServiceCommand,
  type ExpressGatewayServiceConfiguration,
  DescribeTaskDefinitionCommand,
  DescribeServiceRevisionsCommand,
  DescribeServiceDeploymentsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopServiceDeploymentCommand,
  ContinueServiceDeploymentCommand,
  type DeploymentLifecycleHook,
  StopTaskCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type PropagateTags,
  type CreateServiceCommandInput,
  type RunTaskCommandInput,
  type Deployment,
  type DeploymentCircuitBreaker,
  type DeploymentEarlySuccessCriteria,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type Task,
  type TaskDefinition as SdkTaskDefinition
} from '@aws-sdk/client-ecs'
import {
  EcsCallError,
  nameFromArn,
  type CircuitBreakerSettings,
  type CompletedDeployment,
  type DeploymentInfo,
  type EcsApi,
  type RegisteredTaskDefinition,
  type ResourceTag,
  type RunTaskRequest,
  type ServiceLaunch,
  type ServiceSnapshot,
  type TaskDefinition,
  type TaskDefinitionPage,
  type TaskInfo
} from './ecs-api.js'
import {
  awsCaller,
  boundedClientConfig,
  pollClientConfig,
  readClientConfig,
  callContext,
  DEFAULT_CALL_BOUNDS,
  type AwsCaller,
  type CallBounds,
  type CallContext
} from './aws-call.js'
import { escapeForLog } from '../util/escape.js'
import type { ExpressContainer, ExpressServiceSnapshot } from './express-service.js'
import { readPages } from './pages.js'
import type { WaitRead } from '../util/wait-deadline.js'
import {
  describeServiceDeploymentArn,
  toServiceDeploymentSnapshot,
  type StopServiceDeploymentType,
  type PauseHookAction
} from './service-deployment.js'

const DESCRIBE_SERVICES_LIMIT = 10
/** DescribeServiceRevisions takes at most 20 ARNs. */
const SERVICE_REVISIONS_LIMIT = 20
const DESCRIBE_TASKS_LIMIT = 100
/** ListTasks pages (of up to 100 ARNs) read for one deployment's stopped tasks. */
const LIST_TASKS_MAX_PAGES = 5
const DELETE_TASK_DEFINITIONS_LIMIT = 10
/** ListServices pages (of up to 100 ARNs): 5,000 services is ECS's quota per cluster. */
const LIST_SERVICES_MAX_PAGES = 50
/** ListTasks pages (of up to 100 ARNs) read for the running tasks of one family in a cluster. */
const RUNNING_TASKS_MAX_PAGES = 50

/** The clients the ECS adapter sends with. */
export interface EcsClients {
  /**
   * One client for writes and reads (and polls, unless `polls` is given): tests pass a mock.
   * Without it writes get adaptive retries and reads readClientConfig's.
   */
  client?: ECSClient
  /** The rollout watcher's polls: one attempt each (pollClientConfig). */
  polls?: ECSClient
}

/**
 * The EcsApi over `@aws-sdk/client-ecs`. Region from AWS_REGION / AWS_DEFAULT_REGION; the SDK
 * itself honours AWS_ENDPOINT_URL_ECS and the credential chain. Writes get the SDK's adaptive
 * retries; a throttled read steps back further than the SDK would (readClientConfig); the
 * rollout watcher's polls make one attempt each and pass no client-side rate limiter (the
 * watcher paces its polls itself and tolerates transient errors). Every call is bounded
 * (`bounds`, see aws-call.ts): none can hang the job. `throttledReads` paces the pauses
 * before a throttled read is asked again (tests pass a recorder).
 */
export function createEcsApi(
  env: NodeJS.ProcessEnv = process.env,
  clients: EcsClients = {},
  bounds: CallBounds = DEFAULT_CALL_BOUNDS,
  throttledReads: Partial<Pick<CallContext<EcsCallError>, 'pause' | 'random'>> = {}
): EcsApi {
  const { client } = clients
  return new SdkEcsApi(
    {
      writes: client ?? new ECSClient(boundedClientConfig(env, bounds)),
      reads: client ?? new ECSClient(readClientConfig(env, bounds)),
      polls: clients.polls ?? client ?? new ECSClient(pollClientConfig(env, bounds))
    },
    awsCaller('ECS', 'ecs', callContext(EcsCallError, { bounds, env, ...throttledReads }))
  )
}

class SdkEcsApi implements EcsApi {
  constructor(
    private readonly clients: Record<'writes' | 'reads' | 'polls', ECSClient>,
    /** Runs one SDK call within its deadline; a failure becomes an EcsCallError naming it. */
    private readonly call: AwsCaller
  ) {}

  async describeServices(cluster: string, services: readonly string[], options: WaitRead = {}) {
    const client = options.polling ? this.clients.polls : this.clients.reads
    const left = timeLeft(options)
    const result: Awaited<ReturnType<EcsApi['describeServices']>> = { services: [], missing: [] }
    for (let i = 0; i < services.length; i += DESCRIBE_SERVICES_LIMIT) {
      const batch = services.slice(i, i + DESCRIBE_SERVICES_LIMIT)
      const output = await this.call(
        'DescribeServices',
        `service ${batch.join(', ')} in cluster ${cluster}`,
        options.polling ? 'poll' : 'read',
        abortSignal =>
          client.send(new DescribeServicesCommand({ cluster, services: batch }), { abortSignal }),
        left()
      )
      result.services.push(...(output.services ?? []).map(toServiceSnapshot))
      for (const failure of output.failures ?? []) {
        result.missing.push({
          service: nameFromArn(failure.arn ?? ''),
          reason: failure.reason ?? 'unknown'
        })
      }
    }
    return result
  }

  async describeTaskDefinition(ref: string): Promise<RegisteredTaskDefinition> {
    const output = await this.call(
      'DescribeTaskDefinition',
      `task definition ${ref}`,
      'read',
      abortSignal =>
        this.clients.reads.send(
          // Its tags too: a new revision keeps them, and "unchanged" compares them.
          new DescribeTaskDefinitionCommand({ taskDefinition: ref, include: ['TAGS'] }),
          { abortSignal }
        )
    )
    return toRegistered(output.taskDefinition, 'DescribeTaskDefinition', output.tags)
  }

  async registerTaskDefinition(definition: TaskDefinition): Promise<RegisteredTaskDefinition> {
    const output = await this.call(
      'RegisterTaskDefinition',
      `task definition family ${definition.family}`,
      'write',
      abortSignal =>
        this.clients.writes.send(
          new RegisterTaskDefinitionCommand(
            definition as unknown as RegisterTaskDefinitionCommandInput
          ),
          { abortSignal }
        )
    )
    return toRegistered(output.taskDefinition, 'RegisterTaskDefinition', output.tags)
  }

  async updateService(request: Parameters<EcsApi['updateService']>[0]): Promise<ServiceSnapshot> {
    const output = await this.call(
      'UpdateService',
      `service ${request.service} in cluster ${request.cluster}`,
      'write',
      abortSignal =>
        this.clients.writes.send(
          new UpdateServiceCommand({
            ...request,
            propagateTags: request.propagateTags as PropagateTags | undefined
          }),
          { abortSignal }
        )
    )
    if (!output.service)
      throw new Error(
        `UpdateService returned no service for ${request.service} in cluster ${request.cluster}`
      )
    return toServiceSnapshot(output.service)
  }

  async describeExpressService(arn: string): Promise<ExpressServiceSnapshot | undefined> {
    try {
      const output = await this.call(
        'DescribeExpressGatewayService',
        `Express service ${arn}`,
        'read',
        abortSignal =>
          this.clients.reads.send(new DescribeExpressGatewayServiceCommand({ serviceArn: arn }), {
            abortSignal
          })
      )
      const service = output.service
      if (!service) return undefined
      return toExpressSnapshot(
        { ...service, arn: service.serviceArn ?? arn },
        service.activeConfigurations?.[0]
      )
    } catch (error) {
      if (error instanceof EcsCallError && error.code === 'ResourceNotFoundException')
        return undefined
      throw error
    }
  }

  async updateExpressService(
    arn: string,
    container: ExpressContainer
  ): Promise<ExpressServiceSnapshot> {
    const output = await this.call(
      'UpdateExpressGatewayService',
      `Express service ${arn}`,
      'write',
      abortSignal =>
        this.clients.writes.send(
          new UpdateExpressGatewayServiceCommand({ serviceArn: arn, primaryContainer: container }),
          { abortSignal }
        )
    )
    const service = output.service
    if (!service) throw new Error(`UpdateExpressGatewayService returned no service for ${arn}`)
    return toExpressSnapshot(
      { ...service, arn: service.serviceArn ?? arn },
      service.targetConfiguration
    )
  }

  async createService(request: Parameters<EcsApi['createService']>[0]): Promise<ServiceSnapshot> {
    const output = await this.call(
      'CreateService',
      `service ${request.serviceName} in cluster ${request.cluster}`,
      'write',
      abortSignal =>
        this.clients.writes.send(
          new CreateServiceCommand(request as unknown as CreateServiceCommandInput),
          { abortSignal }
        )
    )
    if (!output.service)
      throw new Error(
        `CreateService returned no service for ${request.serviceName} in cluster ${request.cluster}`
      )
    return toServiceSnapshot(output.service)
  }

  async listStoppedTasks(
    cluster: string,
    filter: { startedBy: string },
    options: WaitRead = {}
  ): Promise<string[]> {
    const left = timeLeft(options)
    // Bounded: the watcher asks while a rollout fails, to explain the newly stopped tasks, and
    // the rollout is failed long before hundreds of them stop (max-failed-tasks, the circuit
    // breaker). Past the bound the explanation is partial, never the rollout's verdict.
    return readPages(
      async nextToken => {
        const output = await this.call(
          'ListTasks',
          `stopped tasks of ${filter.startedBy} in cluster ${cluster}`,
          'read',
          abortSignal =>
            this.clients.reads.send(
              new ListTasksCommand({
                cluster,
                startedBy: filter.startedBy,
                desiredStatus: 'STOPPED',
                nextToken
              }),
              { abortSignal }
            ),
          left()
        )
        return { items: output.taskArns, next: output.nextToken }
      },
      { maxPages: LIST_TASKS_MAX_PAGES }
    )
  }

  async listRunningTasks(cluster: string, family: string): Promise<string[]> {
    // keep-revisions protects what these tasks run: a partial list is never an answer.
    return readPages(
      async nextToken => {
        const output = await this.call(
          'ListTasks',
          `running tasks of family ${family} in cluster ${cluster}`,
          'read',
          abortSignal =>
            this.clients.reads.send(
              new ListTasksCommand({ cluster, family, desiredStatus: 'RUNNING', nextToken }),
              { abortSignal }
            )
        )
        return { items: output.taskArns, next: output.nextToken }
      },
      {
        maxPages: RUNNING_TASKS_MAX_PAGES,
        tooMany: () =>
          new EcsCallError(
            `ECS ListTasks returned more than ${RUNNING_TASKS_MAX_PAGES} pages of running tasks of family ${family} in cluster ${cluster}`,
            'ListTasks',
            'TooManyPages',
            false
          )
      }
    )
  }

  async listTasksStartedBy(
    cluster: string,
    startedBy: string,
    desiredStatus: 'RUNNING' | 'STOPPED'
  ): Promise<string[]> {
    return readPages(
      async nextToken => {
        const output = await this.call(
          'ListTasks',
          `${desiredStatus.toLowerCase()} tasks started by ${startedBy} in cluster ${cluster}`,
          'read',
          abortSignal =>
            this.clients.reads.send(
              new ListTasksCommand({ cluster, startedBy, desiredStatus, nextToken }),
              { abortSignal }
            )
        )
        return { items: output.taskArns, next: output.nextToken }
      },
      { maxPages: LIST_TASKS_MAX_PAGES }
    )
  }

  async listSuccessfulDeployments(
    cluster: string,
    service: string,
    limit: number
  ): Promise<CompletedDeployment[]> {
    const listed = await this.call(
      'ListServiceDeployments',
      `service ${service} in cluster ${cluster}`,
      'read',
      abortSignal =>
        this.clients.reads.send(
          new ListServiceDeploymentsCommand({
            cluster,
            service,
            status: ['SUCCESSFUL'],
            maxResults: Math.min(limit, SERVICE_REVISIONS_LIMIT)
          }),
          { abortSignal }
        )
    )
    const briefs = (listed.serviceDeployments ?? []).filter(
      brief => brief.serviceDeploymentArn && brief.targetServiceRevisionArn
    )
    if (briefs.length === 0) return []
    const revisions = await this.call(
      'DescribeServiceRevisions',
      `${briefs.length} revision(s) of service ${service} in cluster ${cluster}`,
      'read',
      abortSignal =>
        this.clients.reads.send(
          new DescribeServiceRevisionsCommand({
            serviceRevisionArns: briefs.map(brief => brief.targetServiceRevisionArn!)
          }),
          { abortSignal }
        )
    )
    const taskDefinitionOf = new Map(
      (revisions.serviceRevisions ?? []).map(revision => [
        revision.serviceRevisionArn,
        revision.taskDefinition
      ])
    )
    const completed: CompletedDeployment[] = []
    for (const brief of briefs) {
      const taskDefinition = taskDefinitionOf.get(brief.targetServiceRevisionArn)
      if (!taskDefinition) continue
      completed.push({
        arn: brief.serviceDeploymentArn!,
        taskDefinition,
        finishedAt: brief.finishedAt?.getTime()
      })
    }
    // Newest first, whatever order the page came in.
    return completed.sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0))
  }

  async describeTasks(
    cluster: string,
    taskArns: readonly string[],
    options: WaitRead = {}
  ): Promise<TaskInfo[]> {
    const tasks: TaskInfo[] = []
    const left = timeLeft(options)
    for (let i = 0; i < taskArns.length; i += DESCRIBE_TASKS_LIMIT) {
      const batch = taskArns.slice(i, i + DESCRIBE_TASKS_LIMIT)
      const output = await this.call(
        'DescribeTasks',
        `${batch.length} task(s) in cluster ${cluster}`,
        'read',
        abortSignal =>
          this.clients.reads.send(new DescribeTasksCommand({ cluster, tasks: batch }), {
            abortSignal
          }),
        left()
      )
      tasks.push(...(output.tasks ?? []).map(toTaskInfo))
    }
    return tasks
  }

  async listTaskDefinitions(familyPrefix: string, nextToken?: string): Promise<TaskDefinitionPage> {
    const output = await this.call(
      'ListTaskDefinitions',
      `task definition family ${familyPrefix}`,
      'read',
      abortSignal =>
        this.clients.reads.send(
          new ListTaskDefinitionsCommand({ familyPrefix, status: 'ACTIVE', nextToken }),
          { abortSignal }
        )
    )
    return { arns: output.taskDefinitionArns ?? [], nextToken: output.nextToken }
  }

  async deregisterTaskDefinition(arn: string): Promise<void> {
    await this.call('DeregisterTaskDefinition', `task definition ${arn}`, 'write', abortSignal =>
      this.clients.writes.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }), {
        abortSignal
      })
    )
  }

  async deleteTaskDefinitions(arns: readonly string[]): Promise<{ arn: string; reason: string }[]> {
    const refused: { arn: string; reason: string }[] = []
    for (let i = 0; i < arns.length; i += DELETE_TASK_DEFINITIONS_LIMIT) {
      const batch = arns.slice(i, i + DELETE_TASK_DEFINITIONS_LIMIT)
      const output = await this.call(
        'DeleteTaskDefinitions',
        `task definition ${batch.join(', ')}`,
        'write',
        abortSignal =>
          this.clients.writes.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: batch }), {
            abortSignal
          })
      )
      for (const failure of output.failures ?? [])
        refused.push({ arn: failure.arn ?? '', reason: failure.reason ?? 'unknown' })
    }
    return refused
  }

  async listServices(cluster: string): Promise<string[]> {
    return readPages(
      async nextToken => {
        const output = await this.call('ListServices', `cluster ${cluster}`, 'read', abortSignal =>
          this.clients.reads.send(new ListServicesCommand({ cluster, nextToken }), { abortSignal })
        )
        return { items: output.serviceArns, next: output.nextToken }
      },
      {
        maxPages: LIST_SERVICES_MAX_PAGES,
        tooMany: () =>
          new EcsCallError(
            `ECS ListServices returned more than ${LIST_SERVICES_MAX_PAGES} pages for cluster ${cluster}`,
            'ListServices',
            'TooManyPages',
            false
          )
      }
    )
  }

  async tagResource(arn: string, tags: readonly ResourceTag[]): Promise<void> {
    await this.call('TagResource', `resource ${arn}`, 'write', abortSignal =>
      this.clients.writes.send(new TagResourceCommand({ resourceArn: arn, tags: [...tags] }), {
        abortSignal
      })
    )
  }

  async runTask(request: RunTaskRequest): Promise<TaskInfo> {
    const subject = `a task of ${request.taskDefinition} in cluster ${request.cluster}`
    const output = await this.call('RunTask', subject, 'write', abortSignal =>
      this.clients.writes.send(
        new RunTaskCommand({ ...request, count: 1 } as unknown as RunTaskCommandInput),
        { abortSignal }
      )
    )
    const task = output.tasks?.[0]
    if (!task) {
      // ECS answers 200 with `failures` when it cannot place the task (no capacity, bad subnet).
      const failure = output.failures?.[0]
      const reason = failure
        ? [failure.reason, failure.detail].filter(Boolean).join(': ')
        : 'no task and no failure'
      throw new EcsCallError(
        `ECS RunTask started no task for ${subject}: ${escapeForLog(reason)}`,
        'RunTask',
        'RunTaskFailure',
        false
      )
    }
    return toTaskInfo(task)
  }

  async stopTask(cluster: string, taskArn: string, reason: string): Promise<TaskInfo> {
    const output = await this.call(
      'StopTask',
      `task ${nameFromArn(taskArn)} in cluster ${cluster}`,
      'write',
      abortSignal =>
        this.clients.writes.send(new StopTaskCommand({ cluster, task: taskArn, reason }), {
          abortSignal
        })
    )
    if (!output.task) throw new Error(`StopTask returned no task for ${taskArn}`)
    return toTaskInfo(output.task)
  }

  async listTags(resourceArn: string): Promise<ResourceTag[]> {
    const output = await this.call(
      'ListTagsForResource',
      `the tags of ${nameFromArn(resourceArn)}`,
      'read',
      abortSignal =>
        this.clients.reads.send(new ListTagsForResourceCommand({ resourceArn }), { abortSignal })
    )
    return (output.tags ?? []).flatMap(tag =>
      tag.key === undefined ? [] : [{ key: tag.key, value: tag.value ?? '' }]
    )
  }

  async describeServiceDeployment(arn: string, options: WaitRead = {}) {
    const client = options.polling ? this.clients.polls : this.clients.reads
    const output = await this.call(
      'DescribeServiceDeployments',
      describeServiceDeploymentArn(arn),
      options.polling ? 'poll' : 'read',
      abortSignal =>
        client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }), {
          abortSignal
        }),
      options.withinMs
    )
    const found = output.serviceDeployments?.[0]
    return found ? toServiceDeploymentSnapshot(found, arn) : undefined
  }

  async stopServiceDeployment(arn: string, stopType: StopServiceDeploymentType): Promise<void> {
    await this.call(
      'StopServiceDeployment',
      describeServiceDeploymentArn(arn),
      'write',
      abortSignal =>
        this.clients.writes.send(
          new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType }),
          {
            abortSignal
          }
        )
    )
  }

  async continueServiceDeployment(
    arn: string,
    hookId: string,
    action: PauseHookAction
  ): Promise<void> {
    await this.call(
      'ContinueServiceDeployment',
      `${describeServiceDeploymentArn(arn)} (hook ${hookId})`,
      'write',
      abortSignal =>
        this.clients.writes.send(
          new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action }),
          { abortSignal }
        )
    )
  }

  async describeServiceRevision(arn: string, options: WaitRead = {}) {
    const output = await this.call(
      'DescribeServiceRevisions',
      `service revision ${arn}`,
      'read',
      abortSignal =>
        this.clients.reads.send(
          new DescribeServiceRevisionsCommand({ serviceRevisionArns: [arn] }),
          {
            abortSignal
          }
        ),
      options.withinMs
    )
    const found = output.serviceRevisions?.[0]
    return found?.taskDefinition
      ? { arn: found.serviceRevisionArn ?? arn, taskDefinition: found.taskDefinition }
      : undefined
  }
}

function toServiceLaunch(service: Service): ServiceLaunch {
  const vpc = service.networkConfiguration?.awsvpcConfiguration
  return {
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy?.flatMap(item =>
      item.capacityProvider
        ? [{ capacityProvider: item.capacityProvider, weight: item.weight, base: item.base }]
        : []
    ),
    platformVersion: service.platformVersion,
    networkConfiguration: vpc
      ? {
          awsvpcConfiguration: {
            subnets: vpc.subnets ?? [],
            securityGroups: vpc.securityGroups,
            assignPublicIp: vpc.assignPublicIp
          }
        }
      : undefined,
    propagateTags: service.propagateTags,
    enableECSManagedTags: service.enableECSManagedTags
  }
}

function toServiceSnapshot(service: Service): ServiceSnapshot {
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker
  return {
    name: service.serviceName ?? nameFromArn(service.serviceArn ?? ''),
    arn: service.serviceArn,
    status: service.status ?? 'UNKNOWN',
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    deploymentController: service.deploymentController?.type ?? 'ECS',
    circuitBreaker: toCircuitBreaker(breaker),
    deployments: (service.deployments ?? []).map(toDeploymentInfo),
    ...(service.taskSets
      ? {
          taskSets: service.taskSets.map(set => ({
            status: set.status ?? 'UNKNOWN',
            taskDefinition: set.taskDefinition ?? ''
          }))
        }
      : {}),
    events: (service.events ?? []).map(event => ({
      id: event.id ?? `${event.createdAt?.getTime() ?? 0}:${event.message ?? ''}`,
      createdAt: event.createdAt?.getTime() ?? 0,
      message: event.message ?? ''
    })),
    targetGroupArns: [
      ...new Set(
        (service.loadBalancers ?? []).flatMap(balancer =>
          balancer.targetGroupArn ? [balancer.targetGroupArn] : []
        )
      )
    ],
    loadBalancers: service.loadBalancers?.map(balancer => ({
      targetGroupArn: balancer.targetGroupArn,
      containerName: balancer.containerName,
      containerPort: balancer.containerPort
    })),
    launch: toServiceLaunch(service),
    currentServiceDeployment: service.currentServiceDeployment,
    strategy: service.deploymentConfiguration?.strategy,
    bakeTimeInMinutes: service.deploymentConfiguration?.bakeTimeInMinutes,
    pauseStages: pauseStagesOf(service.deploymentConfiguration?.lifecycleHooks),
    ...toEarlySuccess(service.deploymentConfiguration?.earlySuccessCriteria)
  }
}

/** Only an enabled criteria is kept: disabled, ECS decides as without it. */
function toEarlySuccess(
  criteria: DeploymentEarlySuccessCriteria | undefined
): Pick<ServiceSnapshot, 'earlySuccess'> {
  if (criteria?.enable !== true) return {}
  return {
    earlySuccess: {
      ...(criteria.healthyPercent === undefined ? {} : { healthyPercent: criteria.healthyPercent }),
      ...(criteria.sourceServiceRevisionCleanup === undefined
        ? {}
        : { sourceServiceRevisionCleanup: criteria.sourceServiceRevisionCleanup })
    }
  }
}

/** The stages PAUSE hooks stop a deployment at, in ECS's order of the hooks; none: undefined. */
function pauseStagesOf(hooks: DeploymentLifecycleHook[] | undefined): string[] | undefined {
  const stages = (hooks ?? [])
    .filter(hook => hook.targetType === 'PAUSE')
    .flatMap(hook => hook.lifecycleStages ?? [])
  return stages.length > 0 ? [...new Set(stages)] : undefined
}

function toCircuitBreaker(breaker: DeploymentCircuitBreaker | undefined): CircuitBreakerSettings {
  const threshold = breaker?.thresholdConfiguration
  return {
    enable: breaker?.enable ?? false,
    rollback: breaker?.rollback ?? false,
    ...(breaker?.resetOnHealthyTask === undefined
      ? {}
      : { resetOnHealthyTask: breaker.resetOnHealthyTask }),
    ...(threshold?.value === undefined
      ? {}
      : { threshold: { type: threshold.type ?? 'BOUNDED_PERCENT', value: threshold.value } })
  }
}

function toDeploymentInfo(deployment: Deployment): DeploymentInfo {
  return {
    id: deployment.id ?? '',
    status: deployment.status ?? 'UNKNOWN',
    taskDefinition: deployment.taskDefinition ?? '',
    desiredCount: deployment.desiredCount ?? 0,
    pendingCount: deployment.pendingCount ?? 0,
    runningCount: deployment.runningCount ?? 0,
    failedTasks: deployment.failedTasks ?? 0,
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
    createdAt: deployment.createdAt?.getTime(),
    updatedAt: deployment.updatedAt?.getTime()
  }
}

function toRegistered(
  definition: SdkTaskDefinition | undefined,
  operation: string,
  tags: { key?: string; value?: string }[] | undefined
): RegisteredTaskDefinition {
  if (!definition?.taskDefinitionArn || !definition.family) {
    throw new Error(`ECS ${operation} returned no task definition`)
  }
  // A JSON round trip turns the SDK's Date fields into ISO strings: our types are plain JSON.
  const plain = JSON.parse(JSON.stringify(definition)) as TaskDefinition
  // ECS keeps a revision's tags beside it; here they are part of the definition, as in a file.
  if (tags && tags.length > 0) plain.tags = tags.map(tag => ({ key: tag.key, value: tag.value }))
  return {
    arn: definition.taskDefinitionArn,
    family: definition.family,
    revision: definition.revision ?? 0,
    definition: plain
  }
}

function toTaskInfo(task: Task): TaskInfo {
  return {
    arn: task.taskArn ?? '',
    taskDefinitionArn: task.taskDefinitionArn,
    startedBy: task.startedBy,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    stoppedAt: task.stoppedAt?.getTime(),
    createdAt: task.createdAt?.getTime(),
    pullStartedAt: task.pullStartedAt?.getTime(),
    pullStoppedAt: task.pullStoppedAt?.getTime(),
    startedAt: task.startedAt?.getTime(),
    healthStatus: task.healthStatus,
    commandOverrides: task.overrides?.containerOverrides?.map(override => ({
      name: override.name ?? '',
      command: override.command
    })),
    containers: (task.containers ?? []).map(container => ({
      name: container.name ?? '',
      exitCode: container.exitCode,
      reason: container.reason,
      lastStatus: container.lastStatus
    }))
  }
}

/**
 * What is left of a wait's read budget for each of the calls one read makes (batches, in real
 * time): the batches share the budget, none gets it whole again. Undefined: no budget was given.
 */
function timeLeft(options: WaitRead): () => number | undefined {
  if (options.withinMs === undefined) return () => undefined
  const until = Date.now() + options.withinMs
  return () => Math.max(0, until - Date.now())
}

/** An Express service and one of its configurations in our own types. */
function toExpressSnapshot(
  service: {
    arn: string
    serviceName?: string
    cluster?: string
    status?: { statusCode?: string }
  },
  configuration: ExpressGatewayServiceConfiguration | undefined
): ExpressServiceSnapshot {
  const primary = configuration?.primaryContainer
  return {
    arn: service.arn,
    name: service.serviceName ?? nameFromArn(service.arn),
    cluster: nameFromArn(service.cluster ?? ''),
    status: service.status?.statusCode ?? 'UNKNOWN',
    taskDefinitionArn: configuration?.taskDefinitionArn,
    endpoint: configuration?.ingressPaths?.find(path => path.endpoint)?.endpoint,
    container: primary?.image
      ? {
          image: primary.image,
          ...(primary.containerPort === undefined ? {} : { containerPort: primary.containerPort }),
          ...(primary.command ? { command: primary.command } : {}),
          environment: (primary.environment ?? []).map(pair => ({
            name: pair.name ?? '',
            value: pair.value ?? ''
          })),
          secrets: (primary.secrets ?? []).map(secret => ({
            name: secret.name ?? '',
            valueFrom: secret.valueFrom ?? ''
          })),
          ...(primary.awsLogsConfiguration?.logGroup
            ? {
                awsLogsConfiguration: {
                  logGroup: primary.awsLogsConfiguration.logGroup,
                  logStreamPrefix: primary.awsLogsConfiguration.logStreamPrefix ?? 'ecs'
                }
              }
            : {}),
          ...(primary.repositoryCredentials
            ? { repositoryCredentials: { ...primary.repositoryCredentials } }
            : {})
        }
      : undefined
  }
}
