import { shortTaskDefinition, type ServiceSnapshot } from '../aws/ecs-api.js'
import { currentTaskDefinition } from '../aws/services.js'
import {
  noReads,
  readLiveService,
  readTaskDefinition,
  type PreflightReads
} from '../aws/read-hand-off.js'
import { loadServiceDefinition } from '../definitions/service-definition.js'
import {
  compatibilityProblems,
  incompatibleError,
  platformOf,
  type Platform
} from '../definitions/compatibility.js'
import { missingRepository, noRepositoryForCommit } from '../aws/ecr-repository.js'
import {
  asTaskDefinition,
  assertNoNameClash,
  chooseContainer
} from '../definitions/task-definition.js'
import { isReleasePlan, missingDecision, type ReleasePlan } from '../plan/plan.js'
import type { Target } from '../settings/types.js'
import { assertHookContainer, assertHookService, hooksBeside } from '../tasks/hook.js'
import { InputError, ReleaseError, errorMessage, throwProblems } from '../util/errors.js'
import { missingStartingPoint } from '../steps/register.js'
import {
  readTemplatedServiceDefinition,
  readTemplatedTaskDefinition
} from '../definitions/templated.js'
import { findPausedDeployments } from '../rollout/paused-deployment.js'
import { holderFor } from '../scheduled/holder-for.js'
import { releasedFamily, scheduledTaskProblems } from '../scheduled/preflight.js'
import {
  STRATEGIES,
  recordChoice,
  unsupportedService,
  type StrategyList
} from '../strategies/index.js'
import type { DeploymentStrategy } from '../strategies/strategy.js'
import type { Services, StepContext } from '../core/context.js'
import { IMAGE_NOT_YET_KNOWN, templateScope } from '../core/template-scope.js'

/** ECR's rule for repository names. */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/

type Check = () => void | Promise<void>

/**
 * Everything that can be checked without writing, before the first step runs: the inputs and
 * files first, then — in flows that touch AWS anyway — the read-only AWS checks (the service,
 * its deployment controller, the live revision's container, the ECR repository). All problems
 * are reported together; a single one is thrown as it is. Returns what it read of ECS, for
 * register to reuse.
 */
export async function preflight(
  context: StepContext,
  strategies: StrategyList = STRATEGIES
): Promise<PreflightReads> {
  const problems: Error[] = []
  const check = async (body: Check) => {
    try {
      await body()
    } catch (error) {
      problems.push(error instanceof Error ? error : new Error(errorMessage(error)))
    }
  }
  const { plan } = context
  const reads = noReads()
  if (plan.flow === 'none' || plan.flow === 'test') return reads
  if (plan.flow === 'continue') {
    // Nothing is built or registered: the paused deployments, read from ECS, are the checks.
    const { problems: found } = await findPausedDeployments(
      context.services.aws.ecs(),
      plan.targets,
      plan
    )
    throwProblems([...(plan.decision ? [] : [missingDecision()]), ...found])
    return reads
  }
  if (plan.image.kind === 'build' || plan.image.kind === 'resolve') {
    const { repository } = plan.image
    await check(() => assertRepositoryName(repository))
  }
  for (const body of repositoryChecks(context)) await check(body)
  // Every service of the release, each as a release of its own would check it.
  const targets = isReleasePlan(plan) ? plan.targets : []
  // A one-off task runs beside a service of the release: which one is known now.
  for (const hook of [targets[0]?.beforeDeploy, targets[0]?.afterDeploy]) {
    if (hook && isReleasePlan(plan))
      await check(() =>
        assertHookService(
          hook,
          plan.environment,
          targets.map(target => target.service)
        )
      )
  }
  const families: (string | undefined)[] = []
  for (const [index, target] of targets.entries()) {
    const release = plan as ReleasePlan
    const known: Known = {}
    for (const body of localChecks(context, release, target, known)) await check(body)
    // verify-command runs with the first service only.
    const verifies = Boolean(
      target.verifyUrl || target.verifyPath || (index === 0 && context.settings.verifyCommand)
    )
    await check(() =>
      checkService(
        release,
        target,
        context.services,
        problems,
        known,
        reads,
        strategies,
        context.settings,
        verifies,
        (service, strategy) => {
          const { settings, services, state } = context
          // Chosen once, from the service as preflight reads it; deploy's answer confirms it.
          recordChoice(state, target, strategy)
          for (const warning of strategy.warnings(service, { target, verifies }, settings))
            services.logger.warning(warning.message, warning.title)
        }
      )
    )
    if (target.scheduledTasks?.length)
      await check(async () => {
        // A family that could not be read is unknown: the entries are then checked for existence.
        families.push(undefined)
        families[families.length - 1] = await releasedFamily(
          context.services.aws.ecs(),
          target,
          known.family
        )
      })
  }
  // The environment's scheduled tasks, once: each entry must run a family the release deploys.
  const scheduled = targets[0]?.scheduledTasks ?? []
  if (scheduled.length > 0)
    await check(async () => {
      const environment = targets[0]!.environment
      problems.push(
        ...(await scheduledTaskProblems(
          scheduled.map(ref => holderFor(ref, context.services.aws, context.services.logger)),
          // A family not known yet (a new service from a file is checked by its file): existence only.
          families.includes(undefined) ? [] : (families as string[]),
          context.settings.config.path
            ? `${context.settings.config.path}: environments.${environment}`
            : `environment ${environment}`
        ))
      )
    })
  // A file both checks read (the service definition of a missing service) is named once.
  throwProblems(problems)
  return reads
}

