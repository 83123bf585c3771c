import type { getOctokit } from '@actions/github'
import { isReleasePlan, type Plan, type ReleasePlan } from '../plan/plan.js'
import type { GitHubDeploymentMode } from '../settings/types.js'
import type { ReleaseState, TouchedTarget } from '../core/state.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import { maskSecret } from '../util/masking.js'
import type { RunnerHooks } from '../util/runner-hooks.js'
import { planJson } from './plan-log.js'
import { targetsCount, touchedTargets } from './targets.js'

/** What the reporter needs; all passed in, so tests point it at a local stand-in for the API. */
export interface GitHubDeploymentsOptions {
  token: string
  owner: string
  repo: string
  /** GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's /api/v3. */
  apiUrl: string
  /** The workflow run, linked from every status. */
  logUrl?: string
  logger: Logger
  /** Masks the token; must be the runner's own outside tests. */
  runner: Pick<RunnerHooks, 'setSecret'>
  /** One API call may take this long before it is given up (a warning, not a failure). */
  requestTimeoutSeconds?: number
  /**
   * job (the default): the job's `environment:` made GitHub create the deployment; ecs-flow only
   * adds its statuses to it. create: ecs-flow creates the deployment itself.
   */
  mode?: GitHubDeploymentMode
}

/** How the release ended, as GitHub shows it on the environment. */
export interface DeploymentOutcome {
  /** in_progress: paused at a PAUSE hook; the job that answers it reports the end. */
  state: 'success' | 'failure' | 'in_progress'
  /** Where the release lives (the verify URL), when known. */
  environmentUrl?: string
  description?: string
}

/** What main.ts calls: start before the steps, finish after them. Never throws. */
export interface DeploymentReporter {
  start(plan: Plan): Promise<void>
  finish(outcome: DeploymentOutcome): Promise<void>
}

/** GitHub's limit for deployment and status descriptions. */
const DESCRIPTION_LIMIT = 140

/** Deployment states after which GitHub writes no more statuses for the job. */
const FINISHED_STATES = new Set(['success', 'failure', 'error', 'inactive'])

/** The deployments of one commit and environment looked at to find the job's own. */
const JOB_DEPLOYMENT_CANDIDATES = 10

/**
 * GitHub Deployments for a release: one deployment per run of deploy/promote, then its statuses
 * (in_progress, then success or failure). A failing GitHub API never fails the release: it is a
 * warning naming the HTTP status, and the release goes on.
 */
export class GitHubDeployments implements DeploymentReporter {
  private octokit: Promise<ReturnType<typeof getOctokit>> | undefined
  private id: number | undefined

  constructor(private readonly options: GitHubDeploymentsOptions) {
    // Masked before anything can print it (an error message, a debug line).
    maskSecret(options.token, options.runner, { user: 'x-access-token' })
  }

  /** The GitHub client, loaded on first use: runs without a token never load it. */
  private client(): Promise<ReturnType<typeof getOctokit>> {
    this.octokit ??= import('@actions/github').then(({ getOctokit }) =>
      getOctokit(this.options.token, { baseUrl: this.options.apiUrl.replace(/\/+$/, '') })
    )
    return this.octokit
  }

  /** The GitHub deployment created by start(), if any. */
  get deploymentId(): number | undefined {
    return this.id
  }

  async start(plan: Plan): Promise<void> {
    if (!isReleasePlan(plan) || plan.dryRun) {
      return
    }
    this.id =
      (this.options.mode ?? 'job') === 'job'
        ? await this.findJobDeployment(plan.sha, plan.environment)
        : await this.createDeployment(plan, plan.environment)
    if (this.id === undefined) return
    await this.postStatus('in_progress', {
      description: `ecs-flow ${plan.flow} in progress`
    })
  }

  private async createDeployment(
    plan: ReleasePlan,
    environment: string
  ): Promise<number | undefined> {
    const { owner, repo } = this.options
    const created = await this.call(
      `create a deployment for environment ${environment}`,
      async () =>
        (await this.client()).rest.repos.createDeployment({
          owner,
          repo,
          ref: plan.sha,
          environment,
          task: 'deploy',
          auto_merge: false,
          required_contexts: [],
          transient_environment: false,
          production_environment: isProduction(environment),
          description: limit(deploymentDescription(plan)),
          payload: JSON.parse(planJson(plan)) as Record<string, unknown>,
          request: this.requestOptions()
        })
    )
    if (!created) return undefined
    if (!('id' in created.data)) {
      // 202: GitHub merged the default branch instead of creating a deployment.
      this.options.logger.warning(
        `GitHub Deployments: no deployment was created for environment ${environment}: ${escapeForLog(created.data.message ?? `HTTP ${created.status}`)}`
      )
      return undefined
    }
    this.options.logger.info(
      `GitHub deployment ${created.data.id} created for environment ${environment}`
    )
    return created.data.id
  }

