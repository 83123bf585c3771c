import { describe, expect, it } from '@jest/globals'
import { FakeCommandRunner } from '../../__fixtures__/fake-exec.js'
import { detectCiEvent } from '../../src/ci-env/detect.js'
import { gitFromCommandRunner, type GitRunner } from '../../src/ci-env/git.js'
import type { GitEvent } from '../../src/ci-env/git-event.js'
import { makePlan } from '../../src/plan/plan.js'
import { readSettings } from '../../src/settings/settings.js'
import { InputError } from '../../src/util/errors.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const HEAD_SHA = 'fedcba9876543210fedcba9876543210fedcba98'

/**
 * A git that answers from a table (argv joined by spaces → stdout, or an Error for a
 * non-zero exit) and records every argv it was given.
 */
function fakeGit(answers: Record<string, string | Error> = {}) {
  const calls: (readonly string[])[] = []
  const git: GitRunner = async args => {
    calls.push(args)
    const answer = answers[args.join(' ')]
    if (answer === undefined) throw new Error(`fatal: unexpected git ${args.join(' ')}`)
    if (answer instanceof Error) throw answer
    return answer
  }
  return { git, calls }
}

const DETACHED = new Error('fatal: ref HEAD is not a symbolic ref')
const NO_ORIGIN_HEAD = new Error('fatal: ref refs/remotes/origin/HEAD is not a symbolic ref')

function push(refName: string, overrides: Partial<GitEvent> = {}): GitEvent {
  return {
    name: 'push',
    ref: `refs/heads/${refName}`,
    refType: 'branch',
    refName,
    sha: SHA,
    deleted: false,
    ...overrides
  }
}

function tagPush(refName: string, overrides: Partial<GitEvent> = {}): GitEvent {
  return { ...push(refName, overrides), ref: `refs/tags/${refName}`, refType: 'tag' }
}

function pullRequest(
  refName: string,
  pr: GitEvent['pullRequest'],
  overrides: Partial<GitEvent> = {}
): GitEvent {
  return { ...push(refName, overrides), name: 'pull_request', pullRequest: pr }
}

type Row = [string, Record<string, string>, GitEvent]

async function detected(env: Record<string, string>, answers?: Record<string, string | Error>) {
  // origin/HEAD is not recorded in most CI clones: the default comes from elsewhere or nowhere.
  const { git, calls } = fakeGit({
    'symbolic-ref refs/remotes/origin/HEAD': NO_ORIGIN_HEAD,
    ...answers
  })
  return { ...(await detectCiEvent(env, git)), calls }
}

describe('detectCiEvent: CircleCI', () => {
  const base = {
    CI: 'true',
    CIRCLECI: 'true',
    CIRCLE_SHA1: SHA,
    CIRCLE_PROJECT_USERNAME: 'acme',
    CIRCLE_PROJECT_REPONAME: 'web'
  }
  it.each<Row>([
    [
      'branch push',
      { ...base, CIRCLE_BRANCH: 'feature/login' },
      push('feature/login', { repository: 'acme/web' })
    ],
    [
      'default branch push',
      { ...base, CIRCLE_BRANCH: 'main' },
      push('main', { repository: 'acme/web' })
    ],
    [
      'tag',
      { ...base, CIRCLE_TAG: 'v1.4.0-prod' },
      tagPush('v1.4.0-prod', { repository: 'acme/web' })
    ],
    [
      'branch with an open pull request',
      {
        ...base,
        CIRCLE_BRANCH: 'feature/login',
        CIRCLE_PULL_REQUEST: 'https://example.test/acme/web/pull/42'
      },
      pullRequest(
        'feature/login',
        { number: 42, title: '', baseRef: '' },
        { repository: 'acme/web' }
      )
    ],
    [
      'pull request from a fork',
      {
        ...base,
        CIRCLE_BRANCH: 'pull/43',
        CIRCLE_PR_NUMBER: '43',
        CIRCLE_PULL_REQUEST: 'https://example.test/acme/web/pull/43'
      },
      pullRequest('pull/43', { number: 43, title: '', baseRef: '' }, { repository: 'acme/web' })
    ],
    [
      'Bitbucket pull request URL',
      {
        ...base,
        CIRCLE_BRANCH: 'fix',
        CIRCLE_PULL_REQUEST: 'https://example.test/acme/web/pull-requests/7'
      },
      pullRequest('fix', { number: 7, title: '', baseRef: '' }, { repository: 'acme/web' })
    ]
  ])('%s', async (_name, env, event) => {
    const result = await detected(env)
    expect(result.provider).toBe('circleci')
    expect(result.event).toEqual(event)
    // The CI variables said everything but the default branch.
    expect(result.calls).toEqual([['symbolic-ref', 'refs/remotes/origin/HEAD']])
  })

  it('a detached build without branch or tag asks git for a tag on the commit', async () => {
    const result = await detected(base, {
      'symbolic-ref --short HEAD': DETACHED,
      'describe --exact-match --tags': new Error('fatal: no tag exactly matches')
    })
    expect(result.event).toEqual({
      name: 'push',
      ref: 'HEAD',
      refType: 'other',
      refName: 'HEAD',
      sha: SHA,
      deleted: false,
      repository: 'acme/web'
    })
    expect(result.calls).toEqual([
      ['symbolic-ref', 'refs/remotes/origin/HEAD'],
      ['symbolic-ref', '--short', 'HEAD'],
      ['describe', '--exact-match', '--tags']
    ])
  })
})

