import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
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
// deployment started (the endpoint accepts and never answers). With timeout 10s the wait must
// end within the timeout, one poll interval and the documented grace (READ_GRACE_MS), not after
// a read's own 15 s poll or 60 s read budget; and what may well have succeeded is not rolled
// back. Real time here: the figures are measured, from the write that started the deployment to
// the process's exit, and printed.

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const TIMEOUT_MS = 10_000
const INTERVAL_MS = 2_000
/** Process exit, socket teardown, a busy machine: what the measured wait may take past its bound. */
const SLACK_MS = 2_000
const BOUND_MS = TIMEOUT_MS + INTERVAL_MS + READ_GRACE_MS + SLACK_MS
const INPUTS = { image: IMAGE, timeout: '10s', 'poll-interval': '2s' }

let sim: Awaited<ReturnType<typeof startSimulator>>
let proxy: FaultProxy
const figures: Record<string, number> = {}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: 1 })
  proxy = await FaultProxy.start({ target: sim.url })
})
afterAll(async () => {
  await proxy.close()
  await sim.stop()
  console.log(
    [
      `wait with timeout 10s, poll-interval 2s and every read hung (bound ${BOUND_MS} ms), ms from the deployment's start to exit:`,
      ...Object.entries(figures).map(([label, ms]) => `  ${ms}  ${label}`)
    ].join('\n')
  )
})

function hungAfter(
  scenario: string,
  trigger: string,
  operation: string,
  options: { count?: number; seed?: object } = {}
): void {
  sim.reset({ scenario, timeScale: 1, ...(options.seed ? { seed: options.seed } : {}) })
  proxy.reset()
  proxy.after(trigger, operation, { kind: 'hang' }, options.count)
}

function release(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: { ...SIMULATOR_TARGET, ...INPUTS, ...inputs },
    env: simulatorEnv(proxy.url)
  })
}

/** ms from the first request of `trigger` the proxy saw to `exitedAt`, kept as a figure. */
function measure(label: string, trigger: string, exitedAt: number): number {
  const started = proxy.received.find(request => request.operation === trigger)
  expect(started).toBeDefined()
  figures[label] = exitedAt - started!.at
  return figures[label]
}

const writes = (operation: string) => proxy.operations().filter(name => name === operation).length

describe('node dist/index.js: every read hangs once the deployment started (timeout 10s)', () => {
  it('rolling: ends within timeout + interval + grace, unreadable, not rolled back', async () => {
    hungAfter('slow', 'UpdateService', 'DescribeServices')
    const run = await release()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /could not read service web in cluster demo for \d+(\.\d)?s \(DeadlineExceeded: ECS DescribeServices did not answer within \d+\.\ds \(what was left of the wait\)/
    )
    expect(run.stdout).toMatch(/may well have completed, so it is not rolled back/)
    expect(writes('UpdateService')).toBe(1)
    expect(measure('action, rolling', 'UpdateService', run.exitedAt)).toBeLessThan(BOUND_MS)
  })

  it('services: (several): the same bound, each service unreadable, none rolled back', async () => {
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
    hungAfter('slow', 'UpdateService', 'DescribeServices', {
      count: 2,
      seed: { services: [{ name: 'web' }, { name: 'worker' }] }
    })
    const run = await release({ config, flow: '', cluster: '', service: '', 'container-name': '' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/could not read service web in cluster demo for/)
    expect(run.stdout).toMatch(/could not read service worker in cluster demo for/)
    expect(writes('UpdateService')).toBe(2)
    const second = proxy.received.filter(request => request.operation === 'UpdateService')[1]!
    figures['action, services: (2)'] = run.exitedAt - second.at
    expect(figures['action, services: (2)']).toBeLessThan(BOUND_MS)
  })

  it('blue/green by stage: the same bound, no StopServiceDeployment', async () => {
    hungAfter('bluegreen-long-bake', 'UpdateService', 'DescribeServiceDeployments')
    const run = await release()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /could not read the blue\/green deployment \S+ \(web:\d+\) of service web for \d+(\.\d)?s \(DeadlineExceeded: .*\); it may well have completed, so it is not rolled back/
    )
    expect(writes('StopServiceDeployment')).toBe(0)
    expect(writes('UpdateService')).toBe(1)
    expect(measure('action, blue/green', 'UpdateService', run.exitedAt)).toBeLessThan(BOUND_MS)
  })

  it('CodeDeploy: the same bound, neither stopped nor redeployed', async () => {
    hungAfter('codedeploy-healthy', 'CreateDeployment', 'GetDeployment')
    const run = await release()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /could not read CodeDeploy deployment \S+ of service web for \d+(\.\d)?s \(DeadlineExceeded: CodeDeploy GetDeployment did not answer within/
    )
    expect(writes('StopDeployment')).toBe(0)
    expect(writes('CreateDeployment')).toBe(1)
    expect(measure('action, CodeDeploy', 'CreateDeployment', run.exitedAt)).toBeLessThan(BOUND_MS)
  })
})

/** `ecs-flow release` from CircleCI on the default branch, its inputs from ECS_FLOW_INPUT_*. */
function cliRelease(): Promise<{ code: number; output: string; exitedAt: number }> {
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
          ...simulatorEnv(proxy.url),
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
          ECS_FLOW_INPUT_TIMEOUT: '10s',
          ECS_FLOW_INPUT_POLL_INTERVAL: '2s'
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
  it.each([
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
      hungAfter(scenario, trigger, operation)
      const run = await cliRelease()
      expect(run.code).toBe(1)
      expect(run.output).toMatch(said)
      expect(writes(trigger)).toBe(1)
      expect(writes('StopServiceDeployment') + writes('StopDeployment')).toBe(0)
      expect(measure(`command line, ${label}`, trigger, run.exitedAt)).toBeLessThan(BOUND_MS)
    }
  )
})
