import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { FaultProxy, type Fault } from '../../__fixtures__/fault-proxy.js'
import {
  ROOT,
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// A one-off task runs once: dist/index.js and dist/cli/index.js through the fault proxy in front
// of the simulator, which honours RunTask's clientToken as ECS does. The replies of RunTask are
// lost or turned into 503s after the simulator started the task; the simulator's `runTasks`
// count the tasks that were really started. Each case has a simulator and proxy of its own, so the
// cases run side by side (it.concurrent); the simulator's times are a fiftieth of ECS's.

const TIME_SCALE = 0.02
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const CLI = join(ROOT, 'dist', 'cli', 'index.js')
const LOST: Fault = { kind: 'drop-reply' }
const UNAVAILABLE_AFTER_THE_FACT: Fault = {
  kind: 'status',
  status: 503,
  type: 'ServiceUnavailableException',
  message: 'Service Unavailable',
  forward: true
}
const UNAVAILABLE: Fault = { ...UNAVAILABLE_AFTER_THE_FACT, forward: false }

/** One case's own simulator and the fault proxy in front of it. */
interface World {
  sim: Awaited<ReturnType<typeof startSimulator>>
  proxy: FaultProxy
}

const worlds: World[] = []
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecs-flow-run-once-'))
})
afterAll(async () => {
  for (const { sim, proxy } of worlds) {
    await proxy.close()
    await sim.stop()
  }
})

/** A fresh simulator (seeded world, scenario) behind a fresh fault proxy. */
async function world(seed?: Record<string, unknown>, scenario = 'healthy'): Promise<World> {
  const sim = await startSimulator({
    scenario,
    port: 0,
    timeScale: TIME_SCALE,
    ...(seed ? { seed } : {})
  })
  const proxy = await FaultProxy.start({ target: sim.url })
  worlds.push({ sim, proxy })
  return { sim, proxy }
}

/** A config file in a folder of its own: cases that run side by side never share one. */
function configFile(name: string, lines: string[]): string {
  const path = join(mkdtempSync(join(dir, `${name}-`)), `${name}.yml`)
  writeFileSync(path, ['environments:', '  dev:', '    cluster: demo', ...lines, ''].join('\n'))
  return path
}

function release({ proxy }: World, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: { image: IMAGE, timeout: '30s', 'poll-interval': '0.2s', ...inputs },
    env: simulatorEnv(proxy.url)
  })
}

/** Every task a RunTask request really started in the simulator. */
const started = ({ sim }: World) =>
  (sim.state().runTasks as { taskArns: string[] }[]).flatMap(request => request.taskArns)
const calls = ({ sim }: World, operation: string) =>
  (sim.state().calls as Record<string, number>)[operation] ?? 0
const failureOf = (text: string) => text.split('\n').find(line => line.startsWith('::error ')) ?? ''
const tokensSent = ({ proxy }: World) =>
  proxy.received
    .filter(request => request.operation === 'RunTask')
    .map(request => (JSON.parse(request.body) as { clientToken?: string }).clientToken)

const MIGRATE = { ...SIMULATOR_TARGET, 'before-deploy-command': 'migrate sim-runs=2' }
const SMOKE = { ...SIMULATOR_TARGET, 'after-deploy-command': 'smoke sim-runs=2' }

