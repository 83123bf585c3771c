import type { getOctokit } from '@actions/github'
import { escapeForLog, type Logger } from '../util/logger.js'
import { maskSecret } from '../util/masking.js'
import type { RunnerHooks } from '../util/runner-hooks.js'
import { describeApiFailure } from './deployments.js'

// One comment per pull request and marker, updated in place on every push: the comments are
// listed (every page), the one holding the marker is edited, or a first one is created. A
// failing GitHub API is a warning, never a failed job.

export interface PullRequestCommentOptions {
  token: string
  owner: string
  repo: string
  /** GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's /api/v3. */
  apiUrl: string
  logger: Logger
  /** Masks the token; must be the runner's own outside tests. */
  runner: Pick<RunnerHooks, 'setSecret'>
  /** One API call may take this long before it is given up (a warning). */
  requestTimeoutSeconds?: number
}

/** What happened to the comment: created, updated, or nothing (a warning said why). */
export type CommentResult = { written: 'created' | 'updated'; id: number } | { written: false }

/** Writes `body` (which holds `marker`) as the pull request's one comment with that marker. */
export async function upsertPullRequestComment(
  options: PullRequestCommentOptions,
  pullRequest: number,
  marker: string,
  body: string
): Promise<CommentResult> {
  const { token, owner, repo, logger } = options
  maskSecret(token, options.runner, { user: 'x-access-token' })
  const timeout = options.requestTimeoutSeconds ?? 10
  const request = () => ({ signal: AbortSignal.timeout(timeout * 1000) })
  const call = async <T>(what: string, body: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await body()
    } catch (error) {
      const cause = describeApiFailure(error, timeout).split(token).join('***')
      logger.warning(
        `plan-comment: could not ${what} on pull request #${pullRequest} (${escapeForLog(cause)}); the plan is in the job summary.`
      )
      return undefined
    }
  }
  const octokit = await client(token, options.apiUrl)
  const comments = await call('list the comments', () =>
    octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: pullRequest,
      per_page: 100,
      request: request()
    })
  )
  if (!comments) return { written: false }
  // Ours starts with the marker: a reply that quotes it is someone else's.
  const ours = comments.find(comment => comment.body?.startsWith(marker))
  if (ours) {
    const updated = await call(`update comment ${ours.id}`, () =>
      octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: ours.id,
        body,
        request: request()
      })
    )
    if (!updated) return { written: false }
    logger.info(`plan-comment: updated comment ${ours.id} on pull request #${pullRequest}`)
    return { written: 'updated', id: ours.id }
  }
  const created = await call('create the comment', () =>
    octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: pullRequest,
      body,
      request: request()
    })
  )
  if (!created) return { written: false }
  logger.info(`plan-comment: created comment ${created.data.id} on pull request #${pullRequest}`)
  return { written: 'created', id: created.data.id }
}

/** The GitHub client, loaded only when a comment is written: other runs never load it. */
async function client(token: string, apiUrl: string): Promise<ReturnType<typeof getOctokit>> {
  const { getOctokit } = await import('@actions/github')
  return getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, '') })
}
