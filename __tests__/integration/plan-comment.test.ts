import { execFile, execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { GitHubCommentsApi } from '../../__fixtures__/github-comments-api.js'
import {
  EVENTS,
  ROOT,
  SHA,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'
import { escapeForLog, escapeMarkdown } from '../../src/util/escape.js'

// plan-comment: true on a pull request: node dist/index.js as the runner starts it, against the
// ECS simulator and a loopback GitHub API. The first push creates the comment, the second
// (another task definition) updates the same one; a fork's run (no AWS credentials, a
// read-only token) puts the plan in the job summary saying what it could not read. No AWS
// write reaches the simulator, and the runner variable the template reads shows in no form.

const TIME_SCALE = 0.1
const REPOSITORY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
const TOKEN = 'ghs_pl4nC0mmentT0kenValue0123456789'
const HEAD_1 = '1111111111111111111111111111111111111111'
const HEAD_2 = '2222222222222222222222222222222222222222'
// The runner variable the template reads: released with the first, the pull request's run
// has the second. Each holds characters every escaper changes.
const RELEASED = 'zq1released@p|ss*w_rd/"q+=x'
const ROTATED = 'zq2rotated#r0t~at`ed&<>=z'
const AWS_WRITE =
  /^(Register|Update|Create|Delete|Deregister|Put|Tag|Untag|RunTask|StopTask|Continue|StopService)/

type Simulator = Awaited<ReturnType<typeof startSimulator>>
let sim: Simulator
let github: GitHubCommentsApi
let dir: string
let baseSha: string

function template(memory: string, cpu = '256'): string {
  return `${JSON.stringify(
    {
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu,
      memory,
      containerDefinitions: [
        {
          name: 'web',
          image: '{{ ECS_FLOW_IMAGE }}',
          command: ['serve', '--token={{ env.API_TOKEN }}'],
          environment: [{ name: 'API_TOKEN', value: '{{ env.API_TOKEN }}' }]
        }
      ]
    },
    null,
    2
  )}\n`
}

const CONFIG = `environments:
  dev:
    cluster: demo
    service: web
    task-definition: web.json
`

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=ecs-flow', '-c', 'user.email=ci@example', ...args], {
    cwd: dir,
    encoding: 'utf8'
  }).trim()
}

/** A pull_request payload for pull request 42 from `head` into main at the base commit. */
function pullRequestEvent(head: string, fork = false): string {
  const payload = JSON.parse(
    readFileSync(join(EVENTS, 'pull-request-synchronize.json'), 'utf8')
  ) as Record<string, unknown> & {
    pull_request: { head: { sha: string; repo: { full_name: string } }; base: { sha: string } }
  }
  payload.pull_request.head.sha = head
  payload.pull_request.base.sha = baseSha
  if (fork) payload.pull_request.head.repo.full_name = 'someone/web'
  const path = join(dir, `event-${head.slice(0, 4)}${fork ? '-fork' : ''}.json`)
  writeFileSync(path, JSON.stringify(payload))
  return path
}

const PR_INPUTS = {
  config: 'ecs-flow.yml',
  image: `${REPOSITORY}:v2`,
  'plan-comment': 'true',
  'github-token': TOKEN
}

function pullRequestRun(head: string, env: Record<string, string>, fork = false) {
  return runAction({
    eventName: 'pull_request',
    event: pullRequestEvent(head, fork),
    ref: 'refs/pull/42/merge',
    sha: head,
    cwd: dir,
    inputs: PR_INPUTS,
    env: { API_TOKEN: ROTATED, GITHUB_API_URL: github.apiUrl, ...env }
  })
}

/** Every form the runner variable could be printed in. */
function expectNoSecret(text: string) {
  const seen = text
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  for (const secret of [RELEASED, ROTATED]) {
    const json = JSON.stringify(secret).slice(1, -1)
    for (const form of [
      secret,
      secret.slice(0, 10),
      escapeMarkdown(secret),
      escapeForLog(secret),
      json,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64')
    ])
      expect({ form, found: seen.includes(form) }).toEqual({ form, found: false })
  }
}

