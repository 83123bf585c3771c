import type { Plan } from '../plan/plan.js'
import { wasUpdated } from '../release/read-back.js'
import type { ReleaseState, ServiceRelease } from '../core/state.js'
import { liveText } from './read-back.js'

/**
 * What to say when the job is cancelled (SIGINT, then SIGTERM from the runner): which step was
 * running, and for every service of the release what ECS runs as read back (a cancel can cut an
 * UpdateService short after ECS took it). ECS carries on with a deployment it has started;
 * ecs-flow does not roll back on cancellation, since the runner kills it seconds later.
 */
export function describeCancellation(
  signal: string,
  plan: Plan | undefined,
  state: ReleaseState,
  now: number
): string {
  const running = state.steps.find(record => record.outcome === 'running')
  const parts = [`ecs-flow was cancelled (${signal})`]
  if (running) {
    running.outcome = 'cancelled'
    running.seconds = (now - running.startedAt) / 1000
    parts.push(`during ${running.step}, ${running.seconds.toFixed(1)}s into it`)
  }
  const releases = state.services ?? []
  if (!releases.some(release => wasUpdated(release) !== false)) {
    parts.push(releases.length > 1 ? 'no service was updated' : 'the service was not updated')
  } else {
    parts.push(...releases.map(release => serviceStanding(release, state)))
    parts.push('check them in the ECS console or re-run the release')
  }
  return `${parts.join('; ')}.`
}

/** One service as the cancel found it: its deployment, and what ECS runs (read back). */
function serviceStanding(release: ServiceRelease, state: ReleaseState): string {
  const { target, deployment, live } = release
  const where = `service ${target.service} in cluster ${target.cluster}`
  const runs = !live
    ? ''
    : 'unknown' in live
      ? `, ECS runs: unknown (it could not be read back: ${live.unknown})`
      : `, ECS runs ${liveText(live)} (read back)`
  if (deployment) {
    const standing = release === state.services?.[0] ? state.rollout?.timeline.at(-1)?.what : ''
    return `deployment ${deployment.id} of ${where} keeps rolling out on ECS${standing ? ` (last seen: ${standing})` : ''}${runs}`
  }
  switch (wasUpdated(release)) {
    case true:
      return `${where} was updated, its answer cut short by the cancel${runs}`
    case 'unknown':
      return `whether ${where} was updated is unknown${runs}; look at it before re-running`
    default:
      return `${where} was not updated${runs}`
  }
}
