import type { Plan } from '../plan/plan.js'
import { escapeForLog } from '../util/logger.js'

/** The plan as a few readable lines for the log. Ref names are escaped: they come from users. */
export function describePlan(plan: Plan): string[] {
  const lines = [
    `event:    ${plan.event.name} ${escapeForLog(plan.event.ref)}${plan.sha ? ` (${plan.sha.slice(0, 12)})` : ''}`,
    `flow:     ${plan.flow}${plan.environment ? ` -> environment ${plan.environment}` : ''}${plan.dryRun ? ' (dry run)' : ''}`,
    `why:      ${escapeForLog(plan.reason)}`
  ]
  if (plan.target) {
    const { cluster, service, container, taskDefinition } = plan.target
    lines.push(
      `target:   cluster ${cluster}, service ${service}${container ? `, container ${container}` : ''}`
    )
    lines.push(`task def: ${taskDefinition ?? "the service's current task definition"}`)
  }
  if (plan.flow !== 'none') {
    lines.push(
      `image:    tag ${plan.imageTag}${plan.releaseTag ? `, release tag ${escapeForLog(plan.releaseTag)}` : ''}`
    )
    lines.push(`steps:    ${plan.steps.length > 0 ? plan.steps.join(' -> ') : '(none)'}`)
  }
  if (plan.skipped.length > 0) {
    lines.push(`skipped:  ${plan.skipped.map(s => `${s.step} (${s.reason})`).join(', ')}`)
  }
  return lines
}

/** The plan output: stable JSON for later workflow steps. */
export function planJson(plan: Plan): string {
  return JSON.stringify({
    flow: plan.flow,
    environment: plan.environment ?? null,
    steps: plan.steps,
    skipped: plan.skipped,
    sha: plan.sha,
    imageTag: plan.imageTag,
    releaseTag: plan.releaseTag ?? null,
    reason: plan.reason,
    event: plan.event,
    target: plan.target
      ? {
          cluster: plan.target.cluster,
          service: plan.target.service,
          container: plan.target.container ?? null,
          taskDefinition: plan.target.taskDefinition ?? null
        }
      : null,
    dryRun: plan.dryRun
  })
}
