// How one service's deployment is watched, verified and rolled back. Each way ECS deploys is one
// case here; `wait`, `verify` and `recover` switch on it, so another way is one more
// case and the functions it needs.

/**
 * `rolling`: the classic deployment, followed through DescribeServices, rolled back by
 * UpdateService. `stages`: an ECS-native blue/green, linear or canary service deployment,
 * followed by lifecycle stage, rolled back by StopServiceDeployment (or UpdateService once it is
 * SUCCESSFUL). `codedeploy`: a CODE_DEPLOY service, deployed, followed and rolled back through
 * CodeDeploy (src/codedeploy/).
 */
export type WatchStrategy = 'rolling' | 'stages' | 'codedeploy'

/** The strategies whose service deployments ECS runs through lifecycle stages. */
export const STAGED_STRATEGIES: readonly string[] = ['BLUE_GREEN', 'LINEAR', 'CANARY']

/** What ECS said about the service when it was updated (or described). */
export interface DeploymentKind {
  strategy?: string
  deploymentController?: string
}

/** Pure: how a service with this deployment configuration is watched and rolled back. */
export function watchStrategyOf(kind: DeploymentKind): WatchStrategy {
  if (kind.deploymentController === 'CODE_DEPLOY') return 'codedeploy'
  return kind.strategy !== undefined && STAGED_STRATEGIES.includes(kind.strategy)
    ? 'stages'
    : 'rolling'
}

/** For messages: `blue/green`, `linear`, `canary`. */
export function strategyLabel(strategy: string | undefined): string {
  return strategy === 'BLUE_GREEN' ? 'blue/green' : (strategy ?? 'rolling').toLowerCase()
}

/**
 * Pure: whether verify can run during BAKE_TIME, before the old tasks go: the service deploys by
 * stages, has something to verify, and bakes at least as long as verify may take. Otherwise
 * verify runs after SUCCESSFUL, as for a rolling update.
 */
export function verifyGatesBake(
  kind: DeploymentKind & { bakeTimeInMinutes?: number },
  verifyTimeoutSeconds: number
): boolean {
  return (
    watchStrategyOf(kind) === 'stages' && (kind.bakeTimeInMinutes ?? 0) * 60 >= verifyTimeoutSeconds
  )
}
