import type { EventTarget } from '../aws/events-api.js'

/** The family of a task-definition ARN or `family[:revision]`; the ARN may omit the revision. */
export function familyOf(arnOrRef: string): string | undefined {
  const match =
    /^(?:arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/)?([A-Za-z0-9_-]{1,255})(?::[^:/]+)?$/.exec(
      arnOrRef
    )
  return match?.[1]
}

/** The ECS targets of a rule that run `family` on another revision than `to`: the ones to move. */
export function targetsToMove(
  targets: readonly EventTarget[],
  family: string,
  to: string
): EventTarget[] {
  return targets.filter(
    target =>
      target.taskDefinitionArn !== undefined &&
      target.taskDefinitionArn !== to &&
      familyOf(target.taskDefinitionArn) === family
  )
}

/** The ECS targets of a rule that run `family` at all (preflight: the rule must have one). */
export function targetsOfFamily(targets: readonly EventTarget[], family: string): EventTarget[] {
  return targets.filter(
    target =>
      target.taskDefinitionArn !== undefined && familyOf(target.taskDefinitionArn) === family
  )
}
