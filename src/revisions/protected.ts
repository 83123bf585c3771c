import type { EcsApi } from '../aws/ecs-api.js'
import type { EventsApi } from '../aws/events-api.js'
import type { SchedulerApi } from '../aws/scheduler-api.js'
import type { ConfigFile, Target } from '../settings/types.js'
import { configuredServices } from './config-clusters.js'
import type { ScheduledTaskHolder } from '../scheduled/holder.js'
import { protectedByRules } from './protected-by-rules.js'
import {
  protectedByScheduledTasks,
  protectedBySchedulesScan
} from './protected-by-scheduled-tasks.js'
import { protectedByServices } from './protected-by-services.js'
import { protectedByTasks } from './protected-by-tasks.js'
import { ProtectionReadError } from './read-failure.js'
import type { ProtectedRevision } from './select.js'

export { ProtectionReadError } from './read-failure.js'

/** The AWS reads the protection needs. */
export interface ProtectionReads {
  ecs: EcsApi
  events: EventsApi
  /** The rules and schedules named under `scheduled-tasks` anywhere in the config. */
  scheduledTasks?: readonly ScheduledTaskHolder[]
  /** Scans for schedules the config does not name; a failed scan is told to `warn`. */
  scheduler?: SchedulerApi
  warn?: (message: string) => void
}

export interface ReleasedRevision {
  family: string
  deployed: string
  rollbackTarget?: string
  /** Full ARNs of the family's revisions: where the cluster ARNs' region and account come from. */
  knownArns: readonly string[]
}

/**
 * Every revision keep-revisions must leave standing, with why, whatever N says: the one the
 * release deployed and the one its rollback would return to; what every service of the
 * released cluster and every service of every environment of the config file (`service:` and
 * `services:`, in their own clusters) runs and would roll back to; what the ECS targets of
 * every EventBridge rule that targets one of those clusters run; what the rules and Scheduler
 * schedules named under `scheduled-tasks` run; and what tasks of the family
 * run there outside any service. A read that fails or is denied throws a ProtectionReadError
 * naming it: nothing is deregistered on a guess.
 */
export async function protectedRevisions(
  { ecs, events, scheduledTasks = [], scheduler, warn = () => {} }: ProtectionReads,
  target: Target,
  config: ConfigFile,
  release: ReleasedRevision
): Promise<ProtectedRevision[]> {
  const found: ProtectedRevision[] = [
    { arn: release.deployed, reason: `deployed now on service ${target.service}` }
  ]
  if (release.rollbackTarget)
    found.push({
      arn: release.rollbackTarget,
      reason: `the rollback target of service ${target.service}`
    })
  const configured = configuredServices(target, config)
  const clusters = [...configured.byCluster.keys()]
  const clusterArns = clusters.map(cluster => clusterArn(cluster, release.knownArns))
  found.push(
    ...(await protectedByServices(ecs, configured, target)),
    ...(await protectedByRules(events, clusterArns, release.family)),
    ...(await protectedByScheduledTasks(scheduledTasks, release.family)),
    ...(scheduler
      ? await protectedBySchedulesScan(
          scheduler,
          clusterArns,
          release.family,
          scheduledTasks.map(holder => holder.ref),
          warn
        )
      : []),
    ...(await protectedByTasks(ecs, clusters, release.family))
  )
  return found
}

const ECS_ARN_PREFIX = /^(arn:[^:]+:ecs:[^:]+:\d{12}:)/

/**
 * The ARN of a cluster named in the config: rule targets name clusters by ARN only. The region
 * and account are those of the family's revisions (one ECS client reads them all).
 */
function clusterArn(cluster: string, knownArns: readonly string[]): string {
  if (cluster.startsWith('arn:')) return cluster
  for (const arn of knownArns) {
    const prefix = ECS_ARN_PREFIX.exec(arn)?.[1]
    if (prefix) return `${prefix}cluster/${cluster}`
  }
  throw new ProtectionReadError(
    `the ARN of cluster ${cluster}`,
    new Error('no task definition ARN of the family names the region and account')
  )
}
