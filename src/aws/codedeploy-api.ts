import type { WaitRead } from '../util/wait-deadline.js'
import { AwsCallError } from './call-error.js'

/**
 * The events an AppSpec may hang a Lambda hook on (the others are CodeDeploy's own work); here,
 * below settings/, which checks a config's `codedeploy-hooks` against them.
 */
export const ECS_HOOK_EVENTS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic'
] as const

export type EcsHookEvent = (typeof ECS_HOOK_EVENTS)[number]

/**
 * The narrow CodeDeploy interface a CODE_DEPLOY service's release uses, in our own small types;
 * the SDK adapter is codedeploy-client.ts, the fake __fixtures__/fake-codedeploy.ts. Times are
 * milliseconds since the epoch. "Not found" of a deployment group is `undefined`: preflight
 * reports it as an answer, not as a failed call.
 */
export interface CodeDeployApi {
  /** GetDeploymentGroup; undefined when the application or the group does not exist. */
  getDeploymentGroup(application: string, group: string): Promise<DeploymentGroupInfo | undefined>
  /** CreateDeployment with the AppSpec as content (revisionType AppSpecContent): its id. */
  createDeployment(request: CreateCodeDeployment): Promise<string>
  /**
   * GetDeployment. `polling`: one attempt, the caller's next poll is the retry; `withinMs`: what
   * is left of the caller's wait, the most the read may take.
   */
  getDeployment(id: string, options?: WaitRead): Promise<CodeDeploySnapshot>
  /** ListDeploymentTargets: the ids of the deployment's targets (an ECS deployment has one). */
  listDeploymentTargets(id: string, options?: WaitRead): Promise<string[]>
  /** GetDeploymentTarget of an ECS target: its status and lifecycle events. */
  getDeploymentTarget(
    id: string,
    targetId: string,
    options?: WaitRead
  ): Promise<EcsDeploymentTarget | undefined>
  /** StopDeployment with autoRollbackEnabled: CodeDeploy puts the original task set back. */
  stopDeployment(id: string): Promise<{ status?: string; message?: string }>
}

export interface DeploymentGroupInfo {
  application: string
  name: string
  /** ECS, Server or Lambda. */
  computePlatform?: string
  deploymentConfigName?: string
  /** The ECS services the group deploys (one, for an ECS group). */
  ecsServices: { cluster: string; service: string }[]
  /** The blue and green target groups, by name (first pair only: ECS groups have one). */
  targetGroups: string[]
  /** Whether CodeDeploy rolls back by itself, and on which events. */
  autoRollback: { enabled: boolean; events: string[] }
}

export interface CreateCodeDeployment {
  application: string
  deploymentGroup: string
  /** The AppSpec, as JSON text. */
  appSpec: string
  description?: string
}

/** One CodeDeploy deployment, as GetDeployment describes it. */
export interface CodeDeploySnapshot {
  id: string
  /** Created, Queued, InProgress, Baking, Ready, Succeeded, Failed or Stopped. */
  status: string
  error?: { code?: string; message?: string }
  /** Present when CodeDeploy rolled the deployment back (or this deployment is a rollback). */
  rollback?: { deploymentId?: string; triggeredBy?: string; message?: string }
  createdAt?: number
  completedAt?: number
}

/** The ECS target of a deployment: its status and the lifecycle events it went through. */
export interface EcsDeploymentTarget {
  targetId: string
  /** Pending, InProgress, Succeeded, Failed, Skipped, Ready or Unknown. */
  status?: string
  lifecycleEvents: LifecycleEventInfo[]
}

export interface LifecycleEventInfo {
  /** BeforeInstall, Install, AfterInstall, AllowTestTraffic, AfterAllowTestTraffic, ... */
  name: string
  /** Pending, InProgress, Succeeded, Failed, Skipped or Unknown. */
  status: string
  startedAt?: number
  endedAt?: number
  diagnostics?: { errorCode?: string; scriptName?: string; message?: string; logTail?: string }
}

export class CodeDeployCallError extends AwsCallError {
  override name = 'CodeDeployCallError'
}
