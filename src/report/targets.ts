import { shortTaskDefinition } from '../aws/ecs-api.js'
import { wasUpdated } from '../release/read-back.js'
import {
  pausedServices,
  type MovedTarget,
  type ReleaseState,
  type ServiceRelease,
  type TouchedTarget
} from '../core/state.js'
import { movedName } from '../scheduled/holder.js'
import { escapeMarkdown, inlineCode } from '../util/escape.js'

/**
 * Every target the release touched, as one record: its services (any strategy), the rule
 * targets and schedules it moved (and moved back), and what the steps appended (one-off tasks,
 * other kinds). `after` is only what AWS answered or showed: a dry run's predicted revision is
 * never stated as run.
 */
export function touchedTargets(state: ReleaseState, dryRun = false): TouchedTarget[] {
  const releases = state.services ?? []
  const names = serviceNames(releases)
  return [
    ...releases.map((release, index) => serviceEntry(state, release, names[index]!, dryRun)),
    ...scheduledEntries(state, dryRun),
    ...(state.touched ?? [])
  ]
}

/**
 * The name of each service of the release: its service name, or `cluster/service` where two
 * services of the release share a name (in two clusters).
 */
export function serviceNames(releases: readonly ServiceRelease[]): string[] {
  const count = new Map<string, number>()
  for (const { target } of releases) count.set(target.service, (count.get(target.service) ?? 0) + 1)
  return releases.map(({ target }) =>
    count.get(target.service)! > 1 ? `${target.cluster}/${target.service}` : target.service
  )
}

function serviceEntry(
  state: ReleaseState,
  release: ServiceRelease,
  name: string,
  dryRun: boolean
): TouchedTarget {
  const { registration, rollback, live } = release
  const before = registration?.previousTaskDefinitionArn ?? ''
  const entry = (after: string, note?: string): TouchedTarget => ({
    kind: release.target.expressService !== undefined ? 'express' : 'service',
    name,
    before,
    after,
    ...(note ? { note } : {})
  })
  if (rollback) return entry(rollback.taskDefinitionArn, 'rolled back')
  if (live) return entry('unknown' in live ? '' : live.taskDefinitionArn, 'read back')
  if (!registration) return entry(before, 'not updated')
  if (dryRun || registration.predicted) return entry(before, 'dry-run: nothing deployed')
  if (registration.unchanged) return entry(registration.taskDefinitionArn, 'unchanged')
  if (state.result === 'deployed' || state.result === 'unchanged')
    return entry(registration.taskDefinitionArn)
  // on-pause approve: the deployment waits at a PAUSE hook; the continue job finishes it.
  if (state.result === 'paused')
    return entry(
      registration.taskDefinitionArn,
      pausedServices(state).some(
        each => each.service === release.target.service && each.end?.status === 'paused'
      )
        ? 'paused at a PAUSE hook'
        : undefined
    )
  const updated = wasUpdated(release)
  if (updated === true) return entry(registration.taskDefinitionArn, 'failed')
  return entry(before, updated === 'unknown' ? 'unknown' : 'not updated')
}

function scheduledEntries(state: ReleaseState, dryRun: boolean): TouchedTarget[] {
  const back = state.scheduledTargets?.movedBack ?? []
  return (state.scheduledTargets?.moved ?? []).map(entry => {
    const returned = back.some(
      other => sameTarget(other, entry) && other.from === entry.to && other.to === entry.from
    )
    return {
      kind: entry.ref.kind,
      name: movedName(entry),
      before: entry.from,
      after: dryRun || returned ? entry.from : entry.to,
      ...(dryRun
        ? { note: `dry-run: would move to ${shortTaskDefinition(entry.to)}` }
        : returned
          ? { note: 'moved back' }
          : {})
    }
  })
}

function sameTarget(a: MovedTarget, b: MovedTarget): boolean {
  return movedName(a) === movedName(b) && a.ref.kind === b.ref.kind
}

/** The `targets` output: the record as JSON, full ARNs. */
export function targetsJson(targets: readonly TouchedTarget[]): string {
  return JSON.stringify(targets)
}

/** The job summary's table of the record: one row per target, before → after. */
export function targetsMarkdown(targets: readonly TouchedTarget[]): string[] {
  if (targets.length === 0) return []
  const cell = (arn: string) => (arn === '' ? '—' : inlineCode(shortTaskDefinition(arn)))
  return [
    '**Targets**',
    '',
    '| kind | target | before → after | |',
    '|---|---|---|---|',
    ...targets.map(
      target =>
        `| ${escapeMarkdown(target.kind)} | ${inlineCode(target.name)} | ${cell(target.before)} → ${cell(target.after)} | ${escapeMarkdown(target.note ?? '')} |`
    ),
    ''
  ]
}

/** "2 services, 1 rule, 1 schedule": the record counted by kind, in the record's order. */
export function targetsCount(targets: readonly TouchedTarget[]): string {
  const counts = new Map<string, number>()
  for (const target of targets) counts.set(target.kind, (counts.get(target.kind) ?? 0) + 1)
  return [...counts].map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`).join(', ')
}
