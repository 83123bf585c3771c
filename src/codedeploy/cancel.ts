import { awsErrorCode } from '../aws/call-error.js'
import type { Services } from '../core/context.js'
import type { ReleaseState } from '../core/state.js'
import { errorMessage } from '../util/errors.js'
import { escapeForLog } from '../util/escape.js'

/**
 * A cancelled job stops the CodeDeploy deployments it started that are still under way
 * (StopDeployment with autoRollbackEnabled): nobody would watch them otherwise. The runner's grace
 * is a few seconds, so the rollback is requested, not waited for. Returns the sentence the
 * cancellation message adds, if any.
 */
export async function stopCodeDeploymentsOnCancel(
  state: ReleaseState,
  services: Pick<Services, 'aws'>
): Promise<string | undefined> {
  const started = (state.services ?? []).filter(release => release.deployment?.codeDeploy)
  const said: string[] = []
  for (const { target, deployment } of started) {
    const id = escapeForLog(deployment!.id)
    try {
      await services.aws.codeDeploy().stopDeployment(deployment!.id)
      said.push(
        `CodeDeploy deployment ${id} of service ${target.service} was stopped with its rollback requested (StopDeployment)`
      )
    } catch (error) {
      // A deployment that completed has nothing to stop.
      if (awsErrorCode(error) === 'DeploymentAlreadyCompletedException') continue
      said.push(
        `CodeDeploy deployment ${id} of service ${target.service} could not be stopped: ${errorMessage(error)}; stop it in the CodeDeploy console`
      )
    }
  }
  return said.length > 0 ? said.join('; ') : undefined
}
