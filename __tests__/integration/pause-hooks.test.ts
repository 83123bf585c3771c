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
  type ActionRun
} from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// node dist/index.js against the simulator's PAUSE lifecycle hooks (bluegreen-pause: a hook at
// POST_TEST_TRAFFIC_SHIFT, 60 min then ROLLBACK): on-pause continue, verify passing and failing,
// approve and a second job with flow continue, and a services: release where one service pauses.

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'

type Simulator = Awaited<ReturnType<typeof startSimulator>>
interface ContinueRequest {
  at: number
  serviceDeploymentArn: string
  hookId: string
  action: string
  lifecycleStage: string
}
let sim: Simulator
const servers: Server[] = []
let healthyUrl: string
let failingUrl: string

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'bluegreen-pause', port: 0, timeScale: 0.1 })
  const healthy = await listenOnLoopback((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' })
    response.end('green is fine')
  })
  const failing = await listenOnLoopback((_request, response) => {
    response.writeHead(503, { 'content-type': 'text/plain' })
    response.end('green is broken')
  })
  servers.push(healthy.server, failing.server)
  healthyUrl = healthy.url
  failingUrl = failing.url
})
afterAll(async () => {
  await sim.stop()
  await Promise.all(servers.map(server => new Promise(done => server.close(done))))
})

function deploy(
  options: { inputs?: Record<string, string>; seed?: object } = {}
): Promise<ActionRun> {
  sim.reset({ scenario: 'bluegreen-pause', timeScale: 0.1, seed: options.seed ?? {} })
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: {
      ...SIMULATOR_TARGET,
      image: IMAGE,
      timeout: '60s',
      'poll-interval': '0.2s',
      'verify-timeout': '5s',
      ...options.inputs
    },
    env: simulatorEnv(sim.url)
  })
}

/** A later job against the same simulator (no reset): the one that answers the pause. */
function later(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: {
      ...SIMULATOR_TARGET,
      timeout: '60s',
      'poll-interval': '0.2s',
      ...inputs
    },
    env: {
      ...simulatorEnv(sim.url),
      GITHUB_ACTOR: 'octo-reviewer',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '4242'
    }
  })
}

const webTaskDefinition = () =>
  (sim.state().services as { serviceName: string; taskDefinition: string }[]).find(
    service => service.serviceName === 'web'
  )!.taskDefinition

const continues = () => sim.state().continueServiceDeployments as ContinueRequest[]
const failureOf = (run: ActionRun) =>
  run.stdout.split('\n').find(line => line.startsWith('::error ')) ?? ''

