import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { FaultProxy } from '../../__fixtures__/fault-proxy.js'
import { ROOT, runAction, simulatorEnv, type ActionRun } from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'
import { escapeForLog, escapeMarkdown } from '../../src/util/escape.js'

// A runner variable a task-definition template reads is a secret: node dist/index.js and
// node dist/cli/index.js against the simulator, the same variable over releases (the first
// registration, the same value again, a rotated value, a dry run), one service and two under
// `services:`. Its value never shows in any form in the log, the outputs or the job summary;
// the fields it fills are shown by name on both sides of the diff, and a value that stayed the
// same is no change.

const TIME_SCALE = 0.1
const REPOSITORY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
// Each starts with a marker no other text has, and holds characters every escaper changes.
const TOKENS = {
  first: 'zq1first@p|ss*w_rd/"q+=x',
  rotated: 'zq2rotated#r0t~at`ed&<>=z',
  dryRun: 'zq3dryrun$[x](y)!_*\\z'
}
const ALL_TOKENS = Object.values(TOKENS)

type Simulator = Awaited<ReturnType<typeof startSimulator>>
let sim: Simulator
let proxy: FaultProxy

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
  proxy = await FaultProxy.start({ target: sim.url })
})
afterAll(async () => {
  await proxy.close()
  await sim.stop()
})

/** A template that puts the token in the command, a label, the log options and the environment. */
function template(family: string): string {
  return JSON.stringify({
    family,
    // The simulator's services run on FARGATE.
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: '{{ ECS_FLOW_IMAGE }}',
        command: ['serve', '--token={{ env.API_TOKEN }}'],
        dockerLabels: { 'token-check': 'v={{ env.API_TOKEN }}' },
        logConfiguration: {
          logDriver: 'splunk',
          options: { 'splunk-token': '{{ env.API_TOKEN }}', 'splunk-url': 'https://logs.example' }
        },
        environment: [
          { name: 'API_TOKEN', value: '{{ env.API_TOKEN }}' },
          { name: 'MODE', value: 'web' }
        ]
      }
    ]
  })
}

function workspace(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-hidden-'))
  writeFileSync(join(dir, 'ecs-flow.yml'), config)
  writeFileSync(join(dir, 'web.json'), template('web'))
  writeFileSync(join(dir, 'worker.json'), template('worker'))
  return dir
}

const ONE_SERVICE = `environments:
  dev:
    cluster: demo
    service: web
    task-definition: web.json
`
const TWO_SERVICES = `environments:
  dev:
    cluster: demo
    services:
      web: { task-definition: web.json }
      worker: { task-definition: worker.json }
`

/** Every form a token may take when printed: as is, escaped, encoded. */
function formsOf(token: string): string[] {
  const json = JSON.stringify(token).slice(1, -1)
  return [
    token,
    token.slice(0, 8),
    escapeMarkdown(token),
    escapeForLog(token),
    json,
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(token),
    Buffer.from(token).toString('base64')
  ]
}

/** Everything a reader sees: the log (but the runner's own add-mask commands), outputs, summary. */
function expectNoToken(text: string) {
  const seen = text
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  for (const token of ALL_TOKENS)
    for (const form of formsOf(token))
      expect({ form, found: seen.includes(form) }).toEqual({ form, found: false })
}

function release(
  cwd: string,
  token: string,
  tag: string,
  inputs: Record<string, string> = {},
  endpoint = sim.url
): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    cwd,
    inputs: {
      flow: 'deploy',
      config: 'ecs-flow.yml',
      image: `${REPOSITORY}:${tag}`,
      timeout: '20s',
      'poll-interval': '0.2s',
      ...inputs
    },
    env: { ...simulatorEnv(endpoint), API_TOKEN: token }
  })
}

async function registered(family: string, revision: number) {
  const answer = await fetch(sim.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition'
    },
    body: JSON.stringify({ taskDefinition: `${family}:${revision}` })
  })
  const { taskDefinition } = (await answer.json()) as {
    taskDefinition: { containerDefinitions: { command?: string[] }[] }
  }
  return taskDefinition.containerDefinitions[0]!
}

const BY_NAME = (prefix: string) =>
  `${prefix}command: ["serve","--token={{ env.API_TOKEN }}"] (the value of {{ env.API_TOKEN }} changed; values not shown)`
const FIELDS = ['command:', 'dockerLabels:', 'logConfiguration:', 'environment ~API_TOKEN']