describe('node dist/index.js: a RunTask whose reply is lost starts one task', () => {
  it.concurrent(
    'before-deploy, the first reply lost: the SDK retries with the same token, ECS answers the same task',
    async () => {
      const w = await world()
      w.proxy.when('RunTask', LOST, 1)
      const run = await release(w, MIGRATE)
      expect(run.exitCode).toBe(0)
      expect(run.outputs.result).toBe('deployed')
      expect(started(w)).toHaveLength(1)
      const tokens = tokensSent(w)
      expect(tokens.length).toBeGreaterThanOrEqual(2)
      expect(new Set(tokens)).toEqual(new Set([expect.stringMatching(/^ecs-flow-[0-9a-f]{55}$/)]))
    }
  )

  it.concurrent.each([
    ['every reply lost', LOST],
    ['every answer a 503 after the task started', UNAVAILABLE_AFTER_THE_FACT]
  ])('before-deploy, %s: found by startedBy, watched, deployed', async (_name, fault) => {
    const w = await world()
    w.proxy.when('RunTask', fault)
    const run = await release(w, MIGRATE)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(started(w)).toHaveLength(1)
    const id = started(w)[0]!.split('/').pop()
    expect(run.stdout).toContain(
      `before-deploy: RunTask's reply was lost, but ECS shows task ${id} started by ecs-flow/1001-1/before in cluster demo`
    )
    expect(run.stdout).toContain(`before-deploy: task ${id} exited with code 0`)
    // The SDK's attempts all carried one token: the simulator started one task for them.
    expect(calls(w, 'RunTask')).toBeGreaterThanOrEqual(2)
    expect(new Set(tokensSent(w)).size).toBe(1)
  })

  it.concurrent(
    'before-deploy, a 503 before ECS saw it: none started, none listed, nothing deployed',
    async () => {
      const w = await world()
      w.proxy.when('RunTask', UNAVAILABLE)
      const run = await release(w, MIGRATE)
      expect(run.exitCode).toBe(1)
      expect(started(w)).toHaveLength(0)
      expect(calls(w, 'UpdateService')).toBe(0)
      expect(failureOf(run.stdout)).toMatch(
        /ECS lists no task of this revision and command started by ecs-flow\/1001-1\/before in cluster demo \(ListTasks, 3 looks\): none was started/
      )
    }
  )

  it.concurrent('after-deploy, every reply lost: one task, the release deployed', async () => {
    const w = await world()
    w.proxy.when('RunTask', LOST)
    const run = await release(w, SMOKE)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(started(w)).toHaveLength(1)
    expect(run.stdout).toContain("after-deploy: RunTask's reply was lost, but ECS shows task")
  })

  it.concurrent(
    'services: (two services), every reply lost: one before-deploy task, both deployed',
    async () => {
      const w = await world({ services: [{ name: 'web' }, { name: 'worker' }] })
      w.proxy.when('RunTask', LOST)
      const config = configFile('services', [
        '    services:',
        '      web: {}',
        '      worker: {}',
        '    before-deploy:',
        '      command: migrate sim-runs=2'
      ])
      const run = await release(w, { config })
      expect(run.exitCode).toBe(0)
      expect(JSON.parse(run.outputs.services!)).toMatchObject({
        web: { result: 'deployed' },
        worker: { result: 'deployed' }
      })
      expect(started(w)).toHaveLength(1)
    }
  )
})

describe('node dist/index.js: every strategy runs each hook once when every RunTask reply is lost', () => {
  it.concurrent.each([
    ['ECS-native blue/green', 'bluegreen-healthy'],
    ['CodeDeploy', 'codedeploy-healthy']
  ])('%s: before-deploy and after-deploy, one task each, deployed', async (_name, scenario) => {
    const w = await world(undefined, scenario)
    w.proxy.when('RunTask', LOST)
    const config = configFile(scenario, [
      '    service: web',
      '    container: web',
      '    before-deploy:',
      '      command: migrate sim-runs=2',
      '    after-deploy:',
      '      command: smoke sim-runs=2'
    ])
    const run = await release(w, { config })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    const requests = w.sim.state().runTasks
    expect(requests.map(request => [request.request.startedBy, request.taskArns.length])).toEqual([
      ['ecs-flow/1001-1/before', 1],
      ['ecs-flow/1001-1/after', 1]
    ])
    for (const hook of ['before-deploy', 'after-deploy'])
      expect(run.stdout).toContain(`${hook}: RunTask's reply was lost, but ECS shows task`)
  })
})

