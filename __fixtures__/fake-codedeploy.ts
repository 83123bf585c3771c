import {
  CodeDeployCallError,
  type CodeDeployApi,
  type CodeDeploySnapshot,
  type CreateCodeDeployment,
  type DeploymentGroupInfo,
  type EcsDeploymentTarget,
  type LifecycleEventInfo
} from '../src/aws/codedeploy-api.js'
import { ECS_LIFECYCLE_EVENTS } from '../src/codedeploy/lifecycle.js'
import type { Clock } from '../src/util/clock.js'
import type { WaitRead } from '../src/util/wait-deadline.js'
import { HungCalls } from './hung-call.js'
import type { FakeEcs } from './fake-ecs.js'

/**
 * How one deployment a client creates goes: every lifecycle event takes `eventSeconds`; it
 * succeeds, fails at `failAt` (CodeDeploy rolling back when `rollback`), or hangs in `hangAt`.
 */
export type FakeCodeDeployOutcome =
  | { kind: 'succeed' }
  | { kind: 'fail'; failAt: string; message: string; rollback: boolean }
  | { kind: 'hang'; hangAt: string }

interface FakeDeployment {
  id: string
  request: CreateCodeDeployment
  group: DeploymentGroupInfo
  createdAt: number
  outcome: FakeCodeDeployOutcome
  taskDefinitionArn: string
  /** Its lifecycle events: all of ECS's, or a rollback's traffic re-route. */
  events: readonly string[]
  stoppedAt?: number
  rollbackId?: string
  /** A rollback deployment: the service keeps (gets back) the original task set. */
  isRollback?: boolean
  applied?: boolean
}

/** What a rollback deployment of CodeDeploy does: the traffic goes back to the original task set. */
const ROLLBACK_EVENTS = ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic']

export interface FakeCodeDeployCall {
  operation: string
  at: number
  args: unknown
}

/**
 * An in-memory CodeDeploy for ECS: deployment groups, deployments that walk the lifecycle
 * events on the clock (computed from it, never from how often they are polled), and on
 * success the ECS service's revision becomes the AppSpec's (through the fake ECS).
 */
export class FakeCodeDeploy implements CodeDeployApi {
  readonly calls: FakeCodeDeployCall[] = []
  readonly groups = new Map<string, DeploymentGroupInfo>()
  /** Outcomes of the deployments clients create, in order (succeed when none is left). */
  outcomes: FakeCodeDeployOutcome[] = []
  eventSeconds = 2
  private readonly deployments = new Map<string, FakeDeployment>()
  private ids = 0

  /** The reads that hang (GetDeployment, ListDeploymentTargets, GetDeploymentTarget). */
  readonly hung: HungCalls

  constructor(
    readonly clock: Clock,
    private readonly ecs?: FakeEcs
  ) {
    this.hung = new HungCalls(clock, 'CodeDeploy', CodeDeployCallError)
  }

  /** The group the ECS console creates for a blue/green service (its default names). */
  addGroup(options: Partial<DeploymentGroupInfo> & { cluster?: string; service?: string } = {}) {
    const cluster = options.cluster ?? 'demo'
    const service = options.service ?? 'web'
    const group: DeploymentGroupInfo = {
      application: options.application ?? `AppECS-${cluster}-${service}`,
      name: options.name ?? `DgpECS-${cluster}-${service}`,
      computePlatform: options.computePlatform ?? 'ECS',
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      ecsServices: options.ecsServices ?? [{ cluster, service }],
      targetGroups: options.targetGroups ?? [`${service}-blue`, `${service}-green`],
      autoRollback: options.autoRollback ?? { enabled: true, events: ['DEPLOYMENT_FAILURE'] }
    }
    this.groups.set(`${group.application}/${group.name}`, group)
    return group
  }

  count(operation: string): number {
    return this.calls.filter(call => call.operation === operation).length
  }

  async getDeploymentGroup(application: string, group: string) {
    this.enter('GetDeploymentGroup', { application, group })
    const found = this.groups.get(`${application}/${group}`)
    return found && structuredClone(found)
  }

