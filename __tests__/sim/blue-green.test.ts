import { afterEach, describe, expect, it } from '@jest/globals'
import {
  ConflictException,
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  ServiceDeploymentNotFoundException,
  StopServiceDeploymentCommand,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { BLUE_GREEN_SCENARIOS, SCENARIOS } from '../../sim/server.js'
import { harness, registerWebRevision, type Harness } from './helpers.js'

let h: Harness
afterEach(async () => h?.stop())

async function current(): Promise<ServiceDeployment> {
  const arn = (await h.describe()).currentServiceDeployment as string
  const out = await h.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
  )
  return out.serviceDeployments?.[0] as ServiceDeployment
}

/** Status and stage at each of these seconds after UpdateService. */
async function walk(seconds: number[]): Promise<[number, string, string | undefined][]> {
  const seen: [number, string, string | undefined][] = []
  for (const s of seconds) {
    h.at(s)
    const d = await current()
    seen.push([s, d.status as string, d.lifecycleStage])
  }
  return seen
}

const stop = (serviceDeploymentArn: string, stopType?: string) =>
  h.ecs.send(
    new StopServiceDeploymentCommand({
      serviceDeploymentArn,
      stopType: stopType as 'ROLLBACK' | undefined
    })
  )

describe('ECS-native blue/green', () => {
  it('keeps the blue/green scenarios out of the list the benchmark loops over', () => {
    expect(Object.keys(BLUE_GREEN_SCENARIOS)).toEqual([
      'bluegreen-healthy',
      'bluegreen-bake-alarm',
      'bluegreen-pause',
      'bluegreen-long-bake'
    ])
    expect(Object.keys(SCENARIOS).filter(name => name.startsWith('bluegreen'))).toEqual([])
  })

  it('bluegreen-healthy: every lifecycle stage in order, the blue tasks kept until CLEAN_UP', async () => {
    h = await harness('bluegreen-healthy')
    const service = await h.describe()
    expect(service.deploymentConfiguration).toMatchObject({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 1,
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true }
    })
    const arn = await registerWebRevision(h)
    await h.update(arn)

    expect(await walk([0, 1, 1.5, 4.5, 5, 6, 7, 8, 9, 68.9, 69, 71])).toEqual([
      [0, 'PENDING', 'RECONCILE_SERVICE'],
      [1, 'IN_PROGRESS', 'PRE_SCALE_UP'],
      [1.5, 'IN_PROGRESS', 'SCALE_UP'],
      [4.5, 'IN_PROGRESS', 'POST_SCALE_UP'],
      [5, 'IN_PROGRESS', 'TEST_TRAFFIC_SHIFT'],
      [6, 'IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT'],
      [7, 'IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT'],
      [8, 'IN_PROGRESS', 'POST_PRODUCTION_TRAFFIC_SHIFT'],
      [9, 'IN_PROGRESS', 'BAKE_TIME'],
      [68.9, 'IN_PROGRESS', 'BAKE_TIME'],
      [69, 'IN_PROGRESS', 'CLEAN_UP'],
      [71, 'SUCCESSFUL', 'CLEAN_UP']
    ])
    const done = await current()
    expect(done.finishedAt?.getTime()).toBe(h.clock.now())
    expect(done.alarms).toEqual({
      status: 'MONITORING_COMPLETE',
      alarmNames: ['web-5xx'],
      triggeredAlarmNames: []
    })
    expect(done.deploymentCircuitBreaker?.status).toBe('MONITORING_COMPLETE')
    expect((await h.describe()).deployments?.map(d => [d.taskDefinition, d.rolloutState])).toEqual([
      [arn, 'COMPLETED']
    ])
  })

  it('during the bake both revisions have their tasks, and updatedAt is when the stage began', async () => {
    h = await harness('bluegreen-healthy')
    await h.update(await registerWebRevision(h))
    h.at(30)
    const d = await current()
    expect(d.lifecycleStage).toBe('BAKE_TIME')
    expect(d.updatedAt?.getTime()).toBe(h.clock.now() - 21_000)
    expect(d.sourceServiceRevisions?.map(r => r.runningTaskCount)).toEqual([2])
    expect(d.targetServiceRevision?.runningTaskCount).toBe(2)
    expect((await h.describe()).deployments?.map(d => [d.status, d.runningCount])).toEqual([
      ['PRIMARY', 2],
      ['ACTIVE', 2]
    ])
  })

  it('bluegreen-bake-alarm: web-5xx during BAKE_TIME rolls back to the blue revision in place', async () => {
    h = await harness('bluegreen-bake-alarm')
    const blue = (await h.describe()).taskDefinition
    const seededRevision = (await current()).targetServiceRevision?.arn
    await h.update(await registerWebRevision(h))

    expect(await walk([28.9, 29, 29.5, 32])).toEqual([
      [28.9, 'IN_PROGRESS', 'BAKE_TIME'],
      [29, 'ROLLBACK_REQUESTED', 'BAKE_TIME'],
      [29.5, 'ROLLBACK_IN_PROGRESS', 'BAKE_TIME'],
      [32, 'ROLLBACK_SUCCESSFUL', 'BAKE_TIME']
    ])
    const d = await current()
    expect(d.alarms).toEqual({
      status: 'TRIGGERED',
      alarmNames: ['web-5xx'],
      triggeredAlarmNames: ['web-5xx']
    })
    expect(d.statusReason).toBe(
      'Service deployment rolled back because the CloudWatch alarm(s) web-5xx went into ALARM.'
    )
    expect(d.rollback).toMatchObject({ serviceRevisionArn: seededRevision })
    expect(d.rollback?.startedAt?.getTime()).toBe(h.clock.now() - 2500)
    const service = await h.describe()
    expect(service.taskDefinition).toBe(blue)
    expect(service.deployments?.map(x => [x.taskDefinition, x.status, x.runningCount])).toEqual([
      [blue, 'PRIMARY', 2]
    ])
    const state = h.sim.state()
    expect(state.outcome).toBe('failed')
    expect(state.outcomeVisibleAt).toBe(h.clock.now() - 3000)
    // No new service deployment for the rollback.
    const listed = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'web' })
    )
    expect(listed.serviceDeployments?.map(b => b.status)).toEqual([
      'ROLLBACK_SUCCESSFUL',
      'SUCCESSFUL'
    ])
  })

  it('bluegreen-long-bake: traffic on the new revision at 8 s, SUCCESSFUL after an hour', async () => {
    h = await harness('bluegreen-long-bake')
    await h.update(await registerWebRevision(h))
    expect(await walk([8, 3608, 3609, 3611])).toEqual([
      [8, 'IN_PROGRESS', 'POST_PRODUCTION_TRAFFIC_SHIFT'],
      [3608, 'IN_PROGRESS', 'BAKE_TIME'],
      [3609, 'IN_PROGRESS', 'CLEAN_UP'],
      [3611, 'SUCCESSFUL', 'CLEAN_UP']
    ])
  })

  it('an UpdateService back to the blue revision runs as blue/green again (no alarm)', async () => {
    h = await harness('bluegreen-bake-alarm')
    const blue = (await h.describe()).taskDefinition as string
    await h.update(await registerWebRevision(h))
    h.at(5)
    await h.update(blue)
    expect(await walk([1.5, 9, 309, 311])).toEqual([
      [1.5, 'IN_PROGRESS', 'SCALE_UP'],
      [9, 'IN_PROGRESS', 'BAKE_TIME'],
      [309, 'IN_PROGRESS', 'CLEAN_UP'],
      [311, 'SUCCESSFUL', 'CLEAN_UP']
    ])
  })

  it('LINEAR and CANARY services go through the same stages', async () => {
    h = await harness('bluegreen-healthy', {
      seed: { services: [{ name: 'web', strategy: 'CANARY', bakeTimeInMinutes: 0 }] }
    })
    expect((await h.describe()).deploymentConfiguration).toMatchObject({
      strategy: 'CANARY',
      bakeTimeInMinutes: 0
    })
    await h.update(await registerWebRevision(h))
    expect(await walk([9, 11])).toEqual([
      [9, 'IN_PROGRESS', 'CLEAN_UP'],
      [11, 'SUCCESSFUL', 'CLEAN_UP']
    ])
  })
})

