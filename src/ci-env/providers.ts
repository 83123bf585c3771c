/**
 * What each CI system says about the run through its environment variables. Names follow
 * each system's reference of predefined variables; an empty variable counts as unset.
 */

export type CiProvider = 'circleci' | 'jenkins' | 'gitlab' | 'git'

export interface CiFacts {
  provider: CiProvider
  /** The commit, and the variable it came from (for messages). */
  sha?: { value: string; variable: string }
  branch?: string
  tag?: string
  pullRequest?: { number: number; title: string; baseRef: string; headBranch?: string }
  /** The default branch as the CI system knows it. */
  defaultBranch?: string
  repository?: string
  /** The event name, when the system tells what started the run. */
  eventName?: string
}

type Env = Readonly<Record<string, string | undefined>>

/** The system the variables name, or plain git when none does. */
export function readCiFacts(env: Env): CiFacts {
  if (set(env, 'GITLAB_CI')) return readGitLab(env)
  if (set(env, 'CIRCLECI')) return readCircleCi(env)
  if (set(env, 'JENKINS_URL')) return readJenkins(env)
  return { provider: 'git' }
}

/**
 * CircleCI builds branches and tags; a branch with an open pull request carries its URL
 * (CIRCLE_PULL_REQUEST) and, from a fork, its number (CIRCLE_PR_NUMBER).
 */
function readCircleCi(env: Env): CiFacts {
  const branch = set(env, 'CIRCLE_BRANCH')
  const prUrl = set(env, 'CIRCLE_PULL_REQUEST')
  const prNumber = set(env, 'CIRCLE_PR_NUMBER')
  const owner = set(env, 'CIRCLE_PROJECT_USERNAME')
  const name = set(env, 'CIRCLE_PROJECT_REPONAME')
  return {
    provider: 'circleci',
    ...sha(env, 'CIRCLE_SHA1'),
    ...(branch ? { branch } : {}),
    ...tag(env, 'CIRCLE_TAG'),
    ...(prUrl || prNumber
      ? {
          pullRequest: {
            number: wholeNumber(prNumber) ?? numberFromUrl(prUrl) ?? 0,
            title: '',
            baseRef: '',
            ...(branch ? { headBranch: branch } : {})
          }
        }
      : {}),
    ...(owner && name ? { repository: `${owner}/${name}` } : {})
  }
}

/**
 * Jenkins multibranch pipelines: BRANCH_NAME is the branch, `PR-12` for a change request
 * (CHANGE_ID, CHANGE_BRANCH, CHANGE_TARGET, CHANGE_TITLE), and the tag's name in a tag build
 * (TAG_NAME). GIT_COMMIT comes from the git plugin.
 */
function readJenkins(env: Env): CiFacts {
  const changeId = set(env, 'CHANGE_ID')
  const tagName = set(env, 'TAG_NAME')
  const branch = set(env, 'BRANCH_NAME')
  const headBranch = set(env, 'CHANGE_BRANCH')
  return {
    provider: 'jenkins',
    ...sha(env, 'GIT_COMMIT'),
    ...(branch && !changeId && !tagName ? { branch } : {}),
    ...tag(env, 'TAG_NAME'),
    ...(changeId
      ? {
          pullRequest: {
            number: leadingNumber(changeId) ?? 0,
            title: set(env, 'CHANGE_TITLE') ?? '',
            baseRef: set(env, 'CHANGE_TARGET') ?? '',
            ...(headBranch ? { headBranch } : {})
          }
        }
      : {})
  }
}

/**
 * GitLab CI: CI_COMMIT_BRANCH in branch pipelines only, CI_COMMIT_TAG in tag pipelines, the
 * CI_MERGE_REQUEST_* (or CI_EXTERNAL_PULL_REQUEST_* for a GitHub pull request) set in
 * merge-request pipelines. In a merged-results pipeline CI_COMMIT_SHA is the merge commit,
 * so the source branch's head is taken when given.
 */
function readGitLab(env: Env): CiFacts {
  const branch = set(env, 'CI_COMMIT_BRANCH')
  const defaultBranch = set(env, 'CI_DEFAULT_BRANCH')
  const repository = set(env, 'CI_PROJECT_PATH')
  const request =
    mergeRequest(env, 'CI_MERGE_REQUEST') ?? mergeRequest(env, 'CI_EXTERNAL_PULL_REQUEST')
  const eventName = gitLabEventName(set(env, 'CI_PIPELINE_SOURCE'))
  return {
    provider: 'gitlab',
    ...(request?.sha ?? sha(env, 'CI_COMMIT_SHA')),
    ...(branch ? { branch } : {}),
    ...tag(env, 'CI_COMMIT_TAG'),
    ...(request ? { pullRequest: request.pullRequest } : {}),
    ...(defaultBranch ? { defaultBranch } : {}),
    ...(repository ? { repository } : {}),
    ...(eventName ? { eventName } : {})
  }
}

function mergeRequest(env: Env, prefix: string) {
  const iid = set(env, `${prefix}_IID`)
  if (!iid) return undefined
  const headBranch = set(env, `${prefix}_SOURCE_BRANCH_NAME`)
  const title = prefix === 'CI_MERGE_REQUEST' ? set(env, 'CI_MERGE_REQUEST_TITLE') : undefined
  const head = sha(env, `${prefix}_SOURCE_BRANCH_SHA`)
  return {
    sha: head.sha ? head : undefined,
    pullRequest: {
      number: wholeNumber(iid) ?? 0,
      title: title ?? '',
      baseRef: set(env, `${prefix}_TARGET_BRANCH_NAME`) ?? '',
      ...(headBranch ? { headBranch } : {})
    }
  }
}

/**
 * CI_PIPELINE_SOURCE in GitHub's event names: a scheduled pipeline is a `schedule` (which the
 * default rules do not release, as on GitHub); one started by hand, the API or another
 * pipeline is a `workflow_dispatch` (routed like a push of its ref). Merge-request sources
 * become pull requests from the merge-request variables.
 */
function gitLabEventName(source: string | undefined): string | undefined {
  if (source === 'schedule') return 'schedule'
  if (source && ['web', 'api', 'trigger', 'pipeline', 'parent_pipeline', 'chat'].includes(source))
    return 'workflow_dispatch'
  return undefined
}

function set(env: Env, name: string): string | undefined {
  const value = env[name]
  return value === undefined || value === '' ? undefined : value
}

function sha(env: Env, variable: string): { sha?: { value: string; variable: string } } {
  const value = set(env, variable)
  return value ? { sha: { value, variable } } : {}
}

function tag(env: Env, variable: string): { tag?: string } {
  const value = set(env, variable)
  return value ? { tag: value } : {}
}

function wholeNumber(text: string | undefined): number | undefined {
  return text && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : undefined
}

/** Jenkins change IDs are the pull-request number on GitHub and Bitbucket; Gerrit's read `123/4`. */
function leadingNumber(text: string): number | undefined {
  return wholeNumber(/^\d+/.exec(text)?.[0])
}

/** A pull request's URL, `.../pull/42` or Bitbucket's `.../pull-requests/42` → 42. */
function numberFromUrl(url: string | undefined): number | undefined {
  return wholeNumber(url ? /\/(\d+)\/?$/.exec(url)?.[1] : undefined)
}
