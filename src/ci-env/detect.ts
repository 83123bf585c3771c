import type { GitEvent } from './git-event.js'
import { InputError } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'
import { gitFacts, type GitRunner } from './git.js'
import { readCiFacts, type CiFacts, type CiProvider } from './providers.js'

export interface DetectOptions {
  /** An explicit default branch (an input): wins over every other source. */
  defaultBranch?: string
  /** The config file's top-level `default-branch`. */
  configDefaultBranch?: string
}

export type DefaultBranchSource = 'option' | 'config' | 'ci' | 'git' | 'none'

export interface DetectedEvent {
  provider: CiProvider
  event: GitEvent
  /** Where `event.defaultBranch` came from, for the plan's log. */
  defaultBranchFrom: DefaultBranchSource
}

/**
 * The git event of a run outside GitHub Actions (inside, the event payload says it: see
 * readEventSource), in the planner's shape. Read from CircleCI's, Jenkins' or GitLab CI's
 * variables, else from the checkout through `git` (argv arrays only).
 *
 * - A tag build is a push of the tag. A pull-request or merge-request signal makes a
 *   `pull_request` event, which the planner keeps on the test flow. Else a branch build is a
 *   push of the branch.
 * - Without a branch or tag from the CI system: the checked-out branch; on a detached HEAD, a
 *   tag on exactly that commit; else a ref of type `other` (no default rule matches it).
 *   A branch checked out wins over a tag on its commit: a tag release comes from a tag build.
 * - The default branch: `options.defaultBranch`, else the config's, else the CI system's
 *   (GitLab's CI_DEFAULT_BRANCH), else the clone's origin/HEAD, else none (then no rule with
 *   `default-branch: true` matches).
 * - The commit must be a full 40-character SHA: bad or missing is an InputError naming the
 *   variable (or git) it came from.
 */
export async function detectCiEvent(
  env: Readonly<Record<string, string | undefined>>,
  git: GitRunner,
  options: DetectOptions = {}
): Promise<DetectedEvent> {
  const facts = readCiFacts(env)
  const sha = await commit(facts, git)
  const { value: defaultBranch, from: defaultBranchFrom } = await findDefaultBranch(
    facts,
    git,
    options
  )
  const common = {
    sha,
    deleted: false,
    ...(defaultBranch ? { defaultBranch } : {}),
    ...(facts.repository ? { repository: facts.repository } : {})
  }

  if (facts.tag)
    return {
      provider: facts.provider,
      defaultBranchFrom,
      event: tagEvent(facts, facts.tag, common)
    }

  if (facts.pullRequest) {
    const headBranch =
      facts.pullRequest.headBranch ?? facts.branch ?? (await gitFacts.branch(git)) ?? ''
    const { headBranch: _head, ...pullRequest } = facts.pullRequest
    return {
      provider: facts.provider,
      defaultBranchFrom,
      event: {
        name: 'pull_request',
        ref: headBranch ? `refs/heads/${headBranch}` : 'HEAD',
        refType: 'branch',
        refName: headBranch,
        pullRequest,
        ...common
      }
    }
  }

  const branch = facts.branch ?? (await gitFacts.branch(git))
  if (branch)
    return {
      provider: facts.provider,
      defaultBranchFrom,
      event: {
        name: facts.eventName ?? 'push',
        ref: `refs/heads/${branch}`,
        refType: 'branch',
        refName: branch,
        ...common
      }
    }

  const tag = await gitFacts.tag(git)
  if (tag)
    return { provider: facts.provider, defaultBranchFrom, event: tagEvent(facts, tag, common) }

  return {
    provider: facts.provider,
    defaultBranchFrom,
    event: {
      name: facts.eventName ?? 'push',
      ref: 'HEAD',
      refType: 'other',
      refName: 'HEAD',
      ...common
    }
  }
}

function tagEvent(
  facts: CiFacts,
  tag: string,
  common: Pick<GitEvent, 'sha' | 'deleted' | 'defaultBranch' | 'repository'>
): GitEvent {
  return {
    name: facts.eventName ?? 'push',
    ref: `refs/tags/${tag}`,
    refType: 'tag',
    refName: tag,
    ...common
  }
}

const FULL_SHA = /^[0-9a-fA-F]{40}$/

async function commit(facts: CiFacts, git: GitRunner): Promise<string> {
  if (facts.sha) {
    if (!FULL_SHA.test(facts.sha.value))
      throw new InputError(
        facts.sha.variable,
        `${JSON.stringify(escapeForLog(facts.sha.value.slice(0, 80)))} is not a full 40-character commit SHA`,
        `Leave ${facts.sha.variable} as the CI system sets it, or unset it to read the commit from git.`
      )
    return facts.sha.value.toLowerCase()
  }
  const head = await gitFacts.head(git)
  if (!head)
    throw new InputError(
      'git rev-parse HEAD',
      'found no commit: the working directory is not a git checkout with a commit',
      'Run ecs-flow inside the repository checkout, after the CI system has checked it out.'
    )
  if (!FULL_SHA.test(head))
    throw new InputError(
      'git rev-parse HEAD',
      `${JSON.stringify(escapeForLog(head.slice(0, 80)))} is not a full 40-character commit SHA`,
      'Use a repository with SHA-1 object names.'
    )
  return head.toLowerCase()
}

async function findDefaultBranch(
  facts: CiFacts,
  git: GitRunner,
  options: DetectOptions
): Promise<{ value?: string; from: DefaultBranchSource }> {
  if (options.defaultBranch) return { value: options.defaultBranch, from: 'option' }
  if (options.configDefaultBranch) return { value: options.configDefaultBranch, from: 'config' }
  if (facts.defaultBranch) return { value: facts.defaultBranch, from: 'ci' }
  const origin = await gitFacts.originDefault(git)
  return origin ? { value: origin, from: 'git' } : { from: 'none' }
}
