import { describe, expect, it } from '@jest/globals'
import type { DeploymentInfo, ServiceSnapshot } from '../../src/aws/ecs-api.js'
import type { ElbApi, TargetHealth } from '../../src/aws/elb-api.js'
import { TimingsObserver, newTimingsJournal } from '../../src/insight/observer.js'
import { phasesOf, sawTasks, taskTimesOf } from '../../src/insight/timings.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1'

function deployment(id: string, counts: Partial<DeploymentInfo>): DeploymentInfo {
  return {
    id,
    status: id === 'ecs-svc/new' ? 'PRIMARY' : 'ACTIVE',
    taskDefinition: `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${id === 'ecs-svc/new' ? 2 : 1}`,
    desiredCount: 2,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    ...counts
  }
}

function snapshot(deployments: DeploymentInfo[], targetGroupArns = [TG]): ServiceSnapshot {
  return {
    name: 'web',
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    deploymentController: 'ECS',
    circuitBreaker: { enable: false, rollback: false },
    deployments,
    events: [],
    targetGroupArns
  }
}

/** An ELB whose target health is whatever the test sets, counting its reads. */
class TargetHealthElb {
  targets: TargetHealth[] = []
  reads = 0
  denied = false
  api(): ElbApi {
    return {
      describeTargetGroups: async () => [],
      describeLoadBalancers: async () => [],
      describeListeners: async () => [],
      describeTargetGroupAttributes: async () => ({}),
      describeTargetHealth: async () => {
        this.reads++
        if (this.denied) throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' })
        return this.targets
      }
    }
  }
}