function assertRepositoryName(name: string): void {
  if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    throw new InputError(
      'input ecr-repository',
      `"${name}" is not an ECR repository name (lowercase letters, digits, and . _ - / between them)`,
      'Give the repository name, not its URI (web, or team/web).'
    )
  }
}

/** What one check learnt that a later one needs. */
interface Known {
  /** The family of the task-definition file. */
  family?: string
  /** The task-definition file as it will be registered, and where it sits in the file. */
  taskDefinition?: { definition: Record<string, unknown>; at: string[] }
  /** The service-definition file a missing service is created from. */
  serviceDefinition?: Record<string, unknown>
}

/**
 * The definition files (templates rendered: an unknown placeholder is named with its line and
 * column) and the container choice: no ECS call needed to find their mistakes.
 */
function localChecks(
  context: StepContext,
  plan: ReleasePlan,
  target: Target,
  known: Known
): Check[] {
  const { services } = context
  const { env } = services
  const image = plan.image.kind === 'given' ? plan.image.reference : IMAGE_NOT_YET_KNOWN
  const scope = templateScope(context, target, image)
  const checks: Check[] = [() => assertNoNameClash(target.variables, target.secrets)]
  if (target.taskDefinition) {
    const path = target.taskDefinition
    checks.push(async () => {
      const { definition, notes, at } = await readTemplatedTaskDefinition(path, scope, env)
      for (const note of notes) services.logger.info(note)
      known.family = definition.family
      known.taskDefinition = { definition: { ...definition }, at }
      for (const container of [target.container, ...target.sidecars])
        chooseContainer(definition, container, `task definition file ${path}`)
      for (const hook of hooksBeside(target.service, plan.targets))
        assertHookContainer(hook, definition, `task definition file ${path}`)
    })
  }
  if (target.serviceDefinition) {
    checks.push(async () => {
      known.serviceDefinition = await readTemplatedServiceDefinition(target, scope, env)
    })
  }
  return checks
}

/** The ECR repository the image flows read or push to. */
function repositoryChecks({ plan, settings, services }: StepContext): Check[] {
  if (plan.flow === 'none' || plan.flow === 'test' || plan.flow === 'continue') return []
  const checks: Check[] = []
  const { image } = plan
  if (image.kind === 'build' && !settings.docker.createRepository) {
    checks.push(async () => {
      const ecr = services.aws.ecr()
      if (await ecr.describeRepository(image.repository)) return
      throw missingRepository(image.repository, await ecr.region())
    })
  }
  if (image.kind === 'resolve') {
    checks.push(async () => {
      const ecr = services.aws.ecr()
      if (await ecr.describeRepository(image.repository)) return
      throw noRepositoryForCommit(image.repository, await ecr.region(), plan.sha)
    })
  }
  return checks
}

/**
 * The service exists (or can be created), a strategy deploys it and finds nothing wrong with it,
 * and its revision has the container.
 */
