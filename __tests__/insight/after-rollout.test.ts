import { describe, expect, it } from '@jest/globals'
import type { EcsApi, TaskInfo } from '../../src/aws/ecs-api.js'
import type { ElbApi } from '../../src/aws/elb-api.js'
import { closeTimings } from '../../src/insight/after-rollout.js'
import { newTimingsJournal } from '../../src/insight/observer.js'
import { newServiceTimings } from '../../src/insight/timings.js'

const T0 = Date.UTC(2026, 0, 1)
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/1'
const denied = () => Object.assign(new Error('not authorized'), { name: 'AccessDenied' })

/** A release of `web` whose watch saw the drain take 300 s behind TG. */
function journal() {
  const kept = newTimingsJournal()
  const timings = newServiceTimings('prod', 'web', 'rolling', T0)
  timings.seen.running = { at: T0 + 5000, source: 'poll' }
  timings.seen.drained = { at: T0 + 305_000, source: 'poll' }
  timings.targetGroupArns = [TG]
  kept.services.push(timings)
  return kept
}

function world(options: { denyTasks?: boolean; denyAttributes?: boolean } = {}) {
  const calls: string[] = []
  const tasks: TaskInfo[] = [
    {
      arn: 't1',
      createdAt: T0 + 1000,
      pullStartedAt: T0 + 1100,
      pullStoppedAt: T0 + 3000,
      startedAt: T0 + 4000,
      containers: []
    }
  ]
  const ecs = {
    listTasksStartedBy: async (_cluster: string, startedBy: string) => {
      calls.push(`ListTasks ${startedBy}`)
      if (options.denyTasks) throw denied()
      return ['t1']
    },
    describeTasks: async () => {
      calls.push('DescribeTasks')
      return tasks
    },
    describeServices: async () => {
      calls.push('DescribeServices')
      return { services: [], missing: [] }
    }
  } as unknown as EcsApi
  const elb: ElbApi = {
    describeTargetGroups: async arns => {
      calls.push(`DescribeTargetGroups ${arns.join(',')}`)
      return [
        {
          arn: TG,
          name: 'web-tg',
          loadBalancerArns: [],
          healthCheckIntervalSeconds: 30,
          healthyThresholdCount: 5
        }
      ]
    },
    describeTargetGroupAttributes: async () => {
      calls.push('DescribeTargetGroupAttributes')
      if (options.denyAttributes) throw denied()
      return { 'deregistration_delay.timeout_seconds': '300' }
    },
    describeTargetHealth: async () => [],
    describeLoadBalancers: async () => [],
    describeListeners: async () => []
  }
  const lines: string[] = []
  const logger = { info: (line: string) => lines.push(line) } as never
  return { calls, deps: { ecs, elb: () => elb, logger }, lines }
}

describe('the reads after a completed rollout', () => {
  it('reads the new tasks and the target groups the watch listed once, no DescribeServices, then advises and logs', async () => {
    const kept = journal()
    const { calls, deps, lines } = world()
    await closeTimings(
      kept,
      [{ cluster: 'prod', service: 'web', deploymentId: 'ecs-svc/2' }],
      deps,
      { advice: true }
    )
    expect(calls).toEqual([
      'ListTasks ecs-svc/2',
      'DescribeTasks',
      `DescribeTargetGroups ${TG}`,
      'DescribeTargetGroupAttributes'
    ])
    expect(kept.services[0]!.seen.pulled).toEqual({ at: T0 + 3000, source: 'ecs' })
    expect(kept.advice!.map(entry => entry.setting)).toEqual([
      'deregistration_delay.timeout_seconds'
    ])
    expect(lines[0]).toMatch(
      /^where the time went in web: new tasks placed 1\.0 s · image pulled 2\.0 s/
    )
    expect(lines[1]).toMatch(
      /^advice for web: target group web-tg, deregistration_delay\.timeout_seconds 300 → 30/
    )
  })

  it('a refused read drops only the line it feeds, with a note naming the permission', async () => {
    const kept = journal()
    const { deps, lines } = world({ denyTasks: true, denyAttributes: true })
    await closeTimings(
      kept,
      [{ cluster: 'prod', service: 'web', deploymentId: 'ecs-svc/2' }],
      deps,
      { advice: true }
    )
    expect(kept.advice).toEqual([])
    expect(kept.notes).toEqual([
      'the image pull of web is not measured: ecs:ListTasks or ecs:DescribeTasks was refused',
      'no drain advice for target group web-tg: elasticloadbalancing:DescribeTargetGroupAttributes was refused'
    ])
    expect(lines).toContain(
      'no drain advice for target group web-tg: elasticloadbalancing:DescribeTargetGroupAttributes was refused'
    )
  })

  it('advice: false keeps the phases and leaves the advice out', async () => {
    const kept = journal()
    const { deps, lines } = world()
    await closeTimings(
      kept,
      [{ cluster: 'prod', service: 'web', deploymentId: 'ecs-svc/2' }],
      deps,
      { advice: false }
    )
    expect(kept.advice).toBeUndefined()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^where the time went in web:/)
  })
})