describe('detectCiEvent: Jenkins', () => {
  const base = { JENKINS_URL: 'https://ci.example.test/', GIT_COMMIT: SHA }
  it.each<Row>([
    ['branch push', { ...base, BRANCH_NAME: 'feature/login' }, push('feature/login')],
    ['default branch push', { ...base, BRANCH_NAME: 'main' }, push('main')],
    // In a tag build BRANCH_NAME is the tag's name too.
    [
      'tag',
      { ...base, BRANCH_NAME: 'v1.4.0-staging', TAG_NAME: 'v1.4.0-staging' },
      tagPush('v1.4.0-staging')
    ],
    [
      'pull request',
      {
        ...base,
        BRANCH_NAME: 'PR-12',
        CHANGE_ID: '12',
        CHANGE_BRANCH: 'feature/login',
        CHANGE_TARGET: 'main',
        CHANGE_TITLE: 'Add login'
      },
      pullRequest('feature/login', { number: 12, title: 'Add login', baseRef: 'main' })
    ],
    [
      'Gerrit change',
      { ...base, BRANCH_NAME: '34/1234/5', CHANGE_ID: '1234/5', CHANGE_TARGET: 'main' },
      pullRequest('', { number: 1234, title: '', baseRef: 'main' }, { ref: 'HEAD' })
    ]
  ])('%s', async (_name, env, event) => {
    const answers = { 'symbolic-ref --short HEAD': DETACHED }
    const result = await detected(env, answers)
    expect(result.provider).toBe('jenkins')
    expect(result.event).toEqual(event)
  })

  it('a pipeline that is not multibranch: branch and commit from git', async () => {
    const result = await detected(
      { JENKINS_URL: 'https://ci.example.test/' },
      { 'rev-parse HEAD': `${HEAD_SHA}\n`, 'symbolic-ref --short HEAD': 'main\n' }
    )
    expect(result.event).toEqual(push('main', { sha: HEAD_SHA }))
    expect(result.calls).toEqual([
      ['rev-parse', 'HEAD'],
      ['symbolic-ref', 'refs/remotes/origin/HEAD'],
      ['symbolic-ref', '--short', 'HEAD']
    ])
  })

  it('a detached checkout of a tag is a tag push', async () => {
    const result = await detected(base, {
      'symbolic-ref --short HEAD': DETACHED,
      'describe --exact-match --tags': 'v2.0.0-prod\n'
    })
    expect(result.event).toEqual(tagPush('v2.0.0-prod'))
  })
})

