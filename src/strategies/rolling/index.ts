import type { DeploymentStrategy } from '../strategy.js'
import {
  deploysByStages,
  ecsWaitIntent,
  onEcsController,
  updateServiceBack
} from '../ecs-controller.js'
import { stageWaitProblems } from '../stage-wait.js'
import { deployByUpdateService } from '../update-service.js'
import { rollingRollbackStart, watchRolling, type ServiceDeploymentToWatch } from './watch.js'

/**
 * The classic deployment: UpdateService, followed through DescribeServices (the services of a
 * release together, one call per cluster and poll), rolled back by UpdateService.
 */
export const rolling: DeploymentStrategy = {
  name: 'rolling',
  matches: service => onEcsController(service) && !deploysByStages(service),
  checkService: async (_services, target, service, settings) =>
    stageWaitProblems(
      target,
      service,
      settings,
      'deploys by rolling update: it has no lifecycle stages, and its wait ends when the deployment is PRIMARY, COMPLETED and alone'
    ),
  warnings: () => [],
  verifiesDuring: () => false,
  deploy: deployByUpdateService,
  watch: (context, rollouts, common) => watchRolling(context, rollouts, common, true),
  dryRunWait: ecsWaitIntent,
  async rollBack(context, requests, common) {
    // Every UpdateService first, then one watcher for all of them.
    const watched: ServiceDeploymentToWatch[] = await Promise.all(
      requests.map(async ({ release, to, from }) => {
        const { record } = await updateServiceBack(context, release.target, to)
        release.rollback = record
        return {
          target: release.target,
          deploymentId: record.deploymentId,
          taskDefinitionArn: to,
          previousTaskDefinitionArn: from
        }
      })
    )
    return rollingRollbackStart(context, watched, common)
  },
  // ECS carries a rolling update on by itself; nothing to ask for.
  stopOnCancel: async () => undefined
}
