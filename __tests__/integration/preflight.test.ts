import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { FaultProxy } from '../../__fixtures__/fault-proxy.js'
import {
  ROOT,
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// Refuse what ECS would refuse, before anything runs: the bundled action and command line,
// through the fault proxy in front of the simulator (whose services run on FARGATE, as
// DescribeServices says), with task-definition files ECS would refuse.

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const CLI = join(ROOT, 'dist', 'cli', 'index.js')
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'

let sim: Awaited<ReturnType<typeof startSimulator>>
let proxy: FaultProxy

beforeAll(async () => {
  sim = await startSimulator({
    scenario: 'healthy',
    port: 0,
    timeScale: 0.1,
    seed: { services: ['web', 'worker'] }
  })
  proxy = await FaultProxy.start({ target: sim.url })
})
afterAll(async () => {
  await proxy.close()
  await sim.stop()
})

/** A workspace holding these files (objects written as JSON). */
function workspace(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-preflight-'))
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content))
  }
  return dir
}

function reset(scenario = 'healthy'): void {
  sim.reset({ scenario, timeScale: 0.1 })
  proxy.reset()
}

/** Every call that would change something in the account. */
function writes(): string[] {
  return (sim.state().callLog as { operation: string }[])
    .map(call => call.operation)
    .filter(operation => /^(Register|Update|Create|Put|Tag|Run|Deregister|Delete)/.test(operation))
}

function release(dir: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: { image: IMAGE, timeout: '20s', 'poll-interval': '0.2s', ...inputs },
    env: { ...simulatorEnv(proxy.url), GITHUB_WORKSPACE: dir },
    cwd: dir
  })
}

/** The `::error title=...::` annotation the runner shows as the job's failure, decoded. */
function failureOf(run: ActionRun): string {
  const line = run.stdout.split('\n').find(text => text.startsWith('::error ')) ?? ''
  return decodeURIComponent(line.replace(/%0A/g, '\n'))
}

const FARGATE_READY = {
  family: 'web',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'web', image: 'placeholder', essential: true }]
}

