import { planTarget, type Plan } from '../plan/plan.js'
import type { LiveRevision, ReleaseState, StepRecord, TimelineEntry } from '../core/state.js'
import { codeBlock, escapeMarkdown, inlineCode } from '../util/escape.js'
import { servicesJson } from './outputs.js'
import { revisionsAndSchedulesMarkdown } from './revisions-and-schedules.js'
import { stageTimelineMarkdown } from './stage-timeline.js'
import { timingsMarkdown } from '../insight/render.js'
import { targetsMarkdown, touchedTargets } from './targets.js'

export interface SummaryInput {
  plan?: Plan
  state: ReleaseState
  elapsedSeconds: number
  region?: string
  /** The failure's message, when the release failed. */
  failure?: string
  /** When the rollout happened: update, tasks started, steady, drained. */
  timeline?: TimelineEntry[]
  /** The last service events, newest last, shown on failure. */
  events?: string[]
}

const STEP_ICONS: Record<StepRecord['outcome'], string> = {
  success: '✅',
  failure: '❌',
  running: '⏳ running',
  cancelled: '⏹️ cancelled'
}

const ICONS: Record<string, string> = {
  tested: '✅',
  published: '✅',
  deployed: '✅',
  unchanged: '✅',
  planned: '📝',
  skipped: '⏭️',
  'rolled-back': '↩️',
  paused: '⏸️',
  failed: '❌'
}

/**
 * The job summary as Markdown: what was released where, how long each part took, and why it
 * failed. Text from outside (ref names, reasons, ECS events, error messages, image names) is
 * escaped: shown as written, it never renders as HTML, a link, an image or a table column.
 */
export function renderSummary(input: SummaryInput): string {
  const { plan, state } = input
  const result = state.result ?? 'failed'
  const lines: string[] = []
  const where = plan?.environment ? ` to ${escapeMarkdown(plan.environment)}` : ''
  lines.push(
    `## ${ICONS[result] ?? ''} ecs-flow: ${plan?.flow ?? 'no plan'}${where} — ${result}`,
    ''
  )
  lines.push('| | |', '|---|---|')
  if (plan) {
    lines.push(`| Flow | \`${plan.flow}\` (${escapeMarkdown(plan.reason)}) |`)
    if (plan.environment) lines.push(`| Environment | ${inlineCode(plan.environment)} |`)
    const target = planTarget(plan)
    if (target)
      lines.push(`| Service | ${inlineCode(target.cluster)} / ${inlineCode(target.service)} |`)
    const releaseTag = plan.flow === 'promote' ? plan.releaseTag : undefined
    if (plan.sha)
      lines.push(
        `| Commit | ${inlineCode(plan.sha.slice(0, 12))}${releaseTag ? ` (tag ${inlineCode(releaseTag)})` : ''} |`
      )
  }
  if (state.image) lines.push(`| Image | ${inlineCode(state.image.reference)} |`)
  const releases = state.services ?? []
  // One service is a list of one: these rows describe the first.
  const first = releases[0]
  const registration = first?.registration
  if (registration) {
    const before = revision(registration.previousTaskDefinitionArn) ?? '—'
    const after = registration.predicted
      ? 'a new revision (dry-run)'
      : (revision(registration.taskDefinitionArn) ?? '—')
    lines.push(
      `| Task definition | ${inlineCode(before)} → ${inlineCode(after)}${registration.unchanged ? ' (unchanged, reused)' : ''} |`
    )
  }
  if (first?.deployment && !plan?.dryRun)
    lines.push(`| Deployment | ${inlineCode(first.deployment.id)} |`)
  if (first?.rollback)
    lines.push(`| Rollback deployment | ${inlineCode(first.rollback.deploymentId)} |`)
  const only = releases.length === 1 ? releases[0] : undefined
  if (only?.live) lines.push(`| ECS runs (read back) | ${liveCell(only.live)} |`)
  if (state.serviceUrl) lines.push(`| URL | ${urlLink(state.serviceUrl)} |`)
  lines.push(`| Result | **${result}** in ${input.elapsedSeconds.toFixed(1)} s |`, '')
  lines.push(...targetsMarkdown(touchedTargets(state, plan?.dryRun === true)))
  lines.push(...revisionsAndSchedulesMarkdown(state))

  if (state.steps.length > 0) {
    lines.push('### Steps', '', '| step | time | outcome |', '|---|---|---|')
    for (const step of state.steps) {
      lines.push(`| ${step.step} | ${step.seconds.toFixed(1)} s | ${STEP_ICONS[step.outcome]} |`)
    }
    const skipped = plan?.skipped ?? []
    for (const { step, reason } of skipped)
      lines.push(`| ${step} | — | skipped: ${escapeMarkdown(reason)} |`)
    lines.push('')
  }

  if (releases.length > 1) {
    // A failed or cancelled release read its services back: what ECS runs, in a column of its own.
    const readBack = releases.some(release => release.live)
    lines.push(
      '### Services',
      '',
      `| service | task definition | result |${readBack ? ' ECS runs (read back) |' : ''}`,
      `|---|---|---|${readBack ? '---|' : ''}`
    )
    const results = JSON.parse(servicesJson(state)) as Record<string, { result: string }>
    for (const { target, registration, rollback, live } of releases) {
      const before = revision(registration?.previousTaskDefinitionArn) ?? '—'
      const after = registration?.predicted
        ? 'a new revision (dry-run)'
        : (revision(registration?.taskDefinitionArn) ?? '—')
      const back = rollback ? ` → ${inlineCode(revision(rollback.taskDefinitionArn) ?? '—')}` : ''
      lines.push(
        `| ${inlineCode(target.service)} | ${inlineCode(before)} → ${inlineCode(after)}${back} | ${escapeMarkdown(results[target.service]?.result ?? '')} |${readBack ? ` ${liveCell(live)} |` : ''}`
      )
    }
    lines.push('')
  }

  const changes = registration?.changes ?? []
  if (changes.length > 0) {
    const against = revision(registration?.previousTaskDefinitionArn)
    lines.push(
      `### Task definition changes${against ? ` from ${inlineCode(against)}` : ''}`,
      '',
      codeBlock(changes),
      ''
    )
  }

  if (input.timeline && input.timeline.length > 0) {
    const start = input.timeline[0]!.at
    lines.push('### Rollout timeline', '', '| at | what |', '|---|---|')
    for (const entry of input.timeline)
      lines.push(`| +${((entry.at - start) / 1000).toFixed(1)} s | ${escapeMarkdown(entry.what)} |`)
    lines.push('')
  }

  lines.push(...stageTimelineMarkdown(state))
  if (state.timings)
    lines.push(
      ...timingsMarkdown({
        services: state.timings.services,
        advice: state.timings.advice,
        notes: state.timings.notes
      })
    )

  if (input.failure) {
    const cause = input.failure.split(/\r\n|[\n\r\u0085\u2028\u2029]/)
    lines.push('### Why it failed', '', ...cause.map(line => `> ${escapeMarkdown(line)}`), '')
    if (input.events && input.events.length > 0) {
      lines.push('### Last service events', '', codeBlock(input.events), '')
    }
  }

  const links = consoleLinks(plan, state, input.region)
  if (links.length > 0) lines.push(links.join(' · '), '')
  return lines.join('\n')
}

