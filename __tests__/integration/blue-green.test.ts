import { mkdtempSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { listenOnLoopback } from '../../__fixtures__/loopback-server.js'
import {
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionInvocation,
  type ActionRun
} from '../../__fixtures__/run-action.js'
import { LIFECYCLE_STAGES } from '../../src/rollout/service-deployment-verdict.js'
import { startSimulator } from '../../sim/server.js'

// node dist/index.js against the simulator's ECS-native blue/green deployments: watched by
// lifecycle stage, failed fast on a bake-time alarm, verified during BAKE_TIME and rolled back by
// StopServiceDeployment, wait-until traffic-shifted, and a release mixing strategies.

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const STAGES: string[] = [...LIFECYCLE_STAGES]

type Simulator = Awaited<ReturnType<typeof startSimulator>>
interface Call {
  operation: string
  at: number
  status: number
}
let sim: Simulator
let failing: Server
let failingUrl: string

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'bluegreen-healthy', port: 0, timeScale: 0.1 })
  const started = await listenOnLoopback((_request, response) => {
    response.writeHead(503, { 'content-type': 'text/plain' })
    response.end('green is broken')
  })
  failing = started.server
  failingUrl = started.url
})
afterAll(async () => {
  await sim.stop()
  await new Promise(done => failing.close(done))
})

function deploy(
  scenario: string,
  options: { timeScale?: number; inputs?: Record<string, string>; seed?: object } & Pick<
    ActionInvocation,
    'killOn'
  > = {}
): Promise<ActionRun> {
  sim.reset({ scenario, timeScale: options.timeScale ?? 0.1, seed: options.seed ?? {} })
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: {
      ...SIMULATOR_TARGET,
      image: IMAGE,
      timeout: '60s',
      'poll-interval': '0.2s',
      ...options.inputs
    },
    env: simulatorEnv(sim.url),
    killOn: options.killOn
  })
}

const calls = (operation: string): Call[] =>
  (sim.state().callLog as Call[]).filter(call => call.operation === operation && call.status < 300)
const failureOf = (run: ActionRun) =>
  run.stdout.split('\n').find(line => line.startsWith('::error ')) ?? ''
const stageLines = (run: ActionRun, prefix = '') =>
  [
    ...run.stdout.matchAll(new RegExp(`^${prefix.replace(/[[\]]/g, '\\$&')}stage (\\w+) `, 'gm'))
  ].map(match => match[1])

