import type {
  DeploymentStrategy,
  RollbackCommon,
  RollbackContext,
  RollbackRequest,
  RollbackStart
} from './strategy.js'

/** A service to put back, with the strategy that knows how. */
export type StrategyRollback = RollbackRequest & { strategy: DeploymentStrategy }

/**
 * The one way back, for a failed release of one service or several and for the command line:
 * each strategy asks for its services' way back (in parallel; a strategy may instead ask
 * within its watches), and hands on the watches that see it through, to run together.
 */
export async function startRollbacks(
  context: RollbackContext,
  rollbacks: readonly StrategyRollback[],
  common: RollbackCommon
): Promise<RollbackStart[]> {
  const byStrategy = new Map<DeploymentStrategy, RollbackRequest[]>()
  for (const { strategy, ...request } of rollbacks)
    byStrategy.set(strategy, [...(byStrategy.get(strategy) ?? []), request])
  return Promise.all(
    [...byStrategy].map(([strategy, requests]) => strategy.rollBack(context, requests, common))
  )
}