describe('node dist/index.js: a runner variable in a template stays hidden', () => {
  it('one service: first registration, the same value, a rotated value, a dry run', async () => {
    sim.reset({ scenario: 'healthy', timeScale: TIME_SCALE })
    const dir = workspace(ONE_SERVICE)

    const first = await release(dir, TOKENS.first, 'v1')
    expect(first.exitCode).toBe(0)
    expect(first.outputs.result).toBe('deployed')
    // The value did reach ECS: it is hidden from the reader, not lost.
    expect((await registered('web', 2)).command).toEqual(['serve', `--token=${TOKENS.first}`])

    const same = await release(dir, TOKENS.first, 'v2')
    expect(same.exitCode).toBe(0)
    expect(same.stdout).toContain(
      `changes from web:2:\n  ~ container web: image: "${REPOSITORY}:v1" -> "${REPOSITORY}:v2"`
    )
    for (const field of FIELDS) {
      expect(same.stdout).not.toContain(field)
      expect(same.summary).not.toContain(field)
    }

    const rotated = await release(dir, TOKENS.rotated, 'v2')
    expect(rotated.exitCode).toBe(0)
    expect(rotated.outputs['task-definition-arn']).toMatch(/task-definition\/web:4$/)
    expect(rotated.stdout).toContain(BY_NAME('  ~ container web: '))
    expect(rotated.stdout).toContain('~ container web: environment ~API_TOKEN (values not shown)')
    expect(rotated.summary).toContain(BY_NAME('~ container web: '))
    expect(rotated.stdout).not.toContain('container web: image:')
    expect((await registered('web', 4)).command).toEqual(['serve', `--token=${TOKENS.rotated}`])

    const dryRun = await release(dir, TOKENS.dryRun, 'v2', { 'dry-run': 'true' })
    expect(dryRun.exitCode).toBe(0)
    expect(dryRun.outputs.result).toBe('planned')
    expect(dryRun.stdout).toContain(BY_NAME('  ~ container web: '))
    expect(dryRun.stdout).toContain('dry-run: would register a new revision of web')

    for (const run of [first, same, rotated, dryRun]) expectNoToken(run.all)
  })

  it('services: each service diffs by name, and the same value is no change', async () => {
    sim.reset({
      scenario: 'healthy',
      timeScale: TIME_SCALE,
      seed: { services: ['web', 'worker'] }
    })
    const dir = workspace(TWO_SERVICES)
    const first = await release(dir, TOKENS.first, 'v1')
    expect(first.exitCode).toBe(0)
    const same = await release(dir, TOKENS.first, 'v2')
    expect(same.exitCode).toBe(0)
    for (const field of FIELDS) expect(same.all).not.toContain(field)
    const rotated = await release(dir, TOKENS.rotated, 'v2')
    expect(rotated.exitCode).toBe(0)
    expect(JSON.parse(rotated.outputs.services!)).toMatchObject({
      web: { result: 'deployed' },
      worker: { result: 'deployed' }
    })
    expect(
      rotated.stdout.match(/command: \["serve","--token=\{\{ env\.API_TOKEN \}\}"\] \(the value/g)
    ).toHaveLength(2)
    const dryRun = await release(dir, TOKENS.dryRun, 'v2', { 'dry-run': 'true' })
    expect(dryRun.exitCode).toBe(0)
    for (const run of [first, same, rotated, dryRun]) expectNoToken(run.all)
  })

  it('an ECS error that quotes the request: the token is redacted before the message is escaped', async () => {
    sim.reset({ scenario: 'healthy', timeScale: TIME_SCALE })
    proxy.reset()
    proxy.when('RegisterTaskDefinition', {
      kind: 'status',
      status: 400,
      type: 'ClientException',
      message: request => `Invalid container definition: ${request.body}`
    })
    const dir = workspace(ONE_SERVICE)
    const refused = await release(dir, TOKENS.first, 'v1', {}, proxy.url)
    expect(refused.exitCode).toBe(1)
    expect(refused.outputs.result).toBe('failed')
    // The message is there, with the token's place marked: in the annotation and the summary.
    expect(refused.stdout).toMatch(
      /::error title=[^\n]*Invalid container definition: .*--token=\*\*\*/
    )
    expect(refused.summary).toContain('Invalid container definition')
    expect(refused.summary).toContain('--token=\\*\\*\\*')
    expectNoToken(refused.all)
  })
})

describe('node dist/cli/index.js: a runner variable in a template stays hidden', () => {
  let work: string

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ecs-flow-hidden-cli-'))
    mkdirSync(join(work, '.github'))
    writeFileSync(join(work, '.github', 'ecs-flow.yml'), `default-branch: main\n${ONE_SERVICE}`)
    writeFileSync(join(work, 'web.json'), template('web'))
  })

  function cli(
    token: string,
    args: string[]
  ): Promise<{ code: number; all: string; stdout: string }> {
    return new Promise(resolve => {
      execFile(
        process.execPath,
        [join(ROOT, 'dist', 'cli', 'index.js'), ...args],
        {
          cwd: work,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: work,
            ...simulatorEnv(sim.url),
            CIRCLECI: 'true',
            CIRCLE_SHA1: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
            CIRCLE_BRANCH: 'main',
            CIRCLE_PROJECT_USERNAME: 'acme',
            CIRCLE_PROJECT_REPONAME: 'web',
            ECS_FLOW_INPUT_POLL_INTERVAL: '0.2s',
            ECS_FLOW_INPUT_TIMEOUT: '20s',
            API_TOKEN: token
          },
          timeout: 60_000
        },
        (error, stdout, stderr) => {
          let summary = ''
          try {
            summary = readFileSync(join(work, 'summary.md'), 'utf8')
          } catch {
            // No summary asked for.
          }
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            all: `${stdout}\n${stderr}\n${summary}`
          })
        }
      )
    })
  }

  it('release: the same value, a rotated value and --dry-run, with --json and a summary file', async () => {
    sim.reset({ scenario: 'healthy', timeScale: TIME_SCALE })
    const release = (token: string, tag: string, ...more: string[]) =>
      cli(token, [
        'release',
        '--image',
        `${REPOSITORY}:${tag}`,
        '--summary-file',
        'summary.md',
        ...more
      ])
    const first = await release(TOKENS.first, 'v1', '--json')
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ result: 'deployed' })
    const same = await release(TOKENS.first, 'v2')
    expect(same.code).toBe(0)
    expect(same.all).toContain('~ container web: image:')
    for (const field of FIELDS) expect(same.all).not.toContain(field)
    const rotated = await release(TOKENS.rotated, 'v2')
    expect(rotated.code).toBe(0)
    expect(rotated.all).toContain(BY_NAME('~ container web: '))
    const dryRun = await release(TOKENS.dryRun, 'v2', '--dry-run', '--json')
    expect(dryRun.code).toBe(0)
    expect(JSON.parse(dryRun.stdout)).toMatchObject({ result: 'planned' })
    expect(dryRun.all).toContain(BY_NAME('~ container web: '))
    for (const run of [first, same, rotated, dryRun]) expectNoToken(run.all)
  })
})