/** Calls the simulator's ECS API directly, as another tool sharing the account would. */
async function ecsCall(operation: string, body: object): Promise<Record<string, unknown>> {
  const answer = await fetch(sim.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`
    },
    body: JSON.stringify(body)
  })
  return (await answer.json()) as Record<string, unknown>
}

/** Registers `count` more revisions of family web, as Terraform or a colleague would. */
async function registerWeb(count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await ecsCall('RegisterTaskDefinition', {
      family: 'web',
      containerDefinitions: [{ name: 'web', image: `registry.example/web:other-${i}` }]
    })
}

async function activeWebRevisions(): Promise<string[]> {
  const listed = await ecsCall('ListTaskDefinitions', { familyPrefix: 'web' })
  return (listed.taskDefinitionArns as string[]).map(arn => arn.split('/').pop()!)
}

describe('node dist/index.js deploys a blue/green service', () => {
  it('healthy: every lifecycle stage printed exactly once, in order; done at SUCCESSFUL', async () => {
    const run = await deploy('bluegreen-healthy')
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(stageLines(run)).toEqual(STAGES)
    expect(run.stdout).toMatch(/rollout complete after .*is SUCCESSFUL/)
    expect(run.summary).toMatch(/### Stages of `web`/)
    expect(run.summary).toMatch(/\*\*SUCCESSFUL\*\*/)
    expect(calls('UpdateService')).toHaveLength(1)
  })

  it('an alarm during the bake: fails fast naming web-5xx and BAKE_TIME, no UpdateService rollback', async () => {
    const run = await deploy('bluegreen-bake-alarm', { timeScale: 0.2 })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(failureOf(run)).toMatch(
      /failed in BAKE_TIME: CloudWatch alarm\(s\) web-5xx went into ALARM.*ECS (rolls|is rolling|rolled) back to the previous revision \(ROLLBACK_(REQUESTED|IN_PROGRESS|SUCCESSFUL)\)/
    )
    // Fails fast: exits within a few polls of the alarm, ECS's rollback not waited for.
    expect(run.exitedAt - (sim.state().outcomeVisibleAt as number)).toBeLessThan(3000)
    expect(calls('UpdateService')).toHaveLength(1)
    expect(calls('StopServiceDeployment')).toHaveLength(0)
    expect(run.summary).toMatch(/\*\*Failed\*\* in `BAKE_TIME`: CloudWatch alarm\(s\) web-5xx/)
  })

  it('verify failing during the bake: StopServiceDeployment ROLLBACK in BAKE_TIME, result rolled-back', async () => {
    const run = await deploy('bluegreen-long-bake', {
      inputs: { 'verify-url': `${failingUrl}/health`, 'verify-timeout': '1s' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('rolled-back')
    const stops = sim.state().stopServiceDeployments as {
      stopType: string
      status: string
      lifecycleStage: string
    }[]
    expect(stops).toEqual([
      expect.objectContaining({
        stopType: 'ROLLBACK',
        status: 'IN_PROGRESS',
        lifecycleStage: 'BAKE_TIME'
      })
    ])
    expect(calls('UpdateService')).toHaveLength(1)
    expect(run.stdout).toMatch(/rollback: ROLLBACK_SUCCESSFUL/)
    expect(failureOf(run)).toMatch(
      /verify failed during BAKE_TIME: .*503.*Rolled back during BAKE_TIME/
    )
  })

  it('wait-until traffic-shifted: returns in the bake, the summary says ECS finishes it', async () => {
    const run = await deploy('bluegreen-long-bake', {
      inputs: { 'wait-until': 'traffic-shifted' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(stageLines(run)).toEqual(STAGES.slice(0, STAGES.indexOf('BAKE_TIME') + 1))
    expect(run.stdout).toMatch(/ECS finishes the bake and removes the old tasks on its own/)
    expect(run.summary).toMatch(/ECS finishes the bake and removes the old tasks on its own/)
  })

  it('keep-revisions during the bake keeps the blue revision ECS still runs and would roll back to', async () => {
    sim.reset({ scenario: 'bluegreen-long-bake', timeScale: 0.1, seed: {} })
    await registerWeb(2) // web:2, web:3
    const run = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: {
        ...SIMULATOR_TARGET,
        image: IMAGE,
        timeout: '60s',
        'poll-interval': '0.2s',
        'wait-until': 'traffic-shifted',
        'keep-revisions': '1'
      },
      env: simulatorEnv(sim.url)
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('keeping web:4: one of the newest 1; deployed now on service web')
    expect(run.stdout).toMatch(
      /keeping web:1: the rollback target of service web; runs on service web in cluster demo/
    )
    expect(run.stdout).toContain('deregistered web:2')
    expect(run.stdout).toContain('deregistered web:3')
    expect(await activeWebRevisions()).toEqual(['web:1', 'web:4'])
  })

  it('cancelled during the bake: the rollback is requested, not waited for', async () => {
    const run = await deploy('bluegreen-long-bake', { killOn: /^stage BAKE_TIME/m })
    expect(run.exitCode).toBe(1)
    expect(failureOf(run)).toMatch(
      /cancelled \(SIGTERM\).*service web: rollback requested \(StopServiceDeployment ROLLBACK\), not waited for/
    )
    expect(calls('StopServiceDeployment')).toHaveLength(1)
  })
})

/** The service's current service deployment, as ECS answers for it now. */
async function currentServiceDeployment(
  service: string
): Promise<{ status: string; lifecycleStage: string; updatedAt: number; arn: string }> {
  const described = await ecsCall('DescribeServices', { cluster: 'demo', services: [service] })
  const arn = (described.services as { currentServiceDeployment: string }[])[0]!
    .currentServiceDeployment
  const answer = await ecsCall('DescribeServiceDeployments', { serviceDeploymentArns: [arn] })
  const found = (answer.serviceDeployments as Record<string, unknown>[])[0]!
  return {
    arn,
    status: found.status as string,
    lifecycleStage: found.lifecycleStage as string,
    // ECS's epoch seconds; in BAKE_TIME, when it entered the bake.
    updatedAt: (found.updatedAt as number) * 1000
  }
}

describe('node dist/index.js with wait-until a lifecycle stage', () => {
  it('BAKE_TIME: ends successfully while ECS still bakes; the log and summary say ECS carries on', async () => {
    const run = await deploy('bluegreen-long-bake', { inputs: { 'wait-until': 'BAKE_TIME' } })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(stageLines(run)).toEqual(STAGES.slice(0, STAGES.indexOf('BAKE_TIME') + 1))
    // What ECS says once the run is over: still baking the new revision, the old one still there.
    const after = await currentServiceDeployment('web')
    expect(after).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME' })
    const web = (sim.state().services as { serviceName: string; taskDefinition: string }[]).find(
      service => service.serviceName === 'web'
    )!
    expect(web.taskDefinition).toMatch(/web:2$/)
    expect(run.stdout).toMatch(
      /stopped watching after .*reached BAKE_TIME: ecs-flow stops watching here \(wait-until BAKE_TIME\); ECS carries the deployment on to SUCCESSFUL on its own/
    )
    expect(run.stdout).toContain(
      `follow it on: aws ecs describe-service-deployments --service-deployment-arns ${after.arn}`
    )
    expect(run.summary).toMatch(/\*\*Reached BAKE\\_TIME\*\*: ecs-flow stopped watching there/)
    expect(run.summary).toContain(after.arn)
    const enteredToExit = run.exitedAt - after.updatedAt
    process.stdout.write(
      `wait-until BAKE_TIME: ${enteredToExit} ms from entering BAKE_TIME to the action's exit (poll-interval 0.2s)\n`
    )
    expect(enteredToExit).toBeGreaterThan(0)
    expect(enteredToExit).toBeLessThan(5000)
  })

  it('services: two blue/green services, both end in BAKE_TIME and ECS carries both on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-bg-'))
    const config = join(dir, 'ecs-flow.yml')
    writeFileSync(
      config,
      [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    wait-until: BAKE_TIME',
        '    services:',
        '      web: {}',
        '      api: {}'
      ].join('\n')
    )
    const run = await deploy('healthy', {
      seed: {
        services: [
          { name: 'web', scenario: 'bluegreen-long-bake' },
          { name: 'api', scenario: 'bluegreen-long-bake' }
        ]
      },
      inputs: { config, cluster: '', service: '', 'container-name': '' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    for (const service of ['web', 'api']) {
      expect(stageLines(run, `[${service}] `)).toEqual(
        STAGES.slice(0, STAGES.indexOf('BAKE_TIME') + 1)
      )
      expect(run.stdout).toMatch(
        new RegExp(`^\\[${service}\\] stopped watching after .*reached BAKE_TIME`, 'm')
      )
      expect(await currentServiceDeployment(service)).toMatchObject({
        status: 'IN_PROGRESS',
        lifecycleStage: 'BAKE_TIME'
      })
    }
    expect(run.summary.match(/\*\*Reached BAKE\\_TIME\*\*/g)).toHaveLength(2)
  })

  it('keep-revisions after stopping at SCALE_UP keeps the blue revision ECS still serves from', async () => {
    sim.reset({ scenario: 'bluegreen-long-bake', timeScale: 0.1, seed: {} })
    await registerWeb(2) // web:2, web:3
    const run = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: {
        ...SIMULATOR_TARGET,
        image: IMAGE,
        timeout: '60s',
        'poll-interval': '0.2s',
        'wait-until': 'SCALE_UP',
        'keep-revisions': '1'
      },
      env: simulatorEnv(sim.url)
    })
    expect(run.exitCode).toBe(0)
    expect(await currentServiceDeployment('web')).toMatchObject({ status: 'IN_PROGRESS' })
    expect(run.stdout).toMatch(/keeping web:1: .*runs on service web in cluster demo/)
    expect(await activeWebRevisions()).toEqual(['web:1', 'web:4'])
  })

  it('a stage on a rolling service: refused before anything runs, naming the input and the service', async () => {
    const run = await deploy('healthy', { inputs: { 'wait-until': 'SCALE_UP' } })
    expect(run.exitCode).toBe(1)
    expect(failureOf(run)).toMatch(
      /input wait-until: "SCALE_UP" is a lifecycle stage of ECS-native blue\/green, linear and canary deployments, but service web in cluster demo deploys by rolling update/
    )
    expect(calls('UpdateService')).toHaveLength(0)
    expect(calls('RegisterTaskDefinition')).toHaveLength(0)
  })
})

