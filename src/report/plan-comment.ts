import { isReleasePlan, type Plan } from '../plan/plan.js'
import type { FileChange } from '../release/base-files.js'
import type { MergePreview, ServicePreview } from '../release/merge-preview.js'
import type { RenderedWithoutAws } from '../release/render-without-aws.js'
import { codeBlock, escapeMarkdown, inlineCode } from '../util/escape.js'

// The pull-request comment (or job summary) that says what merging would deploy. Everything in
// it that the action does not control (branch names, file contents, AWS and preflight
// messages) is escaped; the escapers remove every secret the run knows first.

/** Past this many lines, a file's or a service's diff is cut. */
const MAX_DIFF_LINES = 200
/** GitHub refuses a comment longer than 65536 characters; this leaves room for the marker. */
export const COMMENT_LIMIT = 65_000

/**
 * The hidden marker that finds the comment again: one per environment and config file, so two
 * ecs-flow jobs of one pull request keep a comment each.
 */
export function planCommentMarker(
  environment: string | undefined,
  configPath: string | undefined
): string {
  const part = (text: string) => text.replace(/[^A-Za-z0-9._/-]/g, '_')
  return `<!-- ecs-flow:plan environment=${part(environment ?? '(none)')} config=${part(configPath ?? '(none)')} -->`
}

export interface PlanCommentInput {
  preview: MergePreview
  marker: string
  /** The pull request's head commit the comment is about. */
  sha: string
  /** A sentence above the rest, e.g. why this went to the job summary. */
  note?: string
}

/**
 * The comment, within GitHub's size: the diffs cut shorter, then left out (the file list and
 * the services' headings stay), until it fits.
 */
export function renderPlanComment(input: PlanCommentInput): string {
  let body = ''
  for (const maxLines of [MAX_DIFF_LINES, 20, 0]) {
    body = renderWith(input, maxLines)
    if (body.length <= COMMENT_LIMIT) return body
  }
  return body
}

/** The comment's Markdown: the plan, the diffs, the files, the problems, what was not read. */
function renderWith({ preview, marker, sha, note }: PlanCommentInput, maxLines: number): string {
  const { plan } = preview
  const lines = [marker, '### ecs-flow: what merging would deploy', '']
  if (note) lines.push(`> ${escapeMarkdown(note)}`, '')
  lines.push(...planLines(preview, plan), '')
  if (plan && isReleasePlan(plan) && preview.services.length > 0) {
    lines.push('#### Task definitions against what runs now', '')
    for (const service of preview.services) lines.push(...serviceLines(service, maxLines), '')
  }
  if (preview.rendered.length > 0) {
    lines.push(
      '#### Task definitions (rendered without AWS: values marked unknown could not be read)',
      ''
    )
    for (const service of preview.rendered) lines.push(...renderedLines(service, maxLines), '')
  }
  lines.push(...fileLines(preview, maxLines), '')
  if (preview.problems.length > 0) {
    lines.push('#### Preflight problems merging would hit', '')
    for (const problem of preview.problems) lines.push(`- ${escapeMarkdown(problem)}`)
    lines.push('')
  }
  if (preview.unread.length > 0) {
    lines.push('#### Not read', '')
    for (const what of preview.unread) lines.push(`- ${escapeMarkdown(what)}`)
    lines.push('')
  }
  lines.push(
    `<sub>ecs-flow, for commit ${inlineCode(sha.slice(0, 12))}: read only, nothing was written to AWS.</sub>`
  )
  // One blank line between blocks, however the parts end.
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`
}

function planLines(preview: MergePreview, plan: Plan | undefined): string[] {
  const base = inlineCode(preview.baseRef || '(unknown)')
  if (!plan)
    return [
      `Merging into ${base}: the plan could not be made: ${escapeMarkdown(preview.planError ?? '')}`
    ]
  if (!isReleasePlan(plan))
    return [
      `Merging into ${base} deploys nothing: a push to it runs flow ${inlineCode(plan.flow)} (${escapeMarkdown(plan.reason)}).`
    ]
  const services = plan.targets
    .map(target => `${inlineCode(target.service)} in cluster ${inlineCode(target.cluster)}`)
    .join(', ')
  return [
    `Merging into ${base} would **${plan.flow}** to environment ${inlineCode(plan.environment)}.`,
    '',
    '| | |',
    '|---|---|',
    `| Flow | ${inlineCode(plan.flow)} (${escapeMarkdown(plan.reason)}) |`,
    `| Environment | ${inlineCode(plan.environment)} |`,
    `| Services | ${services} |`,
    `| Steps | ${plan.steps.join(' → ')} |`
  ]
}

function serviceLines(preview: ServicePreview, maxLines: number): string[] {
  const now = preview.live ? `, runs ${inlineCode(preview.live)}` : ''
  const heading = `**${inlineCode(preview.service)}** (cluster ${inlineCode(preview.cluster)}${now})`
  if (preview.unreadable)
    return [`${heading}: the diff could not be made: ${escapeMarkdown(preview.unreadable)}`]
  if (preview.changes.length === 0) return [`${heading}: task definition unchanged.`]
  return [heading, '', diffBlock(preview.changes, maxLines)]
}

function renderedLines(rendered: RenderedWithoutAws, maxLines: number): string[] {
  const heading = `**${inlineCode(rendered.service)}** (cluster ${inlineCode(rendered.cluster)})`
  if (!rendered.lines)
    return [`${heading}: not rendered: ${escapeMarkdown(rendered.unreadable ?? '')}`]
  const unchecked = rendered.unchecked ? [escapeMarkdown(rendered.unchecked), ''] : []
  return [heading, '', ...unchecked, fencedBlock(rendered.lines, maxLines, 'json')]
}

function fileLines(preview: MergePreview, maxLines: number): string[] {
  const { files } = preview
  const against = files.baseSha
    ? `${inlineCode(preview.baseRef || '(unknown)')} (${inlineCode(files.baseSha.slice(0, 12))})`
    : inlineCode(preview.baseRef || '(unknown)')
  const lines = [`#### Config and definition files against ${against}`, '']
  if (files.note) return [...lines, escapeMarkdown(files.note)]
  if (files.files.length === 0) return [...lines, 'No config or definition file is involved.']
  for (const file of files.files) lines.push(...fileChangeLines(file, maxLines))
  return lines
}

function fileChangeLines(file: FileChange, maxLines: number): string[] {
  const name = inlineCode(file.path)
  if (file.status === 'unchanged') return [`- ${name}: unchanged`]
  if (file.status === 'removed') return [`- ${name}: removed`]
  return [
    '',
    `<details><summary>${escapeMarkdown(file.path)}: ${file.status}</summary>`,
    '',
    diffBlock(file.lines, maxLines),
    '',
    '</details>',
    ''
  ]
}

/** Diff lines as a fenced `diff` block no line of which can close it; long ones cut. */
function diffBlock(lines: readonly string[], maxLines: number): string {
  return fencedBlock(lines, maxLines, 'diff')
}

/** Lines as a fenced block of the language no line of which can close it; long ones cut. */
function fencedBlock(lines: readonly string[], maxLines: number, language: string): string {
  const shown =
    lines.length > maxLines
      ? [
          ...lines.slice(0, maxLines),
          `… (${lines.length - maxLines} more lines; the comment keeps within GitHub's size)`
        ]
      : lines
  return codeBlock(shown).replace(/^(`+)/, `$1${language}`)
}
