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

/** The events an AppSpec may hang a Lambda hook on (the others are CodeDeploy's own work). */
export const ECS_HOOK_EVENTS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic'
] as const

export type EcsHookEvent = (typeof ECS_HOOK_EVENTS)[number]

/** Deployment statuses from which CodeDeploy moves on by itself (StopDeployment still applies). */
export const UNFINISHED_STATUSES = new Set(['Created', 'Queued', 'InProgress', 'Baking', 'Ready'])

/** A lifecycle event status that will not change again. */
export const FINAL_EVENT_STATUSES = new Set(['Succeeded', 'Failed', 'Skipped'])
