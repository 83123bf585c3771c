import type { GitEvent } from '../ci-env/git-event.js'
import { gitFromCommandRunner } from '../ci-env/git.js'
import type { Services } from '../core/context.js'
import { previewMerge } from '../release/merge-preview.js'
import type { Settings } from '../settings/types.js'
import type { StrategyList } from '../strategies/index.js'
import { errorMessage } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'
import { planCommentMarker, renderPlanComment } from './plan-comment.js'
import { upsertPullRequestComment, type PullRequestCommentOptions } from './pull-request-comment.js'

// plan-comment: true on a pull request. What merging would deploy goes to the pull request's
// one comment (with pull-requests: write) and to the job summary; a fork's run, whose token
// is read-only, puts it in the job summary only. Never fails the job.

export interface WhatMergingDeploysInput {
  settings: Settings
  /** The pull request's event. */
  event: GitEvent
  services: Services
  summary: (markdown: string) => Promise<void>
  strategies?: StrategyList
  /** Overrides how the comment is written (tests); by default the GitHub API. */
  comment?: typeof upsertPullRequestComment
}

export async function reportWhatMergingDeploys(input: WhatMergingDeploysInput): Promise<void> {
  const { settings, event, services } = input
  const { env, logger } = services
  const pullRequest = event.pullRequest
  if (!pullRequest) return
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const preview = await previewMerge({
    settings,
    event,
    services,
    git: gitFromCommandRunner(services.exec, workspace),
    workspace,
    ...(input.strategies ? { strategies: input.strategies } : {})
  })
  const marker = planCommentMarker(preview.plan?.environment, settings.config.path)
  const body = (note?: string) =>
    renderPlanComment({ preview, marker, sha: event.sha, ...(note ? { note } : {}) })
  const target = commentTarget(settings, env, pullRequest.fromFork === true)
  let note = 'note' in target ? target.note : undefined
  if ('options' in target) {
    const write = input.comment ?? upsertPullRequestComment
    const result = await write(
      { ...target.options, logger, runner: services.runner },
      pullRequest.number,
      marker,
      body()
    )
    if (result.written === false)
      note = `The comment on pull request #${pullRequest.number} could not be written (see the warning in the log).`
  }
  if (note) logger.info(`plan-comment: ${escapeForLog(note)}`)
  try {
    await input.summary(body(note))
  } catch (error) {
    logger.warning(`plan-comment: could not write the job summary: ${errorMessage(error)}`)
  }
}

/** Where the comment can go: the GitHub API, or nowhere and why (then only the job summary). */
function commentTarget(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  fromFork: boolean
): { options: Omit<PullRequestCommentOptions, 'logger' | 'runner'> } | { note: string } {
  if (fromFork)
    return {
      note: 'This pull request comes from a fork: its run has a read-only token and no secrets, so the plan is in the job summary instead of a comment.'
    }
  const token = settings.githubToken
  if (!token)
    return {
      note: 'No github-token is given, so the plan is in the job summary instead of a comment. Give github-token: ${{ github.token }} with permissions pull-requests: write.'
    }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo)
    return { note: 'GITHUB_REPOSITORY is not set, so the plan is in the job summary only.' }
  return { options: { token, owner, repo, apiUrl: env.GITHUB_API_URL || 'https://api.github.com' } }
}
