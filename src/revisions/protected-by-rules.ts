import type { EventsApi } from '../aws/events-api.js'
import { escapeForLog } from '../util/escape.js'
import { protectionRead } from './read-failure.js'
import { parseRevision } from './revision-ref.js'
import type { ProtectedRevision } from './select.js'

/**
 * The revisions of `family` that EventBridge rules run in these clusters: every ECS target of
 * every rule of the default event bus that targets one of them (ListRuleNamesByTarget with the
 * cluster ARN), listed under `scheduled-tasks` or not. A target that names the family without
 * a revision runs the newest one, which is always kept.
 */
export async function protectedByRules(
  events: EventsApi,
  clusterArns: readonly string[],
  family: string
): Promise<ProtectedRevision[]> {
  const found: ProtectedRevision[] = []
  for (const clusterArn of clusterArns) {
    const cluster = clusterArn.slice(clusterArn.lastIndexOf('/') + 1)
    const rules = await protectionRead(
      `the EventBridge rules that target cluster ${cluster} (ListRuleNamesByTarget)`,
      () => events.listRuleNamesByTarget(clusterArn)
    )
    for (const rule of rules) {
      const shown = escapeForLog(rule)
      const targets = await protectionRead(
        `the targets of EventBridge rule ${shown} (ListTargetsByRule)`,
        () => events.listTargetsByRule(rule)
      )
      // undefined: the rule went between the two reads, and runs nothing any more.
      for (const target of targets ?? []) {
        if (target.arn !== clusterArn || !target.taskDefinitionArn) continue
        const ref = parseRevision(target.taskDefinitionArn)
        if (ref?.family !== family) continue
        found.push({
          arn: target.taskDefinitionArn,
          reason: `run by target ${escapeForLog(target.id)} of EventBridge rule ${shown} in cluster ${cluster}`
        })
      }
    }
  }
  return found
}
