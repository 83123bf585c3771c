import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { startSimulator } from '../../sim/server.js'
import { ManualClock, harness, type Harness } from './helpers.js'

let h: Harness
afterEach(async () => h?.stop())

async function register(family: string) {
  const out = await h.ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: family, image: `img/${family}:new`, essential: true }]
    })
  )
  return out.taskDefinition?.taskDefinitionArn as string
}

async function update(service: string, taskDefinition: string) {
  await h.ecs.send(new UpdateServiceCommand({ cluster: 'demo', service, taskDefinition }))
}

async function describeAll(names: string[]) {
  const out = await h.ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: names }))
  return new Map((out.services ?? []).map(s => [s.serviceName, s]))
}

describe('several services, each with its own scenario', () => {
  it('one crash-loops and rolls back while the other rolls out healthy; per-service outcomes', async () => {
    h = await harness('healthy', {
      seed: {
        services: [
          { name: 'web', scenario: 'circuit-breaker' },
          { name: 'api', desiredCount: 1 }
        ]
      }
    })
    let all = await describeAll(['web', 'api'])
    expect(all.get('web')?.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: true
    })
    expect(all.get('api')?.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: false,
      rollback: false
    })
    expect(all.get('api')?.desiredCount).toBe(1)

    const webTd = await register('web')
    const apiTd = await register('api')
    await update('web', webTd)
    await update('api', apiTd)
    const t0 = h.clock.now()

    h.at(6)
    all = await describeAll(['web', 'api'])
    expect(all.get('api')?.deployments?.map(d => d.rolloutState)).toEqual(['COMPLETED'])
    expect(all.get('web')?.deployments?.[0]).toMatchObject({
      rolloutState: 'IN_PROGRESS',
      failedTasks: 3
    })
    h.at(8)
    all = await describeAll(['web', 'api'])
    expect(all.get('web')?.deployments?.map(d => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'], // the circuit breaker's rollback to web:1
      ['ACTIVE', 'FAILED'],
      ['ACTIVE', 'COMPLETED']
    ])
    h.at(14)
    await describeAll(['web', 'api'])

    const state = h.sim.state()
    expect(state.perService).toEqual({
      web: {
        scenario: 'circuit-breaker',
        outcome: 'failed',
        outcomeVisibleAt: t0 + 8000,
        outcomeServedAt: t0 + 8000,
        firstTaskFailureAt: t0 + 2000,
        rolloutStartedAt: t0,
        deploymentId: expect.stringMatching(/^ecs-svc\//),
        steadyAt: t0 + 14000 // the circuit breaker's rollback completed
      },
      api: {
        scenario: 'healthy',
        outcome: 'completed',
        outcomeVisibleAt: t0 + 6000,
        outcomeServedAt: t0 + 6000,
        firstTaskFailureAt: null,
        rolloutStartedAt: t0,
        deploymentId: expect.stringMatching(/^ecs-svc\//),
        steadyAt: t0 + 6000
      }
    })
    // The top-level outcome stays that of the first client rollout (web's).
    expect(state.outcome).toBe('failed')
  })

  it('failing-no-breaker service never becomes steady; a no-rollout-state service hides rolloutState', async () => {
    h = await harness('healthy', {
      seed: {
        services: [
          { name: 'web', scenario: 'failing-no-breaker' },
          { name: 'old', scenario: 'no-rollout-state' }
        ]
      }
    })
    await update('web', await register('web'))
    await update('old', await register('old'))
    h.at(30)
    const all = await describeAll(['web', 'old'])
    expect(all.get('web')?.deployments?.[0]?.failedTasks).toBeGreaterThan(5)
    expect(all.get('old')?.deployments?.[0]?.rolloutState).toBeUndefined()
    expect(all.get('old')?.deployments).toHaveLength(1)
    const per = h.sim.state().perService
    expect(per.web).toMatchObject({ outcome: 'tasks-failing', steadyAt: null })
    expect(per.old).toMatchObject({ outcome: 'completed' })
  })

  it('DescribeServices answers up to 10 services at once', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `svc${i}`)
    h = await harness('healthy', { seed: { services: names, desiredCount: 1 } })
    const all = await describeAll(names)
    expect([...all.keys()]).toEqual(names)
    expect([...all.values()].every(s => s.runningCount === 1)).toBe(true)
  })

  it('a service may have a cluster of its own and share a family: both run its revision 1', async () => {
    h = await harness('healthy', {
      seed: { services: ['web', { name: 'worker', cluster: 'batch', family: 'web' }] }
    })
    const inBatch = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'batch', services: ['worker'] })
    )
    expect(inBatch.services?.[0]).toMatchObject({
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/batch',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
    })
    expect((await describeAll(['web'])).get('web')?.taskDefinition).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
    )
    const tasks = await h.ecs.send(
      new ListTasksCommand({ cluster: 'batch', family: 'web', desiredStatus: 'RUNNING' })
    )
    expect(tasks.taskArns).toHaveLength(2)
    await expect(
      startSimulator({
        clock: new ManualClock(),
        seed: { services: [{ name: 'worker', cluster: 'a b' }] }
      })
    ).rejects.toThrow(
      'seed.services[0].cluster must be 1-255 letters, digits, hyphens or underscores'
    )
  })

  it('bad seeds name the field', async () => {
    const clock = new ManualClock()
    await expect(
      startSimulator({ clock, seed: { services: [{ name: 'web', scenario: 'nope' }] } })
    ).rejects.toThrow(/^seed\.services\[0\]\.scenario: unknown scenario "nope"/)
    await expect(
      startSimulator({ clock, seed: { services: [{ name: 'web', strategy: 'BLUE_GREEN' }] } })
    ).rejects.toThrow(
      'seed.services[0]: strategy "BLUE_GREEN" runs only in the blue/green scenarios (bluegreen-healthy, bluegreen-bake-alarm, bluegreen-pause, bluegreen-long-bake); scenario "healthy" is a rolling one'
    )
    await expect(
      startSimulator({
        clock,
        scenario: 'bluegreen-healthy',
        seed: { services: [{ name: 'web', strategy: 'ROLLING' }] }
      })
    ).rejects.toThrow(
      'seed.services[0]: scenario "bluegreen-healthy" is a blue/green scenario; remove strategy "ROLLING" or choose BLUE_GREEN, LINEAR or CANARY'
    )
    await expect(
      startSimulator({
        clock,
        scenario: 'bluegreen-healthy',
        seed: { services: [{ name: 'web', bakeTimeInMinutes: 1.5 }] }
      })
    ).rejects.toThrow(
      'seed.services[0].bakeTimeInMinutes must be an integer from 0 to 1440, got 1.5'
    )
    await expect(
      startSimulator({ clock, seed: { services: [{ name: 'web', bakeTimeInMinutes: 5 }] } })
    ).rejects.toThrow(
      'seed.services[0].bakeTimeInMinutes applies to blue/green strategies only; remove it'
    )
    await expect(startSimulator({ clock, seed: { services: ['web', 'web'] } })).rejects.toThrow(
      'seed.services: "web" is listed twice'
    )
    await expect(
      startSimulator({ clock, seed: { readThrottle: { burst: 0, refillPerSecond: 1 } } })
    ).rejects.toThrow('seed.readThrottle.burst must be an integer >= 1, got 0')
    // A seed as it arrives from JSON (the CLI or POST /_sim/reset), not type-checked.
    const untyped = JSON.parse('{"readThrottle": {"burst": 2}}')
    await expect(startSimulator({ clock, seed: untyped })).rejects.toThrow(
      'seed.readThrottle.refillPerSecond must be a number >= 0'
    )
  })
})

