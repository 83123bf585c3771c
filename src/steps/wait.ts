import type { StepContext } from '../core/context.js'
import { watchTogether } from '../rollout/watch-together.js'
import { STRATEGIES, type StrategyList } from '../strategies/index.js'
import type { DeploymentStrategy, RolloutToWatch } from '../strategies/strategy.js'

export type { RolloutToWatch } from '../strategies/strategy.js'

/**
 * The `wait` step: watch the deployments `deploy` started, each service by its own strategy,
 * all at once, until every one is done or the first fails.
 */
export async function wait(
  context: StepContext,
  rollouts: readonly RolloutToWatch[],
  strategies: StrategyList = STRATEGIES
): Promise<void> {
  const common = { several: rollouts.length > 1, timeoutSeconds: context.settings.timeoutSeconds }
  const byStrategy = new Map<DeploymentStrategy, RolloutToWatch[]>()
  for (const rollout of rollouts) {
    const strategy = strategies.of(rollout.deployment)
    byStrategy.set(strategy, [...(byStrategy.get(strategy) ?? []), rollout])
  }
  await watchTogether(
    [...byStrategy].flatMap(([strategy, group]) => strategy.watch(context, group, common))
  )
}
