import { codeDeployServiceOf } from '../codedeploy/service.js'
import {
  shortTaskDefinition,
  type EcsApi,
  type RegisteredTaskDefinition,
  type ServiceSnapshot,
  type TaskDefinition
} from '../aws/ecs-api.js'
import { findRollbackTarget, unfinishedDeployments } from '../aws/rollback-target.js'
import { currentTaskDefinition } from '../aws/services.js'
import { liveServiceOf, taskDefinitionOf, type PreflightReads } from '../aws/read-hand-off.js'
import {
  asTaskDefinition,
  diffTaskDefinitions,
  readTaskDefinitionFile,
  renderTaskDefinition,
  sameTaskDefinition
} from '../definitions/task-definition.js'
import { mergeTags, releaseTags } from '../definitions/release-tags.js'
import { readTemplatedTaskDefinition, type TemplateScope } from '../definitions/templated.js'
import type { StepContext } from '../core/context.js'
import { templateScope } from '../core/template-scope.js'
import type { ReleaseImage, Registration } from '../core/state.js'
import type { Target } from '../settings/types.js'
import { STRATEGIES, chosenStrategy, type StrategyList } from '../strategies/index.js'
import { ReleaseError } from '../util/errors.js'

/** The live service, its current revision and the definition this release would register. */
export interface PreparedTaskDefinition {
  service: ServiceSnapshot | undefined
  live: RegisteredTaskDefinition | undefined
  rendered: TaskDefinition
  /** `rendered` with runner variables shown by name: what the diff prints. */
  display: TaskDefinition
}

/**
 * The `register` step: render the definition and register it, or reuse the live revision.
 * `handed`: what preflight read, when no step ran since; only what it lacks is read again.
 */
export async function register(
  context: StepContext,
  { target, image, handed }: { target: Target; image: ReleaseImage; handed?: PreflightReads },
  strategies: StrategyList = STRATEGIES
): Promise<Registration> {
  // A strategy whose deploy makes ECS register the revision (an Express service) registers none.
  const own = chosenStrategy(context.state, target, strategies)?.register
  if (own) return own(context, { target, image, handed })
  const { settings, plan, services } = context
  const ecs = services.aws.ecs()
  const { logger } = services
  const scope = templateScope({ plan, services }, target, image.reference)
  const prepared = await prepareTaskDefinition(
    ecs,
    target,
    image.reference,
    services.env,
    scope,
    handed
  )
  const tags = mergeTags(prepared.rendered.tags, releaseTags(settings, plan, target))
  if (tags) prepared.rendered.tags = prepared.display.tags = tags
  const { service } = prepared
  const previous = service ? currentTaskDefinition(service) : undefined
  const registration = {
    previousTaskDefinitionArn: previous,
    serviceExists: service !== undefined,
    ...codeDeployServiceOf(service)
  }
  if (service) {
    const others = unfinishedDeployments(service)
    if (others.length > 0)
      logger.warning(
        `service ${target.service} in cluster ${target.cluster} has another deployment under way: ${others.join('; ')}. This release replaces it; a rollback returns to the last revision that completed.`
      )
  }
  const withRollbackTarget = async (ours: string) => {
    if (!service) return {}
    const found = await findRollbackTarget(ecs, target.cluster, service, ours)
    if (found.note) logger.info(`rollback target: ${found.note}`)
    if (found.target)
      logger.info(
        `rollback target: ${shortTaskDefinition(found.target.taskDefinitionArn)}, ${found.target.why}`
      )
    return { rollbackTarget: found.target }
  }
  if (prepared.live && sameTaskDefinition(prepared.live.definition, prepared.rendered)) {
    logger.info(
      `task definition unchanged: reusing ${shortTaskDefinition(prepared.live.arn)} (${prepared.live.arn})`
    )
    return {
      ...registration,
      ...(await withRollbackTarget(prepared.live.arn)),
      taskDefinitionArn: prepared.live.arn,
      changes: [],
      unchanged: true,
      predicted: false
    }
  }
  // Compared on the real values, printed from the display copy: values from the runner
  // environment are shown by name on both sides, never by value.
  const changes = prepared.live
    ? diffTaskDefinitions(prepared.live.definition, prepared.rendered, prepared.display)
    : [`a first revision of ${prepared.rendered.family}`]
  if (prepared.live) {
    logger.info(
      [
        `changes from ${shortTaskDefinition(prepared.live.arn)}:`,
        ...changes.map(line => `  ${line}`)
      ].join('\n')
    )
  }
  const registered = await ecs.registerTaskDefinition(prepared.rendered)
  if (!plan.dryRun)
    logger.info(
      `registered ${shortTaskDefinition(registered.arn)} (${registered.arn}) with image ${image.reference}`
    )
  return {
    ...registration,
    ...(await withRollbackTarget(registered.arn)),
    taskDefinitionArn: registered.arn,
    changes,
    unchanged: false,
    // Dry-run: the ARN is what the dry-run ECS predicted, not a registered revision.
    predicted: plan.dryRun
  }
}