function writesSince(from: number): string[] {
  return sim
    .state()
    .callLog.slice(from)
    .map((call: { operation: string }) => call.operation)
    .filter((operation: string) => AWS_WRITE.test(operation))
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
  github = new GitHubCommentsApi()
  await github.start()
  dir = mkdtempSync(join(tmpdir(), 'ecs-flow-plan-comment-'))
  git('init', '-q', '-b', 'main')
  writeFileSync(join(dir, 'ecs-flow.yml'), CONFIG)
  writeFileSync(join(dir, 'web.json'), template('512'))
  git('add', 'ecs-flow.yml', 'web.json')
  git('commit', '-q', '-m', 'base')
  baseSha = git('rev-parse', 'HEAD')
  // What runs now: the base branch released once (web:2, from the template).
  const released = await runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    cwd: dir,
    inputs: {
      flow: 'deploy',
      config: 'ecs-flow.yml',
      image: `${REPOSITORY}:v1`,
      timeout: '20s',
      'poll-interval': '0.2s'
    },
    env: { ...simulatorEnv(sim.url), API_TOKEN: RELEASED }
  })
  expect(released.outputs.result).toBe('deployed')
})
afterAll(async () => {
  await github.stop()
  await sim.stop()
})

describe('node dist/index.js with plan-comment: true on a pull request', () => {
  const runs: ActionRun[] = []

  it('the first push creates the comment, the second updates the same one; nothing is written to AWS', async () => {
    const before = sim.state().callLog.length
    writeFileSync(join(dir, 'web.json'), template('1024'))
    const first = await pullRequestRun(HEAD_1, simulatorEnv(sim.url))
    runs.push(first)
    expect(first.stderr).toBe('')
    expect(first.exitCode).toBe(0)
    expect(first.outputs).toMatchObject({ flow: 'test', result: 'tested' })
    const created = github.holding(42, '<!-- ecs-flow:plan environment=dev config=ecs-flow.yml -->')
    expect(created).toHaveLength(1)
    const firstBody = created[0]!.body
    expect(firstBody).toContain('Merging into `main` would **deploy** to environment `dev`.')
    expect(firstBody).toContain('**`web`** (cluster `demo`, runs `web:2`)')
    expect(firstBody).toContain('~ memory: "512" -> "1024"')
    expect(firstBody).toContain(`~ container web: image: "${REPOSITORY}:v1" -> "${REPOSITORY}:v2"`)
    expect(firstBody).toContain(
      '~ container web: command: ["serve","--token={{ env.API_TOKEN }}"] (the value of {{ env.API_TOKEN }} changed; values not shown)'
    )
    expect(firstBody).toContain(`against \`main\` (\`${baseSha.slice(0, 12)}\`)`)
    expect(firstBody).toContain('+   "memory": "1024",')
    expect(firstBody).toContain('for commit `111111111111`')
    expect(first.summary).toContain(firstBody)

    // The second push changes the task definition again.
    writeFileSync(join(dir, 'web.json'), template('1024', '512'))
    const second = await pullRequestRun(HEAD_2, simulatorEnv(sim.url))
    runs.push(second)
    expect(second.exitCode).toBe(0)
    const comments = github.holding(42, '<!-- ecs-flow:plan')
    expect(comments).toHaveLength(1)
    expect(comments[0]!.id).toBe(created[0]!.id)
    const secondBody = comments[0]!.body
    expect(secondBody).toContain('~ cpu: "256" -> "512"')
    expect(secondBody).toContain('for commit `222222222222`')
    expect(github.calls.map(call => call.method)).toEqual(['GET', 'POST', 'GET', 'PATCH'])
    expect(second.stdout).toContain(`plan-comment: updated comment ${created[0]!.id}`)
    expect(writesSince(before)).toEqual([])
    for (const body of [firstBody, secondBody]) expectNoSecret(body)
  })

  it('a fork: no AWS credentials (its AWS variables unused), a read-only token; the plan and the task definition rendered with (unknown) go to the job summary saying what could not be read', async () => {
    const before = sim.state().callLog.length
    const calls = github.calls.length
    // The fork's files need the account ID (an STS call) and a runner variable it lacks. Its
    // env names the simulator: a fork's AWS variables are not the repository's, so unused.
    const withAccount = JSON.parse(template('1024', '512')) as Record<string, unknown>
    withAccount.executionRoleArn = 'arn:aws:iam::{{ AWS_ACCOUNT_ID }}:role/web-exec'
    withAccount.taskRoleArn = 'arn:aws:iam::123456789012:role/{{ env.TASK_ROLE_NOT_SET }}'
    writeFileSync(join(dir, 'web.json'), `${JSON.stringify(withAccount, null, 2)}\n`)
    const fork = await pullRequestRun(HEAD_2, simulatorEnv(sim.url), true)
    runs.push(fork)
    expect(fork.exitCode).toBe(0)
    expect(github.calls.length).toBe(calls)
    expect(sim.state().callLog.length).toBe(before)
    expect(fork.summary).toContain('This pull request comes from a fork')
    expect(fork.summary).toContain('Merging into `main` would **deploy** to environment `dev`.')
    expect(fork.summary).toContain('#### Not read')
    expect(fork.summary).toContain('this run has no AWS credentials')
    expect(fork.summary).toContain('<details><summary>web.json: changed</summary>')
    expect(fork.summary).not.toContain('#### Task definitions against what runs now')
    expect(fork.summary).toContain(
      '#### Task definitions (rendered without AWS: values marked unknown could not be read)'
    )
    expect(fork.summary).toContain('"executionRoleArn": "arn:aws:iam::(unknown):role/web-exec",')
    expect(fork.summary).toContain('"taskRoleArn": "arn:aws:iam::123456789012:role/(unknown)"')
    expect(fork.summary).toContain(`"image": "${REPOSITORY}:v2",`)
    expect(fork.summary).toContain('"--token={{ env.API_TOKEN }}"')
  })

  afterAll(() => {
    for (const run of runs) expectNoSecret(run.all)
  })
})

