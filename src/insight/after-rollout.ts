import type { EcsApi } from '../aws/ecs-api.js'
import type { ElbApi } from '../aws/elb-api.js'
import { findService } from '../aws/services.js'
import type { Logger } from '../util/logger.js'
import { errorMessage } from '../util/errors.js'
import { advise } from './advice.js'
import { collectFacts, isDenied, type ServiceToRead, type TimingsJournal } from './observer.js'
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
 * After a rollout that completed: the few reads the advice needs (one DescribeServices per
 * service for its target groups, its new tasks, each target group and its attributes), the
 * advice when asked for, and the log's closing lines. Never throws: a read that fails leaves its
 * line out, with a note.
 */
export async function closeTimings(
  journal: TimingsJournal,
  rolledOut: readonly RolledOut[],
  deps: AfterRolloutDependencies,
  options: { advice: boolean }
): Promise<void> {
  const toRead: ServiceToRead[] = []
  for (const entry of rolledOut) {
    let targetGroupArns: string[] = []
    try {
      const answer = await deps.ecs.describeServices(entry.cluster, [entry.service])
      targetGroupArns = findService(answer, entry.service)?.targetGroupArns ?? []
    } catch (error) {
      journal.notes.push(
        `no target-group advice for ${entry.service}: ${isDenied(error) ? 'ecs:DescribeServices was refused' : `the service could not be read (${errorMessage(error)})`}`
      )
    }
    toRead.push({ ...entry, targetGroupArns })
  }
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
