import { planTarget, type Plan } from '../plan/plan.js'
import type { ReleaseState } from '../release/state.js'

/**
 * What to say when the job is cancelled (SIGINT, then SIGTERM from the runner): which step was
 * running and where the rollout stood. ECS carries on with a deployment it has started; ecs-flow
 * does not roll back on cancellation, since the runner kills it seconds later.
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
  const target = planTarget(plan)
  if (state.deployment && target) {
    const standing = state.rollout?.timeline.at(-1)?.what
    parts.push(
      `deployment ${state.deployment.id} of service ${target.service} in cluster ${target.cluster} keeps rolling out on ECS${standing ? ` (last seen: ${standing})` : ''}; check it in the ECS console or re-run the release`
    )
  } else {
    parts.push('the service was not updated')
  }
  return `${parts.join('; ')}.`
}