  async createDeployment(request: CreateCodeDeployment): Promise<string> {
    this.enter('CreateDeployment', request)
    const group = this.groups.get(`${request.application}/${request.deploymentGroup}`)
    if (!group)
      throw new CodeDeployCallError(
        `CodeDeploy CreateDeployment failed for deployment group ${request.deploymentGroup}: DeploymentGroupDoesNotExistException`,
        'CreateDeployment',
        'DeploymentGroupDoesNotExistException',
        false
      )
    const appSpec = JSON.parse(request.appSpec) as {
      Resources: { TargetService: { Properties: { TaskDefinition: string } } }[]
    }
    const id = `d-FAKE${String(++this.ids).padStart(5, '0')}`
    const deployment: FakeDeployment = {
      id,
      request,
      group,
      createdAt: this.clock.now(),
      outcome: this.outcomes.shift() ?? { kind: 'succeed' },
      taskDefinitionArn: appSpec.Resources[0]!.TargetService.Properties.TaskDefinition,
      events: ECS_LIFECYCLE_EVENTS
    }
    if (deployment.outcome.kind === 'fail' && deployment.outcome.rollback)
      deployment.rollbackId = this.startRollback(
        deployment,
        this.clock.now() + this.failedAt(deployment)
      )
    this.deployments.set(id, deployment)
    if (deployment.outcome.kind === 'succeed' && this.ecs)
      this.ecs.schedule(this.eventSeconds * deployment.events.length, () => this.apply(deployment))
    return id
  }

  async getDeployment(id: string, options?: WaitRead): Promise<CodeDeploySnapshot> {
    this.enter('GetDeployment', { id })
    await this.hung.enter('GetDeployment', options)
    return this.view(this.deploymentOf(id, 'GetDeployment')).deployment
  }

  async listDeploymentTargets(id: string, options?: WaitRead): Promise<string[]> {
    this.enter('ListDeploymentTargets', { id })
    await this.hung.enter('ListDeploymentTargets', options)
    const deployment = this.deploymentOf(id, 'ListDeploymentTargets')
    const [target] = deployment.group.ecsServices
    return target ? [`${target.cluster}:${target.service}`] : []
  }

  async getDeploymentTarget(
    id: string,
    targetId: string,
    options?: WaitRead
  ): Promise<EcsDeploymentTarget> {
    this.enter('GetDeploymentTarget', { id, targetId })
    await this.hung.enter('GetDeploymentTarget', options)
    return this.view(this.deploymentOf(id, 'GetDeploymentTarget')).target
  }

  async stopDeployment(id: string) {
    this.enter('StopDeployment', { id })
    const deployment = this.deploymentOf(id, 'StopDeployment')
    const status = this.view(deployment).deployment.status
    if (status === 'Succeeded' || status === 'Failed' || status === 'Stopped')
      throw new CodeDeployCallError(
        `CodeDeploy StopDeployment failed for deployment ${id}: DeploymentAlreadyCompletedException: The deployment ${id} has already completed.`,
        'StopDeployment',
        'DeploymentAlreadyCompletedException',
        false
      )
    deployment.stoppedAt = this.clock.now()
    deployment.rollbackId = this.startRollback(deployment, deployment.stoppedAt)
    return { status: 'Pending', message: 'Stop deployment request submitted' }
  }

  /** CodeDeploy's rollback deployment of `of`, from `at`: the traffic back on the original. */
  private startRollback(of: FakeDeployment, at: number): string {
    const id = `d-FAKE${String(++this.ids).padStart(5, '0')}`
    this.deployments.set(id, {
      id,
      request: of.request,
      group: of.group,
      createdAt: at,
      outcome: { kind: 'succeed' },
      taskDefinitionArn: of.taskDefinitionArn,
      events: ROLLBACK_EVENTS,
      isRollback: true
    })
    return id
  }