describe('StopServiceDeployment', () => {
  it('ROLLBACK during BAKE_TIME: traffic back on blue, ROLLBACK_SUCCESSFUL 3 s later, recorded', async () => {
    h = await harness('bluegreen-long-bake')
    const blue = (await h.describe()).taskDefinition
    await h.update(await registerWebRevision(h))
    h.at(20)
    const arn = (await current()).serviceDeploymentArn as string
    const out = await stop(arn, 'ROLLBACK')
    expect(out.serviceDeploymentArn).toBe(arn)
    expect((await current()).status).toBe('ROLLBACK_REQUESTED')
    // Asking again while it rolls back changes nothing, as ECS documents.
    h.at(20.5)
    expect((await current()).status).toBe('ROLLBACK_IN_PROGRESS')
    await stop(arn)
    h.at(23)
    const d = await current()
    expect(d).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      statusReason: 'Service deployment rolled back because of a StopServiceDeployment request.'
    })
    expect((await h.describe()).taskDefinition).toBe(blue)
    const at = h.clock.now()
    expect(h.sim.state().stopServiceDeployments).toEqual([
      {
        at: at - 3000,
        serviceDeploymentArn: arn,
        stopType: 'ROLLBACK',
        status: 'IN_PROGRESS',
        lifecycleStage: 'BAKE_TIME'
      },
      {
        at: at - 2500,
        serviceDeploymentArn: arn,
        stopType: 'ROLLBACK',
        status: 'ROLLBACK_IN_PROGRESS',
        lifecycleStage: 'BAKE_TIME'
      }
    ])
  })

  it('ROLLBACK of a rolling deployment rolls the previous revision out again, in the same service deployment', async () => {
    h = await harness('slow')
    const blue = (await h.describe()).taskDefinition
    await h.update(await registerWebRevision(h))
    h.at(3)
    const arn = (await current()).serviceDeploymentArn as string
    await stop(arn, 'ROLLBACK')
    expect((await current()).status).toBe('ROLLBACK_IN_PROGRESS')
    h.at(9)
    expect(await current()).toMatchObject({
      serviceDeploymentArn: arn,
      status: 'ROLLBACK_SUCCESSFUL'
    })
    expect((await h.describe()).taskDefinition).toBe(blue)
  })

  it('refuses a finished deployment, an unknown one, and stop types other than ROLLBACK', async () => {
    h = await harness('bluegreen-healthy')
    const seeded = (await current()).serviceDeploymentArn as string
    await expect(stop(seeded, 'ROLLBACK')).rejects.toThrow(ConflictException)
    await expect(stop(seeded, 'ROLLBACK')).rejects.toThrow(
      'The service deployment is SUCCESSFUL and can no longer be stopped.'
    )
    await expect(stop(`${seeded}x`)).rejects.toThrow(ServiceDeploymentNotFoundException)
    await h.update(await registerWebRevision(h))
    const ours = (await current()).serviceDeploymentArn as string
    await expect(stop(ours, 'ABORT')).rejects.toThrow(
      'stopType ABORT is not supported; use ROLLBACK.'
    )
    await expect(stop(ours, 'LATER')).rejects.toThrow('stopType must be ROLLBACK, got "LATER".')
    expect((await current()).status).toBe('PENDING')
    expect(h.sim.state().stopServiceDeployments).toEqual([])
  })
})
