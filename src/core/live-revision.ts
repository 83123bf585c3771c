import type { ServiceSnapshot } from '../aws/ecs-api.js'
import { currentTaskDefinition } from '../aws/services.js'
import type { LiveRevision } from './state.js'

/**
 * What an ACTIVE service runs: its PRIMARY deployment's revision (a CODE_DEPLOY service's: its
 * PRIMARY task set's), and the revisions of its other deployments or task sets beside it.
 */
export function liveRevisionOf(service: ServiceSnapshot): LiveRevision {
  const primarySet = service.taskSets?.find(set => set.status === 'PRIMARY')
  const taskDefinitionArn = primarySet?.taskDefinition ?? currentTaskDefinition(service)
  if (!taskDefinitionArn) return { unknown: 'ECS shows no task definition' }
  const others = [
    ...service.deployments.map(deployment => deployment.taskDefinition),
    ...(service.taskSets ?? []).map(set => set.taskDefinition)
  ].filter(arn => arn && arn !== taskDefinitionArn)
  return { taskDefinitionArn, alongside: [...new Set(others)] }
}