describe('node dist/index.js: a task-definition file ECS would refuse', () => {
  it('every wrong type and value at once, with JSON paths, before test-command runs; nothing written', async () => {
    reset()
    const dir = workspace({
      'ecs/td.json': {
        taskDefinition: {
          ...FARGATE_READY,
          networkMode: 'AWSVPC',
          containerDefinitions: [
            {
              name: 'web',
              image: 'placeholder',
              essential: 'true',
              portMappings: [{ containerPort: '3000', protocol: 'http' }],
              environment: [{ name: 'RETRIES', value: 3 }],
              dockerLabels: { 'build-number': 42 },
              logConfiguration: { logDriver: 'cloudwatch' },
              dependsOn: [{ containerName: 'init', condition: 'READY' }]
            }
          ]
        }
      }
    })
    const marker = join(dir, 'test-command-ran')
    const run = await release(dir, {
      ...SIMULATOR_TARGET,
      'task-definition': 'ecs/td.json',
      'test-command': `touch ${marker}`
    })
    expect(run.exitCode).toBe(1)
    const failure = failureOf(run)
    expect(failure).toContain('task definition file ecs/td.json: has 8 problems:')
    for (const path of [
      'taskDefinition.networkMode: expected one of "awsvpc", "bridge", "host", "none", not the text "AWSVPC": write "awsvpc"',
      'taskDefinition.containerDefinitions[0].essential: is the text "true"; essential is true or false: write true without quotes',
      'taskDefinition.containerDefinitions[0].portMappings[0].containerPort: is the text "3000"; containerPort is a number: write 3000 without quotes',
      'taskDefinition.containerDefinitions[0].portMappings[0].protocol: expected one of "tcp", "udp"',
      'taskDefinition.containerDefinitions[0].environment[0].value: expected a text, not a number',
      'taskDefinition.containerDefinitions[0].dockerLabels.build-number: expected a text, not a number',
      'taskDefinition.containerDefinitions[0].logConfiguration.logDriver: expected one of "awsfirelens", "awslogs"',
      'taskDefinition.containerDefinitions[0].dependsOn[0].condition: expected one of "COMPLETE", "HEALTHY", "START", "SUCCESS"'
    ])
      expect(failure).toContain(path)
    expect(existsSync(marker)).toBe(false)
    expect(writes()).toEqual([])
  })

  it.each([
    ['rolling', 'healthy'],
    ['blue/green', 'bluegreen-healthy'],
    ['CodeDeploy', 'codedeploy-healthy']
  ])(
    'a %s FARGATE service and a file for EC2: refused before anything runs, nothing written',
    async (_strategy, scenario) => {
      reset(scenario)
      const dir = workspace({
        'td.json': { family: 'web', containerDefinitions: [{ name: 'web', image: 'placeholder' }] }
      })
      const marker = join(dir, 'test-command-ran')
      const run = await release(dir, {
        ...SIMULATOR_TARGET,
        'task-definition': 'td.json',
        'test-command': `touch ${marker}`
      })
      expect(run.exitCode).toBe(1)
      expect(failureOf(run)).toContain(
        'task definition file td.json: would not run on FARGATE: requiresCompatibilities: is not set (EC2 only), but service web in cluster demo runs its tasks on FARGATE: add "FARGATE" to requiresCompatibilities; networkMode: is not set (bridge)'
      )
      expect(existsSync(marker)).toBe(false)
      expect(writes()).toEqual([])
    }
  )

  it('a missing service created from a service-definition file on FARGATE_SPOT: refused, nothing written', async () => {
    reset()
    const dir = workspace({
      'td.json': { family: 'api', containerDefinitions: [{ name: 'api', image: 'placeholder' }] },
      'service.json': {
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
        desiredCount: 1
      }
    })
    const run = await release(dir, {
      ...SIMULATOR_TARGET,
      service: 'api',
      'container-name': 'api',
      'task-definition': 'td.json',
      'service-definition': 'service.json'
    })
    expect(run.exitCode).toBe(1)
    expect(failureOf(run)).toContain(
      'task definition file td.json: would not run on FARGATE: requiresCompatibilities: is not set (EC2 only), but service api as service-definition file service.json creates it runs its tasks on FARGATE'
    )
    expect(writes()).toEqual([])
  })

  it('the same file deploys once it declares FARGATE and awsvpc', async () => {
    reset()
    const dir = workspace({ 'td.json': FARGATE_READY })
    const run = await release(dir, { ...SIMULATOR_TARGET, 'task-definition': 'td.json' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
  })

  it('an EC2 service (as DescribeServices says through the proxy) refuses a FARGATE-only file', async () => {
    reset()
    proxy.when('DescribeServices', { kind: 'rewrite', fields: { launchType: 'EC2' } })
    const dir = workspace({ 'td.json': FARGATE_READY })
    const run = await release(dir, { ...SIMULATOR_TARGET, 'task-definition': 'td.json' })
    expect(run.exitCode).toBe(1)
    expect(failureOf(run)).toContain(
      'task definition file td.json: would not run on EC2: requiresCompatibilities: is ["FARGATE"], but service web in cluster demo runs its tasks on EC2'
    )
    expect(writes()).toEqual([])
  })

  it('services: each service checked, all problems reported together, nothing written', async () => {
    reset()
    const dir = workspace({
      'ecs-flow.yml': [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: { container: web, task-definition: web.json }',
        '      worker: { container: worker, task-definition: worker.json }',
        ''
      ].join('\n'),
      'web.json': { family: 'web', containerDefinitions: [{ name: 'web', image: 'x' }] },
      'worker.json': {
        ...FARGATE_READY,
        family: 'worker',
        networkMode: 'bridge',
        containerDefinitions: [{ name: 'worker', image: 'x', essential: 'false' }]
      }
    })
    const run = await release(dir, { config: 'ecs-flow.yml' })
    expect(run.exitCode).toBe(1)
    const all = run.stdout
    expect(all).toContain('task definition file web.json: would not run on FARGATE')
    expect(all).toContain(
      'task definition file worker.json: has 1 problem: containerDefinitions[0].essential: is the text "false"'
    )
    expect(writes()).toEqual([])
  })
})

describe('node dist/cli/index.js release: a FARGATE service and a file for EC2', () => {
  function cli(dir: string, args: string[]): Promise<{ code: number; out: string }> {
    return new Promise(resolve => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          cwd: dir,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: dir,
            ...simulatorEnv(proxy.url),
            CIRCLECI: 'true',
            CIRCLE_SHA1: SHA,
            CIRCLE_BRANCH: 'main',
            CIRCLE_PROJECT_USERNAME: 'acme',
            CIRCLE_PROJECT_REPONAME: 'web',
            ECS_FLOW_INPUT_POLL_INTERVAL: '0.2s',
            ECS_FLOW_INPUT_TIMEOUT: '20s'
          },
          timeout: 60_000
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr })
      )
    })
  }

  it('is refused before anything is written; the file that declares FARGATE deploys', async () => {
    reset()
    const config = [
      'default-branch: main',
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    service: web',
      '    container: web',
      '    task-definition: td.json',
      ''
    ].join('\n')
    const refusedDir = workspace({
      '.github/ecs-flow.yml': config,
      'td.json': { family: 'web', containerDefinitions: [{ name: 'web', image: 'x' }] }
    })
    const refused = await cli(refusedDir, ['release', '--image', IMAGE])
    expect(refused.code).not.toBe(0)
    expect(refused.out).toContain(
      'task definition file td.json: would not run on FARGATE: requiresCompatibilities: is not set (EC2 only)'
    )
    expect(writes()).toEqual([])

    const readyDir = workspace({ '.github/ecs-flow.yml': config, 'td.json': FARGATE_READY })
    const deployed = await cli(readyDir, ['release', '--image', IMAGE])
    expect(deployed.code).toBe(0)
    expect(deployed.out).toContain('registered web:2')
    expect(deployed.out).toMatch(/rollout complete after/)
  })
})
