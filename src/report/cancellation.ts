import type { Plan } from '../plan/plan.js'
import type { ReleaseState } from '../steps/types.js'

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
  const running = state.steps.at(-1)
  const parts = [`ecs-flow was cancelled (${signal})`]
  if (running)
    parts.push(`during ${running.step}, ${((now - running.startedAt) / 1000).toFixed(1)}s into it`)
  if (state.deploymentId && plan?.target) {
    const standing = state.rollout?.timeline.at(-1)?.what
    parts.push(
      `deployment ${state.deploymentId} of service ${plan.target.service} in cluster ${plan.target.cluster} keeps rolling out on ECS${standing ? ` (last seen: ${standing})` : ''}; check it in the ECS console or re-run the release`
    )
  } else {
    parts.push('the service was not updated')
  }
  return `${parts.join('; ')}.`
}
