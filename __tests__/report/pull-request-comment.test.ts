import { afterEach, describe, expect, it } from '@jest/globals'
import { GitHubCommentsApi } from '../../__fixtures__/github-comments-api.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'
import { upsertPullRequestComment } from '../../src/report/pull-request-comment.js'
import { planCommentMarker } from '../../src/report/plan-comment.js'

const TOKEN = 'ghs_c0mmentT0kenValue0123456789'
const MARKER = planCommentMarker('dev', 'ecs-flow.yml')

let api: GitHubCommentsApi | undefined
afterEach(async () => {
  await api?.stop()
  api = undefined
})

async function startApi(options: ConstructorParameters<typeof GitHubCommentsApi>[0] = {}) {
  api = new GitHubCommentsApi(options)
  await api.start()
  return api
}

function write(target: GitHubCommentsApi, body: string, marker = MARKER) {
  const logger = new RecordingLogger()
  const masked: string[] = []
  const result = upsertPullRequestComment(
    {
      token: TOKEN,
      owner: 'acme',
      repo: 'web',
      apiUrl: target.apiUrl,
      logger,
      runner: { setSecret: value => masked.push(value) }
    },
    42,
    marker,
    `${marker}\n${body}`
  )
  return { result, logger, masked }
}

describe('upsertPullRequestComment: one comment per pull request and marker', () => {
  it('creates the comment on the first push and updates the same one on the second', async () => {
    const github = await startApi()
    const first = write(github, 'first push')
    expect(await first.result).toMatchObject({ written: 'created' })
    const second = write(github, 'second push')
    expect(await second.result).toMatchObject({ written: 'updated' })
    const ours = github.holding(42, MARKER)
    expect(ours).toHaveLength(1)
    expect(ours[0]!.body).toBe(`${MARKER}\nsecond push`)
    expect(
      github.calls.map(call => `${call.method} ${new URL(call.url, github.apiUrl).pathname}`)
    ).toEqual([
      'GET /repos/acme/web/issues/42/comments',
      'POST /repos/acme/web/issues/42/comments',
      'GET /repos/acme/web/issues/42/comments',
      `PATCH /repos/acme/web/issues/comments/${ours[0]!.id}`
    ])
    expect(github.calls.every(call => call.authorization === `token ${TOKEN}`)).toBe(true)
    // The token is masked before the first call.
    expect(first.masked).toContain(TOKEN)
  })

  it('finds its comment on a later page of the list (pagination) and never duplicates it', async () => {
    const github = await startApi({ pageSize: 100 })
    github.seed(
      42,
      Array.from({ length: 230 }, (_, index) => `review comment ${index}`)
    )
    await write(github, 'first').result
    github.seed(42, ['a reply after ours'])
    const again = await write(github, 'second').result
    expect(again).toMatchObject({ written: 'updated' })
    expect(github.holding(42, MARKER)).toHaveLength(1)
    const pages = github.calls
      .filter(call => call.method === 'GET')
      .map(call => new URL(call.url, github.apiUrl).searchParams.get('page') ?? '1')
    // Two listings of three pages each: 230 + ours (+1) comments in pages of 100.
    expect(pages).toEqual(['1', '2', '3', '1', '2', '3'])
  })

  it("leaves alone someone else's comment that quotes the marker", async () => {
    const github = await startApi()
    github.seed(42, [`> ${MARKER}\n> what does this mean?`])
    expect(await write(github, 'ours').result).toMatchObject({ written: 'created' })
    expect(github.comments.map(comment => comment.body)).toEqual([
      `> ${MARKER}\n> what does this mean?`,
      `${MARKER}\nours`
    ])
  })

  it('keeps one comment per marker: another environment or config gets a comment of its own', async () => {
    const github = await startApi()
    const production = planCommentMarker('production', 'deploy/prod.yml')
    await write(github, 'dev').result
    await write(github, 'production', production).result
    await write(github, 'dev again').result
    expect(github.holding(42, MARKER).map(comment => comment.body)).toEqual([
      `${MARKER}\ndev again`
    ])
    expect(github.holding(42, production).map(comment => comment.body)).toEqual([
      `${production}\nproduction`
    ])
  })

  it.each([
    ['a read-only token (403)', { readOnly: true }, 'could not create the comment', 'HTTP 403'],
    ['a failing API (500)', { failing: true }, 'could not list the comments', 'HTTP 500']
  ])(
    '%s is a warning naming the status, never a thrown error',
    async (_name, options, what, status) => {
      const github = await startApi(options)
      const { result, logger } = write(github, 'body')
      expect(await result).toEqual({ written: false })
      expect(logger.warnings).toHaveLength(1)
      expect(logger.warnings[0]).toContain(`plan-comment: ${what} on pull request #42 (${status}`)
      expect(logger.text()).not.toContain(TOKEN)
    }
  )
})

describe('planCommentMarker', () => {
  it('is an HTML comment nothing in an environment or path can close', () => {
    const marker = planCommentMarker('dev --> <b>x</b>', 'a b/c.yml')
    expect(marker).toBe('<!-- ecs-flow:plan environment=dev_--___b_x_/b_ config=a_b/c.yml -->')
    expect(marker.indexOf('-->')).toBe(marker.length - 3)
  })

  it('differs per environment and per config file', () => {
    const markers = new Set([
      planCommentMarker('dev', 'ecs-flow.yml'),
      planCommentMarker('production', 'ecs-flow.yml'),
      planCommentMarker('dev', 'other.yml'),
      planCommentMarker(undefined, undefined)
    ])
    expect(markers.size).toBe(4)
  })
})
