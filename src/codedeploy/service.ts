import type { ServiceSnapshot } from '../aws/ecs-api.js'
import type { CodeDeployService } from '../core/state.js'

/** What a registration keeps of a CODE_DEPLOY service; nothing for the other controllers. */
export function codeDeployServiceOf(service: ServiceSnapshot | undefined): {
  codeDeployService?: CodeDeployService
} {
  if (service?.deploymentController !== 'CODE_DEPLOY') return {}
  return { codeDeployService: { arn: service.arn, loadBalancers: service.loadBalancers ?? [] } }
}