  /** A deployment that Succeeded: its task set is primary, the service runs its revision. */
  private apply(deployment: FakeDeployment): void {
    const [target] = deployment.group.ecsServices
    if (!this.ecs || !target || deployment.applied || deployment.isRollback) return
    if (deployment.stoppedAt !== undefined) return
    deployment.applied = true
    const service = this.ecs.service(target.service, target.cluster)
    for (const other of service.deployments) other.status = 'INACTIVE'
    const replacement = this.ecs.newDeployment(
      service,
      deployment.taskDefinitionArn,
      service.desiredCount
    )
    replacement.runningCount = service.desiredCount
    replacement.rolloutState = 'COMPLETED'
    service.deployments = [replacement]
    service.taskDefinition = deployment.taskDefinitionArn
  }

  /** How long after its creation a failing deployment fails. */
  private failedAt(deployment: FakeDeployment): number {
    const { outcome } = deployment
    if (outcome.kind !== 'fail') return 0
    return (deployment.events.indexOf(outcome.failAt) + 1) * this.eventSeconds * 1000
  }

  private deploymentOf(id: string, operation: string): FakeDeployment {
    const found = this.deployments.get(id)
    if (!found)
      throw new CodeDeployCallError(
        `CodeDeploy ${operation} failed for deployment ${id}: DeploymentDoesNotExistException`,
        operation,
        'DeploymentDoesNotExistException',
        false
      )
    return found
  }

  /** The deployment and its ECS target as they stand now, from the clock. */
  private view(deployment: FakeDeployment): {
    deployment: CodeDeploySnapshot
    target: EcsDeploymentTarget
  } {
    const now = this.clock.now()
    const step = this.eventSeconds * 1000
    const until = deployment.stoppedAt ?? now
    const { outcome } = deployment
    const lastIndex =
      outcome.kind === 'fail'
        ? deployment.events.indexOf(outcome.failAt)
        : outcome.kind === 'hang'
          ? deployment.events.indexOf(outcome.hangAt)
          : deployment.events.length - 1
    const events: LifecycleEventInfo[] = deployment.events.map((name, index) => {
      const startedAt = deployment.createdAt + index * step
      const endedAt = startedAt + step
      if (index > lastIndex || until < startedAt) return { name, status: 'Pending' }
      const hangs = outcome.kind === 'hang' && index === lastIndex
      if (hangs || until < endedAt)
        return deployment.stoppedAt !== undefined
          ? { name, status: 'Failed', startedAt, endedAt: until }
          : { name, status: 'InProgress', startedAt }
      if (outcome.kind === 'fail' && index === lastIndex)
        return {
          name,
          status: 'Failed',
          startedAt,
          endedAt,
          diagnostics: { errorCode: 'ScriptFailed', message: outcome.message }
        }
      return { name, status: 'Succeeded', startedAt, endedAt }
    })
    const failed = events.some(event => event.status === 'Failed')
    const succeeded = events.every(event => event.status === 'Succeeded')
    const status =
      deployment.stoppedAt !== undefined
        ? 'Stopped'
        : failed
          ? 'Failed'
          : succeeded
            ? 'Succeeded'
            : 'InProgress'
    if (status === 'Succeeded') this.apply(deployment)
    const snapshot: CodeDeploySnapshot = {
      id: deployment.id,
      status,
      createdAt: deployment.createdAt
    }
    if (deployment.stoppedAt !== undefined) {
      snapshot.error = { code: 'MANUAL_STOP', message: 'The deployment was stopped by the user.' }
      snapshot.rollback = { deploymentId: deployment.rollbackId }
    } else if (failed && outcome.kind === 'fail') {
      snapshot.error = { code: 'HOOK_EXECUTION_FAILURE', message: outcome.message }
      if (deployment.rollbackId)
        snapshot.rollback = {
          deploymentId: deployment.rollbackId,
          message: 'Automatic rollback triggered by DEPLOYMENT_FAILURE'
        }
    }
    return {
      deployment: snapshot,
      target: {
        targetId: `${deployment.group.ecsServices[0]?.cluster}:${deployment.group.ecsServices[0]?.service}`,
        status:
          status === 'InProgress' ? 'InProgress' : status === 'Succeeded' ? 'Succeeded' : 'Failed',
        lifecycleEvents: events
      }
    }
  }

  private enter(operation: string, args: unknown): void {
    this.calls.push({ operation, at: this.clock.now(), args })
  }
}
