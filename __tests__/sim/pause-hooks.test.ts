import { afterEach, describe, expect, it } from '@jest/globals'
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  InvalidParameterException,
  ServiceDeploymentNotFoundException,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { normalizeSeed } from '../../sim/seed.js'
import { harness, registerWebRevision, type Harness } from './helpers.js'

// PAUSE lifecycle hooks of ECS-native blue/green deployments: the deployment waits at the hook's
// stage (AWAITING_ACTION, expiresAt, timeoutAction) until ContinueServiceDeployment or the timeout.

let h: Harness
afterEach(async () => h?.stop())

async function current(): Promise<ServiceDeployment> {
  const arn = (await h.describe()).currentServiceDeployment as string
  const out = await h.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
  )
  return out.serviceDeployments?.[0] as ServiceDeployment
}

async function walk(seconds: number[]): Promise<[number, string, string | undefined][]> {
  const seen: [number, string, string | undefined][] = []
  for (const s of seconds) {
    h.at(s)
    const d = await current()
    seen.push([s, d.status as string, d.lifecycleStage])
  }
  return seen
}

const act = (serviceDeploymentArn: string, hookId: string, action?: 'CONTINUE' | 'ROLLBACK') =>
  h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn, hookId, action }))

const hooksSeed = (hooks: object[]) => ({
  seed: { services: [{ name: 'web', scenario: 'bluegreen-healthy', lifecycleHooks: hooks }] }
})

