import type { WaitRead } from '../util/wait-deadline.js'
import { AwsCallError } from './call-error.js'
import type { ExpressContainer, ExpressServiceSnapshot } from './express-service.js'
import type {
  PauseHookAction,
  ServiceDeploymentSnapshot,
  StopServiceDeploymentType
} from './service-deployment.js'

export type {
  PauseHook,
  PauseHookAction,
  ServiceDeploymentSnapshot,
  StopServiceDeploymentType
} from './service-deployment.js'

/**
 * The narrow ECS interface the steps use, in our own small types: the steps never see SDK
 * shapes, so they are tested with a fake ECS (__fixtures__/fake-ecs.ts). The SDK adapter in
 * ecs-client.ts implements it. Times are milliseconds since the epoch.
 */
export interface EcsApi {
  /**
   * Up to 10 services per call (ECS's limit); the adapter splits longer lists. `polling`: one
   * attempt, no SDK retries: the caller's next poll is the retry, so a throttled API is never
   * asked more often than the poll interval. `withinMs`: what is left of the caller's wait, the
   * most the read (all its batches) may take.
   */
  describeServices(
    cluster: string,
    services: readonly string[],
    options?: WaitRead
  ): Promise<DescribeServicesResult>
  /** `ref` is an ARN, `family` (latest ACTIVE revision) or `family:revision`. */
  describeTaskDefinition(ref: string): Promise<RegisteredTaskDefinition>
  registerTaskDefinition(definition: TaskDefinition): Promise<RegisteredTaskDefinition>
  updateService(request: UpdateServiceRequest): Promise<ServiceSnapshot>
  /** DescribeExpressGatewayService; undefined when ECS has no Express service of this ARN. */
  describeExpressService(arn: string): Promise<ExpressServiceSnapshot | undefined>
  /**
   * UpdateExpressGatewayService with the whole primary container (ECS registers the revision
   * and starts a service deployment on the service behind it): its target configuration.
   */
  updateExpressService(arn: string, container: ExpressContainer): Promise<ExpressServiceSnapshot>
  createService(request: CreateServiceRequest): Promise<ServiceSnapshot>
  /** ARNs of the cluster's stopped tasks started by `startedBy` (an ECS deployment id). */
  listStoppedTasks(
    cluster: string,
    filter: StoppedTaskFilter,
    options?: Pick<WaitRead, 'withinMs'>
  ): Promise<string[]>
  /**
   * ARNs of the cluster's tasks started by `startedBy` with this desired status (ListTasks, at
   * most a few pages): how a one-off task whose RunTask reply was lost is found.
   */
  listTasksStartedBy(
    cluster: string,
    startedBy: string,
    desiredStatus: 'RUNNING' | 'STOPPED'
  ): Promise<string[]>
  /** `withinMs` as for describeServices. */
  describeTasks(
    cluster: string,
    taskArns: readonly string[],
    options?: Pick<WaitRead, 'withinMs'>
  ): Promise<TaskInfo[]>
  /**
   * ARNs of the cluster's tasks of `family` whose desired status is RUNNING, in a service or
   * not (all pages; more than the bound is an error, never a partial list).
   */
  listRunningTasks(cluster: string, family: string): Promise<string[]>
  /**
   * The service's deployments that finished SUCCESSFUL, newest first, with the revision each
   * deployed (ListServiceDeployments, then DescribeServiceRevisions); at most `limit`.
   */
  listSuccessfulDeployments(
    cluster: string,
    service: string,
    limit: number
  ): Promise<CompletedDeployment[]>
  /** One page of ListTaskDefinitions (ACTIVE revisions of families starting with `familyPrefix`). */
  listTaskDefinitions(familyPrefix: string, nextToken?: string): Promise<TaskDefinitionPage>
  deregisterTaskDefinition(arn: string): Promise<void>
  /** DeleteTaskDefinitions (up to 10 per call; the adapter splits): the ones ECS refused. */
  deleteTaskDefinitions(arns: readonly string[]): Promise<{ arn: string; reason: string }[]>
  /** The ARNs of every service of the cluster (all pages). */
  listServices(cluster: string): Promise<string[]>
  /** TagResource: sets these tags on a task definition or service (others are kept). */
  tagResource(arn: string, tags: readonly ResourceTag[]): Promise<void>
  /**
   * Starts one one-off task (`count` 1); ECS's `failures` become an EcsCallError. With a
   * `clientToken`, ECS starts no second task for the same token (24 hours, per cluster).
   */
  runTask(request: RunTaskRequest): Promise<TaskInfo>
  stopTask(cluster: string, taskArn: string, reason: string): Promise<TaskInfo>
  /** The tags of a service or task definition (ListTagsForResource). */
  listTags(resourceArn: string): Promise<ResourceTag[]>
  /**
   * One service deployment (DescribeServiceDeployments); undefined when ECS reports it MISSING.
   * `polling` and `withinMs` as for describeServices.
   */
  describeServiceDeployment(
    arn: string,
    options?: WaitRead
  ): Promise<ServiceDeploymentSnapshot | undefined>
  /**
   * StopServiceDeployment: ECS rolls a PENDING or IN_PROGRESS service deployment back to the
   * previous revision (a finished one is ECS's ConflictException, as an EcsCallError).
   */
  stopServiceDeployment(arn: string, stopType: StopServiceDeploymentType): Promise<void>
  /**
   * ContinueServiceDeployment: acts on a PAUSE hook AWAITING_ACTION — CONTINUE lets the
   * deployment go on to its next stage, ROLLBACK has ECS roll it back to the previous revision
   * (a hook no longer awaiting is ECS's InvalidParameterException, as an EcsCallError).
   */
  continueServiceDeployment(arn: string, hookId: string, action: PauseHookAction): Promise<void>
  /**
   * The task definition a service revision runs (DescribeServiceRevisions); undefined when ECS
   * reports it MISSING. Confirms which release a service deployment deploys.
   */
  describeServiceRevision(
    arn: string,
    options?: Pick<WaitRead, 'withinMs'>
  ): Promise<{ arn: string; taskDefinition: string } | undefined>
}

