import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { GitEvent } from '../ci-env/git-event.js'
import type { GitRunner } from '../ci-env/git.js'
import type { StepContext } from '../core/context.js'
import { newReleaseState } from '../core/state.js'
import { templateScope } from '../core/template-scope.js'
import { mergeTags, releaseTags } from '../definitions/release-tags.js'
import { diffTaskDefinitions, sameTaskDefinition } from '../definitions/task-definition.js'
import { workspaceFileExists } from '../definitions/workspace-file.js'
import { isReleasePlan, makePlan, type Plan, type ReleasePlan } from '../plan/plan.js'
import type { Settings } from '../settings/types.js'
import { prepareTaskDefinition } from '../steps/register.js'
import { STRATEGIES, type StrategyList } from '../strategies/index.js'
import { Problems, errorMessage } from '../util/errors.js'
import { dryRunServices } from './dry-run.js'
import { preflight } from './preflight.js'
import { filesAgainstBase, type FileChanges } from './base-files.js'
import { renderWithoutAws, type RenderedWithoutAws } from './render-without-aws.js'

// What merging a pull request would deploy: the plan a push of its base branch makes, then the
// dry-run path on it (preflight, the rendered task definitions against the live revisions),
// with every AWS write intercepted. Nothing is registered, updated or created.

/** One service of the plan: its task-definition diff against what runs now. */
export interface ServicePreview {
  service: string
  cluster: string
  /** The live revision it is compared with (family:revision); none for a new service. */
  live?: string
  /** The diff lines (as dry-run prints them: hidden values by name); empty when unchanged. */
  changes: string[]
  /** Why the diff could not be made (a file that does not render, a read AWS refused). */
  unreadable?: string
}

/** The services' diffs and the preflight problems of a release plan. */
export interface ServicesPreview {
  services: ServicePreview[]
  problems: string[]
}

export interface MergePreview extends ServicesPreview {
  /** The pull request's base branch, which merging pushes to. */
  baseRef: string
  /** The plan of that push; undefined when it could not be made (planError says why). */
  plan?: Plan
  planError?: string
  /** What could not be read, and why (no AWS credentials in a fork's run). */
  unread: string[]
  /** The config and definition files against the base commit. */
  files: FileChanges
  /** Without AWS credentials: each service's task definition, values AWS holds unknown. */
  rendered: RenderedWithoutAws[]
}

/** The push that merging the pull request makes: its base branch, at the head's commit. */
export function mergePush(event: GitEvent): GitEvent | undefined {
  const baseRef = event.pullRequest?.baseRef
  if (!baseRef) return undefined
  return {
    name: 'push',
    ref: `refs/heads/${baseRef}`,
    refType: 'branch',
    refName: baseRef,
    sha: event.sha,
    defaultBranch: event.defaultBranch,
    deleted: false,
    repository: event.repository
  }
}

/** Whether the run has AWS credentials of its own (a fork's pull request run has none). */
export function hasAwsCredentials(env: NodeJS.ProcessEnv): boolean {
  return [
    'AWS_ACCESS_KEY_ID',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_PROFILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'
  ].some(name => Boolean(env[name]))
}

export interface MergePreviewInput {
  settings: Settings
  /** The pull request's event. */
  event: GitEvent
  services: StepContext['services']
  git: GitRunner
  /** The repository's checkout, which the file paths are relative to. */
  workspace: string
  strategies?: StrategyList
}