/** Runs `node FILE ARGS` in the workspace; the simulator answers from this process's event loop. */
function node(
  file: string,
  args: string[],
  env: Record<string, string>
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [file, ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    )
  })
}

describe('node dist/cli/index.js plan --diff', () => {
  it('prints the plan and the diff of the working tree against what runs now; nothing is written', async () => {
    const before = sim.state().callLog.length
    writeFileSync(join(dir, 'web.json'), template('2048'))
    const run = await node(
      join(ROOT, 'dist', 'cli', 'index.js'),
      [
        'plan',
        '--diff',
        '--ref',
        'refs/heads/main',
        '--default-branch',
        'main',
        '--config',
        'ecs-flow.yml',
        '--image',
        `${REPOSITORY}:v3`
      ],
      { ...simulatorEnv(sim.url), API_TOKEN: ROTATED }
    )
    // The command line's own note on an older Node aside, nothing goes to stderr.
    expect(run.stderr.replace(/^ecs-flow: this is Node v.*\n/, '')).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/flow: +deploy -> environment dev \(dry run\)/)
    expect(run.stdout).toContain('service web (cluster demo, runs web:2):')
    expect(run.stdout).toContain('  ~ memory: "512" -> "2048"')
    expect(run.stdout).toContain(
      `  ~ container web: image: "${REPOSITORY}:v1" -> "${REPOSITORY}:v3"`
    )
    expect(run.stdout).toContain('(the value of {{ env.API_TOKEN }} changed; values not shown)')
    expect(writesSince(before)).toEqual([])
    expectNoSecret(run.stdout + run.stderr)
  })
})

describe('loading only what a run needs', () => {
  /** dist/index.js without its chunks (the AWS SDK, the GitHub client, the config parser). */
  function mainChunkOnly(): string {
    const alone = mkdtempSync(join(tmpdir(), 'ecs-flow-main-chunk-'))
    for (const file of ['index.js', 'package.json', 'sourcemap-register.cjs'])
      copyFileSync(join(ROOT, 'dist', file), join(alone, file))
    return join(alone, 'index.js')
  }

  const pullRequestEnv = (inputs: Record<string, string>) => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(EVENTS, 'pull-request-opened.json'),
    GITHUB_REF: 'refs/pull/42/merge',
    GITHUB_SHA: SHA,
    GITHUB_WORKSPACE: dir,
    ...simulatorEnv(sim.url),
    ...Object.fromEntries(
      Object.entries({ cluster: 'demo', service: 'web', 'ecr-repository': 'web', ...inputs }).map(
        ([name, value]) => [`INPUT_${name.toUpperCase()}`, value]
      )
    )
  })

  it('a pull request without plan-comment loads none of them; with it, it loads the AWS clients', async () => {
    const entry = mainChunkOnly()
    const summary = join(dir, 'summary.md')
    writeFileSync(summary, '')
    const off = await node(entry, [], { ...pullRequestEnv({}), GITHUB_STEP_SUMMARY: summary })
    expect(off.stderr).toBe('')
    expect(off.code).toBe(0)
    expect(off.stdout).not.toContain('plan-comment')
    expect(readFileSync(summary, 'utf8')).toContain('ecs-flow: test')
    writeFileSync(summary, '')
    // Without the chunks the AWS clients cannot load: the comment says so, the job passes.
    const on = await node(entry, [], {
      ...pullRequestEnv({ 'plan-comment': 'true' }),
      GITHUB_STEP_SUMMARY: summary
    })
    expect(on.code).toBe(0)
    expect(readFileSync(summary, 'utf8')).toMatch(
      /#### Preflight problems merging would hit\n\n- .*Cannot find module/
    )
  })
})