  /**
   * The deployment GitHub created for this job's `environment:`: the newest one of this commit
   * and environment that GitHub Actions created and has not finished. The runner exposes no
   * deployment ID to a step, so it is looked up; a concurrency group per environment keeps a
   * second unfinished one from existing.
   */
  private async findJobDeployment(sha: string, environment: string): Promise<number | undefined> {
    const { owner, repo } = this.options
    const what = `find the deployment of this job for environment ${environment}`
    const listed = await this.call(what, async () =>
      (await this.client()).rest.repos.listDeployments({
        owner,
        repo,
        sha,
        environment,
        per_page: JOB_DEPLOYMENT_CANDIDATES,
        request: this.requestOptions()
      })
    )
    if (!listed) return undefined
    const candidates = listed.data
      .filter(deployment => createdByActions(deployment))
      .sort((a, b) => b.id - a.id)
    for (const deployment of candidates) {
      const statuses = await this.call(what, async () =>
        (await this.client()).rest.repos.listDeploymentStatuses({
          owner,
          repo,
          deployment_id: deployment.id,
          per_page: 1,
          request: this.requestOptions()
        })
      )
      if (!statuses) return undefined
      const latest = statuses.data[0]?.state
      if (latest !== undefined && !FINISHED_STATES.has(latest)) {
        this.options.logger.info(
          `GitHub deployment ${deployment.id} of this job (environment ${environment}) gets ecs-flow's statuses`
        )
        return deployment.id
      }
    }
    this.options.logger.warning(
      `GitHub Deployments: no unfinished deployment of commit ${sha.slice(0, 12)} to environment ${environment} was found (input github-deployment is job: the job's environment: creates it); ecs-flow adds no statuses. Declare "environment: ${environment}" in the job, or set github-deployment: create.`
    )
    return undefined
  }

  async finish(outcome: DeploymentOutcome): Promise<void> {
    if (this.id === undefined) return
    await this.postStatus(outcome.state, {
      description:
        outcome.description ??
        (outcome.state === 'success' ? 'ecs-flow release succeeded' : 'ecs-flow release failed'),
      environmentUrl: outcome.environmentUrl
    })
  }

  private async postStatus(
    state: 'in_progress' | 'success' | 'failure',
    details: { description: string; environmentUrl?: string }
  ): Promise<void> {
    const id = this.id
    if (id === undefined) return
    const { owner, repo, logUrl } = this.options
    await this.call(`set deployment ${id} to ${state}`, async () =>
      (await this.client()).rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: id,
        state,
        description: limit(details.description),
        ...(logUrl ? { log_url: logUrl } : {}),
        ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
        request: this.requestOptions()
      })
    )
  }

  /** Runs one API call; a failure becomes a warning (with the HTTP status) and `undefined`. */
  private async call<T>(what: string, request: () => Promise<T>): Promise<T | undefined> {
    try {
      return await request()
    } catch (error) {
      const cause = describeApiFailure(error, this.requestTimeoutSeconds())
      this.options.logger.warning(
        `GitHub Deployments: could not ${what} (${escapeForLog(cause.split(this.options.token).join('***'))}); the release goes on without it.`
      )
      return undefined
    }
  }

  private requestOptions(): { signal: AbortSignal } {
    return { signal: AbortSignal.timeout(this.requestTimeoutSeconds() * 1000) }
  }

  private requestTimeoutSeconds(): number {
    return this.options.requestTimeoutSeconds ?? 10
  }
}

/** Used when there is no token or no repository: every call does nothing. */
export const noDeployments: DeploymentReporter = {
  start: async () => {},
  finish: async () => {}
}

/**
 * The reporter for this run, from the github-token input and the runner's environment
 * (GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID).
 */
export function deploymentReporter(
  token: string | undefined,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  runner: Pick<RunnerHooks, 'setSecret'>,
  mode: GitHubDeploymentMode = 'job'
): DeploymentReporter {
  if (!token) return noDeployments
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo) {
    maskSecret(token, runner, { user: 'x-access-token' })
    logger.warning('GitHub Deployments: GITHUB_REPOSITORY is not set; no deployment is created.')
    return noDeployments
  }
  return new GitHubDeployments({
    token,
    owner,
    repo,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    logUrl: runLogUrl(env),
    logger,
    runner,
    mode
  })
}

/** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`, when all are known. */
export function runLogUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env
  if (!server || !repository || !runId) return undefined
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`
}

/**
 * The outcome GitHub shows for a finished run, from what the release produced. The status's
 * description holds 140 characters: it says how many targets the release touched and links the
 * run (`link`), whose summary has the whole table.
 */
export function deploymentOutcome(
  state: ReleaseState,
  failure?: string,
  link?: string
): DeploymentOutcome {
  const succeeded =
    state.result === 'deployed' || state.result === 'unchanged' || state.result === 'paused'
  const head = succeeded
    ? state.result === 'unchanged'
      ? 'ecs-flow: task definition unchanged, service up to date'
      : state.result === 'paused'
        ? 'ecs-flow: paused at a PAUSE hook, awaiting approval (flow: continue)'
        : 'ecs-flow: released'
    : `ecs-flow: ${state.result === 'rolled-back' ? 'failed and rolled back' : 'failed'}${failure ? `: ${failure}` : ''}`
  return {
    state: state.result === 'paused' ? 'in_progress' : succeeded ? 'success' : 'failure',
    environmentUrl: state.serviceUrl,
    description: statusDescription(head, touchedTargets(state), link)
  }
}

/** The shortest part of the description's head kept before its count and link. */
const HEAD_KEPT = 30

/**
 * Pure: `head; 2 services, 1 schedule: LINK` in at most 140 characters. The head is shortened
 * first; then the count by kind becomes a total; a link too long for the rest is left out (the
 * status's log_url has it too).
 */
export function statusDescription(
  head: string,
  targets: readonly TouchedTarget[],
  link?: string
): string {
  const byKind = targetsCount(targets)
  const total = `${targets.length} target${targets.length === 1 ? '' : 's'}`
  const tails =
    targets.length === 0
      ? [link ? `; ${link}` : '', '']
      : [
          link ? `; ${byKind}: ${link}` : `; ${byKind}`,
          link ? `; ${total}: ${link}` : `; ${total}`,
          `; ${total}`
        ]
  const tail = tails.find(each => each.length <= DESCRIPTION_LIMIT - HEAD_KEPT) ?? ''
  const room = DESCRIPTION_LIMIT - tail.length
  return `${head.length <= room ? head : `${head.slice(0, room - 1)}…`}${tail}`
}

/**
 * Pure: "HTTP 403: Resource not accessible by integration", or why no answer came. Octokit
 * reports a network failure as status 500 without a response, so the response decides.
 * Duck-typed: the errors may come from another realm.
 */
export function describeApiFailure(error: unknown, requestTimeoutSeconds: number): string {
  const { status, response, message, name, cause } = (error ?? {}) as Record<string, unknown>
  const text = typeof message === 'string' ? message : String(error)
  if (response !== undefined && typeof status === 'number') return `HTTP ${status}: ${text}`
  const inner = (cause ?? {}) as Record<string, unknown>
  if ([name, inner.name].some(n => n === 'TimeoutError' || n === 'AbortError')) {
    return `no answer within ${requestTimeoutSeconds}s`
  }
  const root = (inner.cause ?? {}) as Record<string, unknown>
  const reason = [root.message, root.code, inner.message, text].find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate !== ''
  )
  return `no answer: ${reason ?? text}`
}

/** GitHub Actions creates a job's deployment as its app, through its bot user. */
function createdByActions(deployment: {
  creator?: { login?: string } | null
  performed_via_github_app?: { slug?: string } | null
}): boolean {
  return (
    deployment.performed_via_github_app?.slug === 'github-actions' ||
    deployment.creator?.login === 'github-actions[bot]'
  )
}

export function isProduction(environment: string): boolean {
  return /^(production|prod)$/i.test(environment)
}

function deploymentDescription(plan: ReleasePlan): string {
  const releaseTag = plan.flow === 'promote' ? plan.releaseTag : undefined
  const tag = releaseTag ? ` (release tag ${releaseTag})` : ''
  const several =
    plan.targets.length > 1
      ? `; services ${plan.targets.map(target => target.service).join(', ')}`
      : ''
  return `ecs-flow ${plan.flow} of image tag ${plan.imageTag}${tag} to ${plan.environment}${several}`
}

function limit(text: string): string {
  return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`
}
