import { afterEach, describe, expect, it } from '@jest/globals'
import {
  ListServiceDeploymentsCommand,
  DescribeServiceDeploymentsCommand
} from '@aws-sdk/client-ecs'
import { harness, registerWebRevision, type Harness } from './helpers.js'

// The simulator's circuit breaker trips at the service's threshold, else at ECS's default.

let h: Harness
afterEach(async () => h?.stop())

/** Seconds after UpdateService, from `from` to `to`, at which our deployment first is FAILED. */
async function failedAt(from: number, to: number): Promise<{ at: number; failedTasks: number }> {
  for (let t = from; t <= to; t += 1) {
    h.at(t)
    const ours = (await h.describe()).deployments?.find(d => d.taskDefinition?.endsWith(':2'))
    if (ours?.rolloutState === 'FAILED') return { at: t, failedTasks: ours.failedTasks ?? 0 }
  }
  throw new Error(`not FAILED by ${to} s`)
}

describe('circuit-breaker threshold', () => {
  it('a seeded COUNT threshold of 2: shown by DescribeServices, FAILED 2 s after the 2nd failure', async () => {
    const breaker = {
      enable: true,
      rollback: true,
      resetOnHealthyTask: false,
      thresholdConfiguration: { type: 'COUNT', value: 2 }
    }
    h = await harness('circuit-breaker', { seed: { circuitBreaker: breaker, desiredCount: 4 } })
    expect((await h.describe()).deploymentConfiguration?.deploymentCircuitBreaker).toEqual(breaker)
    await h.update(await registerWebRevision(h, 'broken'))
    expect(await failedAt(1, 20)).toEqual({ at: 6, failedTasks: 2 }) // failures at 2 and 4 s
  })

  it.each([
    [2, 3, 8], // ECS's default: at least 3 → failures at 2, 4, 6 s; FAILED at 8 s
    [10, 5, 12] // 50% of 10 → failures at 2..10 s; FAILED at 12 s
  ])(
    'the default threshold for %i desired tasks is %i failed tasks',
    async (desired, threshold, at) => {
      h = await harness('circuit-breaker', { seed: { desiredCount: desired } })
      await h.update(await registerWebRevision(h, 'broken'))
      expect(await failedAt(1, 30)).toEqual({ at, failedTasks: threshold })
      // The service deployment shows the same threshold.
      const list = await h.ecs.send(
        new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'web' })
      )
      const arns = (list.serviceDeployments ?? []).map(d => d.serviceDeploymentArn as string)
      const described = await h.ecs.send(
        new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns })
      )
      const ours = described.serviceDeployments?.find(
        d => d.deploymentCircuitBreaker?.status === 'TRIGGERED'
      )
      expect(ours?.deploymentCircuitBreaker?.threshold).toBe(threshold)
    }
  )

  it('UpdateService sets a PERCENTAGE threshold; one per service in a services: seed', async () => {
    h = await harness('circuit-breaker', {
      seed: {
        desiredCount: 4,
        services: [
          { name: 'web', circuitBreaker: { enable: true, rollback: false } },
          {
            name: 'api',
            circuitBreaker: {
              enable: true,
              rollback: true,
              thresholdConfiguration: { type: 'COUNT', value: 1 }
            }
          }
        ]
      }
    })
    expect(
      (await h.describe('api')).deploymentConfiguration?.deploymentCircuitBreaker
    ).toMatchObject({
      thresholdConfiguration: { type: 'COUNT', value: 1 }
    })
    const breaker = {
      enable: true,
      rollback: true,
      thresholdConfiguration: { type: 'UNBOUNDED_PERCENT' as const, value: 25 }
    }
    await h.update(await registerWebRevision(h, 'broken'), {
      deploymentConfiguration: { deploymentCircuitBreaker: breaker }
    })
    expect((await h.describe()).deploymentConfiguration?.deploymentCircuitBreaker).toEqual(breaker)
    expect(await failedAt(1, 20)).toEqual({ at: 4, failedTasks: 1 }) // 25% of 4 → 1
  })

  it('refuses a malformed threshold, naming the field', async () => {
    await expect(
      harness('circuit-breaker', {
        seed: {
          services: [
            {
              name: 'web',
              circuitBreaker: {
                enable: true,
                rollback: true,
                thresholdConfiguration: { type: 'HALF', value: 2 }
              }
            }
          ]
        }
      })
    ).rejects.toThrow(
      'seed.services[0].circuitBreaker.thresholdConfiguration.type must be one of COUNT, BOUNDED_PERCENT, UNBOUNDED_PERCENT, got "HALF"'
    )
    h = await harness('circuit-breaker')
    await expect(
      h.update(await registerWebRevision(h), {
        deploymentConfiguration: {
          deploymentCircuitBreaker: {
            enable: true,
            rollback: true,
            thresholdConfiguration: { type: 'COUNT', value: 0 }
          }
        }
      })
    ).rejects.toThrow(
      'deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value must be an integer >= 1, got 0'
    )
  })
})
