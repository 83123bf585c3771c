import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand
} from '@aws-sdk/client-ecs'
import { runAction, simulatorEnv } from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// node dist/index.js releasing two services of one environment against the simulator.

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
let sim: Awaited<ReturnType<typeof startSimulator>>
let config: string

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: 0.3 })
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-services-'))
  config = join(dir, 'ecs-flow.yml')
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
})
afterAll(async () => {
  await sim.stop()
})

function release(workerScenario: string) {
  sim.reset({
    scenario: 'healthy',
    timeScale: 0.3,
    seed: { services: [{ name: 'web' }, { name: 'worker', scenario: workerScenario }] }
  })
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: { config, image: IMAGE, timeout: '30s', 'poll-interval': '0.3s' },
    env: simulatorEnv(sim.url)
  })
}

describe('node dist/index.js releases several services together', () => {
  it('both deployed, polled together: one DescribeServices per poll for both', async () => {
    const run = await release('healthy')
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(JSON.parse(run.outputs.services!)).toMatchObject({
      web: { result: 'deployed' },
      worker: { result: 'deployed' }
    })
    const state = sim.state()
    const polls = state.callLog.filter(
      (call: { operation: string }) => call.operation === 'DescribeServices'
    )
    const updates = state.callLog.filter(
      (call: { operation: string }) => call.operation === 'UpdateService'
    )
    expect(updates).toHaveLength(2)
    // Two services, one call a poll: far fewer calls than two per poll would make.
    const rolloutSeconds = (polls.at(-1)!.at - polls[0]!.at) / 1000
    expect(polls.length).toBeLessThanOrEqual(Math.ceil(rolloutSeconds / 0.3) + 4)
    expect(run.stdout).toMatch(/^\[worker\] rollout complete/m)
    expect(run.stdout).toMatch(/^\[web\] rollout complete/m)
  })

  it('the worker crash-loops: both go back to their last good revision', async () => {
    const run = await release('failing-no-breaker')
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.stdout).toMatch(
      /::error title=ecs-flow%3A release failed and was rolled back::service worker: .*failed.*Rolled back: .*service web runs web:1 again \(rolled back with it\).*service worker runs worker:1 again/
    )
    const services = sim.state().services as { serviceName: string; taskDefinition: string }[]
    expect(services.find(found => found.serviceName === 'web')?.taskDefinition).toMatch(/web:1$/)
    expect(services.find(found => found.serviceName === 'worker')?.taskDefinition).toMatch(
      /worker:1$/
    )
  })

  it('keep-revisions after a services: release keeps each service’s deployed revision and rollback target', async () => {
    // web and worker share family web, both on web:1.
    sim.reset({
      scenario: 'healthy',
      timeScale: 0.3,
      seed: { services: ['web', { name: 'worker', family: 'web' }] }
    })
    const deploy = (inputs: Record<string, string>) =>
      runAction({
        eventName: 'push',
        event: 'push-default-branch.json',
        ref: 'refs/heads/main',
        inputs: { config, timeout: '30s', 'poll-interval': '0.3s', ...inputs },
        env: simulatorEnv(sim.url)
      })
    // The worker alone first: web:2 completes on it, its rollback target from now on.
    const first = await deploy({
      image: IMAGE.replace(/:[0-9a-f]+$/, ':worker-only'),
      service: 'worker'
    })
    expect(first.exitCode).toBe(0)
    const ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: sim.url,
      credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' }
    })
    for (let i = 0; i < 2; i++)
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'web',
          containerDefinitions: [{ name: 'web', image: `registry.example/web:old-${i}` }]
        })
      ) // web:3, web:4
    const run = await deploy({ image: IMAGE, 'keep-revisions': '1' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('keeping web:1: the rollback target of service web')
    expect(run.stdout).toMatch(/keeping web:2: .*the rollback target of service worker/)
    expect(run.stdout).toContain('deregistered web:3')
    expect(run.stdout).toContain('deregistered web:4')
    const active = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web' }))
    expect(active.taskDefinitionArns?.map(arn => arn.split('/').pop())).toEqual([
      'web:1',
      'web:2',
      'web:5',
      'web:6'
    ])
    ecs.destroy()
  })
})