/** A service deployment ECS reports as SUCCESSFUL, and the task definition it deployed. */
export interface CompletedDeployment {
  arn: string
  taskDefinition: string
  finishedAt?: number
}

export interface TaskDefinitionPage {
  arns: string[]
  nextToken?: string
}

/** An ECS resource tag, as the ECS API spells it. */
export interface ResourceTag {
  key: string
  value: string
}

/** Where and how a service runs its tasks: what a one-off task beside it copies. */
export interface ServiceLaunch {
  launchType?: string
  capacityProviderStrategy?: { capacityProvider: string; weight?: number; base?: number }[]
  platformVersion?: string
  networkConfiguration?: NetworkConfiguration
  /** SERVICE, TASK_DEFINITION or NONE. */
  propagateTags?: string
  enableECSManagedTags?: boolean
}

export interface NetworkConfiguration {
  awsvpcConfiguration?: { subnets: string[]; securityGroups?: string[]; assignPublicIp?: string }
}

/** RunTask's input, in its camelCase JSON shape (one task). */
export interface RunTaskRequest {
  cluster: string
  taskDefinition: string
  startedBy: string
  launchType?: string
  capacityProviderStrategy?: ServiceLaunch['capacityProviderStrategy']
  platformVersion?: string
  networkConfiguration?: NetworkConfiguration
  overrides: { containerOverrides: { name: string; command: string[] }[] }
  propagateTags?: 'TASK_DEFINITION' | 'NONE'
  enableECSManagedTags?: boolean
  tags?: ResourceTag[]
  /** ECS's idempotency token: a request sent again with it starts no second task. */
  clientToken?: string
}

export interface DescribeServicesResult {
  services: ServiceSnapshot[]
  /** Services ECS reported as failures (e.g. reason MISSING), by name. */
  missing: { service: string; reason: string }[]
}

export interface ServiceSnapshot {
  name: string
  arn?: string
  /** ACTIVE, DRAINING or INACTIVE. */
  status: string
  taskDefinition?: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  /** ECS, CODE_DEPLOY or EXTERNAL. */
  deploymentController: string
  circuitBreaker: CircuitBreakerSettings
  /** PRIMARY first, as ECS returns them. */
  deployments: DeploymentInfo[]
  /** A CODE_DEPLOY service's task sets (its `deployments` are empty): PRIMARY, ACTIVE. */
  taskSets?: { status: string; taskDefinition: string }[]
  /** Newest first, as ECS returns them. */
  events: ServiceEvent[]
  /** The target groups the service registers its tasks in (its `loadBalancers`), each once. */
  targetGroupArns: string[]
  /** Its `loadBalancers` as ECS lists them: where a CodeDeploy AppSpec points the traffic. */
  loadBalancers?: ServiceLoadBalancer[]
  /** Its launch settings, network and tag propagation (one-off tasks run with them). */
  launch?: ServiceLaunch
  /** The ARN of its newest service deployment (what an UpdateService started). */
  currentServiceDeployment?: string
  /** ROLLING, BLUE_GREEN, LINEAR or CANARY, when ECS reports one (absent: rolling). */
  strategy?: string
  /** Blue/green, linear and canary: how long ECS keeps the old revision after the shift. */
  bakeTimeInMinutes?: number
  /** The lifecycle stages its PAUSE hooks stop a deployment at (none: absent). */
  pauseStages?: string[]
  /**
   * Rolling: `deploymentConfiguration.earlySuccessCriteria` when enabled (absent: disabled). ECS
   * then marks the deployment COMPLETED once the new revision is healthy enough; with DEFERRED
   * cleanup the old revision's tasks drain after that.
   */
  earlySuccess?: EarlySuccessCriteria
}

/** A rolling service's early success criteria, as DescribeServices shows them (enabled only). */
export interface EarlySuccessCriteria {
  healthyPercent?: number
  /** BLOCKING (the old tasks go before COMPLETED) or DEFERRED (after it). */
  sourceServiceRevisionCleanup?: string
}

