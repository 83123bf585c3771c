import { escapeForLog } from '../../util/escape.js'
import { styles } from '../terminal.js'
import type { ServiceStatus } from './service-status.js'

/** `status --json`: `{ "services": [ServiceStatus, ...] }` (README, "From a terminal"). */
export function statusJson(rows: readonly ServiceStatus[]): string {
  return `${JSON.stringify({ services: rows }, null, 2)}\n`
}

const HEADERS = [
  'ENVIRONMENT',
  'CLUSTER/SERVICE',
  'REVISION',
  'IMAGE',
  'COMMIT',
  'ROLLOUT',
  'TASKS',
  'SINCE'
] as const

/** The table for people; every value from AWS escaped, colour only when asked. */
export function statusTable(rows: readonly ServiceStatus[], now: number, color: boolean): string {
  const style = styles(color)
  const cells = rows.map(row =>
    [
      row.environment,
      `${row.cluster}/${row.service}`,
      row.found ? (row.revision ?? '-') : `(${row.missingReason ?? 'missing'})`,
      imageCell(row),
      row.commit ? row.commit.slice(0, 12) : '-',
      rolloutCell(row),
      row.found
        ? `${row.running}/${row.desired}${row.pending ? ` (+${row.pending} pending)` : ''}`
        : '-',
      row.since ? `${ago(now - Date.parse(row.since))} (${row.since.replace(/\.\d+Z$/, 'Z')})` : '-'
    ].map(cell => escapeForLog(cell, 120))
  )
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...cells.map(line => line[column]!.length))
  )
  const line = (values: readonly string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()
  const body = cells.map((values, index) => {
    const text = line(values)
    const row = rows[index]!
    if (!row.found || row.rollout?.state === 'FAILED') return style.red(text)
    return row.rollout?.inProgress ? style.yellow(text) : text
  })
  // Where an Express service answers, as ECS says.
  const urls = rows.flatMap(row =>
    row.url
      ? [
          `url: ${row.environment}: ${row.cluster}/${row.service} (express) ${escapeForLog(row.url, 300)}`
        ]
      : []
  )
  const notes = rows.flatMap(row => [
    ...(row.paused ? [pausedNote(row, row.paused)] : []),
    ...row.notes.map(note => `note: ${row.environment}: ${escapeForLog(note, 300)}`)
  ])
  return [style.bold(line(HEADERS)), ...body, ...urls, ...notes].join('\n') + '\n'
}

function imageCell(row: ServiceStatus): string {
  if (!row.image) return '-'
  const tag = row.image.tag ?? '(no tag)'
  const digest = row.image.digest ? ` ${row.image.digest.slice(0, 19)}` : ''
  return `${tag.length > 24 ? `${tag.slice(0, 12)}…` : tag}${digest}`
}

function rolloutCell(row: ServiceStatus): string {
  if (!row.rollout) return '-'
  if (row.paused) return `paused at ${row.paused.stage}`
  const { state, inProgress, replacing, earlySuccess } = row.rollout
  if (earlySuccess) return `COMPLETED early, draining ${replacing.join(', ')}`
  if (!inProgress) return state
  return `${state === 'IN_PROGRESS' ? 'deploying' : `${state}, deploying`}${replacing.length > 0 ? ` (replacing ${replacing.join(', ')})` : ''}`
}

/** 90 s → "1m ago", 3 h → "3h ago", 2 d → "2d ago". */
export function ago(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000))
  if (seconds < 60) return `${seconds}s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`
  return `${Math.floor(seconds / 86400)}d ago`
}

/** The hook a paused service awaits, and how to answer it. ECS's text is escaped. */
function pausedNote(row: ServiceStatus, paused: NonNullable<ServiceStatus['paused']>): string {
  const expires = paused.expiresAt ? `, expires at ${paused.expiresAt}` : ''
  return escapeForLog(
    `paused: ${row.environment}: ${row.service} awaits action at ${paused.stage}: PAUSE hook ${paused.hookId} of ${paused.serviceDeployment}${expires}, then ${paused.timeoutAction}; answer with ecs-flow continue --environment ${row.environment} --decision continue|rollback`,
    600
  )
}
