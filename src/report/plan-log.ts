import { planTarget, type Plan } from '../plan/plan.js'
import type { Target } from '../settings/types.js'
import { escapeForLog } from '../util/logger.js'

/** The plan as a few readable lines for the log. Ref names are escaped: they come from users. */
export function describePlan(plan: Plan): string[] {
  const lines = [
    `event:    ${plan.event.name} ${escapeForLog(plan.event.ref)}${plan.sha ? ` (${plan.sha.slice(0, 12)})` : ''}`,
    `flow:     ${plan.flow}${plan.environment ? ` -> environment ${plan.environment}` : ''}${plan.dryRun ? ' (dry run)' : ''}`,
    `why:      ${escapeForLog(plan.reason)}`
  ]
  const target = planTarget(plan)
  const releaseTag = plan.flow === 'promote' ? plan.releaseTag : undefined
  if (target) {
    const { cluster, service, container, taskDefinition, revision, expressService } = target
    lines.push(
      plan.flow === 'deploy' || plan.flow === 'promote' || plan.flow === 'continue'
        ? targetLine(plan.targets)
        : `target:   cluster ${cluster}, service ${service}${container ? `, container ${container}` : ''}`
    )
    if (plan.flow === 'continue')
      lines.push(
        `decision: ${plan.decision ?? '(none given)'}, ${plan.serviceDeployment ? `service deployment ${escapeForLog(plan.serviceDeployment)}${plan.hookId ? `, hook ${escapeForLog(plan.hookId)}` : ''}` : 'the paused services found by reading the environment'}`
      )
    else
      lines.push(
        `task def: ${taskDefinition ?? (revision ? `revision ${revision}` : startingPoint(expressService))}`
      )
  }
  if (plan.flow === 'continue')
    lines.push(`steps:    ${plan.steps.length > 0 ? plan.steps.join(' -> ') : '(none)'}`)
  else if (plan.flow !== 'none') {
    lines.push(
      `image:    tag ${plan.imageTag}${releaseTag ? `, release tag ${escapeForLog(releaseTag)}` : ''}`
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
  const target = planTarget(plan)
  return JSON.stringify({
    flow: plan.flow,
    environment: plan.environment ?? null,
    steps: plan.steps,
    skipped: plan.skipped,
    sha: plan.sha,
    imageTag: plan.imageTag,
    releaseTag: (plan.flow === 'promote' ? plan.releaseTag : undefined) ?? null,
    reason: plan.reason,
    event: plan.event,
    target: target
      ? {
          cluster: target.cluster,
          service: target.service,
          container: target.container ?? null,
          taskDefinition: target.taskDefinition ?? target.revision ?? null
        }
      : null,
    dryRun: plan.dryRun
  })
}

/** One service as before; several as the list they are. */
function targetLine(targets: readonly Target[]): string {
  const [first] = targets
  if (targets.length === 1 && first)
    return `target:   cluster ${first.cluster}, service ${first.service}${first.container ? `, container ${first.container}` : ''}`
  return `target:   cluster ${first?.cluster}, services ${targets.map(target => target.service).join(', ')}`
}

/** Without a file or a revision: the service's own, or, for an Express service, ECS's next one. */
function startingPoint(expressService: string | undefined): string {
  return expressService
    ? `registered by ECS on UpdateExpressGatewayService (Express service ${escapeForLog(expressService)})`
    : "the service's current task definition"
}
