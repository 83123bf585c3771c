import { formatSeconds } from '../../util/duration.js'
import type { DeploymentStrategy } from '../strategy.js'
import {
  rollingRollbackStart,
  watchRolling,
  type ServiceDeploymentToWatch
} from '../rolling/watch.js'
import { deployExpress } from './deploy.js'
import { checkExpressService } from './preflight.js'
import { registerExpress } from './register.js'
import { rollBackExpress } from './roll-back.js'

/**
 * An ECS Express Mode service (`express-service`): chosen by the target's settings, not by how
 * DescribeServices shows the service behind it. ECS registers the revision on
 * UpdateExpressGatewayService and rolls it out as a rolling update of the service behind it, so
 * the watch is the rolling one; the way back sends the previous revision's container.
 */
export const express: DeploymentStrategy = {
  name: 'express',
  // Never by kind: the service behind an Express service looks like any rolling one.
  matches: () => false,
  claim: {
    claims: target => target.expressService !== undefined,
    check: (services, target, _settings, check) =>
      checkExpressService(services, target, check.reads)
  },
  checkService: async () => [],
  warnings: () => [],
  verifiesDuring: () => false,
  register: registerExpress,
  deploy: deployExpress,
  // The rollout ECS starts on the service behind it is a rolling update: watched as one.
  watch: (context, rollouts, common) => watchRolling(context, rollouts, common, false),
  dryRunWait: ({ settings }) =>
    `dry-run: would watch the deployment ECS starts for each Express service until it is PRIMARY, COMPLETED and alone, for up to ${formatSeconds(settings.timeoutSeconds)}`,
  async rollBack(context, requests, common) {
    const watched: ServiceDeploymentToWatch[] = []
    for (const request of requests) watched.push(await rollBackExpress(context, request))
    return rollingRollbackStart(context, watched, common)
  },
  // ECS carries the rolling update of the service behind it on by itself.
  stopOnCancel: async () => undefined
}