describe('PAUSE lifecycle hooks', () => {
  it('bluegreen-pause: waits at POST_TEST_TRAFFIC_SHIFT until CONTINUE, then goes on from there', async () => {
    h = await harness('bluegreen-pause')
    expect((await h.describe()).deploymentConfiguration?.lifecycleHooks).toEqual([
      {
        targetType: 'PAUSE',
        lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
        timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' }
      }
    ])
    await h.update(await registerWebRevision(h))
    expect(await walk([5.9, 6, 100])).toEqual([
      [5.9, 'IN_PROGRESS', 'TEST_TRAFFIC_SHIFT'],
      [6, 'IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT'],
      [100, 'IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT']
    ])
    const paused = await current()
    const [hook] = paused.lifecycleHookDetails ?? []
    expect(hook).toMatchObject({
      targetType: 'PAUSE',
      status: 'AWAITING_ACTION',
      timeoutAction: 'ROLLBACK'
    })
    expect(hook?.hookId).toMatch(/^[0-9a-f]{32}$/)
    expect(hook?.expiresAt?.getTime()).toBe(h.clock.now() - 94_000 + 60 * 60_000)

    await act(paused.serviceDeploymentArn as string, hook?.hookId as string)
    expect(await walk([100.9, 101, 103, 163, 165])).toEqual([
      [100.9, 'IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT'],
      [101, 'IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT'],
      [103, 'IN_PROGRESS', 'BAKE_TIME'],
      [163, 'IN_PROGRESS', 'CLEAN_UP'],
      [165, 'SUCCESSFUL', 'CLEAN_UP']
    ])
    expect((await current()).lifecycleHookDetails?.map(d => d.status)).toEqual(['SUCCEEDED'])
    expect(h.sim.state().continueServiceDeployments).toEqual([
      {
        at: h.clock.now() - 65_000,
        serviceDeploymentArn: paused.serviceDeploymentArn,
        hookId: hook?.hookId,
        action: 'CONTINUE',
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT'
      }
    ])
  })

  it('ROLLBACK rolls the paused deployment back in place, to the blue revision', async () => {
    h = await harness('bluegreen-pause')
    const blue = (await h.describe()).taskDefinition
    await h.update(await registerWebRevision(h))
    h.at(10)
    const paused = await current()
    const hookId = paused.lifecycleHookDetails?.[0]?.hookId as string
    await act(paused.serviceDeploymentArn as string, hookId, 'ROLLBACK')
    expect(await walk([10, 10.5, 13])).toEqual([
      [10, 'ROLLBACK_REQUESTED', 'POST_TEST_TRAFFIC_SHIFT'],
      [10.5, 'ROLLBACK_IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT'],
      [13, 'ROLLBACK_SUCCESSFUL', 'POST_TEST_TRAFFIC_SHIFT']
    ])
    const d = await current()
    expect(d.statusReason).toBe(
      'Service deployment rolled back because of a ContinueServiceDeployment request.'
    )
    expect(d.lifecycleHookDetails?.map(x => x.status)).toEqual(['FAILED'])
    expect((await h.describe()).taskDefinition).toBe(blue)
  })

  it('a hook that times out takes its timeout action: CONTINUE goes on, ROLLBACK rolls back', async () => {
    h = await harness(
      'bluegreen-healthy',
      hooksSeed([
        {
          targetType: 'PAUSE',
          lifecycleStages: ['POST_SCALE_UP'],
          timeoutConfiguration: { timeoutInMinutes: 1, action: 'CONTINUE' }
        },
        {
          targetType: 'PAUSE',
          lifecycleStages: ['POST_PRODUCTION_TRAFFIC_SHIFT'],
          timeoutConfiguration: { timeoutInMinutes: 2, action: 'ROLLBACK' }
        }
      ])
    )
    await h.update(await registerWebRevision(h))
    // POST_SCALE_UP at 4.5 s times out at 64.5 s and goes on: the traffic shifts follow 0.5 s later.
    expect(await walk([64.9, 65, 66, 68])).toEqual([
      [64.9, 'IN_PROGRESS', 'POST_SCALE_UP'],
      [65, 'IN_PROGRESS', 'TEST_TRAFFIC_SHIFT'],
      [66, 'IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT'],
      [68, 'IN_PROGRESS', 'POST_PRODUCTION_TRAFFIC_SHIFT']
    ])
    const second = await current()
    expect(second.lifecycleHookDetails?.map(x => [x.status, x.timeoutAction])).toEqual([
      ['TIMED_OUT', 'CONTINUE'],
      ['AWAITING_ACTION', 'ROLLBACK']
    ])
    // The second, reached at 68 s, times out 2 min later and rolls back.
    expect(await walk([187.9, 188])).toEqual([
      [187.9, 'IN_PROGRESS', 'POST_PRODUCTION_TRAFFIC_SHIFT'],
      [188, 'ROLLBACK_REQUESTED', 'POST_PRODUCTION_TRAFFIC_SHIFT']
    ])
    const d = await current()
    expect(d.lifecycleHookDetails?.map(x => x.status)).toEqual(['TIMED_OUT', 'TIMED_OUT'])
    expect(d.statusReason).toBe(
      'Service deployment rolled back because the lifecycle hook at POST_PRODUCTION_TRAFFIC_SHIFT timed out.'
    )
  })

  it('refuses an unknown deployment, an unknown hook and a hook no longer awaiting action', async () => {
    h = await harness('bluegreen-pause')
    await h.update(await registerWebRevision(h))
    h.at(7)
    const paused = await current()
    const arn = paused.serviceDeploymentArn as string
    const hookId = paused.lifecycleHookDetails?.[0]?.hookId as string
    await expect(act(`${arn}x`, hookId)).rejects.toBeInstanceOf(ServiceDeploymentNotFoundException)
    await expect(act(arn, 'no-such-hook')).rejects.toThrow(
      new InvalidParameterException({
        $metadata: {},
        message: `Lifecycle hook no-such-hook is not a paused hook of service deployment ${arn}.`
      })
    )
    await act(arn, hookId)
    const again = act(arn, hookId)
    await expect(again).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(again).rejects.toThrow(`Lifecycle hook ${hookId} is SUCCEEDED`)
    expect(h.sim.state().continueServiceDeployments).toHaveLength(1)
  })

  it('seeding refuses PAUSE hooks at a traffic shift and on rolling services, naming the field', () => {
    expect(() =>
      normalizeSeed(
        hooksSeed([{ targetType: 'PAUSE', lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT'] }])
          .seed as Parameters<typeof normalizeSeed>[0],
        'bluegreen-healthy'
      )
    ).toThrow(
      'seed.services[0].lifecycleHooks[0].lifecycleStages must be a non-empty list of RECONCILE_SERVICE, PRE_SCALE_UP, POST_SCALE_UP, POST_TEST_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT (PAUSE hooks cannot be set at TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT)'
    )
    expect(() =>
      normalizeSeed(
        {
          services: [
            {
              name: 'web',
              lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_SCALE_UP'] }]
            }
          ]
        },
        'healthy'
      )
    ).toThrow('seed.services[0].lifecycleHooks applies to blue/green strategies only; remove it')
  })
})
