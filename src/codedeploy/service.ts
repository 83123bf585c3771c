import type { ServiceSnapshot } from '../aws/ecs-api.js'
import type { CodeDeployService } from '../release/state.js'

/** What a registration keeps of a CODE_DEPLOY service; nothing for the other controllers. */
export function codeDeployServiceOf(service: ServiceSnapshot | undefined): {
  codeDeployService?: CodeDeployService
} {
  if (service?.deploymentController !== 'CODE_DEPLOY') return {}
  return { codeDeployService: { arn: service.arn, loadBalancers: service.loadBalancers ?? [] } }
}

/**
 * A CODE_DEPLOY service's revision before the release: CodeDeploy makes a task set primary only
 * once its deployment succeeded, so the one the service runs completed. Undefined while a task
 * set other than the primary one is still there (a deployment under way).
 */
export function codeDeployCompletedRevision(service: ServiceSnapshot): string | undefined {
  if (service.deploymentController !== 'CODE_DEPLOY') return undefined
  const unfinished = service.deployments.some(
    deployment => deployment.status !== 'PRIMARY' && deployment.status !== 'INACTIVE'
  )
  return unfinished ? undefined : service.taskDefinition
}
