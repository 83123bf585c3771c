import type { CodeDeployNames } from '../core/state.js'
import type { Target } from '../settings/types.js'

export type { CodeDeployNames }

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