/** Fetches the live service and revision (when there is one) and renders the new definition. */
export async function prepareTaskDefinition(
  ecs: EcsApi,
  target: Target,
  image: string,
  env: NodeJS.ProcessEnv,
  /** Renders a task-definition file's placeholders; without one the file is read as it is. */
  scope?: TemplateScope,
  /** What preflight read, used instead of reading it again. */
  handed?: PreflightReads
): Promise<PreparedTaskDefinition> {
  const read: { definition: TaskDefinition; display?: TaskDefinition } | undefined =
    target.taskDefinition
      ? scope
        ? await readTemplatedTaskDefinition(target.taskDefinition, scope, env)
        : readTaskDefinitionFile(target.taskDefinition, env)
      : undefined
  const file = read?.definition
  // A registered revision given as task-definition, with an image: the starting point.
  const named = target.revision ? await taskDefinitionOf(ecs, target.revision, handed) : undefined
  const service = await liveServiceOf(ecs, target.cluster, target.service, handed)
  const current = service ? currentTaskDefinition(service) : undefined
  const live = current ? await taskDefinitionOf(ecs, current, handed) : undefined

  let base: TaskDefinition
  let source: string
  if (file) {
    // A file without "tags" keeps the live revision's, when it is a revision of the same
    // family (a file for another family starts a family of its own); "tags": [] means none.
    base =
      file.tags === undefined && live?.definition.tags && sameFamily(file, live.definition)
        ? { ...file, tags: live.definition.tags }
        : file
    source = `task definition file ${target.taskDefinition}`
  } else if (named) {
    base = asTaskDefinition(named.definition, `task definition ${named.arn}`)
    source = `task definition ${shortTaskDefinition(named.arn)}`
  } else if (live) {
    base = asTaskDefinition(live.definition, `task definition ${live.arn}`)
    source = `the service's current task definition ${shortTaskDefinition(live.arn)}`
  } else {
    throw new ReleaseError(missingStartingPoint(target))
  }
  const request = {
    image,
    container: target.container,
    sidecars: target.sidecars,
    variables: target.variables,
    secrets: target.secrets,
    source
  }
  const rendered = renderTaskDefinition(base, request)
  const shown = read?.display
  const display =
    shown && shown !== file
      ? renderTaskDefinition({ ...shown, tags: base.tags }, request)
      : rendered
  return { service, live, rendered, display }
}

function sameFamily(file: TaskDefinition, live: Record<string, unknown>): boolean {
  return typeof live.family === 'string' && file.family === live.family
}

/** Neither a file nor a live service to start the task definition from. */
export function missingStartingPoint(target: Target): string {
  return (
    `service ${target.service} does not exist in cluster ${target.cluster} and no task-definition file is given to start from. ` +
    `Set the input task-definition (or environments.${target.environment}.task-definition) and a service-definition to create the service.`
  )
}
