import { readFileSync } from 'node:fs'
import { LoopbackServers } from '../../__fixtures__/loopback-server.js'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { toGitEvent } from '../../src/plan/event.js'
import { makePlan, type Plan } from '../../src/plan/plan.js'
import {
  GitHubDeployments,
  deploymentOutcome,
  deploymentReporter,
  isProduction,
  noDeployments,
  runLogUrl
} from '../../src/report/deployments.js'
import { readSettings } from '../../src/settings/settings.js'
import { secretForms } from '../../src/util/masking.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'
import { EVENTS, SHA } from '../../__fixtures__/run-action.js'

const TOKEN = 'ghs_s3cr3tT0kenValue0123456789'
const LOG_URL = 'https://github.com/acme/web/actions/runs/1001'

// ---- a local stand-in for the GitHub REST API --------------------------------------------------

interface ReceivedRequest {
  method: string
  path: string
  authorization?: string
  body: Record<string, unknown>
}

type Route = (request: ReceivedRequest) => { status: number; body: unknown } | 'hang'

interface FakeGitHub {
  apiUrl: string
  requests: ReceivedRequest[]
}

const servers = new LoopbackServers()

const createsDeployment42: Route = request =>
  request.path === '/repos/acme/web/deployments'
    ? { status: 201, body: { id: 42, environment: request.body.environment } }
    : { status: 201, body: { id: 7, state: request.body.state } }

async function fakeGitHub(route: Route = createsDeployment42): Promise<FakeGitHub> {
  const requests: ReceivedRequest[] = []
  const apiUrl = await servers.start((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {}
      }
      requests.push(received)
      const answer = route(received)
      if (answer === 'hang') return
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(answer.body))
    })
  })
  return { apiUrl, requests }
}

afterEach(() => servers.closeAll())

// ---- plans from real push payloads --------------------------------------------------------------

function planFor(
  kind: 'promote-prod' | 'deploy-dev' | 'test',
  inputs: Record<string, string> = {}
): Plan {
  const all: Record<string, string> = {
    cluster: 'c',
    service: 'web',
    'ecr-repository': 'web',
    ...inputs
  }
  const settings = readSettings(
    name => all[name] ?? '',
    () => ({ environments: {} })
  )
  const [file, ref] = {
    'promote-prod': ['push-tag-prod.json', 'refs/tags/v1.0.0-prod'],
    'deploy-dev': ['push-default-branch.json', 'refs/heads/main'],
    test: ['push-feature-branch.json', 'refs/heads/feature/login']
  }[kind] as [string, string]
  const payload = JSON.parse(readFileSync(join(EVENTS, file), 'utf8')) as Record<string, unknown>
  return makePlan(settings, toGitEvent({ eventName: 'push', payload, ref, sha: SHA }))
}

function reporter(
  apiUrl: string,
  logger = new RecordingLogger(),
  masked: string[] = [],
  mode: 'create' | 'job' = 'create'
) {
  const deployments = new GitHubDeployments({
    token: TOKEN,
    owner: 'acme',
    repo: 'web',
    apiUrl,
    logUrl: LOG_URL,
    logger,
    runner: { setSecret: value => masked.push(value) },
    requestTimeoutSeconds: 1,
    mode
  })
  return { deployments, logger, masked }
}

// ---- the requests GitHub receives ---------------------------------------------------------------

