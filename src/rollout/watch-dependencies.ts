import type { EcsApi } from '../aws/ecs-api.js'
import type { LogsApi } from '../aws/logs-api.js'
import type { RolloutJournal } from '../core/state.js'
import type { RolloutObserver } from '../insight/observer.js'
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'

// What a rollout watcher and its view are given: a module of its own, so that the watcher and
// the view both import it and neither imports the other.

export interface WatchDependencies {
  ecs: EcsApi
  clock: Clock
  logger: Logger
  /** [0, 1); jitters the poll interval so many runners do not poll in step. */
  random?: () => number
  /** Where the timeline and the events seen are kept for the job summary. */
  journal?: RolloutJournal
  /** CloudWatch Logs, for the crashed containers' last lines (none: no last lines). */
  logs?: LogsApi
  /** True once another watch of the release failed: stop polling, say nothing more. */
  halted?: () => boolean
  /** Told what each poll saw, for where the time went (absent: a rollback's watch). */
  observer?: RolloutObserver
}

export interface WatchOptions {
  pollIntervalSeconds: number
  /** Prefix each line with the service's name (default: when this watch has several). */
  prefixServices?: boolean
}
