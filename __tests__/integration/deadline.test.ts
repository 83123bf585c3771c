import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { READ_GRACE_MS } from '../../src/util/wait-deadline.js'
import { FaultProxy } from '../../__fixtures__/fault-proxy.js'
import {
  ROOT,
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// A deadline is a deadline: the bundled action (dist/index.js) and command line
// (dist/cli/index.js) against the simulator behind a fault proxy whose reads go silent once the
// deployment started (the endpoint accepts and never answers). With the shortest timeout the
// inputs allow (1s; poll-interval 2s) the wait must end within the timeout, one poll interval and
// the documented grace (READ_GRACE_MS), not after a read's own 15 s poll or 60 s read budget;
// and what may well have succeeded is not rolled back. Real time here: the figures are measured,
// from the write that started the deployment to the process's exit, and printed. Each case has a
// simulator and proxy of its own, so the cases wait side by side (it.concurrent).

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
/** The shortest timeout the inputs accept: the bound below stays under a read's own 15 s poll. */
const TIMEOUT = '1s'
const POLL_INTERVAL = '2s'
const TIMEOUT_MS = 1_000
const INTERVAL_MS = 2_000
/** Process exit, socket teardown, a busy machine: what the measured wait may take past its bound. */
const SLACK_MS = 2_000
const BOUND_MS = TIMEOUT_MS + INTERVAL_MS + READ_GRACE_MS + SLACK_MS
const INPUTS = { image: IMAGE, timeout: TIMEOUT, 'poll-interval': POLL_INTERVAL }

/** One case's own simulator and the fault proxy in front of it. */
interface World {
  sim: Awaited<ReturnType<typeof startSimulator>>
  proxy: FaultProxy
}

const worlds: World[] = []
const figures: Record<string, number> = {}

afterAll(async () => {
  for (const { sim, proxy } of worlds) {
    await proxy.close()
    await sim.stop()
  }
  console.log(
    [
      `wait with timeout ${TIMEOUT}, poll-interval ${POLL_INTERVAL} and every read hung (bound ${BOUND_MS} ms), ms from the deployment's start to exit:`,
      ...Object.entries(figures).map(([label, ms]) => `  ${ms}  ${label}`)
    ].join('\n')
  )
})

/** A fresh world whose `operation` requests hang once `trigger` was received (`count` times). */
async function hungAfter(
  scenario: string,
  trigger: string,
  operation: string,
  options: { count?: number; seed?: object } = {}
): Promise<World> {
  const sim = await startSimulator({
    scenario,
    port: 0,
    timeScale: 1,
    ...(options.seed ? { seed: options.seed } : {})
  })
  const proxy = await FaultProxy.start({ target: sim.url })
  worlds.push({ sim, proxy })
  proxy.after(trigger, operation, { kind: 'hang' }, options.count)
  return { sim, proxy }
}

function release(world: World, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: { ...SIMULATOR_TARGET, ...INPUTS, ...inputs },
    env: simulatorEnv(world.proxy.url)
  })
}

/** ms from the first request of `trigger` the proxy saw to `exitedAt`, kept as a figure. */
function measure(world: World, label: string, trigger: string, exitedAt: number): number {
  const started = world.proxy.received.find(request => request.operation === trigger)
  expect(started).toBeDefined()
  figures[label] = exitedAt - started!.at
  return figures[label]
}

const writes = (world: World, operation: string) =>
  world.proxy.operations().filter(name => name === operation).length

