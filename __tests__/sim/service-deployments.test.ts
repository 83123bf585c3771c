import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  ServiceNotFoundException,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { harness, registerWebRevision, type Harness } from './helpers.js'

const WEB1 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
const DEPLOYMENT_ARN =
  /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/demo\/web\/[A-Za-z0-9_-]{21}$/
const REVISION_ARN = /^arn:aws:ecs:us-east-1:123456789012:service-revision\/demo\/web\/\d{19}$/

let h: Harness
afterEach(async () => h?.stop())

async function list(extra: Record<string, unknown> = {}) {
  const out = await h.ecs.send(
    new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'web', ...extra })
  )
  return out
}

async function describeOne(arn: string): Promise<ServiceDeployment> {
  const out = await h.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
  )
  return out.serviceDeployments?.[0] as ServiceDeployment
}

/** The newest service deployment of "web", described. */
async function newest(): Promise<ServiceDeployment> {
  const arn = (await list()).serviceDeployments?.[0]?.serviceDeploymentArn as string
  return describeOne(arn)
}

describe('service deployments (history)', () => {
  it('the seeded world has one SUCCESSFUL service deployment, current in DescribeServices', async () => {
    h = await harness('healthy')
    const listed = await list()
    expect(listed.serviceDeployments).toHaveLength(1)
    expect(listed.nextToken).toBeUndefined()
    const brief = listed.serviceDeployments?.[0]
    expect(brief).toMatchObject({
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/demo/web',
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
      status: 'SUCCESSFUL'
    })
    expect(brief?.serviceDeploymentArn).toMatch(DEPLOYMENT_ARN)
    expect(brief?.targetServiceRevisionArn).toMatch(REVISION_ARN)
    expect(brief?.createdAt).toBeInstanceOf(Date)
    expect(brief?.finishedAt).toBeInstanceOf(Date)

    const service = await h.describe()
    expect(service.currentServiceDeployment).toBe(brief?.serviceDeploymentArn)
    expect(service.currentServiceRevisions).toEqual([
      {
        arn: brief?.targetServiceRevisionArn,
        requestedTaskCount: 2,
        runningTaskCount: 2,
        pendingTaskCount: 0
      }
    ])

    const revisions = await h.ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [brief?.targetServiceRevisionArn as string, 'arn:nope']
      })
    )
    expect(revisions.serviceRevisions?.[0]).toMatchObject({
      serviceRevisionArn: brief?.targetServiceRevisionArn,
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/demo/web',
      taskDefinition: WEB1,
      launchType: 'FARGATE',
      containerImages: [{ containerName: 'web' }]
    })
    expect(revisions.failures).toEqual([{ arn: 'arn:nope', reason: 'MISSING' }])
  })

  it('healthy: PENDING, IN_PROGRESS at 1 s, SUCCESSFUL at 6 s with the old revision as source', async () => {
    h = await harness('healthy')
    const seeded = (await list()).serviceDeployments?.[0]
    const arn = await registerWebRevision(h)
    const service = await h.update(arn)
    expect(service.currentServiceDeployment).toMatch(DEPLOYMENT_ARN)
    expect(service.currentServiceDeployment).not.toBe(seeded?.serviceDeploymentArn)

    let d = await newest()
    expect(d.serviceDeploymentArn).toBe(service.currentServiceDeployment)
    expect(d.status).toBe('PENDING')
    expect(d.startedAt).toBeUndefined()
    expect(d.sourceServiceRevisions).toEqual([
      {
        arn: seeded?.targetServiceRevisionArn,
        requestedTaskCount: 2,
        runningTaskCount: 2,
        pendingTaskCount: 0
      }
    ])
    expect(d.deploymentCircuitBreaker).toEqual({
      status: 'DISABLED',
      failureCount: 0,
      threshold: 3
    })
    expect(d.alarms).toEqual({ status: 'DISABLED', alarmNames: [], triggeredAlarmNames: [] })
    expect(d.deploymentConfiguration).toMatchObject({
      maximumPercent: 200,
      minimumHealthyPercent: 100
    })

    h.at(1)
    d = await newest()
    expect(d.status).toBe('IN_PROGRESS')
    expect(d.startedAt?.getTime()).toBe(h.clock.now())
    expect(d.targetServiceRevision).toMatchObject({ requestedTaskCount: 2, pendingTaskCount: 2 })

    h.at(6)
    d = await newest()
    expect(d.status).toBe('SUCCESSFUL')
    expect(d.finishedAt?.getTime()).toBe(h.clock.now())
    expect(d.targetServiceRevision).toMatchObject({
      requestedTaskCount: 2,
      runningTaskCount: 2,
      pendingTaskCount: 0
    })
    const revisions = await h.ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [d.targetServiceRevision?.arn as string]
      })
    )
    expect(revisions.serviceRevisions?.[0]?.taskDefinition).toBe(arn)
    // The seeded service deployment stays SUCCESSFUL with the counts it finished with.
    const old = await describeOne(seeded?.serviceDeploymentArn as string)
    expect(old.status).toBe('SUCCESSFUL')
    expect(old.targetServiceRevision?.runningTaskCount).toBe(2)
  })

  it('circuit-breaker: the same service deployment rolls back to the last successful revision', async () => {
    h = await harness('circuit-breaker')
    const seededRevision = (await list()).serviceDeployments?.[0]?.targetServiceRevisionArn
    await h.update(await registerWebRevision(h))

    h.at(6)
    let d = await newest()
    expect(d.status).toBe('IN_PROGRESS')
    expect(d.deploymentCircuitBreaker).toEqual({
      status: 'MONITORING',
      failureCount: 3,
      threshold: 3
    })

    h.at(8)
    d = await newest()
    expect(d.status).toBe('ROLLBACK_IN_PROGRESS')
    expect(d.statusReason).toMatch(/circuit breaker/)
    expect(d.deploymentCircuitBreaker?.status).toBe('TRIGGERED')
    expect(d.rollback).toMatchObject({ serviceRevisionArn: seededRevision })
    expect(d.rollback?.startedAt?.getTime()).toBe(h.clock.now())
    const service = await h.describe()
    expect(service.currentServiceDeployment).toBe(d.serviceDeploymentArn)

    h.at(14)
    d = await newest()
    expect(d.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(d.finishedAt?.getTime()).toBe(h.clock.now())
    // No new service deployment for the rollback: the seeded one and ours.
    expect((await list()).serviceDeployments?.map(b => b.status)).toEqual([
      'ROLLBACK_SUCCESSFUL',
      'SUCCESSFUL'
    ])
    expect((await h.describe()).currentServiceRevisions?.map(r => r.arn)).toEqual([seededRevision])
  })

  it('circuit breaker without rollback: STOPPED', async () => {
    h = await harness('circuit-breaker', {
      seed: { circuitBreaker: { enable: true, rollback: false } }
    })
    await h.update(await registerWebRevision(h))
    h.at(8)
    const d = await newest()
    expect(d).toMatchObject({
      status: 'STOPPED',
      statusReason: 'Service deployment failed because the circuit breaker threshold was exceeded.',
      deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3 }
    })
    expect(d.stoppedAt?.getTime()).toBe(h.clock.now())
  })

  it('superseded: ours STOPPED at 3 s, someone else’s deployment SUCCESSFUL at 9 s', async () => {
    h = await harness('superseded')
    await h.update(await registerWebRevision(h))
    h.at(9)
    const briefs = (await list()).serviceDeployments ?? []
    expect(briefs.map(b => [b.status, b.statusReason])).toEqual([
      ['SUCCESSFUL', undefined],
      ['STOPPED', 'Service deployment stopped because a newer deployment started.'],
      ['SUCCESSFUL', undefined]
    ])
    expect(briefs[1]?.finishedAt?.getTime()).toBe(h.clock.now() - 6000)
    const revisions = await h.ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [briefs[0]?.targetServiceRevisionArn as string]
      })
    )
    expect(revisions.serviceRevisions?.[0]?.taskDefinition).toMatch(/task-definition\/web:99$/)
  })

  it('ListServiceDeployments filters by status and createdAt and pages newest first', async () => {
    h = await harness('healthy')
    const seededAt = (await list()).serviceDeployments?.[0]?.createdAt as Date
    const first = await registerWebRevision(h, 'a')
    await h.update(first)
    h.at(10)
    await h.update(await registerWebRevision(h, 'b'))
    h.at(1)
    expect((await list({ status: ['IN_PROGRESS'] })).serviceDeployments).toHaveLength(1)
    expect((await list({ status: ['SUCCESSFUL'] })).serviceDeployments).toHaveLength(2)
    const recent = await list({ createdAt: { after: new Date(seededAt.getTime() + 1000) } })
    expect(recent.serviceDeployments?.map(b => b.status)).toEqual(['IN_PROGRESS', 'SUCCESSFUL'])
    const old = await list({ createdAt: { before: seededAt } })
    expect(old.serviceDeployments).toHaveLength(1)

    const seen: string[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const page = await list({ maxResults: 2, nextToken })
      seen.push(...(page.serviceDeployments ?? []).map(b => b.status as string))
      nextToken = page.nextToken
      pages++
    } while (nextToken)
    expect(pages).toBe(2)
    expect(seen).toEqual(['IN_PROGRESS', 'SUCCESSFUL', 'SUCCESSFUL'])

    await expect(list({ nextToken: 'bogus' })).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(list({ maxResults: 0 })).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(list({ status: ['DONE'] })).rejects.toBeInstanceOf(InvalidParameterException)
  })

  it('errors: unknown service, too many ARNs, MISSING failures; every call is recorded', async () => {
    h = await harness('healthy')
    await expect(
      h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api' }))
    ).rejects.toBeInstanceOf(ServiceNotFoundException)
    await expect(
      h.ecs.send(
        new DescribeServiceDeploymentsCommand({
          serviceDeploymentArns: Array.from({ length: 21 }, (_, i) => `arn:${i}`)
        })
      )
    ).rejects.toBeInstanceOf(InvalidParameterException)
    const missing = await h.ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: ['arn:nope'] })
    )
    expect(missing).toMatchObject({
      serviceDeployments: [],
      failures: [{ arn: 'arn:nope', reason: 'MISSING' }]
    })
    const state = h.sim.state()
    expect(state.calls).toMatchObject({
      ListServiceDeployments: 1,
      DescribeServiceDeployments: 2
    })
    expect(state.callLog.map(c => [c.operation, c.status, c.error])).toEqual([
      ['ListServiceDeployments', 400, 'ServiceNotFoundException'],
      ['DescribeServiceDeployments', 400, 'InvalidParameterException'],
      ['DescribeServiceDeployments', 200, undefined]
    ])
  })
})
