import {
  FLOWS,
  type Decision,
  type Flow,
  type RollbackScope,
  type Settings,
  type Target
} from '../settings/types.js'
import { InputError } from '../util/errors.js'
import { assertOutputName } from '../util/output-name.js'
import type { GitEvent } from '../ci-env/git-event.js'
import { assertFlowAllowed } from './event-kinds.js'
import { DEFAULT_RULES, describeRule, matchRule } from './rules.js'
import { resolveTargets } from './target.js'
import {
  asIsReason,
  deploysRevisionAsIs,
  noFiles,
  withTaskDefinitionSource,
  type FileCheck
} from './task-definition-ref.js'

export const STEP_NAMES = [
  'test',
  'build',
  'dockerize',
  'push',
  'resolve',
  'register',
  'before-deploy',
  'deploy',
  'continue',
  'wait',
  'scheduled-tasks',
  'after-deploy',
  'verify',
  'keep-revisions'
] as const
export type StepName = (typeof STEP_NAMES)[number]

/** The steps of each flow, in order (the README's table "What it does"). */
export const FLOW_STEPS: Record<Flow, readonly StepName[]> = {
  test: ['test', 'build'],
  publish: ['test', 'build', 'dockerize', 'push'],
  deploy: [
    'test',
    'build',
    'dockerize',
    'push',
    'register',
    'before-deploy',
    'deploy',
    'wait',
    'scheduled-tasks',
    'after-deploy',
    'verify',
    'keep-revisions'
  ],
  promote: [
    'resolve',
    'register',
    'before-deploy',
    'deploy',
    'wait',
    'scheduled-tasks',
    'after-deploy',
    'verify',
    'keep-revisions'
  ],
  // Answer the paused hook, then the steps a release runs after its deploy.
  continue: ['continue', 'wait', 'scheduled-tasks', 'after-deploy', 'verify', 'keep-revisions']
}

/** dockerize and push build the image into this ECR repository. */
export interface BuildSource {
  kind: 'build'
  repository: string
}
/** resolve finds the commit's image in this ECR repository (and adds the release tag). */
export interface ResolveSource {
  kind: 'resolve'
  repository: string
  releaseTag?: string
}
/** The input image, used as given. */
export interface GivenSource {
  kind: 'given'
  reference: string
}
/** No image to set: the registered revision `taskDefinition` is deployed exactly as it is. */
export interface AsIsSource {
  kind: 'as-is'
  taskDefinition: string
}
/** Where the image of a release comes from. */
export type ImageSource = BuildSource | ResolveSource | GivenSource | AsIsSource

interface PlanBase {
  steps: StepName[]
  skipped: { step: StepName; reason: string }[]
  /** Commit released; the image is tagged with it. */
  sha: string
  imageTag: string
  /** Why this flow: the rule or input that chose it. */
  reason: string
  event: { name: string; ref: string; refName: string }
  dryRun: boolean
}

export interface NonePlan extends PlanBase {
  flow: 'none'
  environment?: undefined
}
export interface TestPlan extends PlanBase {
  flow: 'test'
  environment?: string
}
export interface PublishPlan extends PlanBase {
  flow: 'publish'
  environment?: string
  image: BuildSource | GivenSource
}
interface TargetedPlan extends PlanBase {
  environment: string
  /**
   * Every service the release updates, in the config file's order; one service is a list of
   * one. The first is the one the single-service outputs describe.
   */
  targets: Target[]
  /** When one service fails: roll back all the services it updated, or only the failed ones. */
  rollbackScope: RollbackScope
}
export interface DeployPlan extends TargetedPlan {
  flow: 'deploy'
  image: BuildSource | GivenSource | AsIsSource
}
export interface PromotePlan extends TargetedPlan {
  flow: 'promote'
  image: ResolveSource | GivenSource | AsIsSource
  /** The git tag added to the image in ECR. */
  releaseTag?: string
}
export type ReleasePlan = DeployPlan | PromotePlan

/**
 * flow continue: a later job answers a deployment an earlier job left paused at a PAUSE hook
 * (on-pause approve), then watches it to its end as the release would have.
 */
