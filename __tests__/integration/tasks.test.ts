import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator } from '../../sim/server.js'
import {
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'

// One-off tasks and the containers' last words, through dist/index.js run as the runner runs
// it, against the simulator's RunTask/DescribeTasks/StopTask and CloudWatch Logs on loopback.
// The simulator reads `sim-` words in the overridden command (sim/README.md).

const TIME_SCALE = 0.1
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'

type Simulator = Awaited<ReturnType<typeof startSimulator>>
let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
})
afterAll(async () => {
  await sim.stop()
})

async function deploy(scenario: string, inputs: Record<string, string>): Promise<ActionRun> {
  sim.reset({ scenario, timeScale: TIME_SCALE })
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: {
      ...SIMULATOR_TARGET,
      image: IMAGE,
      timeout: '20s',
      'poll-interval': '0.2s',
      ...inputs
    },
    env: simulatorEnv(sim.url)
  })
}

const failureOf = (run: ActionRun) =>
  run.stdout.split('\n').find(line => line.startsWith('::error ')) ?? ''
const calls = (operation: string) => (sim.state().calls as Record<string, number>)[operation] ?? 0

describe('before-deploy through dist/index.js', () => {
  it('a migration that succeeds: its output in the log, then the service is updated', async () => {
    const run = await deploy('healthy', {
      'before-deploy-command': 'npm run migrate sim-log=applied_0042_add_orders sim-runs=2'
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    const printed = run.stdout.indexOf('[web] applied_0042_add_orders')
    const updated = run.stdout.indexOf('service web in cluster demo: deployment')
    expect(printed).toBeGreaterThan(-1)
    expect(updated).toBeGreaterThan(printed)
    const [runTask] = sim.state().runTasks as { request: Record<string, unknown> }[]
    expect(runTask!.request).toMatchObject({
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1b2c3d'],
          securityGroups: ['sg-0a1b2c3d'],
          assignPublicIp: 'DISABLED'
        }
      },
      startedBy: expect.stringMatching(/^ecs-flow\/[\w-]+\/before$/),
      overrides: {
        containerOverrides: [
          {
            name: 'web',
            command: ['sh', '-c', 'npm run migrate sim-log=applied_0042_add_orders sim-runs=2']
          }
        ]
      }
    })
  })

  it('a migration that fails: nothing is updated; the error carries its log line and exit code', async () => {
    const run = await deploy('healthy', {
      'before-deploy-command': 'migrate sim-log=relation_users_already_exists sim-exit=3'
    })
    expect(run.exitCode).toBe(1)
    expect(calls('UpdateService')).toBe(0)
    expect(failureOf(run)).toMatch(
      /^::error title=ecs-flow%3A before-deploy failed::before-deploy failed: task \w+: container web exit code 3; EssentialContainerExited: Essential container in task exited\. Nothing was deployed: service web still runs web:1; web:2 is registered but not deployed\.%0ALast log lines of container web:%0A {2}relation_users_already_exists$/
    )
  })

  it('a migration that hangs: stopped at its timeout, and the error says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-tasks-'))
    const config = join(dir, 'ecs-flow.yml')
    writeFileSync(
      config,
      'environments:\n  dev:\n    cluster: demo\n    service: web\n    container: web\n    before-deploy:\n      command: [migrate, sim-hang]\n      timeout: 2s\n'
    )
    const run = await deploy('healthy', { config, cluster: '', service: '' })
    expect(run.exitCode).toBe(1)
    expect(calls('StopTask')).toBe(1)
    expect(calls('UpdateService')).toBe(0)
    expect(failureOf(run)).toContain(
      'before-deploy did not finish within 2s: its task was stopped (StopTask)'
    )
  })
})

describe('a crash-looping rollout through dist/index.js', () => {
  it("quotes the crashed container's log line in the error", async () => {
    const run = await deploy('circuit-breaker', {})
    expect(run.exitCode).toBe(1)
    expect(failureOf(run)).toMatch(
      /%0ALast log lines of container web \(tasks \w+, \w+, \w+\):%0A {2}Error: connect ECONNREFUSED 10\.0\.0\.5:5432%0A {2}process exited with code 1$/
    )
    expect(run.summary).toContain('> Error: connect ECONNREFUSED 10.0.0.5:5432')
  })
})
