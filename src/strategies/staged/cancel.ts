import { requestStageRollback } from '../../rollout/stage-rollback.js'
import { errorMessage } from '../../util/errors.js'
import type { Services } from '../../core/context.js'
import type { ReleaseState } from '../../core/state.js'

/**
 * A job cancelled while it watches blue/green, linear or canary deployments (rollback: true)
 * asks ECS to roll each unfinished one back (StopServiceDeployment ROLLBACK) and does not wait:
 * the runner kills the job seconds after its signal, and ECS finishes the rollback on its own.
 * Returns the sentence the cancellation message adds, if any.
 */
export async function requestStageRollbacksOnCancel(
  state: ReleaseState,
  services: Pick<Services, 'aws' | 'clock'>
): Promise<string | undefined> {
  if (!state.steps.some(record => record.step === 'wait' && record.outcome === 'running'))
    return undefined
  const inFlight = (state.stages ?? []).flatMap(journal => {
    const arn =
      journal.serviceDeploymentArn ??
      state.services?.find(release => release.target.service === journal.service)?.deployment
        ?.serviceDeploymentArn
    return journal.purpose === 'release' && journal.rollbackOnCancel && !journal.end && arn
      ? [{ journal, arn }]
      : []
  })
  if (inFlight.length === 0) return undefined
  const said = await Promise.all(
    inFlight.map(async ({ journal, arn }) => {
      try {
        const answer = await requestStageRollback(services.aws.ecs(), arn)
        if (answer === 'finished')
          return `service ${journal.service}: its service deployment had already finished, nothing to roll back`
        journal.rollbackRequested = { at: services.clock.now(), why: 'the job was cancelled' }
        return `service ${journal.service}: rollback requested (StopServiceDeployment ROLLBACK), not waited for; ECS moves production traffic back to the previous revision on its own`
      } catch (error) {
        return `service ${journal.service}: the rollback could not be requested (${errorMessage(error)}); roll it back in the ECS console`
      }
    })
  )
  return said.join('; ')
}
