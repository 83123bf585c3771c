import type { PauseRecord, ReleaseState, StageJournal } from '../core/state.js'
import { formatSeconds } from '../util/duration.js'
import { escapeMarkdown, inlineCode } from '../util/escape.js'

/**
 * The job summary's stage timelines: one table per blue/green, linear or canary service
 * deployment (stage, when ECS entered it, how long it lasted), then how it ended — the stage and
 * ECS's reason for a failure. Stage names and reasons are ECS's text: escaped.
 */
export function stageTimelineMarkdown(state: ReleaseState): string[] {
  const lines: string[] = []
  for (const journal of state.stages ?? []) {
    if (journal.stages.length === 0 && !journal.end) continue
    const purpose = journal.purpose === 'rollback' ? ' (rollback)' : ''
    lines.push(
      `### Stages of ${inlineCode(journal.service)}${purpose}`,
      '',
      '| stage | at | duration |',
      '|---|---|---|'
    )
    const start = journal.stages[0]?.at ?? 0
    // ECS carries on past where the watch stopped: the last stage's length is not known.
    const carriesOn =
      journal.end?.status === 'stage-reached' ||
      journal.end?.status === 'traffic-shifted' ||
      journal.end?.status === 'paused'
    journal.stages.forEach((entry, index) => {
      const until = journal.stages[index + 1]?.at ?? (carriesOn ? undefined : journal.end?.at)
      const clock = new Date(entry.at).toISOString().slice(11, 19)
      const at = `${clock} (+${formatSeconds((entry.at - start) / 1000)})`
      // A stage passed between two polls: only "by when" is known, not how long it lasted.
      const [when, duration] = entry.between
        ? [`passed between polls, by ${at}`, '—']
        : [at, until === undefined ? 'ongoing' : formatSeconds((until - entry.at) / 1000)]
      lines.push(`| ${escapeMarkdown(entry.stage)} | ${when} | ${duration} |`)
    })
    lines.push('', ...endLines(journal), '')
  }
  return lines
}

/** Where to follow a service deployment ECS carries on with. */
function followIn(journal: StageJournal): string {
  const api = journal.serviceDeploymentArn
    ? `with ${inlineCode(`aws ecs describe-service-deployments --service-deployment-arns ${journal.serviceDeploymentArn}`)} or `
    : ''
  return `${api}on the Deployments tab of service ${inlineCode(journal.service)} in the ECS console`
}

function endLines(journal: StageJournal): string[] {
  const lines: string[] = []
  if (journal.verifiedAtBake)
    lines.push('Verify passed during BAKE_TIME, before the old tasks went.')
  if (journal.rollbackRequested)
    lines.push(
      `Rollback requested (StopServiceDeployment ROLLBACK): ${escapeMarkdown(journal.rollbackRequested.why)}.`
    )
  for (const pause of journal.pauses ?? []) lines.push(pauseLine(pause))
  const end = journal.end
  if (!end) return lines
  switch (end.status) {
    case 'successful':
      lines.push('**SUCCESSFUL**: the new revision serves all traffic, the old tasks are gone.')
      break
    case 'traffic-shifted':
      lines.push(
        '**Traffic shifted**: production traffic is on the new revision; ecs-flow stopped waiting (`wait-until: traffic-shifted`), ECS finishes the bake and removes the old tasks on its own.'
      )
      break
    case 'stage-reached': {
      const now = end.now === end.stage ? '' : ` (ECS was in ${inlineCode(end.now)} by then)`
      lines.push(
        `**Reached ${escapeMarkdown(end.stage)}**${now}: ecs-flow stopped watching there (\`wait-until: ${escapeMarkdown(end.stage)}\`) and ran the steps after the wait; ECS carries the deployment on to SUCCESSFUL on its own. Follow it ${followIn(journal)}.`
      )
      break
    }
    case 'failed':
      lines.push(
        `**Failed**${end.failedIn ? ` in ${inlineCode(end.failedIn)}` : ''}: ${escapeMarkdown(end.reason)}`
      )
      break
    case 'rolled-back':
      lines.push(
        '**Rolled back**: ECS reports ROLLBACK_SUCCESSFUL, the previous revision serves again.'
      )
      break
    case 'rollback-failed':
      lines.push('**Rollback failed**: ECS reports ROLLBACK_FAILED; both revisions may still run.')
      break
    case 'paused': {
      const expires =
        end.expiresAt === undefined ? '' : `, times out at ${new Date(end.expiresAt).toISOString()}`
      lines.push(
        `**Paused** at ${escapeMarkdown(end.stage)}, awaiting approval (PAUSE hook ${inlineCode(end.hookId)}${expires}, then ${escapeMarkdown(end.timeoutAction)}): a job with \`flow: continue\` and \`decision: continue\` or \`rollback\` answers it.`
      )
      break
    }
  }
  return lines
}

/** A pause and who or what answered it (the continue job's actor and run URL are escaped). */
function pauseLine(pause: PauseRecord): string {
  const at = new Date(pause.at).toISOString().slice(11, 19)
  const head = `Paused at ${escapeMarkdown(pause.stage)} (PAUSE hook ${inlineCode(pause.hookId)}) at ${at}`
  if (!pause.answeredBy) return `${head}.`
  const when =
    pause.answeredAt === undefined
      ? ''
      : ` after ${formatSeconds(Math.max(0, pause.answeredAt - pause.at) / 1000)}`
  const run = pause.runUrl ? ` (run ${inlineCode(pause.runUrl)})` : ''
  return `${head}: ${escapeMarkdown(pause.action ?? 'answered')} by ${escapeMarkdown(pause.answeredBy)}${run}${when}.`
}
