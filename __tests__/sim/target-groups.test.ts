import { afterEach, describe, expect, it } from '@jest/globals'
import { DescribeTasksCommand, ListTasksCommand, type Service } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { SdkElbApi } from '../../src/aws/elb-client.js'
import { credentials, harness, registerWebRevision, type Harness } from './helpers.js'

let h: Harness
let elbClient: ElasticLoadBalancingV2Client | undefined
afterEach(async () => {
  elbClient?.destroy()
  await h?.stop()
})

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123456789abcdef'

function elbOf(harnessed: Harness) {
  elbClient = new ElasticLoadBalancingV2Client({
    region: 'us-east-1',
    endpoint: harnessed.sim.url,
    credentials,
    maxAttempts: 1
  })
  return new SdkElbApi(elbClient)
}

const deployments = (s: Service) =>
  (s.deployments ?? []).map(
    d => `${d.taskDefinition?.split('/').pop()} ${d.status} ${d.runningCount}`
  )

describe('target groups (ELBv2, query protocol)', () => {
  it("describes a seeded service's target group, its health checks and its deregistration delay, ELBv2's defaults", async () => {
    h = await harness('healthy', { seed: { services: [{ name: 'web', targetGroup: {} }] } })
    const elb = elbOf(h)
    expect((await h.describe()).loadBalancers).toEqual([
      { targetGroupArn: TG, containerName: 'web', containerPort: 8080 }
    ])
    expect(await elb.describeTargetGroups([TG])).toEqual([
      {
        arn: TG,
        name: 'web-tg',
        loadBalancerArns: [],
        healthCheckIntervalSeconds: 30,
        healthyThresholdCount: 5
      }
    ])
    expect(await elb.describeTargetGroupAttributes(TG)).toMatchObject({
      'deregistration_delay.timeout_seconds': '300'
    })
    const targets = await elb.describeTargetHealth(TG)
    expect(targets.map(target => target.state)).toEqual(['healthy', 'healthy'])
    expect(h.sim.state().calls).toMatchObject({
      DescribeTargetGroups: 1,
      DescribeTargetGroupAttributes: 1,
      DescribeTargetHealth: 1
    })
  })

  it('registers new tasks initial, healthy after interval × threshold; the old ones drain for the deregistration delay', async () => {
    h = await harness('healthy', {
      seed: {
        services: [
          {
            name: 'web',
            targetGroup: {
              deregistrationDelaySeconds: 300,
              healthCheckIntervalSeconds: 10,
              healthyThresholdCount: 3
            }
          }
        ]
      }
    })
    const elb = elbOf(h)
    const states = async () =>
      (await elb.describeTargetHealth(TG)).map(target => target.state).sort()
    await h.update(await registerWebRevision(h))
    // healthy timeline: tasks RUNNING at 2.5 s and 4 s; healthy 30 s after each.
    h.at(5)
    expect(await states()).toEqual(['healthy', 'healthy', 'initial', 'initial'])
    h.at(33)
    expect(await states()).toEqual(['healthy', 'healthy', 'healthy', 'initial'])
    // The last new task is healthy at 34 s: the old ones are deregistered and drain.
    h.at(34)
    expect(await states()).toEqual(['draining', 'draining', 'healthy', 'healthy'])
    expect(deployments(await h.describe())).toEqual(['web:2 PRIMARY 2', 'web:1 ACTIVE 2'])
    expect((await h.describe()).events?.[0]?.message).toBe(
      '(service web) has begun draining connections on 2 tasks.'
    )
    // 300 s later (and the second the healthy timeline takes from drain to complete) they stop.
    h.at(334)
    expect(deployments(await h.describe())).toEqual(['web:2 PRIMARY 2', 'web:1 ACTIVE 2'])
    h.at(335)
    expect(deployments(await h.describe())).toEqual(['web:2 PRIMARY 2'])
    expect(await states()).toEqual(['healthy', 'healthy'])
  })

  it("stretches with the time scale, and gives the new tasks pull and start times on the rollout's timeline", async () => {
    h = await harness('healthy', {
      timeScale: 0.01,
      seed: { services: [{ name: 'web', targetGroup: { deregistrationDelaySeconds: 300 } }] }
    })
    const updated = await h.update(await registerWebRevision(h))
    const started = h.clock.now()
    h.at(10) // 1000 s at scale 1
    expect(deployments(await h.describe())).toEqual(['web:2 PRIMARY 2'])
    const deploymentId = updated.deployments?.[0]?.id
    const arns = (
      await h.ecs.send(new ListTasksCommand({ cluster: 'demo', startedBy: deploymentId }))
    ).taskArns
    const tasks =
      (await h.ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: arns }))).tasks ?? []
    expect(tasks).toHaveLength(2)
    for (const task of tasks) {
      const [created, pullStart, pullStop, run] = [
        task.createdAt,
        task.pullStartedAt,
        task.pullStoppedAt,
        task.startedAt
      ].map(date => date!.getTime() - started)
      expect(created).toBe(10) // 1 s × 0.01
      expect(pullStart).toBeGreaterThan(created!)
      expect(pullStop).toBeGreaterThan(pullStart!)
      expect(run).toBeGreaterThan(pullStop!)
    }
  })

  it('refuses the operations a seed denies with AccessDenied, and rejects a bad target-group seed naming the field', async () => {
    h = await harness('healthy', {
      seed: {
        services: [{ name: 'web', targetGroup: {} }],
        elbDenied: ['DescribeTargetGroupAttributes']
      }
    })
    const elb = elbOf(h)
    await expect(elb.describeTargetGroupAttributes(TG)).rejects.toMatchObject({
      code: 'AccessDenied'
    })
    expect(await elb.describeTargetGroups([TG])).toHaveLength(1)
    await h.stop()
    await expect(
      harness('healthy', {
        seed: { services: [{ name: 'web', targetGroup: { healthyThresholdCount: 1 } }] }
      })
    ).rejects.toThrow(
      'seed.services[0].targetGroup.healthyThresholdCount must be a whole number from 2 to 10, got 1'
    )
    await expect(
      harness('healthy', { seed: { elbDenied: ['DeleteTargetGroup'] } })
    ).rejects.toThrow('seed.elbDenied: "DeleteTargetGroup" is not one of')
  })
})