function consoleLinks(
  plan: Plan | undefined,
  state: ReleaseState,
  region: string | undefined
): string[] {
  const target = planTarget(plan)
  if (!region || !target) return []
  const base = `https://${enc(region)}.console.aws.amazon.com/ecs/v2`
  const { cluster, service } = target
  const links = [
    `[ECS service](${base}/clusters/${enc(cluster)}/services/${enc(service)}/deployments?region=${enc(region)})`
  ]
  const taskDefinition = /task-definition\/([^:]+):(\d+)$/.exec(
    state.services?.[0]?.registration?.taskDefinitionArn ?? ''
  )
  if (taskDefinition)
    links.push(
      `[task definition ${escapeMarkdown(taskDefinition[1]!)}:${taskDefinition[2]}](${base}/task-definitions/${enc(taskDefinition[1]!)}/${taskDefinition[2]}?region=${enc(region)})`
    )
  return links
}

/** What ECS runs as read back: its revision, or `unknown` and why. */
function liveCell(live: LiveRevision | undefined): string {
  if (!live) return '—'
  if ('unknown' in live) return `unknown (${escapeMarkdown(live.unknown)})`
  const beside = live.alongside.map(arn => inlineCode(revision(arn) ?? arn))
  return `${inlineCode(revision(live.taskDefinitionArn) ?? live.taskDefinitionArn)}${beside.length > 0 ? ` (${beside.join(', ')} beside it)` : ''}`
}

function revision(arn: string | undefined): string | undefined {
  return arn ? (arn.split('/').pop() ?? arn) : undefined
}

/**
 * The service URL as a link when it is an http(s) URL (the parser percent-encodes what could
 * end the link: spaces, `<`, `>`), else shown as code.
 */
function urlLink(url: string): string {
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    parsed = undefined
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    return inlineCode(url)
  return `[${escapeMarkdown(parsed.href)}](<${parsed.href}>)`
}

function enc(text: string): string {
  return encodeURIComponent(text)
}
