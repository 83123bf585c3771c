// The lifecycle of an ECS deployment through CodeDeploy, in the order CodeDeploy runs it.

/** Every lifecycle event of an ECS blue/green deployment, in order. */
export const ECS_LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic'
] as const

/** Deployment statuses from which CodeDeploy moves on by itself (StopDeployment still applies). */
export const UNFINISHED_STATUSES = new Set(['Created', 'Queued', 'InProgress', 'Baking', 'Ready'])

/** A lifecycle event status that will not change again. */
export const FINAL_EVENT_STATUSES = new Set(['Succeeded', 'Failed', 'Skipped'])
