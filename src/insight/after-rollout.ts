import type { EcsApi } from '../aws/ecs-api.js'
import type { ElbApi } from '../aws/elb-api.js'
import type { Logger } from '../util/logger.js'
import { advise } from './advice.js'
import { collectFacts, type ServiceToRead, type TimingsJournal } from './observer.js'
import { timingsLog } from './render.js'

/** What the closing report reads with and says through. */
export interface AfterRolloutDependencies {
  ecs: EcsApi
  elb: () => ElbApi
  logger: Logger
}

/** One service the release rolled out. */
export interface RolledOut {
  cluster: string
  service: string
  deploymentId: string
  image?: string
}

/**
 * After a rollout that completed: the few reads the advice needs (the new tasks of each service,
 * the target groups its watch's polls listed and their attributes), the advice when asked for,
 * and the log's closing lines. Never throws: a read that fails leaves its line out, with a note.
 */
export async function closeTimings(
  journal: TimingsJournal,
  rolledOut: readonly RolledOut[],
  deps: AfterRolloutDependencies,
  options: { advice: boolean }
): Promise<void> {
  const toRead: ServiceToRead[] = rolledOut.map(entry => ({
    ...entry,
    // What the watch last read of the service: no DescribeServices of its own.
    targetGroupArns:
      journal.services.find(timings => timings.service === entry.service)?.targetGroupArns ?? []
  }))
  const facts = await collectFacts(journal, { ecs: deps.ecs, elb: deps.elb }, toRead)
  if (options.advice) journal.advice = advise(journal.services, facts)
  logTimings(journal, deps.logger)
}

/** The phases (and the advice, when there is some) in the log. */
export function logTimings(journal: TimingsJournal, logger: Logger): void {
  for (const line of timingsLog({
    services: journal.services,
    advice: journal.advice,
    notes: journal.notes
  }))
    logger.info(line)
}
