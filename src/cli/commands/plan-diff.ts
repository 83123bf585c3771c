import type { GitEvent } from '../../ci-env/git-event.js'
import type { Services } from '../../core/context.js'
import { newReleaseState } from '../../core/state.js'
import { workspaceFileExists } from '../../definitions/workspace-file.js'
import { isReleasePlan, makePlan, type Plan } from '../../plan/plan.js'
import { previewServices, type ServicesPreview } from '../../release/merge-preview.js'
import { describePlan, planJson } from '../../report/plan-log.js'
import type { Settings } from '../../settings/types.js'
import { escapeForLog } from '../../util/escape.js'

// `ecs-flow plan --diff`: the plan, then what plan-comment says of a pull request, for the
// working tree: dry-run's path (preflight, each service's rendered task definition against the
// live revision), every AWS write intercepted.

export interface PlanWithDiff extends ServicesPreview {
  plan: Plan
}

/** The plan of the event and, for a release, the diff of each service and preflight's problems. */
export async function planWithDiff(
  settings: Settings,
  event: GitEvent,
  services: Services
): Promise<PlanWithDiff> {
  const plan = makePlan({ ...settings, dryRun: true }, event, path =>
    workspaceFileExists(path, services.env)
  )
  if (!isReleasePlan(plan)) return { plan, services: [], problems: [] }
  const found = await previewServices({
    settings: { ...settings, dryRun: true },
    plan,
    state: newReleaseState(),
    services
  })
  return { plan, ...found }
}

/** The plan as `plan` prints it, then each service's diff and the problems. */
export function planDiffText({ plan, services, problems }: PlanWithDiff): string {
  const lines = describePlan(plan)
  if (!isReleasePlan(plan)) lines.push('', `diff:     flow ${plan.flow} changes no service`)
  for (const service of services) {
    const now = service.live ? `, runs ${service.live}` : ''
    lines.push('', `service ${service.service} (cluster ${service.cluster}${now}):`)
    if (service.unreadable)
      lines.push(`  the diff could not be made: ${escapeForLog(service.unreadable)}`)
    else if (service.changes.length === 0) lines.push('  task definition unchanged')
    else lines.push(...service.changes.map(line => `  ${escapeForLog(line)}`))
  }
  if (problems.length > 0) {
    lines.push('', `preflight found ${problems.length} problem(s):`)
    lines.push(...problems.map((problem, index) => `  ${index + 1}. ${escapeForLog(problem)}`))
  }
  return `${lines.join('\n')}\n`
}

/** The action's plan output, with the services' diffs and the problems beside it. */
export function planDiffJson({ plan, services, problems }: PlanWithDiff): string {
  const value = { ...(JSON.parse(planJson(plan)) as Record<string, unknown>), services, problems }
  return `${JSON.stringify(value, null, 2)}\n`
}