/** The service's deployment circuit breaker, as DescribeServices shows it. */
export interface CircuitBreakerSettings {
  enable: boolean
  rollback: boolean
  /** Absent: ECS's default, which resets the count when a task turns healthy. */
  resetOnHealthyTask?: boolean
  /** Absent: ECS's default threshold (50% of the desired count, at least 3, at most 200). */
  threshold?: BreakerThresholdSetting
}

/** `thresholdConfiguration`: a COUNT of tasks, or a percentage of the desired count. */
export interface BreakerThresholdSetting {
  /** COUNT, BOUNDED_PERCENT (clamped to 3..200) or UNBOUNDED_PERCENT. */
  type: string
  value: number
}

export interface ServiceLoadBalancer {
  targetGroupArn?: string
  containerName?: string
  containerPort?: number
}

export interface DeploymentInfo {
  id: string
  /** PRIMARY, ACTIVE or INACTIVE. */
  status: string
  taskDefinition: string
  desiredCount: number
  pendingCount: number
  runningCount: number
  failedTasks: number
  /** IN_PROGRESS, COMPLETED or FAILED; absent on services ECS gives no rollout state for. */
  rolloutState?: string
  rolloutStateReason?: string
  createdAt?: number
  updatedAt?: number
}

export interface ServiceEvent {
  id: string
  createdAt: number
  message: string
}

export interface KeyValue {
  name: string
  value: string
}

export interface SecretRef {
  name: string
  valueFrom: string
}

/** A container definition: the fields ecs-flow edits are typed, the rest pass through untouched. */
export interface ContainerDefinition {
  name: string
  image?: string
  environment?: KeyValue[]
  secrets?: SecretRef[]
  [field: string]: unknown
}

/** A task definition in RegisterTaskDefinition's (camelCase JSON) shape. */
export interface TaskDefinition {
  family: string
  containerDefinitions: ContainerDefinition[]
  [field: string]: unknown
}

export interface RegisteredTaskDefinition {
  arn: string
  family: string
  revision: number
  /** As ECS describes it, read-only fields included (times as ISO strings). */
  definition: TaskDefinition
}

export interface UpdateServiceRequest {
  cluster: string
  service: string
  taskDefinition: string
  desiredCount?: number
  forceNewDeployment?: boolean
  /** TASK_DEFINITION, SERVICE or NONE (input propagate-tags). */
  propagateTags?: string
  enableECSManagedTags?: boolean
}

/** CreateService's input: the user's service-definition file with ours laid over it. */
export interface CreateServiceRequest {
  cluster: string
  serviceName: string
  taskDefinition: string
  [field: string]: unknown
}

export interface StoppedTaskFilter {
  startedBy: string
}

export interface TaskInfo {
  arn: string
  taskDefinitionArn?: string
  startedBy?: string
  lastStatus?: string
  stopCode?: string
  stoppedReason?: string
  stoppedAt?: number
  containers: { name: string; exitCode?: number; reason?: string; lastStatus?: string }[]
  desiredStatus?: string
  createdAt?: number
  /** When the agent started and finished pulling the task's images (ms). */
  pullStartedAt?: number
  pullStoppedAt?: number
  /** When the task moved to RUNNING (ms). */
  startedAt?: number
  /** The task's container health: HEALTHY, UNHEALTHY or UNKNOWN. */
  healthStatus?: string
  /** The commands RunTask overrode, by container: which request started a one-off task. */
  commandOverrides?: { name: string; command?: string[] }[]
}

/**
 * An ECS call that failed. The message names the operation and what it was about (cluster,
 * service, task definition); `transient` marks throttling, 5xx and connection errors, which a
 * polling loop tolerates.
 */
export class EcsCallError extends AwsCallError {
  override name = 'EcsCallError'
}

/** The service's PRIMARY deployment: the one ECS rolls out (or has rolled out) now. */
export function primaryDeployment(service: ServiceSnapshot): DeploymentInfo | undefined {
  return service.deployments.find(deployment => deployment.status === 'PRIMARY')
}

/**
 * The deployment an UpdateService or CreateService answer says ECS started: its PRIMARY one.
 * ECS always returns one; `subject` names the call in the error when it did not.
 */
export function startedDeployment(service: ServiceSnapshot, subject: string): DeploymentInfo {
  const primary = primaryDeployment(service)
  if (!primary) throw new Error(`ECS returned no PRIMARY deployment for ${subject}`)
  return primary
}

/** A name from an ARN (`arn:...:service/cluster/web` → `web`) or the name itself. */
export function nameFromArn(arnOrName: string): string {
  const slash = arnOrName.lastIndexOf('/')
  return slash === -1 ? arnOrName : arnOrName.slice(slash + 1)
}

/** `arn:...:task-definition/web:7` → `web:7`, for messages. */
export function shortTaskDefinition(arnOrRef: string | undefined): string {
  if (!arnOrRef) return '(none)'
  return nameFromArn(arnOrRef)
}
