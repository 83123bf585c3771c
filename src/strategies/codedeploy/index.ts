import { stopCodeDeploymentsOnCancel } from '../../codedeploy/cancel.js'
import { codeDeployProblems } from '../../codedeploy/preflight.js'
import { isCodeDeployRelease, rollBackThroughCodeDeploy } from '../../codedeploy/recover.js'
import { createCodeDeployment, deployThroughCodeDeploy } from '../../codedeploy/deploy.js'
import { codeDeployNames } from '../../codedeploy/names.js'
import { shortTaskDefinition } from '../../aws/ecs-api.js'
import type { Watch } from '../../rollout/watch-together.js'
import { codeDeploymentsToWatch } from '../../codedeploy/wait.js'
import { watchCodeDeployments } from '../../codedeploy/watch.js'
import { formatSeconds } from '../../util/duration.js'
import { ReleaseError } from '../../util/errors.js'
import type { DeploymentStrategy } from '../strategy.js'
import { stageWaitProblems } from '../stage-wait.js'
import { tagService } from '../tag-service.js'

/**
 * A service on the CODE_DEPLOY deployment controller: deployed, followed by lifecycle event and
 * rolled back through CodeDeploy (src/codedeploy/); UpdateService cannot change its revision.
 */
export const codeDeploy: DeploymentStrategy = {
  name: 'codedeploy',
  matches: service => service.deploymentController === 'CODE_DEPLOY',
  checkService: async (services, target, service, settings) => [
    ...stageWaitProblems(
      target,
      service,
      settings,
      "deploys through CodeDeploy (CODE_DEPLOY controller): CodeDeploy's lifecycle events are not ECS's stages, and its wait ends when the CodeDeploy deployment Succeeded"
    ),
    ...(await codeDeployProblems(services.aws.codeDeploy(), target, service))
  ],
  warnings: () => [],
  verifiesDuring: () => false,
  async deploy(context, { target, registration }) {
    const service = registration.codeDeployService
    if (!service)
      throw new ReleaseError(
        `service ${target.service} in cluster ${target.cluster} was on the CodeDeploy deployment controller when preflight read it, but not when register read it again: look at the service before re-running`
      )
    const started = await deployThroughCodeDeploy(
      context,
      target,
      registration.taskDefinitionArn,
      service
    )
    await tagService(context, target, service.arn)
    return started
  },
  watch: (context, rollouts, common) =>
    rollouts.length === 0
      ? []
      : [
          halted =>
            watchCodeDeployments(context, codeDeploymentsToWatch(rollouts), common.timeoutSeconds, {
              halted,
              observer: common.observer
            })
        ],
  dryRunWait({ settings }, releases) {
    const which = releases.map(
      release => `${release.deployment!.id} of service ${release.target.service}`
    )
    return `dry-run: would follow CodeDeploy deployment ${which.join(', ')} through its lifecycle events until it Succeeded, for up to ${formatSeconds(settings.timeoutSeconds)}`
  },
  async rollBack(context, requests, common) {
    // A release's deployment is stopped or followed by its way back within the watch; a
    // service as it runs (the command line) gets a CodeDeploy deployment of `to` now.
    const fresh = await Promise.all(
      requests
        .filter(request => !request.release.deployment)
        .map(async ({ release, to, service }) => {
          const { target } = release
          const id = await createCodeDeployment(
            context.services,
            target,
            codeDeployNames(target),
            to,
            { loadBalancers: service?.loadBalancers ?? [] },
            {
              description: `ecs-flow rollback to ${shortTaskDefinition(to)}`,
              dryRun: context.plan.dryRun
            }
          )
          release.rollback = { deploymentId: id, taskDefinitionArn: to }
          return (() =>
            watchCodeDeployments(
              context,
              [{ target, deploymentId: id, taskDefinitionArn: to }],
              common.timeoutSeconds
            )) satisfies Watch
        })
    )
    const ofRelease = requests.filter(request => request.release.deployment)
    return {
      started: ofRelease.length === 0,
      dryRunWatch: 'dry-run: would follow the CodeDeploy deployment until it Succeeded',
      deploymentLabel: 'CodeDeploy deployment',
      watches: [
        ...fresh,
        ...ofRelease.map(({ release, to }) => async () => {
          if (!isCodeDeployRelease(release))
            throw new ReleaseError(
              `service ${release.target.service}: no CodeDeploy deployment to roll back`
            )
          release.rollback = await rollBackThroughCodeDeploy(
            context,
            release,
            to,
            common.timeoutSeconds
          )
        })
      ]
    }
  },
  // A cancelled CodeDeploy deployment is stopped (rolled back) only when rollback is on.
  stopOnCancel: (state, services, { rollback }) =>
    rollback ? stopCodeDeploymentsOnCancel(state, services) : Promise.resolve(undefined)
}