describe('node dist/index.js releases a rolling and a blue/green service together', () => {
  it('the rolling one crash-loops: the blue/green one goes back its own way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-bg-'))
    const config = join(dir, 'ecs-flow.yml')
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
    const run = await deploy('healthy', {
      seed: {
        services: [
          { name: 'web', scenario: 'bluegreen-long-bake' },
          { name: 'worker', scenario: 'failing-no-breaker' }
        ]
      },
      inputs: { config, cluster: '', service: '', 'container-name': '' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('rolled-back')
    expect(stageLines(run, '[web] ').length).toBeGreaterThan(0)
    const updates = (sim.state().callLog as (Call & { error?: string })[]).filter(
      call => call.operation === 'UpdateService'
    )
    // web:2, worker:2, then only worker back by UpdateService: web goes back by StopServiceDeployment.
    expect(updates).toHaveLength(3)
    expect(calls('StopServiceDeployment')).toHaveLength(1)
    expect(failureOf(run)).toMatch(
      /service worker: .*Rolled back: .*service web runs web:1 again \(rolled back with it\)/
    )
    const services = sim.state().services as { serviceName: string; taskDefinition: string }[]
    expect(services.find(found => found.serviceName === 'web')?.taskDefinition).toMatch(/web:1$/)
    expect(services.find(found => found.serviceName === 'worker')?.taskDefinition).toMatch(
      /worker:1$/
    )
  })
})
