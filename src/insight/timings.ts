// What a rollout spent its time on, kept as the watch saw it: each milestone the first time a
// poll (or ECS's own timestamps) showed it. Pure: the watch feeds observations in, the advisor
// and the renderer read the record out. Plain data, so it lives in the release state.

import type { TaskInfo } from '../aws/ecs-api.js'
import {
  MILESTONES,
  type Milestone,
  type ServiceTimings,
  type Source,
  type TaskTimes
} from '../core/timings.js'

export { MILESTONES }
export type { Milestone, ServiceTimings, Source, TaskTimes }

/** How the phase that ends at each milestone is named in the log and the summary. */
export const PHASE_NAMES: Record<Milestone, string> = {
  registered: 'registered',
  placed: 'new tasks placed',
  pulled: 'image pulled',
  running: 'containers running',
  healthy: 'healthy',
  'traffic-shifted': 'traffic shifted',
  drained: 'old revision drained',
  done: 'done'
}

/** One phase: the stretch between the previous measured milestone and this one. */
export interface Phase {
  milestone: Milestone
  name: string
  startAt: number
  endAt: number
  seconds: number
  source: Source
}

export function newServiceTimings(
  cluster: string,
  service: string,
  strategy: string,
  registeredAt: number
): ServiceTimings {
  return {
    cluster,
    service,
    strategy,
    seen: { registered: { at: registeredAt, source: 'poll' } },
    targetsHealthy: {}
  }
}

/** Records `milestone` at `at` unless an earlier observation already did. */
export function sawMilestone(
  timings: ServiceTimings,
  milestone: Milestone,
  at: number,
  source: Source = 'poll'
): void {
  if (!timings.seen[milestone]) timings.seen[milestone] = { at, source }
}

/** The counts one DescribeServices showed of the new deployment and of the ones it replaces. */
export interface DeploymentCounts {
  desired: number
  pending: number
  running: number
  /** Tasks the other deployments (the old revision) still run. */
  othersRunning: number
  /** Deployments besides the new one that ECS still lists. */
  others: number
}

/** A rolling deployment as one poll saw it. */
export function sawDeployment(timings: ServiceTimings, at: number, counts: DeploymentCounts): void {
  if (counts.pending + counts.running > 0) sawMilestone(timings, 'placed', at)
  if (counts.desired > 0 && counts.running >= counts.desired && counts.pending === 0)
    sawMilestone(timings, 'running', at)
  if (timings.seen.running && counts.others === 0 && counts.othersRunning === 0)
    sawMilestone(timings, 'drained', at)
}

/**
 * A staged deployment's lifecycle stage as one poll saw it: SCALE_UP places the new tasks,
 * BAKE_TIME comes once production traffic has shifted, CLEAN_UP once the bake ended.
 */
export function sawStage(timings: ServiceTimings, at: number, stage: string): void {
  timings.bake = true
  if (stage === 'SCALE_UP') sawMilestone(timings, 'placed', at)
  if (stage === 'TEST_TRAFFIC_SHIFT' || stage === 'POST_TEST_TRAFFIC_SHIFT')
    sawMilestone(timings, 'healthy', at)
  if (stage === 'BAKE_TIME' || stage === 'CLEAN_UP') sawMilestone(timings, 'traffic-shifted', at)
  if (stage === 'CLEAN_UP') sawMilestone(timings, 'drained', at)
}

/** A CodeDeploy lifecycle event that succeeded, as one poll saw it. */
export function sawLifecycleEvent(timings: ServiceTimings, at: number, event: string): void {
  // CodeDeploy dates each event's end: its own timestamp, not a poll's.
  if (event === 'Install') sawMilestone(timings, 'running', at, 'ecs')
  if (event === 'AfterInstall' || event === 'BeforeAllowTraffic')
    sawMilestone(timings, 'healthy', at, 'ecs')
  if (event === 'AllowTraffic') sawMilestone(timings, 'traffic-shifted', at, 'ecs')
}

