import { AwsCallError } from './call-error.js'

/**
 * The narrow EventBridge interface scheduled tasks use, in our own small types; the SDK adapter
 * is events-client.ts. Rules live on the default event bus. "Not found" is `undefined`: for
 * preflight it is an answer to report, not a failure of the call.
 */
export interface EventsApi {
  describeRule(name: string): Promise<RuleInfo | undefined>
  /** The names of the rules with a target whose ARN is `targetArn` (all pages). */
  listRuleNamesByTarget(targetArn: string): Promise<string[]>
  /** Every target of the rule (all pages); undefined when the rule does not exist. */
  listTargetsByRule(rule: string): Promise<EventTarget[] | undefined>
  /** Replaces the targets with these Ids (PutTargets, up to 10 per call); the entries EventBridge refused. */
  putTargets(rule: string, targets: readonly EventTarget[]): Promise<FailedTarget[]>
}

export interface RuleInfo {
  name: string
  arn?: string
  /** ENABLED or DISABLED. */
  state?: string
  scheduleExpression?: string
}

/**
 * One target of a rule. `raw` is the target exactly as ListTargetsByRule returned it, so a
 * PutTargets of it changes nothing but what ecs-flow set; `taskDefinitionArn` is read from it
 * for ECS targets.
 */
export interface EventTarget {
  id: string
  arn: string
  /** EcsParameters.TaskDefinitionArn; undefined for targets that are not ECS tasks. */
  taskDefinitionArn?: string
  raw: Readonly<Record<string, unknown>>
}

export interface FailedTarget {
  id: string
  code: string
  message: string
}

/** The same target, pointed at another task-definition revision; everything else unchanged. */
export function retarget(target: EventTarget, taskDefinitionArn: string): EventTarget {
  const raw = structuredClone(target.raw) as Record<string, unknown>
  raw.EcsParameters = {
    ...(raw.EcsParameters as Record<string, unknown>),
    TaskDefinitionArn: taskDefinitionArn
  }
  return { ...target, taskDefinitionArn, raw }
}

export class EventsCallError extends AwsCallError {
  override name = 'EventsCallError'
}