describe('node dist/index.js: every read hangs once the deployment started (timeout 1s)', () => {
  it.concurrent(
    'rolling: ends within timeout + interval + grace, unreadable, not rolled back',
    async () => {
      const world = await hungAfter('slow', 'UpdateService', 'DescribeServices')
      const run = await release(world)
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toMatch(
        /could not read service web in cluster demo for \d+(\.\d)?s \(DeadlineExceeded: ECS DescribeServices did not answer within \d+\.\ds \(what was left of the wait\)/
      )
      expect(run.stdout).toMatch(/may well have completed, so it is not rolled back/)
      expect(writes(world, 'UpdateService')).toBe(1)
      expect(measure(world, 'action, rolling', 'UpdateService', run.exitedAt)).toBeLessThan(
        BOUND_MS
      )
    }
  )

  it.concurrent(
    'services: (several): the same bound, each service unreadable, none rolled back',
    async () => {
      const config = join(mkdtempSync(join(tmpdir(), 'ecs-flow-deadline-')), 'ecs-flow.yml')
      writeFileSync(
        config,
        [
          'environments:',
          '  dev:',
          '    cluster: demo',
          '    services:',
          '      web: {}',
          '      worker: {}'
        ].join('\n')
      )
      const world = await hungAfter('slow', 'UpdateService', 'DescribeServices', {
        count: 2,
        seed: { services: [{ name: 'web' }, { name: 'worker' }] }
      })
      const run = await release(world, {
        config,
        flow: '',
        cluster: '',
        service: '',
        'container-name': ''
      })
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toMatch(/could not read service web in cluster demo for/)
      expect(run.stdout).toMatch(/could not read service worker in cluster demo for/)
      expect(writes(world, 'UpdateService')).toBe(2)
      const second = world.proxy.received.filter(
        request => request.operation === 'UpdateService'
      )[1]!
      figures['action, services: (2)'] = run.exitedAt - second.at
      expect(figures['action, services: (2)']).toBeLessThan(BOUND_MS)
    }
  )

  it.concurrent('blue/green by stage: the same bound, no StopServiceDeployment', async () => {
    const world = await hungAfter(
      'bluegreen-long-bake',
      'UpdateService',
      'DescribeServiceDeployments'
    )
    const run = await release(world)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /could not read the blue\/green deployment \S+ \(web:\d+\) of service web for \d+(\.\d)?s \(DeadlineExceeded: .*\); it may well have completed, so it is not rolled back/
    )
    expect(writes(world, 'StopServiceDeployment')).toBe(0)
    expect(writes(world, 'UpdateService')).toBe(1)
    expect(measure(world, 'action, blue/green', 'UpdateService', run.exitedAt)).toBeLessThan(
      BOUND_MS
    )
  })

  it.concurrent('CodeDeploy: the same bound, neither stopped nor redeployed', async () => {
    const world = await hungAfter('codedeploy-healthy', 'CreateDeployment', 'GetDeployment')
    const run = await release(world)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /could not read CodeDeploy deployment \S+ of service web for \d+(\.\d)?s \(DeadlineExceeded: CodeDeploy GetDeployment did not answer within/
    )
    expect(writes(world, 'StopDeployment')).toBe(0)
    expect(writes(world, 'CreateDeployment')).toBe(1)
    expect(measure(world, 'action, CodeDeploy', 'CreateDeployment', run.exitedAt)).toBeLessThan(
      BOUND_MS
    )
  })
})

/** `ecs-flow release` from CircleCI on the default branch, its inputs from ECS_FLOW_INPUT_*. */
function cliRelease(world: World): Promise<{ code: number; output: string; exitedAt: number }> {
  const work = mkdtempSync(join(tmpdir(), 'ecs-flow-deadline-'))
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'cli', 'index.js'), 'release'],
      {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: work,
          ...simulatorEnv(world.proxy.url),
          CIRCLECI: 'true',
          CIRCLE_SHA1: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c',
          CIRCLE_BRANCH: 'main',
          CIRCLE_PROJECT_USERNAME: 'acme',
          CIRCLE_PROJECT_REPONAME: 'web',
          ECS_FLOW_INPUT_FLOW: 'deploy',
          ECS_FLOW_INPUT_CLUSTER: 'demo',
          ECS_FLOW_INPUT_SERVICE: 'web',
          ECS_FLOW_INPUT_CONTAINER_NAME: 'web',
          ECS_FLOW_INPUT_IMAGE: IMAGE,
          ECS_FLOW_INPUT_TIMEOUT: TIMEOUT,
          ECS_FLOW_INPUT_POLL_INTERVAL: POLL_INTERVAL
        },
        timeout: 120_000
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          output: stdout + stderr,
          exitedAt: Date.now()
        })
    )
  })
}

describe('node dist/cli/index.js release: the same hung reads', () => {
  it.concurrent.each([
    [
      'rolling',
      'slow',
      'UpdateService',
      'DescribeServices',
      /could not read service web in cluster demo for \d+(\.\d)?s \(DeadlineExceeded: .*\); deployment \S+ may well have completed, so it is not rolled back/
    ],
    [
      'blue/green',
      'bluegreen-long-bake',
      'UpdateService',
      'DescribeServiceDeployments',
      /could not read the blue\/green deployment .* it may well have completed, so it is not rolled back/
    ],
    [
      'CodeDeploy',
      'codedeploy-healthy',
      'CreateDeployment',
      'GetDeployment',
      /could not read CodeDeploy deployment \S+ of service web .* it may well have succeeded, so it is not rolled back/
    ]
  ])(
    '%s: ends within timeout + interval + grace, unreadable, exit code 1',
    async (label, scenario, trigger, operation, said) => {
      const world = await hungAfter(scenario, trigger, operation)
      const run = await cliRelease(world)
      expect(run.code).toBe(1)
      expect(run.output).toMatch(said)
      expect(writes(world, trigger)).toBe(1)
      expect(writes(world, 'StopServiceDeployment') + writes(world, 'StopDeployment')).toBe(0)
      expect(measure(world, `command line, ${label}`, trigger, run.exitedAt)).toBeLessThan(BOUND_MS)
    }
  )
})