/** What merging the pull request would deploy. Never writes; reads AWS only with credentials. */
export async function previewMerge(input: MergePreviewInput): Promise<MergePreview> {
  const { settings, event, services, git, workspace } = input
  const baseRef = event.pullRequest?.baseRef ?? ''
  const push = mergePush(event)
  let plan: Plan | undefined
  let planError: string | undefined
  try {
    if (!push) throw new Error('the pull_request payload names no base branch (base.ref)')
    // The rules decide the push, as in the push's own run: not this job's flow input.
    plan = makePlan({ ...settings, flow: 'auto', dryRun: true }, push, path =>
      workspaceFileExists(path, services.env)
    )
  } catch (error) {
    planError = errorMessage(error)
  }
  const paths = [
    settings.config.path,
    ...(plan && isReleasePlan(plan)
      ? plan.targets.flatMap(target => [target.taskDefinition, target.serviceDefinition])
      : [])
  ].filter((path): path is string => path !== undefined)
  const files = await filesAgainstBase(git, workspace, event.pullRequest?.baseSha, paths)
  const unread: string[] = []
  let found: ServicesPreview = { services: [], problems: [] }
  let rendered: RenderedWithoutAws[] = []
  // A fork's run gets no secrets: any AWS variable in its env is not this repository's.
  const credentials = !event.pullRequest?.fromFork && hasAwsCredentials(services.env)
  if (plan && isReleasePlan(plan)) {
    if (credentials)
      found = await previewServices(
        { settings: { ...settings, dryRun: true }, plan, state: newReleaseState(), services },
        input.strategies
      )
    else {
      rendered = await renderWithoutAws(settings, plan, services)
      unread.push(
        "what the services run now and preflight's AWS checks: this run has no AWS credentials (a pull request from a fork gets none). Give the job a read-only role for the environment, or see the diff after merging."
      )
    }
  }
  return {
    baseRef,
    ...(plan ? { plan } : {}),
    ...(planError ? { planError } : {}),
    unread,
    files,
    rendered,
    ...found
  }
}

/**
 * Dry-run's path for a release plan: preflight (every problem it finds) and, service by
 * service, the definition register would register against the live revision.
 */
export async function previewServices(
  given: StepContext & { plan: ReleasePlan },
  strategies: StrategyList = STRATEGIES
): Promise<ServicesPreview> {
  const context = { ...given, services: dryRunServices(given.services) }
  const problems: string[] = []
  const reads = await preflight(context, strategies).catch((error: unknown) => {
    const all = error instanceof Problems ? error.problems : [error]
    problems.push(...all.map(errorMessage))
    return undefined
  })
  const services: ServicePreview[] = []
  const image = await imageOf(context)
  for (const target of context.plan.targets) {
    const { service, cluster } = target
    if (image === undefined) {
      services.push({
        service,
        cluster,
        changes: [`deploys ${target.revision ?? 'the revision'} as it is`]
      })
      continue
    }
    try {
      const prepared = await prepareTaskDefinition(
        context.services.aws.ecs(),
        target,
        image,
        context.services.env,
        templateScope(context, target, image),
        reads
      )
      const tags = mergeTags(
        prepared.rendered.tags,
        releaseTags(context.settings, context.plan, target)
      )
      if (tags) prepared.rendered.tags = prepared.display.tags = tags
      const { live } = prepared
      services.push({
        service,
        cluster,
        ...(live ? { live: shortTaskDefinition(live.arn) } : {}),
        changes: !live
          ? [`a first revision of ${prepared.rendered.family}`]
          : sameTaskDefinition(live.definition, prepared.rendered)
            ? []
            : diffTaskDefinitions(live.definition, prepared.rendered, prepared.display)
      })
    } catch (error) {
      services.push({ service, cluster, changes: [], unreadable: errorMessage(error) })
    }
  }
  return { services, problems }
}

/**
 * The image the release would set: given, or built (or found) in the ECR repository under the
 * commit's tag; by the repository's name when its URI cannot be read (preflight says why).
 */
async function imageOf({
  plan,
  services
}: StepContext & { plan: ReleasePlan }): Promise<string | undefined> {
  const { image } = plan
  if (image.kind === 'given') return image.reference
  if (image.kind === 'as-is') return undefined
  const found = await services.aws
    .ecr()
    .describeRepository(image.repository)
    .catch(() => undefined)
  return `${found?.uri ?? image.repository}:${plan.imageTag}`
}
