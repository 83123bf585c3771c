import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { harness, registerWebRevision, type Harness } from './helpers.js'

let h: Harness
afterEach(async () => h?.stop())

const DEFERRED = { enable: true, healthyPercent: 100, sourceServiceRevisionCleanup: 'DEFERRED' }
const BLOCKING = { enable: true, healthyPercent: 100, sourceServiceRevisionCleanup: 'BLOCKING' }

/** Each deployment as `web:N STATUS ROLLOUT running`. */
const deployments = (s: Service) =>
  (s.deployments ?? []).map(
    d => `${d.taskDefinition?.split('/').pop()} ${d.status} ${d.rolloutState} ${d.runningCount}`
  )

async function newestServiceDeploymentStatus(): Promise<string | undefined> {
  const listed = await h.ecs.send(
    new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'web' })
  )
  const arn = listed.serviceDeployments?.[0]?.serviceDeploymentArn as string
  const out = await h.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
  )
  return out.serviceDeployments?.[0]?.status
}

describe('early success criteria (rolling)', () => {
  it('DEFERRED: COMPLETED and SUCCESSFUL once the new tasks are healthy, the old ones drain for drainSeconds', async () => {
    h = await harness('healthy', {
      seed: { services: [{ name: 'web', earlySuccessCriteria: DEFERRED, drainSeconds: 30 }] }
    })
    expect((await h.describe()).deploymentConfiguration?.earlySuccessCriteria).toEqual(DEFERRED)
    const arn = await registerWebRevision(h)
    await h.update(arn)
    h.at(4.9)
    expect(deployments(await h.describe())).toEqual([
      'web:2 PRIMARY IN_PROGRESS 2',
      'web:1 ACTIVE COMPLETED 2'
    ])
    h.at(5)
    expect(deployments(await h.describe())).toEqual([
      'web:2 PRIMARY COMPLETED 2',
      'web:1 ACTIVE COMPLETED 2'
    ])
    expect(await newestServiceDeploymentStatus()).toBe('SUCCESSFUL')
    h.at(34.9)
    expect(deployments(await h.describe())).toHaveLength(2)
    h.at(35)
    const drained = await h.describe()
    expect(deployments(drained)).toEqual(['web:2 PRIMARY COMPLETED 2'])
    expect(drained.events?.[0]?.message).toMatch(/has reached a steady state/)
  })

  it('BLOCKING: the old tasks drain first, COMPLETED only after them', async () => {
    h = await harness('healthy', {
      seed: { services: [{ name: 'web', earlySuccessCriteria: BLOCKING, drainSeconds: 30 }] }
    })
    const arn = await registerWebRevision(h)
    await h.update(arn)
    h.at(34.9)
    expect(deployments(await h.describe())).toEqual([
      'web:2 PRIMARY IN_PROGRESS 2',
      'web:1 ACTIVE COMPLETED 2'
    ])
    h.at(35)
    expect(deployments(await h.describe())).toEqual([
      'web:2 PRIMARY IN_PROGRESS 2',
      'web:1 ACTIVE COMPLETED 0'
    ])
    h.at(36)
    expect(deployments(await h.describe())).toEqual(['web:2 PRIMARY COMPLETED 2'])
  })

  it('UpdateService sets the criteria, which that deployment follows; a malformed one is refused', async () => {
    h = await harness('healthy')
    const arn = await registerWebRevision(h)
    await h.update(arn, { deploymentConfiguration: { earlySuccessCriteria: DEFERRED } })
    h.at(5)
    expect(deployments(await h.describe())).toEqual([
      'web:2 PRIMARY COMPLETED 2',
      'web:1 ACTIVE COMPLETED 2'
    ])
    const refused = await h
      .update(arn, {
        deploymentConfiguration: {
          earlySuccessCriteria: { enable: true, sourceServiceRevisionCleanup: 'LATER' }
        }
      })
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(InvalidParameterException)
    expect((refused as Error).message).toMatch(/earlySuccessCriteria.healthyPercent/)
  })

  it('refuses a bad seed, naming the field', async () => {
    await expect(
      harness('healthy', {
        seed: {
          services: [
            {
              name: 'web',
              earlySuccessCriteria: { ...DEFERRED, sourceServiceRevisionCleanup: 'NOW' }
            }
          ]
        }
      })
    ).rejects.toThrow(
      /seed.services\[0\].earlySuccessCriteria.sourceServiceRevisionCleanup must be DEFERRED or BLOCKING/
    )
    await expect(
      harness('healthy', { seed: { services: [{ name: 'web', drainSeconds: -1 }] } })
    ).rejects.toThrow(/seed.services\[0\].drainSeconds must be a number of seconds >= 0/)
  })
})