describe('detectCiEvent: GitLab CI', () => {
  const base = {
    GITLAB_CI: 'true',
    CI_COMMIT_SHA: SHA,
    CI_DEFAULT_BRANCH: 'main',
    CI_PROJECT_PATH: 'acme/platform/web',
    CI_PIPELINE_SOURCE: 'push'
  }
  const where = { repository: 'acme/platform/web', defaultBranch: 'main' }
  it.each<Row>([
    ['branch push', { ...base, CI_COMMIT_BRANCH: 'feature/login' }, push('feature/login', where)],
    ['default branch push', { ...base, CI_COMMIT_BRANCH: 'main' }, push('main', where)],
    ['tag', { ...base, CI_COMMIT_TAG: 'v1.4.0-prod' }, tagPush('v1.4.0-prod', where)],
    [
      'merge request',
      {
        ...base,
        CI_PIPELINE_SOURCE: 'merge_request_event',
        CI_MERGE_REQUEST_IID: '5',
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/login',
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
        CI_MERGE_REQUEST_TITLE: 'Add login'
      },
      pullRequest('feature/login', { number: 5, title: 'Add login', baseRef: 'main' }, where)
    ],
    [
      'merged-results pipeline: the source branch head, not the merge commit',
      {
        ...base,
        CI_COMMIT_SHA: HEAD_SHA,
        CI_PIPELINE_SOURCE: 'merge_request_event',
        CI_MERGE_REQUEST_IID: '5',
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/login',
        CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: SHA,
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main'
      },
      pullRequest('feature/login', { number: 5, title: '', baseRef: 'main' }, where)
    ],
    [
      'external pull request',
      {
        ...base,
        CI_PIPELINE_SOURCE: 'external_pull_request_event',
        CI_COMMIT_BRANCH: 'feature/login',
        CI_EXTERNAL_PULL_REQUEST_IID: '9',
        CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME: 'feature/login',
        CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME: 'main'
      },
      pullRequest('feature/login', { number: 9, title: '', baseRef: 'main' }, where)
    ],
    [
      'scheduled pipeline',
      { ...base, CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main' },
      push('main', { ...where, name: 'schedule' })
    ],
    [
      'pipeline run by hand',
      { ...base, CI_PIPELINE_SOURCE: 'web', CI_COMMIT_BRANCH: 'main' },
      push('main', { ...where, name: 'workflow_dispatch' })
    ]
  ])('%s', async (_name, env, event) => {
    const result = await detected(env)
    expect(result.provider).toBe('gitlab')
    expect(result.event).toEqual(event)
    expect(result.defaultBranchFrom).toBe('ci')
    // GitLab says everything: git is never asked.
    expect(result.calls).toEqual([])
  })

  it('a detached pipeline without branch, tag or merge request falls back to git', async () => {
    const result = await detected(base, {
      'symbolic-ref --short HEAD': DETACHED,
      'describe --exact-match --tags': new Error('fatal: no names found')
    })
    expect(result.event).toMatchObject({ refType: 'other', ref: 'HEAD', sha: SHA })
  })
})

describe('detectCiEvent: plain git', () => {
  it.each<[string, Record<string, string | Error>, GitEvent]>([
    [
      'branch',
      {
        'rev-parse HEAD': `${SHA}\n`,
        'symbolic-ref --short HEAD': 'feature/login\n',
        'symbolic-ref refs/remotes/origin/HEAD': 'refs/remotes/origin/main\n'
      },
      push('feature/login', { defaultBranch: 'main' })
    ],
    [
      'default branch',
      {
        'rev-parse HEAD': SHA,
        'symbolic-ref --short HEAD': 'main',
        'symbolic-ref refs/remotes/origin/HEAD': 'refs/remotes/origin/main'
      },
      push('main', { defaultBranch: 'main' })
    ],
    [
      'a branch wins over a tag on its commit',
      {
        'rev-parse HEAD': SHA,
        'symbolic-ref --short HEAD': 'main',
        'symbolic-ref refs/remotes/origin/HEAD': NO_ORIGIN_HEAD,
        'describe --exact-match --tags': 'v1.0.0-prod'
      },
      push('main')
    ],
    [
      'detached at a tag',
      {
        'rev-parse HEAD': SHA.toUpperCase(),
        'symbolic-ref --short HEAD': DETACHED,
        'symbolic-ref refs/remotes/origin/HEAD': NO_ORIGIN_HEAD,
        'describe --exact-match --tags': 'v1.0.0-prod'
      },
      tagPush('v1.0.0-prod')
    ]
  ])('%s', async (_name, answers, event) => {
    const { git, calls } = fakeGit(answers)
    const result = await detectCiEvent({ HOME: '/home/me' }, git)
    expect(result.provider).toBe('git')
    expect(result.event).toEqual(event)
    // argv arrays, each argument its own element: never a shell string.
    for (const args of calls) {
      expect(Array.isArray(args)).toBe(true)
      for (const arg of args) expect(arg).not.toMatch(/\s/)
    }
  })

  it('refuses a directory that is not a checkout', async () => {
    const { git } = fakeGit({ 'rev-parse HEAD': new Error('fatal: not a git repository') })
    const error = await detectCiEvent({}, git).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).message).toBe(
      'git rev-parse HEAD: found no commit: the working directory is not a git checkout with a commit. Run ecs-flow inside the repository checkout, after the CI system has checked it out.'
    )
  })

  it('refuses a commit that is not a full SHA-1, naming the variable', async () => {
    const { git } = fakeGit()
    await expect(
      detectCiEvent({ CIRCLECI: 'true', CIRCLE_SHA1: 'abc123::x', CIRCLE_BRANCH: 'main' }, git)
    ).rejects.toThrow(
      'CIRCLE_SHA1: "abc123:\u200b:x" is not a full 40-character commit SHA. Leave CIRCLE_SHA1 as the CI system sets it, or unset it to read the commit from git.'
    )
    const sha256 = fakeGit({ 'rev-parse HEAD': 'a'.repeat(64) })
    await expect(detectCiEvent({}, sha256.git)).rejects.toThrow(
      `git rev-parse HEAD: "${'a'.repeat(64)}" is not a full 40-character commit SHA. Use a repository with SHA-1 object names.`
    )
  })
})