describe('node dist/index.js: a one-off task past its timeout', () => {
  const hanging = () =>
    configFile('hang', [
      '    service: web',
      '    container: web',
      '    before-deploy:',
      '      command: [migrate, sim-hang]',
      '      timeout: 2s'
    ])

  it.concurrent(
    'is stopped and read back: the error gives the exit code ECS reported once STOPPED',
    async () => {
      const w = await world()
      const run = await release(w, { config: hanging() })
      expect(run.exitCode).toBe(1)
      expect(calls(w, 'StopTask')).toBe(1)
      expect(calls(w, 'UpdateService')).toBe(0)
      // sim-hang ignores SIGTERM: ECS kills it after its stop timeout, exit code 137.
      expect(failureOf(run.stdout)).toMatch(
        /before-deploy did not finish within 2s: its task was stopped \(StopTask\) and ECS shows it STOPPED; task \w+: container web exit code 137; UserInitiated: ecs-flow: before-deploy did not finish within 2s\./
      )
    }
  )

  it.concurrent(
    'whose StopTask fails: the error says the task still runs and names it',
    async () => {
      const w = await world()
      w.proxy.when('StopTask', {
        kind: 'status',
        status: 500,
        type: 'ServerException',
        message: 'internal error'
      })
      const run = await release(w, { config: hanging() })
      expect(run.exitCode).toBe(1)
      const [taskArn] = started(w)
      const id = taskArn!.split('/').pop()
      expect(failureOf(run.stdout)).toMatch(
        new RegExp(
          `before-deploy did not finish within 2s, and its task ${id} in cluster demo is still running \\(RUNNING\\): StopTask failed: ECS StopTask failed for task ${id} in cluster demo: ServerException: internal error\\. Stop it in the ECS console or with aws ecs stop-task --cluster demo --task ${id}\\. Nothing was deployed`
        )
      )
      expect(
        w.sim.state().callLog.some((call: { operation: string }) => call.operation === 'StopTask')
      ).toBe(false)
    }
  )

  it.concurrent(
    'services: (two services), StopTask failing: the error names the task that still runs',
    async () => {
      const w = await world({ services: [{ name: 'web' }, { name: 'worker' }] })
      w.proxy.when('StopTask', { kind: 'status', status: 500, type: 'ServerException' })
      const config = configFile('services-hang', [
        '    services:',
        '      web: {}',
        '      worker: {}',
        '    before-deploy:',
        '      command: [migrate, sim-hang]',
        '      timeout: 2s'
      ])
      const run = await release(w, { config })
      expect(run.exitCode).toBe(1)
      expect(calls(w, 'UpdateService')).toBe(0)
      const id = started(w)[0]!.split('/').pop()
      expect(started(w)).toHaveLength(1)
      expect(failureOf(run.stdout)).toContain(
        `before-deploy did not finish within 2s, and its task ${id} in cluster demo is still running (RUNNING): StopTask failed`
      )
    }
  )
})

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

function cli({ proxy }: World, args: string[]): Promise<CliRun> {
  const work = mkdtempSync(join(dir, 'cli-'))
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: work,
          ...simulatorEnv(proxy.url),
          CIRCLECI: 'true',
          CIRCLE_SHA1: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c',
          CIRCLE_BRANCH: 'main',
          CIRCLE_PROJECT_USERNAME: 'acme',
          CIRCLE_PROJECT_REPONAME: 'web'
        },
        timeout: 60_000
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    )
  })
}

describe('node dist/cli/index.js release', () => {
  const flags = (config: string) => [
    'release',
    '--json',
    '--config',
    config,
    '--flow',
    'deploy',
    '--image',
    IMAGE,
    '--poll-interval',
    '0.2s',
    '--timeout',
    '30s'
  ]

  it.concurrent(
    'before-deploy with every RunTask reply lost: one task, found and watched, deployed',
    async () => {
      const w = await world()
      w.proxy.when('RunTask', LOST)
      const config = configFile('cli', [
        '    service: web',
        '    container: web',
        '    before-deploy:',
        '      command: migrate sim-runs=2'
      ])
      const run = await cli(w, flags(config))
      expect(run.stderr).toContain("before-deploy: RunTask's reply was lost, but ECS shows task")
      expect(run.code).toBe(0)
      expect(JSON.parse(run.stdout)).toMatchObject({ result: 'deployed' })
      expect(started(w)).toHaveLength(1)
    }
  )

  it.concurrent(
    'after-deploy past its timeout whose StopTask fails: the error names the running task',
    async () => {
      const w = await world()
      w.proxy.when('StopTask', { kind: 'status', status: 500, type: 'ServerException' })
      const config = configFile('cli-hang', [
        '    service: web',
        '    container: web',
        '    after-deploy:',
        '      command: [smoke, sim-hang]',
        '      timeout: 2s'
      ])
      const run = await cli(w, flags(config))
      expect(run.code).not.toBe(0)
      const id = started(w)[0]!.split('/').pop()
      expect(run.stdout + run.stderr).toContain(
        `after-deploy did not finish within 2s, and its task ${id} in cluster demo is still running (RUNNING): StopTask failed`
      )
    }
  )
})
