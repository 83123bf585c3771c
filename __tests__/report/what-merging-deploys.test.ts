import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { GitHubCommentsApi } from '../../__fixtures__/github-comments-api.js'
import { EVENTS } from '../../__fixtures__/run-action.js'
import { stepContext } from '../../__fixtures__/step-context.js'
import { toGitEvent } from '../../src/plan/event.js'
import { reportWhatMergingDeploys } from '../../src/report/what-merging-deploys.js'
import { forgetKnownSecrets } from '../../src/util/known-secrets.js'

/** The parts of a pull_request payload the tests change. */
type PullRequestPayload = Record<string, unknown> & {
  pull_request: { head: { repo: { full_name: string } }; base: { ref: string } }
}

// Where what merging would deploy goes: the pull request's one comment and the job summary;
// a fork's run (read-only token), a run without a token and a failing API: the summary only,
// saying why. Never a thrown error.

const TOKEN = 'ghs_wh4tMergingT0kenValue0123456789'
const HEAD = '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'

let api: GitHubCommentsApi | undefined
afterEach(async () => {
  await api?.stop()
  api = undefined
  forgetKnownSecrets()
})

function pullRequestEvent(fork = false) {
  const payload = JSON.parse(
    readFileSync(join(EVENTS, 'pull-request-synchronize.json'), 'utf8')
  ) as PullRequestPayload
  if (fork) payload.pull_request.head.repo.full_name = 'someone/web'
  return toGitEvent({ eventName: 'pull_request', payload, ref: 'refs/pull/42/merge', sha: HEAD })
}

async function report(options: { token?: string; fork?: boolean; api?: GitHubCommentsApi }) {
  const h = stepContext({
    event: 'deploy',
    inputs: { ...(options.token ? { 'github-token': options.token } : {}) },
    env: {
      GITHUB_REPOSITORY: 'acme/web',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      ...(options.api ? { GITHUB_API_URL: options.api.apiUrl } : {})
    }
  })
  const live = h.ecs.addTaskDefinition({
    family: 'web',
    containerDefinitions: [{ name: 'web', image: 'web:old' }]
  })
  h.ecs.addService({ taskDefinition: live })
  h.ecr.addRepository('web')
  // git knows no base commit here: the files are not compared, and the comment says why.
  h.exec.respond(command =>
    command.program === 'git' ? { exitCode: 128, stderr: 'fatal: bad object' } : undefined
  )
  const summaries: string[] = []
  await reportWhatMergingDeploys({
    settings: h.settings,
    event: pullRequestEvent(options.fork),
    services: h.services,
    summary: async markdown => {
      summaries.push(markdown)
    }
  })
  return { ...h, summaries }
}

describe('reportWhatMergingDeploys', () => {
  it('writes the comment (and the summary), then updates the same comment on the next push', async () => {
    api = new GitHubCommentsApi()
    await api.start()
    const first = await report({ token: TOKEN, api })
    await report({ token: TOKEN, api })
    const ours = api.holding(42, '<!-- ecs-flow:plan environment=dev config=_none_ -->')
    expect(ours).toHaveLength(1)
    expect(ours[0]!.body).toContain('Merging into `main` would **deploy** to environment `dev`.')
    expect(ours[0]!.body).toContain('~ container web: image: "web:old" ->')
    expect(ours[0]!.body).toContain('fetch-depth: 0')
    expect(first.summaries).toHaveLength(1)
    expect(first.summaries[0]).toBe(ours[0]!.body)
    expect(first.logger.warnings).toEqual([])
    expect(first.logger.text()).toContain('plan-comment: created comment')
  })

  it('a fork: no GitHub call, the plan in the job summary saying why', async () => {
    api = new GitHubCommentsApi()
    await api.start()
    const { summaries } = await report({ token: TOKEN, fork: true, api })
    expect(api.calls).toEqual([])
    expect(summaries).toHaveLength(1)
    expect(summaries[0]).toContain('This pull request comes from a fork')
    expect(summaries[0]).toContain('would **deploy** to environment `dev`')
  })

  it('without a github-token: the summary says how to give one', async () => {
    const { summaries } = await report({})
    expect(summaries[0]).toContain('No github-token is given')
  })

  it('a token GitHub refuses to write with: a warning, and the summary says the comment was not written', async () => {
    api = new GitHubCommentsApi({ readOnly: true })
    await api.start()
    const { summaries, logger } = await report({ token: TOKEN, api })
    expect(api.comments).toEqual([])
    expect(logger.warnings).toEqual([expect.stringContaining('HTTP 403')])
    expect(summaries[0]).toContain('The comment on pull request \\#42 could not be written')
    expect(summaries.join('\n') + logger.text()).not.toContain(TOKEN)
  })
})