describe('detectCiEvent: the default branch', () => {
  const gitlab = {
    GITLAB_CI: 'true',
    CI_COMMIT_SHA: SHA,
    CI_COMMIT_BRANCH: 'trunk',
    CI_DEFAULT_BRANCH: 'main'
  }
  it.each([
    [
      'the option first',
      { defaultBranch: 'trunk', configDefaultBranch: 'develop' },
      gitlab,
      'trunk',
      'option'
    ],
    ['then the config', { configDefaultBranch: 'develop' }, gitlab, 'develop', 'config'],
    ['then the CI system', {}, gitlab, 'main', 'ci'],
    [
      'then origin/HEAD',
      {},
      { CIRCLECI: 'true', CIRCLE_SHA1: SHA, CIRCLE_BRANCH: 'x' },
      'release',
      'git'
    ],
    ['an empty option counts as unset', { defaultBranch: '' }, gitlab, 'main', 'ci']
  ] as const)('%s', async (_name, options, env, branch, from) => {
    const { git, calls } = fakeGit({
      'symbolic-ref refs/remotes/origin/HEAD': 'refs/remotes/origin/release'
    })
    const result = await detectCiEvent(env, git, options)
    expect(result.event.defaultBranch).toBe(branch)
    expect(result.defaultBranchFrom).toBe(from)
    // git is asked only when nothing else knew.
    expect(calls.length).toBe(from === 'git' ? 1 : 0)
  })

  it('none when no source knows it', async () => {
    const result = await detected({ CIRCLECI: 'true', CIRCLE_SHA1: SHA, CIRCLE_BRANCH: 'main' })
    expect(result.event.defaultBranch).toBeUndefined()
    expect('defaultBranch' in result.event).toBe(false)
    expect(result.defaultBranchFrom).toBe('none')
  })
})

describe('detectCiEvent feeds the planner', () => {
  const settings = readSettings(
    name =>
      ({ cluster: 'demo', service: 'web', 'container-name': 'web', 'ecr-repository': 'web' })[
        name
      ] ?? '',
    () => ({ environments: {} })
  )
  it.each([
    [
      'a pull request stays on the test flow',
      { CIRCLE_BRANCH: 'main', CIRCLE_PULL_REQUEST: 'https://example.test/a/b/pull/1' },
      'test'
    ],
    ['the default branch deploys', { CIRCLE_BRANCH: 'main' }, 'deploy'],
    ['a -dev branch publishes', { CIRCLE_BRANCH: 'login-dev' }, 'publish'],
    ['a -prod tag promotes', { CIRCLE_TAG: 'v1.0.0-prod' }, 'promote'],
    ['another branch tests', { CIRCLE_BRANCH: 'feature/x' }, 'test']
  ])('%s', async (_name, env, flow) => {
    const { git } = fakeGit()
    const { event } = await detectCiEvent({ CIRCLECI: 'true', CIRCLE_SHA1: SHA, ...env }, git, {
      configDefaultBranch: 'main'
    })
    expect(makePlan(settings, event).flow).toBe(flow)
  })
})

describe('gitFromCommandRunner', () => {
  it('runs git with the argv as given, quietly, and returns its output', async () => {
    const runner = new FakeCommandRunner().respond(({ args }) =>
      args[0] === 'rev-parse'
        ? { stdout: `${SHA}\n` }
        : { exitCode: 128, stderr: 'fatal: not a symbolic ref\n' }
    )
    const git = gitFromCommandRunner(runner, '/home/runner/work/app/app')
    expect(await git(['rev-parse', 'HEAD'])).toBe(`${SHA}\n`)
    await expect(git(['symbolic-ref', '--short', 'HEAD'])).rejects.toThrow(
      'git symbolic-ref --short HEAD exited with 128: fatal: not a symbolic ref'
    )
    expect(runner.commands).toEqual([
      {
        program: 'git',
        args: ['rev-parse', 'HEAD'],
        options: { silent: true, cwd: '/home/runner/work/app/app' }
      },
      {
        program: 'git',
        args: ['symbolic-ref', '--short', 'HEAD'],
        options: { silent: true, cwd: '/home/runner/work/app/app' }
      }
    ])
  })

  it('drives detectCiEvent end to end', async () => {
    const runner = new FakeCommandRunner().respond(({ args }) => {
      const key = args.join(' ')
      if (key === 'rev-parse HEAD') return { stdout: `${SHA}\n` }
      if (key === 'symbolic-ref --short HEAD') return { stdout: 'main\n' }
      if (key === 'symbolic-ref refs/remotes/origin/HEAD')
        return { stdout: 'refs/remotes/origin/main\n' }
      return { exitCode: 1 }
    })
    const result = await detectCiEvent({}, gitFromCommandRunner(runner))
    expect(result.event).toEqual(push('main', { defaultBranch: 'main' }))
    expect(runner.commands.map(c => c.options)).toEqual([
      { silent: true },
      { silent: true },
      { silent: true }
    ])
  })
})
