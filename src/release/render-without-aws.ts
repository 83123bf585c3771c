import { configuredRegion } from '../aws/region.js'
import type { Services } from '../core/context.js'
import { mergeTags, releaseTags } from '../definitions/release-tags.js'
import { renderTaskDefinition } from '../definitions/task-definition.js'
import type { TaskDefinition } from '../aws/ecs-api.js'
import {
  readTemplatedTaskDefinition,
  renderDefinitionFile,
  type TemplateScope
} from '../definitions/templated.js'
import type { ReleasePlan } from '../plan/plan.js'
import type { Settings, Target } from '../settings/types.js'
import { errorMessage } from '../util/errors.js'

// A run without AWS credentials (a pull request from a fork) still shows the task definition
// each service would get: rendered from the pull request's files, with every value that needs
// AWS (the account ID, the ECR registry, the live revision) or an unset runner variable shown
// as UNKNOWN. No AWS client is touched; runner values are shown by name, as in every diff.

/** Stands in for a value this run cannot read. */
export const UNKNOWN = '(unknown)'

/** One service's task definition as merging would register it, or why it cannot be shown. */
export interface RenderedWithoutAws {
  service: string
  cluster: string
  /** The definition as JSON lines (runner values by name); absent when unreadable says why. */
  lines?: string[]
  /** Why the lines are shown without the strict checks (an unknown value in a typed field). */
  unchecked?: string
  unreadable?: string
}

export async function renderWithoutAws(
  settings: Settings,
  plan: ReleasePlan,
  services: Pick<Services, 'env' | 'runner'>
): Promise<RenderedWithoutAws[]> {
  const image = imageWithoutAws(plan)
  const results: RenderedWithoutAws[] = []
  for (const target of plan.targets) {
    const { service, cluster } = target
    try {
      results.push({
        service,
        cluster,
        ...(await renderTarget(settings, plan, target, image, services))
      })
    } catch (error) {
      results.push({ service, cluster, unreadable: errorMessage(error) })
    }
  }
  return results
}

async function renderTarget(
  settings: Settings,
  plan: ReleasePlan,
  target: Target,
  image: string | undefined,
  { env, runner }: Pick<Services, 'env' | 'runner'>
): Promise<{ lines: string[]; unchecked?: string }> {
  if (image === undefined)
    throw new Error(
      `it deploys ${target.revision ?? 'the revision'} as it is, which is read from AWS`
    )
  if (!target.taskDefinition)
    throw new Error(
      `it starts from ${target.revision ?? "the service's current task definition"}, which is read from AWS`
    )
  const scope: TemplateScope = {
    values: target.values ?? {},
    runner,
    unknownAs: UNKNOWN,
    builtins: {
      ECS_FLOW_ENVIRONMENT: target.environment,
      ECS_FLOW_SERVICE: target.service,
      ECS_FLOW_SHA: plan.sha,
      ECS_FLOW_IMAGE: image,
      AWS_REGION: configuredRegion(env)
      // AWS_ACCOUNT_ID is left out: it costs an STS call, so it renders as UNKNOWN.
    }
  }
  const path = target.taskDefinition
  let shown: TaskDefinition
  let unchecked: string | undefined
  try {
    // Only the display copy is used: it shows runner values by name, never by value.
    shown = (await readTemplatedTaskDefinition(path, scope, env)).display
  } catch (error) {
    // An unknown value where a number or boolean goes fails the strict checks: shown as it is.
    const rendered = await renderDefinitionFile(path, 'task definition', scope, env)
    if (rendered.unknownTyped.length === 0) throw error
    shown = definitionIn(JSON.parse(rendered.displayText) as Record<string, unknown>)
    unchecked = `shown without the file checks: ${rendered.unknownTyped.join(', ')} take${rendered.unknownTyped.length === 1 ? 's' : ''} a number or a boolean and hold${rendered.unknownTyped.length === 1 ? 's' : ''} ${UNKNOWN}; the push after merging checks the file.`
  }
  const display = renderTaskDefinition(shown, {
    image,
    container: target.container,
    sidecars: target.sidecars,
    variables: target.variables,
    secrets: target.secrets,
    source: `task definition file ${path}`
  })
  const tags = mergeTags(display.tags, releaseTags(settings, plan, target))
  if (tags) display.tags = tags
  const lines = JSON.stringify(display, null, 2).split('\n')
  return unchecked ? { lines, unchecked } : { lines }
}

/** The definition of a file that may wrap it as `{"taskDefinition": {...}}`. */
function definitionIn(parsed: Record<string, unknown>): TaskDefinition {
  const inner = parsed.taskDefinition
  return (inner && typeof inner === 'object' ? inner : parsed) as TaskDefinition
}

/** The image without reading ECR: a given one as it is; a repository's registry is unknown. */
function imageWithoutAws({ image, imageTag }: ReleasePlan): string | undefined {
  if (image.kind === 'given') return image.reference
  if (image.kind === 'as-is') return undefined
  return `${UNKNOWN}/${image.repository}:${imageTag}`
}