/**
 * A target group first seen with every target healthy (and none still initial): target health
 * has no timestamps, so the poll that saw it is the time. Healthy once all groups are.
 */
export function sawTargetsHealthy(
  timings: ServiceTimings,
  at: number,
  targetGroupArn: string,
  targetGroupCount: number
): void {
  timings.targetsHealthy[targetGroupArn] ??= at
  if (Object.keys(timings.targetsHealthy).length >= targetGroupCount)
    sawMilestone(timings, 'healthy', at)
}

/** The rollout ended: done, or failed where it stood. */
export function sawEnd(timings: ServiceTimings, at: number, failed = false): void {
  if (failed) timings.failed = true
  else sawMilestone(timings, 'done', at)
}

/**
 * ECS's task timestamps replace the polls' guesses where they are finer: the first task placed,
 * the last pull finished, the last task RUNNING. A later milestone never moves before them.
 */
export function sawTasks(timings: ServiceTimings, tasks: TaskTimes): void {
  timings.tasks = tasks
  const exact = (milestone: Milestone, at: number | undefined) => {
    if (at === undefined) return
    const seen = timings.seen[milestone]
    if (!seen || seen.source === 'poll') timings.seen[milestone] = { at, source: 'ecs' }
  }
  exact('placed', tasks.firstCreatedAt)
  exact('pulled', tasks.lastPullStoppedAt)
  exact('running', tasks.lastStartedAt)
}

/** The tasks' times summed up from DescribeTasks' answer. */
export function taskTimesOf(
  tasks: readonly Pick<
    TaskInfo,
    'createdAt' | 'pullStartedAt' | 'pullStoppedAt' | 'startedAt' | 'healthStatus'
  >[]
): TaskTimes {
  const min = (values: (number | undefined)[]) => pick(values, Math.min)
  const max = (values: (number | undefined)[]) => pick(values, Math.max)
  const pulls = tasks.map(task =>
    task.pullStartedAt !== undefined && task.pullStoppedAt !== undefined
      ? task.pullStoppedAt - task.pullStartedAt
      : undefined
  )
  return {
    count: tasks.length,
    firstCreatedAt: min(tasks.map(task => task.createdAt)),
    firstPullStartedAt: min(tasks.map(task => task.pullStartedAt)),
    lastPullStoppedAt: max(tasks.map(task => task.pullStoppedAt)),
    longestPullMs: max(pulls),
    lastStartedAt: max(tasks.map(task => task.startedAt)),
    healthy: tasks.filter(task => task.healthStatus === 'HEALTHY').length
  }
}

function pick(
  values: (number | undefined)[],
  choose: (...values: number[]) => number
): number | undefined {
  const known = values.filter((value): value is number => value !== undefined)
  return known.length > 0 ? choose(...known) : undefined
}

/**
 * The phases, in milestone order: each from the previous measured milestone to its own. A
 * milestone seen before an earlier one (two in one poll, or a poll behind ECS's timestamp)
 * counts as reached with it: no phase is negative.
 */
export function phasesOf(timings: ServiceTimings): Phase[] {
  const phases: Phase[] = []
  let previous = timings.seen.registered?.at
  if (previous === undefined) return phases
  for (const milestone of MILESTONES.slice(1)) {
    const seen = timings.seen[milestone]
    if (!seen) continue
    const endAt = Math.max(seen.at, previous)
    phases.push({
      milestone,
      name: milestone === 'drained' && timings.bake ? 'bake ended' : PHASE_NAMES[milestone],
      startAt: previous,
      endAt,
      seconds: (endAt - previous) / 1000,
      source: seen.source
    })
    previous = endAt
  }
  return phases
}

/** The seconds of the phase ending at `milestone`, when it was measured. */
export function phaseSeconds(timings: ServiceTimings, milestone: Milestone): number | undefined {
  return phasesOf(timings).find(phase => phase.milestone === milestone)?.seconds
}
