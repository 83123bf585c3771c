// The words of the settings, as values: the table (table.ts) and the types (types.ts) both use
// them, so they sit below both.

export const FLOWS = ['test', 'publish', 'deploy', 'promote'] as const
export type Flow = (typeof FLOWS)[number]
export type FlowChoice = Flow | 'auto'

/** Who records the GitHub Deployment: the job's `environment:` (GitHub), or ecs-flow itself. */
export const GITHUB_DEPLOYMENT_MODES = ['job', 'create'] as const
export type GitHubDeploymentMode = (typeof GITHUB_DEPLOYMENT_MODES)[number]

export const EVENT_KINDS = ['push', 'pull_request', 'workflow_dispatch'] as const

/**
 * Where the wait for a blue/green, linear or canary deployment stops: `complete` (SUCCESSFUL, the
 * old tasks gone) or `traffic-shifted` (production traffic on the new revision, ECS bakes it).
 */
export const WAIT_UNTIL = ['complete', 'traffic-shifted'] as const
export type WaitUntil = (typeof WAIT_UNTIL)[number]

/** What rolls back when one service of a release fails: every service updated, or only the failed. */
export const ROLLBACK_SCOPES = ['all', 'failed'] as const
export type RollbackScope = (typeof ROLLBACK_SCOPES)[number]