describe('account read throttling (token bucket on the simulator clock)', () => {
  const describeWeb = () =>
    h.ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['web'] }))
  const listTasks = () => h.ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'web' }))

  it('drains with burst read calls, refills at refillPerSecond, never above burst', async () => {
    h = await harness('healthy', { seed: { readThrottle: { burst: 3, refillPerSecond: 2 } } })
    await describeWeb()
    await listTasks()
    await describeWeb()
    await expect(describeWeb()).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 }
    })
    await expect(listTasks()).rejects.toMatchObject({ name: 'ThrottlingException' })
    // Writes do not use the read bucket.
    await expect(
      h.ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'web', desiredCount: 2 }))
    ).resolves.toBeDefined()

    h.clock.advance(499)
    await expect(describeWeb()).rejects.toMatchObject({ name: 'ThrottlingException' })
    h.clock.advance(1) // 0.5 s at 2 tokens/s: one token
    await expect(describeWeb()).resolves.toBeDefined()
    await expect(describeWeb()).rejects.toMatchObject({ name: 'ThrottlingException' })

    h.clock.advance(60_000) // a minute refills to the burst, not beyond
    expect(h.sim.state().readThrottle).toEqual({ burst: 3, refillPerSecond: 2, tokens: 3 })
    for (let i = 0; i < 3; i++) await describeWeb()
    await expect(describeWeb()).rejects.toMatchObject({ name: 'ThrottlingException' })

    const log = h.sim.state().callLog.map(c => `${c.operation}:${c.status}${c.error ? ':T' : ''}`)
    expect(log).toEqual([
      'DescribeServices:200',
      'ListTasks:200',
      'DescribeServices:200',
      'DescribeServices:400:T',
      'ListTasks:400:T',
      'UpdateService:200',
      'DescribeServices:400:T',
      'DescribeServices:200',
      'DescribeServices:400:T',
      'DescribeServices:200',
      'DescribeServices:200',
      'DescribeServices:200',
      'DescribeServices:400:T'
    ])
  })

  it('refills of a fraction of a token add up exactly', async () => {
    h = await harness('healthy', { seed: { readThrottle: { burst: 1, refillPerSecond: 0.1 } } })
    await describeWeb()
    for (let i = 0; i < 9; i++) {
      h.clock.advance(1000)
      await expect(describeWeb()).rejects.toMatchObject({ name: 'ThrottlingException' })
    }
    h.clock.advance(1000)
    await expect(describeWeb()).resolves.toBeDefined()
  })

  it('without readThrottle nothing is throttled', async () => {
    h = await harness('healthy')
    for (let i = 0; i < 50; i++) await describeWeb()
    expect(h.sim.state().readThrottle).toBeNull()
  })
})
