// The words of the settings, as values: the table (table.ts) and the types (types.ts) both use
// them, so they sit below both.

export const FLOWS = ['test', 'publish', 'deploy', 'promote', 'continue'] as const
export type Flow = (typeof FLOWS)[number]
export type FlowChoice = Flow | 'auto'

/** Who records the GitHub Deployment: the job's `environment:` (GitHub), or ecs-flow itself. */
export const GITHUB_DEPLOYMENT_MODES = ['job', 'create'] as const
/**
 * What a blue/green, linear or canary deployment paused at a PAUSE lifecycle hook gets:
 * verify (run the release's verify, then CONTINUE or ROLLBACK), continue (CONTINUE at once),
 * approve (a later job decides; refused until it exists).
 */
export const ON_PAUSE = ['verify', 'continue', 'approve'] as const
/** flow continue: how the paused PAUSE hook is answered (ContinueServiceDeployment's action). */
export const DECISIONS = ['continue', 'rollback'] as const
export type Decision = (typeof DECISIONS)[number]
export type OnPause = (typeof ON_PAUSE)[number]
export type GitHubDeploymentMode = (typeof GITHUB_DEPLOYMENT_MODES)[number]

export const EVENT_KINDS = ['push', 'pull_request', 'workflow_dispatch'] as const

/** ECS's lifecycle stages of a blue/green, linear or canary service deployment, in order. */
export const LIFECYCLE_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
] as const
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]

/**
 * Where the wait stops: `complete` (ECS's verdict: a rolling deployment COMPLETED, early when its
 * service has early success criteria; a staged one SUCCESSFUL), `drained` (complete, and a
 * rolling service's old tasks gone too), `traffic-shifted` (production traffic on the new
 * revision, ECS bakes it), or one of ECS's lifecycle stages (once the deployment has entered or
 * passed it). The last two apply to blue/green, linear and canary services only.
 */
export const WAIT_UNTIL = ['complete', 'drained', 'traffic-shifted', ...LIFECYCLE_STAGES] as const
export type WaitUntil = (typeof WAIT_UNTIL)[number]

/** Whether a wait-until value names one of ECS's lifecycle stages. */
export function isLifecycleStage(value: string | undefined): value is LifecycleStage {
  return (LIFECYCLE_STAGES as readonly (string | undefined)[]).includes(value)
}

/** What rolls back when one service of a release fails: every service updated, or only the failed. */
export const ROLLBACK_SCOPES = ['all', 'failed'] as const
export type RollbackScope = (typeof ROLLBACK_SCOPES)[number]