export interface ContinuePlan extends TargetedPlan {
  flow: 'continue'
  /** Absent: preflight reports it, beside what it finds wrong with the paused deployments. */
  decision?: Decision
  /** The paused service deployment and hook as the first job's outputs name them. */
  serviceDeployment?: string
  hookId?: string
  /**
   * decision rollback: the services the first job deployed that finished (its `services`
   * output), with the revision it deployed, to roll back beside the paused ones.
   */
  finished?: { service: string; taskDefinitionArn: string }[]
}

/** flow continue needs a decision: without one there is nothing to do. */
export function missingDecision(): InputError {
  return new InputError(
    'input decision',
    'flow continue needs a decision and none was given',
    'Set decision to continue (the paused deployment goes on) or rollback (ECS rolls it back).'
  )
}

/**
 * The services of the first job's `services` output that it deployed (result deployed), each
 * with the revision it deployed; every one must be a service of the environment.
 */
export function finishedServices(
  json: string,
  targets: readonly Target[],
  environment: string
): { service: string; taskDefinitionArn: string }[] {
  const wrong = (problem: string) =>
    new InputError(
      'input released-services',
      problem,
      'Pass the services output of the job that paused (${{ needs.<job>.outputs.services }}), unchanged.'
    )
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw wrong('is not JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw wrong('is not a JSON object keyed by service name')
  const names = targets.map(target => target.service)
  const finished: { service: string; taskDefinitionArn: string }[] = []
  for (const [service, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (!names.includes(service))
      throw wrong(
        `names service ${JSON.stringify(service.slice(0, 80))}, which is not one of environment ${environment}'s (${names.join(', ')})`
      )
    const { result, 'task-definition-arn': arn } = (entry ?? {}) as Record<string, unknown>
    if (result === 'deployed' && typeof arn === 'string' && arn !== '')
      finished.push({ service, taskDefinitionArn: arn })
  }
  return finished
}

/** A plan that acts on the services of an environment: a release, or the continue of one. */
export type ServicePlan = ReleasePlan | ContinuePlan

/** The plan: one shape per flow, so each carries exactly what its steps need. */
export type Plan = NonePlan | TestPlan | PublishPlan | ReleasePlan | ContinuePlan

export function isReleasePlan(plan: Plan): plan is ReleasePlan {
  return plan.flow === 'deploy' || plan.flow === 'promote'
}

export function isServicePlan(plan: Plan): plan is ServicePlan {
  return isReleasePlan(plan) || plan.flow === 'continue'
}

/** The first target of a plan that acts on services; undefined for the other flows. */
export function planTarget(plan: Plan | undefined): Target | undefined {
  return plan && isServicePlan(plan) ? plan.targets[0] : undefined
}

/** Turns a git event and the settings into a plan; pure, and throws before anything runs. */
export function makePlan(settings: Settings, event: GitEvent, isFile: FileCheck = noFiles): Plan {
  const chosen = chooseFlow(settings, event)
  const base = {
    sha: event.sha,
    imageTag: event.sha,
    event: { name: event.name, ref: event.ref, refName: event.refName },
    dryRun: settings.dryRun
  }
  if (chosen.flow === 'none') {
    return { ...base, flow: 'none', steps: [], skipped: [], reason: chosen.reason }
  }
  const { flow } = chosen
  const environment =
    settings.environment ?? chosen.environment ?? (flow === 'deploy' ? 'dev' : undefined)
  // It becomes the `environment` output: a dispatch input or a rule may not smuggle text in.
  if (environment !== undefined && settings.environment === undefined)
    assertOutputName(
      environment,
      event.name === 'workflow_dispatch' ? 'workflow_dispatch input environment' : chosen.reason
    )
  const releases = flow === 'deploy' || flow === 'promote' || flow === 'continue'

  if (releases && environment === undefined) {
    throw new InputError(
      'input environment',
      `the ${flow} flow needs an environment and no rule or input chose one`,
      'Set the input environment, or give the matching rule an environment.'
    )
  }
  const needsCommit = flow !== 'test'
  if (needsCommit && !/^[0-9a-f]{40}$/.test(event.sha)) {
    throw new InputError(
      'GITHUB_SHA',
      `"${event.sha}" is not a full commit SHA`,
      'Run the action from a GitHub workflow, which sets GITHUB_SHA.'
    )
  }
  const targets = releases
    ? resolveTargets(settings, environment!).map(found => withTaskDefinitionSource(found, isFile))
    : []
  const rollbackScope: RollbackScope =
    settings.rollbackScope ??
    (environment ? settings.config.environments[environment]?.rollbackScope : undefined) ??
    'all'
  const target = targets[0]
  if (targets.length > 1 && deploysRevisionAsIs(settings, target)) {
    throw new InputError(
      'task-definition',
      `names a registered revision to deploy as it is, and environment ${environment} has ${targets.length} services`,
      'Deploy a revision as it is to one service (the input service picks it), or give each service its task-definition file.'
    )
  }
  const { steps, skipped } = selectSteps(flow, settings, targets)
  // resolve promotes a given image as it is; only a search of ECR needs the repository.
  const needsRepository = steps.some(
    step => step === 'dockerize' || step === 'push' || (step === 'resolve' && !settings.image)
  )
  if (needsRepository && !settings.ecrRepository) {
    throw new InputError(
      'input ecr-repository',
      `the ${flow} flow needs an ECR repository to ${flow === 'promote' ? 'find the image built for the commit' : 'push the image to'}`,
      'Set the input ecr-repository (or ecr-repository in the config file), or give a pre-built image with the input image.'
    )
  }
  const common = { ...base, steps, skipped, reason: chosen.reason }
  const given: GivenSource | AsIsSource | undefined = settings.image
    ? { kind: 'given', reference: settings.image }
    : deploysRevisionAsIs(settings, target)
      ? { kind: 'as-is', taskDefinition: target!.revision! }
      : undefined
  // Checked above: the image steps have a repository whenever no image is given.
  const repository = settings.ecrRepository ?? ''
  switch (flow) {
    case 'test':
      return { ...common, flow, environment: settings.environment }
    case 'publish':
      return {
        ...common,
        flow,
        environment: settings.environment,
        image: given?.kind === 'given' ? given : { kind: 'build', repository }
      }
    case 'deploy':
      return {
        ...common,
        flow,
        environment: environment!,
        targets,
        rollbackScope,
        image: given ?? { kind: 'build', repository }
      }
    case 'continue':
      return {
        ...common,
        flow,
        environment: environment!,
        targets,
        rollbackScope,
        decision: settings.decision,
        serviceDeployment: settings.serviceDeployment,
        hookId: settings.hookId,
        ...(settings.releasedServices
          ? { finished: finishedServices(settings.releasedServices, targets, environment!) }
          : {})
      }
    case 'promote': {
      const releaseTag = event.refType === 'tag' ? event.refName : undefined
      const image = given ?? { kind: 'resolve', repository, releaseTag }
      return {
        ...common,
        flow,
        environment: environment!,
        targets,
        rollbackScope,
        image,
        releaseTag
      }
    }
  }
}

interface FlowChoice {
  flow: Flow | 'none'
  environment?: string
  reason: string
}

function chooseFlow(settings: Settings, event: GitEvent): FlowChoice {
  if (event.deleted) {
    return {
      flow: 'none',
      reason: `the ${event.name === 'delete' ? 'delete event' : 'push'} deleted ${event.refType} ${event.refName}: nothing to release`
    }
  }
  // Pull-request code and merge queues only ever test, whatever an input or a rule says.
  if (settings.flow !== 'auto') {
    assertFlowAllowed(event, settings.flow, 'input flow')
    const match = matchRule(settings.config.rules ?? DEFAULT_RULES, event)
    return {
      flow: settings.flow,
      environment: match?.rule.flow === settings.flow ? match.rule.environment : undefined,
      reason: `input flow is ${settings.flow}`
    }
  }
  if (event.name === 'merge_group') {
    return {
      flow: 'test',
      reason: 'merge_group (a merge queue) runs the test flow: it never publishes or deploys'
    }
  }
  // A dispatch input of `auto` (the action's own default) means: let the rules decide.
  if (
    event.name === 'workflow_dispatch' &&
    event.dispatch?.flow &&
    event.dispatch.flow !== 'auto'
  ) {
    const flow = event.dispatch.flow
    if (!(FLOWS as readonly string[]).includes(flow) && flow !== 'none') {
      throw new InputError(
        'workflow_dispatch input flow',
        `"${flow}" is not a flow`,
        `Use one of: ${FLOWS.join(', ')}.`
      )
    }
    assertFlowAllowed(event, flow as Flow | 'none', 'workflow_dispatch input flow')
    return {
      flow: flow as Flow | 'none',
      environment: event.dispatch.environment,
      reason: `workflow_dispatch input flow is ${flow}`
    }
  }
  const rules = settings.config.rules ?? DEFAULT_RULES
  const source = settings.config.rules ? 'rule #' : 'default rule #'
  const match = matchRule(rules, event)
  if (!match) {
    return {
      flow: 'none',
      reason: `no rule matches ${event.name} of ${event.refType} ${event.refName}: nothing to do`
    }
  }
  assertFlowAllowed(
    event,
    match.rule.flow,
    `${source}${match.index + 1} (${describeRule(match.rule)})`
  )
  return {
    flow: match.rule.flow,
    environment: event.dispatch?.environment ?? match.rule.environment,
    reason: `${source}${match.index + 1} (${describeRule(match.rule)}) matches ${event.refType} ${event.refName}`
  }
}

function selectSteps(
  flow: Flow,
  settings: Settings,
  targets: readonly Target[]
): Pick<Plan, 'steps' | 'skipped'> {
  const steps: StepName[] = []
  const skipped: Plan['skipped'] = []
  for (const step of FLOW_STEPS[flow]) {
    const reason =
      flow === 'continue' && settings.decision === 'rollback' && step !== 'continue'
        ? 'decision rollback: ECS rolls the paused deployment back, nothing goes on'
        : skipReason(step, settings, targets)
    if (reason) skipped.push({ step, reason })
    else steps.push(step)
  }
  return { steps, skipped }
}

function skipReason(
  step: StepName,
  settings: Settings,
  targets: readonly Target[]
): string | undefined {
  // A revision deployed as it is concerns one service (makePlan refuses it with several).
  const target = targets[0]
  switch (step) {
    case 'test':
      return settings.testCommand ? undefined : 'no test-command'
    case 'build':
      return settings.buildCommand ? undefined : 'no build-command'
    case 'dockerize':
    case 'push':
      if (deploysRevisionAsIs(settings, target)) return asIsReason(target!)
      return settings.image ? 'input image is set' : undefined
    case 'resolve':
      return deploysRevisionAsIs(settings, target) ? asIsReason(target!) : undefined
    case 'register':
      return deploysRevisionAsIs(settings, target)
        ? `${asIsReason(target!)}: nothing is registered`
        : undefined
    case 'scheduled-tasks':
      return targets.some(each => each.scheduledTasks?.length) ? undefined : 'no scheduled-tasks'
    case 'keep-revisions':
      return targets.some(each => each.keepRevisions)
        ? undefined
        : 'no keep-revisions (every revision is kept)'
    case 'wait':
      return settings.wait ? undefined : 'input wait is false'
    case 'before-deploy':
      return targets[0]?.beforeDeploy ? undefined : 'no before-deploy task'
    case 'after-deploy':
      // It checks the finished rollout: without wait there is none to check.
      if (!targets[0]?.afterDeploy) return 'no after-deploy task'
      return settings.wait
        ? undefined
        : 'input wait is false: the rollout is not watched to its end'
    case 'verify':
      return settings.verifyCommand || targets.some(target => target.verifyUrl || target.verifyPath)
        ? undefined
        : 'no verify-url, verify-path or verify-command'
    default:
      return undefined
  }
}
