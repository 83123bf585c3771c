import type { Target } from '../settings/types.js'

/** The application and deployment group a CODE_DEPLOY service is deployed through. */
export interface CodeDeployNames {
  application: string
  deploymentGroup: string
}

/**
 * The names a target's CodeDeploy deployment uses: the configured ones, else those the ECS
 * console gives the application and group it creates with a blue/green service
 * (`AppECS-<cluster>-<service>`, `DgpECS-<cluster>-<service>`).
 */
export function codeDeployNames(target: Target): CodeDeployNames {
  return {
    application: target.codeDeployApplication ?? `AppECS-${target.cluster}-${target.service}`,
    deploymentGroup:
      target.codeDeployDeploymentGroup ?? `DgpECS-${target.cluster}-${target.service}`
  }
}