async function checkService(
  plan: ReleasePlan,
  target: Target,
  services: Services,
  problems: Error[],
  known: Known,
  reads: PreflightReads,
  strategies: StrategyList,
  settings: StepContext['settings'],
  verifies: boolean,
  onLive: (service: ServiceSnapshot, strategy: DeploymentStrategy) => void
): Promise<void> {
  const ecs = services.aws.ecs()
  const service = await readLiveService(ecs, target.cluster, target.service, reads)
  // A target whose settings choose its strategy (an Express service) is checked by it alone.
  const claimed = strategies.claimedBy(target)
  if (claimed?.claim) {
    const found = await claimed.claim.check(services, target, settings, {
      target,
      verifies,
      reads
    })
    problems.push(...found)
    if (found.length === 0 && service) onLive(service, claimed)
    return
  }
  const revision = target.revision ? await checkRevision(plan, target, services, reads) : undefined
  // Where the tasks run: the live service says, or the file a missing one is created from.
  const placement = service ? service.launch : known.serviceDefinition
  const platform = placement ? platformOf(placement) : undefined
  if (platform) {
    const where = service
      ? `service ${target.service} in cluster ${target.cluster}`
      : `service ${target.service} as service-definition file ${target.serviceDefinition} creates it`
    const incompatible = incompatibility(target, platform, where, known, revision)
    if (incompatible) problems.push(incompatible)
  }
  if (!service) {
    if (!target.taskDefinition && !target.revision)
      throw new ReleaseError(missingStartingPoint(target))
    if (!target.serviceDefinition) loadServiceDefinition(target, services.env)
    return
  }
  const strategy = strategies.strategyFor(service)
  if (!strategy) throw unsupportedService(target, service)
  problems.push(
    ...(await strategy.checkService(services, target, service, settings, { target, verifies }))
  )
  onLive(service, strategy)
  const current = currentTaskDefinition(service)
  if (target.taskDefinition || target.revision || !current) return
  const live = await readTaskDefinition(ecs, current, reads)
  const definition = asTaskDefinition(live.definition, `task definition ${live.arn}`)
  const described = `the service's current task definition ${shortTaskDefinition(live.arn)}`
  chooseContainer(definition, target.container, described)
  for (const hook of hooksBeside(target.service, plan.targets))
    assertHookContainer(hook, definition, described)
}

/**
 * The definition this release registers (the file) or deploys (a registered revision) runs where
 * the service runs its tasks. Without either, the service's own revision is rendered again: it
 * runs there already.
 */
function incompatibility(
  target: Target,
  platform: Platform,
  where: string,
  known: Known,
  revision: { arn: string; definition: Record<string, unknown> } | undefined
): Error | undefined {
  if (known.taskDefinition) {
    const { definition, at } = known.taskDefinition
    const found = compatibilityProblems(definition, platform, where, at)
    return found.length > 0
      ? incompatibleError(`task definition file ${target.taskDefinition}`, platform, found)
      : undefined
  }
  if (!revision) return undefined
  const found = compatibilityProblems(revision.definition, platform, where)
  return found.length > 0
    ? incompatibleError(`task definition ${shortTaskDefinition(revision.arn)}`, platform, found)
    : undefined
}

/** The revision task-definition names exists; with an image to set, it has the container. */
async function checkRevision(
  plan: ReleasePlan,
  target: Target,
  services: Services,
  reads: PreflightReads
): Promise<{ arn: string; definition: Record<string, unknown> }> {
  const ref = target.revision!
  let revision
  try {
    revision = await readTaskDefinition(services.aws.ecs(), ref, reads)
  } catch (error) {
    throw new InputError(
      `task-definition ${ref}`,
      `names no registered revision (${errorMessage(error)})`,
      'Give an existing family, family:revision or task-definition ARN, or the path of a task-definition file in the repository.'
    )
  }
  const definition = asTaskDefinition(revision.definition, `task definition ${revision.arn}`)
  const described = `task definition ${shortTaskDefinition(revision.arn)}`
  for (const hook of hooksBeside(target.service, plan.targets))
    assertHookContainer(hook, definition, described)
  if (plan.image.kind !== 'as-is') chooseContainer(definition, target.container, described)
  return { arn: revision.arn, definition: { ...definition } }
}
