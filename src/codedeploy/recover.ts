import type { CodeDeployApi, CodeDeploySnapshot } from '../aws/codedeploy-api.js'
import { shortTaskDefinition } from '../aws/ecs-api.js'
import { currentTaskDefinition, describeService } from '../aws/services.js'
import type { StepContext } from '../core/context.js'
import type { RollbackRecord, ServiceRelease } from '../core/state.js'
import type { Clock } from '../util/clock.js'
import { ReleaseError, errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { done, fail, fixedPacer, keepPolling, pollFor } from '../util/poll.js'
import { reportOnce } from '../util/report-once.js'
import { awsErrorKind, toleratingTransientAwsErrors } from '../aws/transient.js'
import { escapeForLog } from '../util/escape.js'
import { formatSeconds } from '../util/duration.js'
import { createCodeDeployment } from './deploy.js'
import { UNFINISHED_STATUSES } from './lifecycle.js'
import { watchCodeDeployments } from './watch.js'

/** A release of a CODE_DEPLOY service: what its way back needs. */
type CodeDeployRelease = Required<Pick<ServiceRelease, 'target' | 'deployment' | 'registration'>>

/**
 * A CODE_DEPLOY service's way back after ecs-flow's own failure (timeout, verify, another
 * service of the release): a deployment still under way is stopped with autoRollbackEnabled
 * (CodeDeploy moves traffic back to the original task set, then its rollback deployment is
 * watched); one that Succeeded is followed by a new CodeDeploy deployment of `to`, the last
 * revision that completed; one that failed without CodeDeploy rolling back gets the same, unless
 * the service already runs `to`.
 */
export async function rollBackThroughCodeDeploy(
  context: Pick<StepContext, 'settings' | 'state' | 'services'> & {
    plan: Pick<StepContext['plan'], 'dryRun'>
  },
  release: CodeDeployRelease,
  to: string,
  timeoutSeconds: number
): Promise<RollbackRecord> {
  const { services } = context
  const { target, deployment, registration } = release
  const codeDeploy = services.aws.codeDeploy()
  const current = await codeDeploy.getDeployment(deployment.id)
  const watch = (deploymentId: string) =>
    watchCodeDeployments(
      context,
      [{ target, deploymentId, taskDefinitionArn: to }],
      timeoutSeconds
    ).then(() => ({ deploymentId, taskDefinitionArn: to }))
  if (UNFINISHED_STATUSES.has(current.status)) {
    await codeDeploy.stopDeployment(deployment.id)
    services.logger.info(
      `stopped CodeDeploy deployment ${escapeForLog(deployment.id)} (StopDeployment, autoRollbackEnabled): CodeDeploy moves the traffic back to the original task set`
    )
    const stopped = await untilFinished(codeDeploy, deployment.id, services, {
      intervalMs: context.settings.pollIntervalSeconds * 1000,
      timeoutSeconds
    })
    const rollbackId = stopped.rollback?.deploymentId
    return rollbackId ? watch(rollbackId) : { deploymentId: deployment.id, taskDefinitionArn: to }
  }
  if (current.status !== 'Succeeded') {
    // Failed or Stopped: CodeDeploy's own rollback, if it made one, is the way back.
    if (current.rollback?.deploymentId) return watch(current.rollback.deploymentId)
    const service = await describeService(services.aws.ecs(), target.cluster, target.service)
    if (service && currentTaskDefinition(service) === to) {
      services.logger.info(
        `service ${target.service} still runs ${shortTaskDefinition(to)}: CodeDeploy deployment ${escapeForLog(deployment.id)} ${current.status} before it moved the traffic`
      )
      return { deploymentId: deployment.id, taskDefinitionArn: to }
    }
  }
  if (!registration.codeDeployService || !deployment.codeDeploy)
    throw new ReleaseError(`service ${target.service} has no CodeDeploy settings to roll back with`)
  const id = await createCodeDeployment(
    services,
    target,
    deployment.codeDeploy,
    to,
    registration.codeDeployService,
    {
      description: `ecs-flow rollback to ${shortTaskDefinition(to)} after deployment ${deployment.id}`,
      dryRun: context.plan.dryRun
    }
  )
  return watch(id)
}

/**
 * Polls GetDeployment until CodeDeploy no longer moves the deployment on by itself. Transient
 * errors are polled through, as every other wait does; each kind is said once.
 */
async function untilFinished(
  codeDeploy: CodeDeployApi,
  id: string,
  { clock, logger }: { clock: Clock; logger: Logger },
  { intervalMs, timeoutSeconds }: { intervalMs: number; timeoutSeconds: number }
): Promise<CodeDeploySnapshot> {
  const startedAt = clock.now()
  return pollFor<CodeDeploySnapshot, CodeDeploySnapshot>({
    clock,
    deadline: startedAt + timeoutSeconds * 1000,
    pacer: fixedPacer(intervalMs),
    firstRead: 'after-pause',
    lastRead: 'ended-late',
    // Within what is left of the deadline and its grace: a hung endpoint cannot stretch it.
    // Each read keeps the SDK's retries.
    read: bound => codeDeploy.getDeployment(id, { ...bound, polling: false }),
    verdict: now => (UNFINISHED_STATUSES.has(now.status) ? keepPolling : done(now)),
    errors: toleratingTransientAwsErrors(
      reportOnce(awsErrorKind, error =>
        logger.warning(
          `${errorMessage(error)} (tolerated while polling; further errors like it are not repeated)`
        )
      )
    ),
    expired: ({ reading, error }) =>
      fail(
        new ReleaseError(
          error === undefined && reading
            ? `CodeDeploy deployment ${escapeForLog(id)} is still ${reading.status} ${formatSeconds(timeoutSeconds)} after StopDeployment: look at it in the CodeDeploy console`
            : `CodeDeploy deployment ${escapeForLog(id)} could not be read for ${formatSeconds((clock.now() - startedAt) / 1000)} after StopDeployment (${escapeForLog(errorMessage(error))})${reading ? `; it was last seen ${reading.status}` : ''}: look at it in the CodeDeploy console`
        )
      )
  })
}

/** The releases whose deployment went through CodeDeploy, with what their way back needs. */
export function isCodeDeployRelease(
  release: ServiceRelease
): release is ServiceRelease & CodeDeployRelease {
  return Boolean(release.deployment?.codeDeploy && release.registration)
}