describe('GitHub Deployments created by ecs-flow (github-deployment: create)', () => {
  it('creates a production deployment, then in_progress and success statuses', async () => {
    const github = await fakeGitHub()
    const { deployments, logger, masked } = reporter(github.apiUrl)
    const plan = planFor('promote-prod')
    await deployments.start(plan)
    await deployments.finish({
      state: 'success',
      environmentUrl: 'https://web.example.com/health',
      description: 'ecs-flow: released'
    })

    // The token, its base64 and the Basic-auth forms git and the API use.
    expect(masked).toEqual(secretForms(TOKEN, { user: 'x-access-token' }))
    expect(masked).toEqual(expect.arrayContaining([TOKEN, Buffer.from(TOKEN).toString('base64')]))
    expect(deployments.deploymentId).toBe(42)
    expect(github.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/web/deployments',
      'POST /repos/acme/web/deployments/42/statuses',
      'POST /repos/acme/web/deployments/42/statuses'
    ])
    for (const request of github.requests) {
      expect(request.authorization).toMatch(new RegExp(`^(token|Bearer) ${TOKEN}$`))
    }
    const [create, inProgress, success] = github.requests
    expect(create!.body).toEqual({
      ref: SHA,
      environment: 'production',
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      production_environment: true,
      description: `ecs-flow promote of image tag ${SHA} (release tag v1.0.0-prod) to production`,
      payload: JSON.parse(JSON.stringify(create!.body.payload))
    })
    expect(create!.body.payload).toMatchObject({
      flow: 'promote',
      environment: 'production',
      sha: SHA,
      imageTag: SHA,
      steps: ['resolve', 'register', 'deploy', 'wait'],
      target: { cluster: 'c', service: 'web' }
    })
    expect(inProgress!.body).toEqual({
      state: 'in_progress',
      description: 'ecs-flow promote in progress',
      log_url: LOG_URL
    })
    expect(success!.body).toEqual({
      state: 'success',
      description: 'ecs-flow: released',
      log_url: LOG_URL,
      environment_url: 'https://web.example.com/health'
    })
    expect(logger.warnings).toEqual([])
    expect(logger.text()).not.toContain(TOKEN)
  })

  it('marks a failed release as failure, and dev as a non-production environment', async () => {
    const github = await fakeGitHub()
    const { deployments } = reporter(github.apiUrl)
    await deployments.start(planFor('deploy-dev'))
    await deployments.finish(
      deploymentOutcome({ steps: [], result: 'rolled-back' }, 'rollout failed: tasks exit 1')
    )
    expect(github.requests[0]!.body).toMatchObject({
      environment: 'dev',
      production_environment: false
    })
    expect(github.requests[2]!.body).toEqual({
      state: 'failure',
      description: 'ecs-flow: failed and rolled back: rollout failed: tasks exit 1',
      log_url: LOG_URL
    })
  })

  it('creates nothing for flows that do not release, nor for a dry run', async () => {
    const github = await fakeGitHub()
    const { deployments } = reporter(github.apiUrl)
    await deployments.start(planFor('test'))
    await deployments.start(planFor('deploy-dev', { 'dry-run': 'true' }))
    await deployments.finish({ state: 'success' })
    expect(github.requests).toEqual([])
  })

  it.each([403, 500])(
    'a %i from the API is a warning naming the status; the release goes on',
    async status => {
      const github = await fakeGitHub(() => ({
        status,
        body: {
          message: status === 403 ? 'Resource not accessible by integration' : 'Server Error'
        }
      }))
      const { deployments, logger } = reporter(github.apiUrl)
      await expect(deployments.start(planFor('promote-prod'))).resolves.toBeUndefined()
      await expect(deployments.finish({ state: 'success' })).resolves.toBeUndefined()
      // The deployment was not created, so no status is posted for it.
      expect(github.requests.map(r => r.path)).toEqual(['/repos/acme/web/deployments'])
      expect(logger.warnings).toHaveLength(1)
      expect(logger.warnings[0]).toMatch(
        new RegExp(
          `^GitHub Deployments: could not create a deployment for environment production \\(HTTP ${status}: .*\\); the release goes on without it\\.$`
        )
      )
      expect(logger.text()).not.toContain(TOKEN)
    }
  )

  it('a failing status update is a warning too', async () => {
    const github = await fakeGitHub(request =>
      request.path.endsWith('/statuses')
        ? { status: 500, body: { message: 'Server Error' } }
        : { status: 201, body: { id: 42 } }
    )
    const { deployments, logger } = reporter(github.apiUrl)
    await deployments.start(planFor('promote-prod'))
    await deployments.finish({ state: 'failure' })
    expect(logger.warnings.map(w => w.slice(0, 70))).toEqual([
      'GitHub Deployments: could not set deployment 42 to in_progress (HTTP 5',
      'GitHub Deployments: could not set deployment 42 to failure (HTTP 500: '
    ])
  })

  it('an API that never answers is given up after the request timeout', async () => {
    const github = await fakeGitHub(() => 'hang')
    const { deployments, logger } = reporter(github.apiUrl)
    const started = Date.now()
    await deployments.start(planFor('promote-prod'))
    expect(Date.now() - started).toBeLessThan(5000)
    expect(logger.warnings[0]).toMatch(
      /^GitHub Deployments: could not create a deployment for environment production \(no answer within 1s\); the release goes on without it\.$/
    )
  })
})

it('an API nobody listens on is a warning naming the network error', async () => {
  const github = await fakeGitHub()
  await servers.closeAll()
  const { deployments, logger } = reporter(github.apiUrl)
  await deployments.start(planFor('promote-prod'))
  expect(logger.warnings[0]).toMatch(
    /^GitHub Deployments: could not create a deployment for environment production \(no answer: .*ECONNREFUSED.*\); the release goes on without it\.$/
  )
})

