import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { StepContext } from '../core/context.js'
import type { Registration, RevisionCleanupReport } from '../core/state.js'
import { listAllRevisions } from '../revisions/list.js'
import { ProtectionReadError, protectedRevisions } from '../revisions/protected.js'
import { parseRevision } from '../revisions/revision-ref.js'
import { selectRevisionsToDeregister } from '../revisions/select.js'
import { holderFor } from '../scheduled/holder-for.js'
import { familyOf } from '../scheduled/targets.js'
import { configuredScheduledTasks } from '../revisions/protected-by-scheduled-tasks.js'
import type { Target } from '../settings/types.js'
import { errorMessage } from '../util/errors.js'

/**
 * The `keep-revisions` step, after a successful release: deregisters the ACTIVE revisions of the
 * released family beyond the newest `keep-revisions`, never a protected one (see
 * protectedRevisions: what services, rules and tasks run or would roll back to), and deletes
 * them too with delete-revisions. A protection read that fails keeps every revision. The
 * release has succeeded by now, so a failure here is a warning, never a failed release.
 */
export async function keepRevisions(
  { settings, plan, services }: StepContext,
  { target, registration }: { target: Target; registration: Registration }
): Promise<RevisionCleanupReport> {
  const report: RevisionCleanupReport = { families: [], predicted: plan.dryRun }
  const { logger } = services
  try {
    const ecs = services.aws.ecs()
    const family = familyOf(registration.taskDefinitionArn)
    if (!family) throw new Error(`cannot read the family of ${registration.taskDefinitionArn}`)
    const revisions = await listAllRevisions(token => ecs.listTaskDefinitions(family, token), {
      family
    })
    const guarded = await protectedRevisions(
      {
        ecs,
        events: services.aws.events(),
        scheduledTasks: configuredScheduledTasks(target, settings.config).map(ref =>
          holderFor(ref, services.aws, logger)
        ),
        scheduler: services.aws.scheduler(),
        warn: message => logger.warning(message, 'ecs-flow: keep-revisions')
      },
      target,
      settings.config,
      {
        family,
        deployed: registration.taskDefinitionArn,
        rollbackTarget:
          registration.rollbackTarget?.taskDefinitionArn ?? registration.previousTaskDefinitionArn,
        knownArns: [registration.taskDefinitionArn, ...revisions]
      }
    )
    const cleanup = selectRevisionsToDeregister({
      family,
      revisions,
      keep: target.keepRevisions!,
      // A dry run's predicted revision is no ARN ECS knows: nothing to protect.
      protected: guarded.filter(entry => parseRevision(entry.arn) !== undefined),
      keepSetting: 'keep-revisions'
    })
    const entry = {
      family,
      deregistered: [] as string[],
      deleted: [] as string[],
      kept: cleanup.kept.map(kept => ({
        revision: `${kept.family}:${kept.revision}`,
        reasons: kept.reasons
      }))
    }
    report.families.push(entry)
    for (const kept of entry.kept)
      logger.info(`keeping ${kept.revision}: ${kept.reasons.join('; ')}`)
    for (const ref of cleanup.deregister) {
      await ecs.deregisterTaskDefinition(ref.arn)
      entry.deregistered.push(ref.arn)
      if (!plan.dryRun) logger.info(`deregistered ${shortTaskDefinition(ref.arn)}`)
    }
    if (cleanup.deregister.length === 0) logger.info(`no revision of ${family} to deregister`)
    if (target.deleteRevisions && entry.deregistered.length > 0) {
      const refused = await ecs.deleteTaskDefinitions(entry.deregistered)
      const refusedArns = new Set(refused.map(item => item.arn))
      entry.deleted = entry.deregistered.filter(arn => !refusedArns.has(arn))
      if (!plan.dryRun && entry.deleted.length > 0)
        logger.info(`deleted ${entry.deleted.map(shortTaskDefinition).join(', ')}`)
      if (refused.length > 0)
        throw new Error(
          `DeleteTaskDefinitions refused ${refused.map(item => `${shortTaskDefinition(item.arn)} (${item.reason})`).join(', ')}`
        )
    }
  } catch (error) {
    report.warning =
      error instanceof ProtectionReadError
        ? `keep-revisions kept every revision: ${errorMessage(error)}. What it would have protected is unknown, so nothing was deregistered. The release itself succeeded.`
        : `keep-revisions did not finish: ${errorMessage(error)}. The release itself succeeded.`
    logger.warning(report.warning, 'ecs-flow: keep-revisions')
  }
  return report
}