describe('node dist/index.js and PAUSE lifecycle hooks', () => {
  it('on-pause: continue — told once, CONTINUE, deployed', async () => {
    const run = await deploy({ inputs: { 'on-pause': 'continue' } })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(
      run.stdout.match(
        /^paused at POST_TEST_TRAFFIC_SHIFT, awaiting approval \(PAUSE hook [0-9a-f]{32}\), times out at \S+ \(in (5m 59s|6m)\), then ROLLBACK$/gm
      )
    ).toHaveLength(1)
    expect(continues()).toEqual([
      expect.objectContaining({ action: 'CONTINUE', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' })
    ])
  })

  it('on-pause: verify (the default with verify-url): checked while paused, then CONTINUE', async () => {
    const run = await deploy({ inputs: { 'verify-url': healthyUrl } })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(run.stdout).toContain(
      'on-pause: verify: verifying the deployment paused at POST_TEST_TRAFFIC_SHIFT'
    )
    expect(continues().map(request => request.action)).toEqual(['CONTINUE'])
  })

  it('on-pause: verify failing: ROLLBACK through the hook, the release fails naming both', async () => {
    const run = await deploy({ inputs: { 'verify-url': failingUrl, rollback: 'true' } })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('rolled-back')
    expect(continues().map(request => request.action)).toEqual(['ROLLBACK'])
    expect(failureOf(run)).toMatch(
      /verify failed while paused at POST_TEST_TRAFFIC_SHIFT: .*503.*Rolled back at the pause \(ContinueServiceDeployment ROLLBACK\): ECS reports ROLLBACK_SUCCESSFUL/
    )
    const web = (sim.state().services as { serviceName: string; taskDefinition: string }[]).find(
      service => service.serviceName === 'web'
    )!
    expect(web.taskDefinition).toMatch(/web:1$/)
    expect((sim.state().stopServiceDeployments as unknown[]).length).toBe(0)
  })

  it('no verify and no on-pause (approve): the job ends paused, then a second job continues it', async () => {
    const run = await deploy()
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('paused')
    expect(run.outputs['paused-service-deployment']).toMatch(/:service-deployment\/demo\/web\//)
    expect(run.outputs['paused-hook']).toMatch(/^[0-9a-f]{32}$/)
    expect(JSON.parse(run.outputs.services!)).toMatchObject({
      web: { result: 'paused', 'hook-id': run.outputs['paused-hook'] }
    })
    expect(run.summary).toContain('**Paused** at POST\\_TEST\\_TRAFFIC\\_SHIFT')
    expect(continues()).toEqual([])
    // The hook still awaits action in ECS: the job ended without answering it.
    const approved = await later({
      flow: 'continue',
      environment: 'dev',
      decision: 'continue',
      'service-deployment': run.outputs['paused-service-deployment']!,
      'hook-id': run.outputs['paused-hook']!
    })
    expect(approved.exitCode).toBe(0)
    expect(approved.outputs.result).toBe('deployed')
    expect(approved.outputs.flow).toBe('continue')
    expect(continues()).toEqual([
      expect.objectContaining({
        action: 'CONTINUE',
        hookId: run.outputs['paused-hook'],
        serviceDeploymentArn: run.outputs['paused-service-deployment']
      })
    ])
    expect(approved.summary).toContain(
      'CONTINUE by the continue job of octo-reviewer (run `https://github.com/acme/shop/actions/runs/4242`)'
    )
    expect(webTaskDefinition()).toMatch(/web:2$/)
  })

  it('approve, then decision rollback: ECS rolls back in place, the service is on the old revision', async () => {
    const run = await deploy()
    expect(run.outputs.result).toBe('paused')
    const rolledBack = await later({ flow: 'continue', environment: 'dev', decision: 'rollback' })
    expect(rolledBack.exitCode).toBe(0)
    expect(rolledBack.outputs.result).toBe('rolled-back')
    expect(continues().map(request => request.action)).toEqual(['ROLLBACK'])
    expect(webTaskDefinition()).toMatch(/web:1$/)
  })

  it('continue with a hook ECS no longer awaits: refused naming the input, nothing answered', async () => {
    const run = await deploy()
    const wrong = await later({
      flow: 'continue',
      environment: 'dev',
      decision: 'continue',
      'service-deployment': run.outputs['paused-service-deployment']!,
      'hook-id': 'not-a-hook'
    })
    expect(wrong.exitCode).toBe(1)
    expect(failureOf(wrong)).toContain('input hook-id: "not-a-hook" is not a PAUSE hook of')
    expect(continues()).toEqual([])
  })

  it('services: one service pauses and is continued, the other deploys without a pause', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-pause-'))
    const config = join(dir, 'ecs-flow.yml')
    writeFileSync(
      config,
      [
        'on-pause: continue',
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: {}',
        '      worker: {}'
      ].join('\n')
    )
    const run = await deploy({
      seed: {
        services: [
          { name: 'web', scenario: 'bluegreen-pause' },
          { name: 'worker', scenario: 'bluegreen-healthy' }
        ]
      },
      inputs: { config, cluster: '', service: '', 'container-name': '' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(run.stdout).toMatch(/^\[web\] paused at POST_TEST_TRAFFIC_SHIFT/m)
    expect(run.stdout).not.toMatch(/^\[worker\] paused at/m)
    expect(continues()).toEqual([
      expect.objectContaining({
        action: 'CONTINUE',
        serviceDeploymentArn: expect.stringContaining('/demo/web/')
      })
    ])
  })
  it('services: web pauses while worker finishes; a rollback job with released-services puts both back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-pause-'))
    const config = join(dir, 'ecs-flow.yml')
    writeFileSync(
      config,
      [
        'on-pause: approve',
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: {}',
        '      worker: {}'
      ].join('\n')
    )
    const targets = { config, cluster: '', service: '', 'container-name': '' }
    const run = await deploy({
      seed: {
        services: [
          { name: 'web', scenario: 'bluegreen-pause' },
          { name: 'worker', scenario: 'bluegreen-healthy' }
        ]
      },
      inputs: targets
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('paused')
    expect(JSON.parse(run.outputs.services!)).toMatchObject({
      web: { result: 'paused' },
      worker: { result: 'deployed' }
    })
    const rolledBack = await later({
      ...targets,
      flow: 'continue',
      environment: 'dev',
      decision: 'rollback',
      'released-services': run.outputs.services!
    })
    expect(rolledBack.exitCode).toBe(0)
    expect(rolledBack.outputs.result).toBe('rolled-back')
    expect(continues().map(request => request.action)).toEqual(['ROLLBACK'])
    const running = (sim.state().services as { serviceName: string; taskDefinition: string }[])
      .map(service => `${service.serviceName} ${service.taskDefinition.split('/').pop()}`)
      .sort()
    expect(running).toEqual(['web web:1', 'worker worker:1'])
  })
})