// ---- the job's own deployment (github-deployment: job) -----------------------------------------

const ACTIONS = {
  creator: { login: 'github-actions[bot]' },
  performed_via_github_app: { slug: 'github-actions' }
}

/** GitHub's side for a job that declared `environment:`: deployments of the commit, each with a latest state. */
function jobDeployments(
  listed: { id: number; latest: string; creator?: object; performed_via_github_app?: object }[]
): Route {
  return request => {
    const [path, query = ''] = request.path.split('?')
    if (request.method === 'GET' && path === '/repos/acme/web/deployments') {
      return { status: 200, body: listed.map(({ latest: _latest, ...deployment }) => deployment) }
    }
    const statuses = /^\/repos\/acme\/web\/deployments\/(\d+)\/statuses$/.exec(path!)
    if (request.method === 'GET' && statuses) {
      const deployment = listed.find(d => d.id === Number(statuses[1]))
      expect(new URLSearchParams(query).get('per_page')).toBe('1')
      return { status: 200, body: deployment ? [{ id: 1, state: deployment.latest }] : [] }
    }
    return { status: 201, body: { id: 7, state: request.body.state } }
  }
}

describe("GitHub Deployments of the job's environment (github-deployment: job)", () => {
  it("adds ecs-flow's statuses to the job's unfinished deployment and creates none", async () => {
    const github = await fakeGitHub(
      jobDeployments([
        { id: 90, latest: 'in_progress', creator: { login: 'alice' } },
        { id: 88, latest: 'success', ...ACTIONS },
        { id: 85, latest: 'in_progress', ...ACTIONS },
        { id: 80, latest: 'queued', ...ACTIONS }
      ])
    )
    const { deployments, logger } = reporter(github.apiUrl, undefined, undefined, 'job')
    await deployments.start(planFor('promote-prod'))
    await deployments.finish({
      state: 'success',
      environmentUrl: 'https://web.example.com/health',
      description: 'ecs-flow: released'
    })

    expect(deployments.deploymentId).toBe(85)
    const [list, ...rest] = github.requests
    const query = new URLSearchParams(list!.path.split('?')[1])
    expect([list!.method, list!.path.split('?')[0]]).toEqual(['GET', '/repos/acme/web/deployments'])
    expect({ sha: query.get('sha'), environment: query.get('environment') }).toEqual({
      sha: SHA,
      environment: 'production'
    })
    // alice's deployment is not the job's; 88 is finished (an earlier run); 85 is the newest left.
    expect(rest.map(r => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'GET /repos/acme/web/deployments/88/statuses',
      'GET /repos/acme/web/deployments/85/statuses',
      'POST /repos/acme/web/deployments/85/statuses',
      'POST /repos/acme/web/deployments/85/statuses'
    ])
    expect(github.requests.filter(r => r.method === 'POST').map(r => r.body)).toEqual([
      { state: 'in_progress', description: 'ecs-flow promote in progress', log_url: LOG_URL },
      {
        state: 'success',
        description: 'ecs-flow: released',
        log_url: LOG_URL,
        environment_url: 'https://web.example.com/health'
      }
    ])
    expect(logger.warnings).toEqual([])
    expect(logger.text()).toContain(
      "GitHub deployment 85 of this job (environment production) gets ecs-flow's statuses"
    )
  })

  it('a job without environment: has no deployment: a warning names both fixes, nothing is written', async () => {
    const github = await fakeGitHub(jobDeployments([{ id: 70, latest: 'success', ...ACTIONS }]))
    const { deployments, logger } = reporter(github.apiUrl, undefined, undefined, 'job')
    await deployments.start(planFor('deploy-dev'))
    await deployments.finish({ state: 'success' })

    expect(github.requests.filter(r => r.method === 'POST')).toEqual([])
    expect(logger.warnings).toEqual([
      `GitHub Deployments: no unfinished deployment of commit ${SHA.slice(0, 12)} to environment dev was found (input github-deployment is job: the job's environment: creates it); ecs-flow adds no statuses. Declare "environment: dev" in the job, or set github-deployment: create.`
    ])
  })

  it('a failing lookup is a warning; the release goes on without statuses', async () => {
    const github = await fakeGitHub(() => ({
      status: 403,
      body: { message: 'Resource not accessible by integration' }
    }))
    const { deployments, logger } = reporter(github.apiUrl, undefined, undefined, 'job')
    await expect(deployments.start(planFor('promote-prod'))).resolves.toBeUndefined()
    await deployments.finish({ state: 'failure' })
    expect(github.requests.map(r => r.method)).toEqual(['GET'])
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]).toMatch(
      /^GitHub Deployments: could not find the deployment of this job for environment production \(HTTP 403: .*\); the release goes on without it\.$/
    )
  })

  it('looks nothing up for flows that do not release, nor for a dry run', async () => {
    const github = await fakeGitHub(jobDeployments([]))
    const { deployments } = reporter(github.apiUrl, undefined, undefined, 'job')
    await deployments.start(planFor('test'))
    await deployments.start(planFor('deploy-dev', { 'dry-run': 'true' }))
    expect(github.requests).toEqual([])
  })
})

