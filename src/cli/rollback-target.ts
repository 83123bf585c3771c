import type { ServiceDeploymentBrief, ServiceRevision } from '../aws/ecs-api.js'
import { parseRevision, revisionKey } from '../revisions/revision-ref.js'

/**
 * Pure: the revision `rollback` puts back when no `--to` is given. The service's last good
 * revision is the task definition of its newest SUCCESSFUL service deployment that is not the
 * revision running now (a rollback to the same revision would change nothing). Compared as
 * `family:revision`, whatever form ECS wrote. Undefined when the history has none.
 */
export function lastGoodRevision(
  history: readonly ServiceDeploymentBrief[],
  revisions: readonly ServiceRevision[],
  running: string | undefined
): string | undefined {
  const current = running ? key(running) : undefined
  const byArn = new Map(revisions.map(revision => [revision.arn, revision.taskDefinition]))
  const newestFirst = [...history].sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))
  for (const deployment of newestFirst) {
    if (deployment.status !== 'SUCCESSFUL' || !deployment.targetServiceRevisionArn) continue
    const taskDefinition = byArn.get(deployment.targetServiceRevisionArn)
    if (taskDefinition && key(taskDefinition) !== current) return taskDefinition
  }
  return undefined
}

function key(taskDefinition: string): string {
  const ref = parseRevision(taskDefinition)
  return ref ? revisionKey(ref) : taskDefinition
}
