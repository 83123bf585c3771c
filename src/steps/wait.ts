import type { StepContext } from '../core/context.js'
import { closeTimings, logTimings } from '../insight/after-rollout.js'
import { TimingsObserver, newTimingsJournal } from '../insight/observer.js'
import { watchTogether } from '../rollout/watch-together.js'
import { STRATEGIES, type StrategyList } from '../strategies/index.js'
import type { DeploymentStrategy, RolloutToWatch } from '../strategies/strategy.js'

export type { RolloutToWatch } from '../strategies/strategy.js'

/**
 * The `wait` step: watch the deployments `deploy` started, each service by its own strategy,
 * all at once, until every one is done or the first fails. The watches tell an observer what
 * they see: where the time went, logged at the end (with the advice once all completed).
 */
export async function wait(
  context: StepContext,
  rollouts: readonly RolloutToWatch[],
  strategies: StrategyList = STRATEGIES
): Promise<void> {
  const { services, state, settings } = context
  const journal = (state.timings ??= newTimingsJournal())
  const observer = new TimingsObserver(
    journal,
    () => services.aws.elb(),
    rollouts.map(rollout => ({
      cluster: rollout.target.cluster,
      service: rollout.target.service,
      strategy: strategies.of(rollout.deployment).name
    })),
    registeredAt(context)
  )
  const common = {
    several: rollouts.length > 1,
    timeoutSeconds: settings.timeoutSeconds,
    observer
  }
  const byStrategy = new Map<DeploymentStrategy, RolloutToWatch[]>()
  for (const rollout of rollouts) {
    const strategy = strategies.of(rollout.deployment)
    byStrategy.set(strategy, [...(byStrategy.get(strategy) ?? []), rollout])
  }
  try {
    await watchTogether(
      [...byStrategy].flatMap(([strategy, group]) => strategy.watch(context, group, common))
    )
  } catch (error) {
    // A failed rollout's phases still say where it stood; advice is for releases that completed.
    logTimings(journal, services.logger)
    throw error
  }
  await closeTimings(
    journal,
    rollouts.map(({ target, deployment }) => ({
      cluster: target.cluster,
      service: target.service,
      deploymentId: deployment.id,
      image: state.image?.reference
    })),
    { ecs: services.aws.ecs(), elb: () => services.aws.elb(), logger: services.logger },
    { advice: settings.advice }
  )
}

/** When the revision was registered: the end of the register step, else now. */
function registeredAt({ state, services }: StepContext): number {
  const register = state.steps.find(step => step.step === 'register')
  return register ? register.startedAt + register.seconds * 1000 : services.clock.now()
}