// ---- wiring from the runner's environment ------------------------------------------------------

describe('deploymentReporter', () => {
  it('does nothing without a token', () => {
    expect(deploymentReporter(undefined, {}, new RecordingLogger(), { setSecret: () => {} })).toBe(
      noDeployments
    )
  })

  it('masks the token and reads the repository and API URL from the environment', async () => {
    const github = await fakeGitHub()
    const masked: string[] = []
    const logger = new RecordingLogger()
    const reporterForRun = deploymentReporter(
      TOKEN,
      {
        GITHUB_REPOSITORY: 'acme/web',
        GITHUB_API_URL: github.apiUrl,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '1001'
      },
      logger,
      { setSecret: value => masked.push(value) },
      'create'
    )
    // The token, its base64 and the Basic-auth forms git and the API use.
    expect(masked).toEqual(secretForms(TOKEN, { user: 'x-access-token' }))
    expect(masked).toEqual(expect.arrayContaining([TOKEN, Buffer.from(TOKEN).toString('base64')]))
    await reporterForRun.start(planFor('promote-prod'))
    expect(github.requests[0]!.path).toBe('/repos/acme/web/deployments')
    expect(github.requests[1]!.body.log_url).toBe(LOG_URL)
  })

  it("follows the job's deployment unless told to create one (github-deployment defaults to job)", async () => {
    const github = await fakeGitHub(jobDeployments([{ id: 5, latest: 'in_progress', ...ACTIONS }]))
    const env = { GITHUB_REPOSITORY: 'acme/web', GITHUB_API_URL: github.apiUrl }
    await deploymentReporter(TOKEN, env, new RecordingLogger(), { setSecret: () => {} }).start(
      planFor('promote-prod')
    )
    expect(github.requests.map(r => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'GET /repos/acme/web/deployments',
      'GET /repos/acme/web/deployments/5/statuses',
      'POST /repos/acme/web/deployments/5/statuses'
    ])
  })

  it('warns and does nothing without GITHUB_REPOSITORY', () => {
    const logger = new RecordingLogger()
    expect(deploymentReporter(TOKEN, {}, logger, { setSecret: () => {} })).toBe(noDeployments)
    expect(logger.warnings).toEqual([
      'GitHub Deployments: GITHUB_REPOSITORY is not set; no deployment is created.'
    ])
  })

  it('builds the run URL only when the runner gives all its parts', () => {
    expect(
      runLogUrl({
        GITHUB_SERVER_URL: 'https://ghe.example/',
        GITHUB_REPOSITORY: 'a/b',
        GITHUB_RUN_ID: '9'
      })
    ).toBe('https://ghe.example/a/b/actions/runs/9')
    expect(runLogUrl({ GITHUB_REPOSITORY: 'a/b' })).toBeUndefined()
  })

  it.each([
    ['production', true],
    ['prod', true],
    ['Production', true],
    ['staging', false],
    ['production-eu', false]
  ])('%s is a production environment: %s', (name, expected) => {
    expect(isProduction(name)).toBe(expected)
  })

  it('maps results to success or failure with the verify URL', () => {
    expect(deploymentOutcome({ steps: [], result: 'deployed', serviceUrl: 'https://x/h' })).toEqual(
      {
        state: 'success',
        environmentUrl: 'https://x/h',
        description: 'ecs-flow: released'
      }
    )
    expect(deploymentOutcome({ steps: [], result: 'unchanged' }).state).toBe('success')
    expect(deploymentOutcome({ steps: [], result: 'failed' }).state).toBe('failure')
  })

  it('a release paused at a PAUSE hook stays in progress until the job that answers it', () => {
    expect(deploymentOutcome({ steps: [], result: 'paused' })).toEqual({
      state: 'in_progress',
      environmentUrl: undefined,
      description: 'ecs-flow: paused at a PAUSE hook, awaiting approval (flow: continue)'
    })
  })
})
