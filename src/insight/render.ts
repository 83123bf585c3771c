import { codeBlock, escapeForLog, escapeMarkdown, inlineCode } from '../util/escape.js'
import type { Advice } from './advice.js'
import {
  MILESTONES,
  PHASE_NAMES,
  phasesOf,
  type Milestone,
  type ServiceTimings
} from './timings.js'

// The measured phases and the advice, as the job summary (Markdown: a table and text bars, since
// summaries run no scripts) and the log show them. Names come from AWS: escaped here.

/** What the renderers are given: the phases of each service, the advice, the reads that failed. */
export interface TimingsReport {
  services: readonly ServiceTimings[]
  /** Absent: advice is off (`advice: false`). */
  advice?: readonly Advice[]
  /** One line per optional read that was refused (the advice it fed is left out). */
  notes: readonly string[]
}

/** One letter per phase in the bars, the legend under them says which. */
const BAR_LETTERS: Record<Milestone, string> = {
  registered: ' ',
  placed: 'P',
  pulled: 'I',
  running: 'R',
  healthy: 'H',
  'traffic-shifted': 'T',
  drained: 'D',
  done: 'F'
}

const BAR_WIDTH = 50

/** The summary's "Where the time went" section (nothing when no service was measured). */
export function timingsMarkdown(report: TimingsReport): string[] {
  const measured = report.services.filter(timings => phasesOf(timings).length > 0)
  if (measured.length === 0) return []
  const lines = ['### Where the time went', '']
  const used = MILESTONES.slice(1).filter(milestone =>
    measured.some(timings => phasesOf(timings).some(phase => phase.milestone === milestone))
  )
  lines.push(
    `| phase | ${measured.map(timings => inlineCode(timings.service)).join(' | ')} |`,
    `|---|${measured.map(() => '---:').join('|')}|`
  )
  for (const milestone of used) {
    const cells = measured.map(timings => {
      const phase = phasesOf(timings).find(entry => entry.milestone === milestone)
      return phase ? `${seconds(phase.seconds)}${phase.source === 'ecs' ? '' : ' ¹'}` : '—'
    })
    const name =
      milestone === 'drained' && measured.every(t => t.bake) ? 'bake ended' : PHASE_NAMES[milestone]
    lines.push(`| ${name} | ${cells.join(' | ')} |`)
  }
  lines.push(
    `| **total** | ${measured.map(timings => `**${seconds(totalSeconds(timings))}**`).join(' | ')} |`,
    ''
  )
  lines.push(codeBlock(bars(measured, used)), '')
  lines.push(
    '¹ first seen by a poll (target health and service counts have no timestamps of their own); the others are ECS task timestamps.',
    ''
  )
  if (report.advice) lines.push(...adviceMarkdown(report.advice, report.notes))
  return lines
}

function adviceMarkdown(advice: readonly Advice[], notes: readonly string[]): string[] {
  const lines = ['#### How to get it back', '']
  if (advice.length === 0)
    lines.push('Nothing this release measured would have been faster with other settings.')
  for (const entry of advice)
    lines.push(
      `- ${inlineCode(entry.service)}: ${escapeMarkdown(entry.resource)}, ${inlineCode(entry.setting)} ${escapeMarkdown(entry.change)} — would have saved **${seconds(entry.savedSeconds)}** (${escapeMarkdown(entry.formula)})`
    )
  for (const note of notes) lines.push(`- ${escapeMarkdown(note)}`)
  lines.push('')
  return lines
}

/** One bar per service, all on the scale of the longest; each phase drawn with its letter. */
function bars(measured: readonly ServiceTimings[], used: readonly Milestone[]): string[] {
  const longest = Math.max(...measured.map(totalSeconds), 0.001)
  const width = Math.max(...measured.map(timings => timings.service.length))
  const lines = measured.map(timings => {
    const cells = phasesOf(timings)
      .map(phase => {
        // Every measured phase shows, however short: one letter at the least.
        const length = Math.max(1, Math.round((phase.seconds / longest) * BAR_WIDTH))
        return BAR_LETTERS[phase.milestone].repeat(length)
      })
      .join('')
    return `${timings.service.padEnd(width)} |${cells.padEnd(BAR_WIDTH)}| ${seconds(totalSeconds(timings))}`
  })
  lines.push(
    '',
    used.map(milestone => `${BAR_LETTERS[milestone]} ${PHASE_NAMES[milestone]}`).join(' · ')
  )
  return lines
}

/** The command line's view: each service's phases on one line, then the bars side by side. */
export function timingsText(services: readonly ServiceTimings[]): string[] {
  const measured = services.filter(timings => phasesOf(timings).length > 0)
  if (measured.length === 0) return []
  const used = MILESTONES.slice(1).filter(milestone =>
    measured.some(timings => phasesOf(timings).some(phase => phase.milestone === milestone))
  )
  return [...timingsLog({ services: measured, notes: [] }), '', ...bars(measured, used)]
}

/** The log's lines: each service's phases on one line, then each piece of advice. */
export function timingsLog(report: TimingsReport): string[] {
  const lines: string[] = []
  for (const timings of report.services) {
    const phases = phasesOf(timings)
    if (phases.length === 0) continue
    lines.push(
      `where the time went in ${escapeForLog(timings.service)}: ${phases.map(phase => `${phase.name} ${seconds(phase.seconds)}`).join(' · ')} (total ${seconds(totalSeconds(timings))})`
    )
  }
  for (const entry of report.advice ?? [])
    lines.push(
      `advice for ${escapeForLog(entry.service)}: ${escapeForLog(entry.resource)}, ${entry.setting} ${escapeForLog(entry.change)}; would have saved ${seconds(entry.savedSeconds)} (${escapeForLog(entry.formula)})`
    )
  if (report.advice) for (const note of report.notes) lines.push(escapeForLog(note))
  return lines
}

function totalSeconds(timings: ServiceTimings): number {
  const phases = phasesOf(timings)
  return phases.length === 0 ? 0 : (phases.at(-1)!.endAt - phases[0]!.startAt) / 1000
}

function seconds(value: number): string {
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} s`
}
