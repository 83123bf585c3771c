import type { StepContext } from '../core/context.js'
import type { Registration, StartedDeployment } from '../core/state.js'
import type { Target } from '../settings/types.js'
import {
  STRATEGIES,
  chosenStrategy,
  confirmedStrategy,
  type StrategyList
} from '../strategies/index.js'

/**
 * The `deploy` step: the service's strategy, as preflight chose it, starts the deployment of the
 * registered revision (a service the release creates: the first strategy of the list, which
 * ECS's answer then confirms or corrects); the deployment records the strategy for `wait`, the
 * recovery and cancellation.
 */
export async function deploy(
  context: StepContext,
  request: { target: Target; registration: Registration },
  strategies: StrategyList = STRATEGIES
): Promise<StartedDeployment> {
  const { target } = request
  const chosen = chosenStrategy(context.state, target, strategies)
  const started = await (chosen ?? strategies.all[0]!).deploy(context, request)
  const strategy = confirmedStrategy(strategies, target, chosen, started, context.plan.dryRun)
  return { ...started, via: strategy.name }
}
