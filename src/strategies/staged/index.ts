import {
  ECS_ROLLBACK_DRY_RUN,
  deploysByStages,
  ecsWaitIntent,
  updateServiceBack
} from '../ecs-controller.js'
import type { DeploymentStrategy, PreflightWarning } from '../strategy.js'
import { deployByUpdateService } from '../update-service.js'
import { bakeOutlastsTimeoutWarning, bakeTooShortWarning, verifyGatesBake } from './bake.js'
import { requestStageRollbacksOnCancel } from './cancel.js'
import { pauseHookProblems, pauseIntent } from './pause.js'
import { rollBackStaged } from './roll-back.js'
import { watchStagedDeployment, watchStagedRollback } from './watch.js'

/**
 * An ECS-native blue/green, linear or canary service deployment: UpdateService, followed by
 * lifecycle stage (verify may run during BAKE_TIME), rolled back by StopServiceDeployment (or
 * UpdateService once it is SUCCESSFUL); a cancelled job asks ECS to roll it back.
 */
export const staged: DeploymentStrategy = {
  name: 'staged',
  matches: deploysByStages,
  checkService: async (_services, target, service, settings, { verifies }) =>
    pauseHookProblems(target, service, settings, verifies),
  warnings(service, { target, verifies }, settings) {
    const found: PreflightWarning[] = []
    const tooShort = bakeTooShortWarning(service, verifies, settings.verifyTimeoutSeconds)
    if (tooShort) found.push({ message: tooShort, title: 'ecs-flow: bake shorter than verify' })
    const tooLong =
      settings.wait &&
      bakeOutlastsTimeoutWarning(service, target.waitUntil ?? 'complete', settings.timeoutSeconds)
    if (tooLong) found.push({ message: tooLong, title: 'ecs-flow: bake longer than timeout' })
    return found
  },
  verifiesDuring: verifyGatesBake,
  deploy: deployByUpdateService,
  watch: (context, rollouts, common) =>
    rollouts.map(
      rollout => halted => watchStagedDeployment(context, rollout, { ...common, halted })
    ),
  dryRunWait: (context, releases) =>
    `${ecsWaitIntent(context)}\n${pauseIntent(context.settings, releases)}`,
  async rollBack(context, requests, common) {
    // A release's deployment: all of the way back happens in the watch, as ECS may still roll
    // it back in place. A service as it runs (the command line): a new deployment of `to`.
    const fresh = requests.filter(request => !request.release.deployment)
    const updated = await Promise.all(
      fresh.map(async ({ release, to }) => {
        const back = await updateServiceBack(context, release.target, to)
        release.rollback = back.record
        return { release, to, updated: back.updated }
      })
    )
    const options = { several: common.several, timeoutSeconds: common.timeoutSeconds }
    return {
      started: requests.length === fresh.length,
      dryRunWatch: ECS_ROLLBACK_DRY_RUN,
      deploymentLabel: 'deployment',
      watches: [
        ...updated.map(
          ({ release, to, updated }) =>
            () =>
              watchStagedRollback(context, release.target, updated, to, options)
        ),
        ...requests
          .filter(request => request.release.deployment)
          .map(({ release, to }) => async () => {
            release.rollback = await rollBackStaged(context, release, to, common.several)
          })
      ]
    }
  },
  stopOnCancel: (state, services) => requestStageRollbacksOnCancel(state, services)
}
