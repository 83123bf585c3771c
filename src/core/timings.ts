// The vocabulary of where a rollout's time went, as the release state keeps it: plain data that
// insight/ records and renders and the summary reads.

/** The milestones of one service's rollout, in the order they come. */
export const MILESTONES = [
  'registered',
  'placed',
  'pulled',
  'running',
  'healthy',
  'traffic-shifted',
  'drained',
  'done'
] as const

export type Milestone = (typeof MILESTONES)[number]

/** Where a milestone's time comes from: a poll that first saw it, or ECS's own timestamp. */
export type Source = 'poll' | 'ecs'

/** One service's rollout as measured. */
export interface ServiceTimings {
  cluster: string
  service: string
  /** The deployment strategy that rolled it out (rolling, staged, codedeploy). */
  strategy: string
  /** ms since the epoch, each milestone once; `source` says how it was measured. */
  seen: Partial<Record<Milestone, { at: number; source: Source }>>
  /** A staged deployment's drained milestone is the end of its bake. */
  bake?: boolean
  /** The target groups the service's last poll listed (the advice reads their settings). */
  targetGroupArns?: string[]
  /** Target groups first seen with every target healthy, by ARN (ms). */
  targetsHealthy: Record<string, number>
  /** ECS's task timestamps of the new revision's tasks, read once the rollout ended. */
  tasks?: TaskTimes
  /** The rollout ended in a failure: the phases stop where it stopped. */
  failed?: boolean
}

/** The new revision's tasks as DescribeTasks tells their lives (ms). */
export interface TaskTimes {
  count: number
  firstCreatedAt?: number
  firstPullStartedAt?: number
  lastPullStoppedAt?: number
  /** The longest single task's pull. */
  longestPullMs?: number
  lastStartedAt?: number
  /** Tasks whose containers report HEALTHY. */
  healthy: number
}

/** A change that would have made this release faster, and by how much. */
export interface Advice {
  service: string
  /** The resource whose setting to change (a target group's name, an image, …). */
  resource: string
  setting: string
  /** What to set, and why, in one sentence. */
  change: string
  savedSeconds: number
  /** How `savedSeconds` follows from what was measured. */
  formula: string
}

/** Where the timings of a release are kept, and the one-line notes of refused reads. */
export interface TimingsJournal {
  services: ServiceTimings[]
  notes: string[]
  /** The advice, once the rollout completed and the facts were read (absent: advice: false). */
  advice?: Advice[]
}