describe('the phase recorder', () => {
  it('measures a rolling rollout from what each poll saw, target health as first seen healthy', async () => {
    const clock = new FakeClock()
    const elb = new TargetHealthElb()
    const journal = newTimingsJournal()
    const start = clock.now()
    const observer = new TimingsObserver(
      journal,
      () => elb.api(),
      [{ cluster: 'prod', service: 'web', strategy: 'rolling' }],
      start
    )
    const old = (running: number) => deployment('ecs-svc/old', { runningCount: running })
    const poll = async (
      seconds: number,
      ours: Partial<DeploymentInfo>,
      others: DeploymentInfo[]
    ) => {
      clock.advance(seconds * 1000)
      await observer.polled({
        service: 'web',
        at: clock.now(),
        snapshot: snapshot([deployment('ecs-svc/new', ours), ...others]),
        deploymentId: 'ecs-svc/new'
      })
    }
    await poll(2, {}, [old(2)])
    await poll(2, { pendingCount: 2 }, [old(2)]) // +4 s placed
    expect(elb.reads).toBe(0) // nothing to ask the load balancer before the tasks run
    elb.targets = [
      { id: '10.0.0.1', state: 'healthy' },
      { id: '10.0.0.2', state: 'healthy' },
      { id: '10.0.0.3', state: 'initial' },
      { id: '10.0.0.4', state: 'initial' }
    ]
    await poll(6, { runningCount: 2 }, [old(2)]) // +10 s running, targets still initial
    expect(elb.reads).toBe(1)
    elb.targets = elb.targets.map(target => ({
      ...target,
      state: target.id.endsWith('1') || target.id.endsWith('2') ? 'draining' : 'healthy'
    }))
    await poll(20, { runningCount: 2 }, [old(2)]) // +30 s healthy
    await poll(10, { runningCount: 2 }, [old(0)])
    expect(elb.reads).toBe(2) // no more target-health reads once healthy
    await poll(290, { runningCount: 2 }, []) // +330 s old revision gone
    observer.ended('web', clock.now(), false)

    const phases = phasesOf(journal.services[0]!)
    expect(phases.map(phase => [phase.name, phase.seconds, phase.source])).toEqual([
      ['new tasks placed', 4, 'poll'],
      ['containers running', 6, 'poll'],
      ['healthy', 20, 'poll'],
      ['old revision drained', 300, 'poll'],
      ['done', 0, 'poll']
    ])
    expect(journal.services[0]!.targetsHealthy).toEqual({ [TG]: start + 30_000 })
  })

  it("lets ECS's task timestamps replace the polls' guesses, and never makes a phase negative", () => {
    const clock = new FakeClock()
    const journal = newTimingsJournal()
    const start = clock.now()
    const observer = new TimingsObserver(
      journal,
      () => new TargetHealthElb().api(),
      [{ cluster: 'prod', service: 'web', strategy: 'rolling' }],
      start
    )
    const timings = journal.services[0]!
    // Polls saw placed at +4 s and running at +12 s.
    timings.seen.placed = { at: start + 4000, source: 'poll' }
    timings.seen.running = { at: start + 12_000, source: 'poll' }
    observer.ended('web', start + 20_000, false)
    const tasks = taskTimesOf([
      {
        createdAt: start + 1000,
        pullStartedAt: start + 1500,
        pullStoppedAt: start + 7500,
        startedAt: start + 9000,
        healthStatus: 'HEALTHY'
      },
      {
        createdAt: start + 1200,
        pullStartedAt: start + 1600,
        pullStoppedAt: start + 8000,
        startedAt: start + 9500
      }
    ])
    expect(tasks).toEqual({
      count: 2,
      firstCreatedAt: start + 1000,
      firstPullStartedAt: start + 1500,
      lastPullStoppedAt: start + 8000,
      longestPullMs: 6400,
      lastStartedAt: start + 9500,
      healthy: 1
    })
    sawTasks(timings, tasks)
    expect(phasesOf(timings).map(phase => [phase.milestone, phase.seconds, phase.source])).toEqual([
      ['placed', 1, 'ecs'],
      ['pulled', 7, 'ecs'],
      ['running', 1.5, 'ecs'],
      ['done', 10.5, 'poll']
    ])
    // A poll behind an ECS timestamp counts as reached with the milestone before it.
    timings.seen.healthy = { at: start + 9000, source: 'poll' }
    const healthy = phasesOf(timings).find(phase => phase.milestone === 'healthy')!
    expect(healthy.seconds).toBe(0)
    expect(phasesOf(timings).every(phase => phase.seconds >= 0)).toBe(true)
  })

  it('measures a staged deployment by its lifecycle stages, the bake as its own phase', () => {
    const journal = newTimingsJournal()
    const start = Date.UTC(2026, 0, 1)
    const observer = new TimingsObserver(
      journal,
      () => new TargetHealthElb().api(),
      [{ cluster: 'prod', service: 'web', strategy: 'staged' }],
      start
    )
    const at = (seconds: number) => start + seconds * 1000
    observer.stage('web', at(3), 'PRE_SCALE_UP')
    observer.stage('web', at(5), 'SCALE_UP')
    observer.stage('web', at(40), 'TEST_TRAFFIC_SHIFT')
    observer.stage('web', at(45), 'PRODUCTION_TRAFFIC_SHIFT')
    observer.stage('web', at(60), 'BAKE_TIME')
    observer.stage('web', at(360), 'CLEAN_UP')
    observer.ended('web', at(370), false)
    expect(phasesOf(journal.services[0]!).map(phase => [phase.name, phase.seconds])).toEqual([
      ['new tasks placed', 5],
      ['healthy', 35],
      ['traffic shifted', 20],
      ['bake ended', 300],
      ['done', 10]
    ])
  })

  it("measures a CodeDeploy deployment by its lifecycle events' own end times", () => {
    const journal = newTimingsJournal()
    const start = Date.UTC(2026, 0, 1)
    const observer = new TimingsObserver(
      journal,
      () => new TargetHealthElb().api(),
      [{ cluster: 'prod', service: 'api', strategy: 'codedeploy' }],
      start
    )
    const at = (seconds: number) => start + seconds * 1000
    observer.lifecycleEvent('api', at(2), 'BeforeInstall')
    observer.lifecycleEvent('api', at(30), 'Install')
    observer.lifecycleEvent('api', at(32), 'AfterInstall')
    observer.lifecycleEvent('api', at(33), 'BeforeAllowTraffic')
    observer.lifecycleEvent('api', at(50), 'AllowTraffic')
    observer.ended('api', at(55), false)
    expect(
      phasesOf(journal.services[0]!).map(phase => [phase.name, phase.seconds, phase.source])
    ).toEqual([
      ['containers running', 30, 'ecs'],
      ['healthy', 2, 'ecs'],
      ['traffic shifted', 18, 'ecs'],
      ['done', 5, 'poll']
    ])
  })

  it('stops where a failed rollout stood, without a done phase', async () => {
    const journal = newTimingsJournal()
    const start = Date.UTC(2026, 0, 1)
    const observer = new TimingsObserver(
      journal,
      () => new TargetHealthElb().api(),
      [{ cluster: 'prod', service: 'web', strategy: 'rolling' }],
      start
    )
    await observer.polled({
      service: 'web',
      at: start + 3000,
      snapshot: snapshot([deployment('ecs-svc/new', { pendingCount: 2 })], []),
      deploymentId: 'ecs-svc/new'
    })
    observer.ended('web', start + 9000, true)
    const timings = journal.services[0]!
    expect(timings.failed).toBe(true)
    expect(phasesOf(timings).map(phase => phase.milestone)).toEqual(['placed'])
  })

  it('drops the time to healthy with a one-line note when DescribeTargetHealth is refused, and asks once', async () => {
    const elb = new TargetHealthElb()
    elb.denied = true
    const journal = newTimingsJournal()
    const start = Date.UTC(2026, 0, 1)
    const observer = new TimingsObserver(
      journal,
      () => elb.api(),
      [{ cluster: 'prod', service: 'web', strategy: 'rolling' }],
      start
    )
    const running = snapshot([deployment('ecs-svc/new', { runningCount: 2 })])
    const poll = { service: 'web', snapshot: running, deploymentId: 'ecs-svc/new' }
    await observer.polled({ ...poll, at: start + 3000 })
    await observer.polled({ ...poll, at: start + 6000 })
    expect(elb.reads).toBe(1)
    expect(journal.notes).toEqual([
      'time to healthy of web is not measured: elasticloadbalancing:DescribeTargetHealth was refused (add it to the role to measure it)'
    ])
    expect(journal.services[0]!.seen.healthy).toBeUndefined()
  })
})
