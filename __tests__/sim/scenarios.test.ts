import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  ServiceNotActiveException,
  type Service
} from '@aws-sdk/client-ecs'
import { harness, registerWebRevision, summary, type Harness } from './helpers.js'

const WEB1 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
const messages = (s: Service) => (s.events ?? []).map(e => e.message)

let h: Harness
afterEach(async () => h?.stop())

/** Stopped tasks of one deployment, described. */
async function stoppedTasksOf(deploymentId: string) {
  const list = await h.ecs.send(
    new ListTasksCommand({
      cluster: 'demo',
      serviceName: 'web',
      desiredStatus: 'STOPPED',
      startedBy: deploymentId
    })
  )
  if (!list.taskArns?.length) return []
  const out = await h.ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: list.taskArns }))
  return out.tasks ?? []
}

describe('scenario timelines (manual clock, seconds after UpdateService)', () => {
  it('healthy: tasks start 1-4 s, old drained at 5 s, COMPLETED and alone at 6 s', async () => {
    h = await harness('healthy')
    const arn = await registerWebRevision(h)
    const ours = (await h.update(arn)).deployments?.[0]?.id as string

    h.at(0.9)
    let s = await h.describe()
    expect(s.deployments?.map(summary)).toEqual([
      {
        status: 'PRIMARY',
        taskDefinition: 'web:2',
        desired: 2,
        pending: 0,
        running: 0,
        failed: 0,
        rolloutState: 'IN_PROGRESS'
      },
      {
        status: 'ACTIVE',
        taskDefinition: 'web:1',
        desired: 2,
        pending: 0,
        running: 2,
        failed: 0,
        rolloutState: 'COMPLETED'
      }
    ])
    h.at(1)
    s = await h.describe()
    expect(s.deployments?.[0]).toMatchObject({ pendingCount: 2, runningCount: 0 })
    expect(messages(s)[0]).toMatch(
      /^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/
    )
    h.at(2.5)
    expect((await h.describe()).deployments?.[0]).toMatchObject({
      pendingCount: 1,
      runningCount: 1
    })
    h.at(4)
    s = await h.describe()
    expect(s.deployments?.map(summary)).toEqual([
      {
        status: 'PRIMARY',
        taskDefinition: 'web:2',
        desired: 2,
        pending: 0,
        running: 2,
        failed: 0,
        rolloutState: 'IN_PROGRESS'
      },
      {
        status: 'ACTIVE',
        taskDefinition: 'web:1',
        desired: 2,
        pending: 0,
        running: 2,
        failed: 0,
        rolloutState: 'COMPLETED'
      }
    ])
    expect(s).toMatchObject({ runningCount: 4, pendingCount: 0 })
    h.at(5)
    s = await h.describe()
    expect(s.deployments?.[1]).toMatchObject({ status: 'ACTIVE', runningCount: 0 })
    expect(messages(s)[0]).toMatch(/has stopped 2 running tasks/)
    h.at(5.999)
    expect((await h.describe()).deployments).toHaveLength(2)
    h.at(6)
    s = await h.describe()
    expect(s.deployments?.map(summary)).toEqual([
      {
        status: 'PRIMARY',
        taskDefinition: 'web:2',
        desired: 2,
        pending: 0,
        running: 2,
        failed: 0,
        rolloutState: 'COMPLETED'
      }
    ])
    expect(s.deployments?.[0]?.id).toBe(ours)
    expect(s.deployments?.[0]?.rolloutStateReason).toBe(`ECS deployment ${ours} completed.`)
    expect(messages(s).slice(0, 2)).toEqual([
      '(service web) has reached a steady state.',
      `(service web) (deployment ${ours}) deployment completed.`
    ])
    // Events are newest first and their times are the scheduled times.
    const times = (s.events ?? []).map(e => e.createdAt?.getTime() ?? 0)
    expect([...times].sort((a, b) => b - a)).toEqual(times)

    const state = h.sim.state()
    expect(state).toMatchObject({
      scenario: 'healthy',
      outcome: 'completed',
      outcomeVisibleAt: state.rolloutStartedAt! + 6000,
      outcomeServedAt: state.rolloutStartedAt! + 6000,
      firstTaskFailureAt: null,
      deploymentId: ours
    })
    expect(state.calls.DescribeServices).toBe(7)
    expect(state.calls.UpdateService).toBe(1)
    expect(state.describeServicesAt).toHaveLength(7)
  })

  it('the world depends on time, not on how often it is polled', async () => {
    const run = async (polls: number) => {
      h = await harness('circuit-breaker')
      await h.update(await registerWebRevision(h))
      for (let i = 1; i <= polls; i++) {
        h.at((10 * i) / polls)
        await h.describe()
      }
      h.at(10)
      const out = await h.ecs.send(
        new DescribeServicesCommand({ cluster: 'demo', services: ['web'] })
      )
      await h.stop()
      return out.services
    }
    const slow = await run(1)
    const fast = await run(50)
    expect(fast).toEqual(slow)
  })

  it('slow: still IN_PROGRESS at 24.9 s, COMPLETED at 25 s', async () => {
    h = await harness('slow')
    await h.update(await registerWebRevision(h))
    h.at(6)
    expect((await h.describe()).deployments?.map(summary)[0]).toMatchObject({
      pending: 2,
      running: 0
    })
    h.at(18)
    expect((await h.describe()).deployments?.map(summary)[0]).toMatchObject({
      pending: 0,
      running: 2
    })
    h.at(24.9)
    expect((await h.describe()).deployments).toHaveLength(2)
    h.at(25)
    const s = await h.describe()
    expect(s.deployments?.map(summary)).toEqual([
      {
        status: 'PRIMARY',
        taskDefinition: 'web:2',
        desired: 2,
        pending: 0,
        running: 2,
        failed: 0,
        rolloutState: 'COMPLETED'
      }
    ])
    expect(h.sim.state().outcomeVisibleAt).toBe(h.sim.state().rolloutStartedAt! + 25000)
  })

  it('circuit-breaker: failedTasks 1/2/3 at 2/4/6 s, FAILED + ECS rollback at 8 s, rollback done at 14 s', async () => {
    h = await harness('circuit-breaker')
    const before = await h.describe()
    expect(before.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: true
    })
    const arn = await registerWebRevision(h, 'broken')
    const ours = (await h.update(arn)).deployments?.[0]?.id as string

    for (const [t, failed] of [
      [1.9, 0],
      [2, 1],
      [3.9, 1],
      [4, 2],
      [6, 3],
      [7.9, 3]
    ] as const) {
      h.at(t)
      const s = await h.describe()
      expect(s.deployments?.[0]).toMatchObject({
        id: ours,
        status: 'PRIMARY',
        failedTasks: failed,
        rolloutState: 'IN_PROGRESS'
      })
    }
    const stopped = await stoppedTasksOf(ours)
    expect(stopped).toHaveLength(3)
    expect(stopped[0]).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      startedBy: ours,
      taskDefinitionArn: arn
    })
    expect(stopped[0]?.containers?.[0]).toMatchObject({
      name: 'web',
      exitCode: 1,
      lastStatus: 'STOPPED'
    })

    h.at(8)
    let s = await h.describe()
    const [rollback, failed, original] = s.deployments ?? []
    expect(rollback).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: WEB1,
      rolloutState: 'IN_PROGRESS'
    })
    expect(failed).toMatchObject({
      id: ours,
      status: 'ACTIVE',
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
      failedTasks: 3,
      pendingCount: 0
    })
    expect(original).toMatchObject({ status: 'ACTIVE', taskDefinition: WEB1, runningCount: 2 })
    expect(messages(s).slice(0, 2)).toEqual([
      `(service web) rolling back to deployment ${rollback?.id}.`,
      `(service web) deployment ${ours} deployment failed: tasks failed to start.`
    ])
    expect(s.taskDefinition).toBe(WEB1)

    h.at(14)
    s = await h.describe()
    expect(s.deployments?.map(summary)).toEqual([
      {
        status: 'PRIMARY',
        taskDefinition: 'web:1',
        desired: 2,
        pending: 0,
        running: 2,
        failed: 0,
        rolloutState: 'COMPLETED'
      }
    ])
    const state = h.sim.state()
    expect(state).toMatchObject({
      outcome: 'failed',
      outcomeVisibleAt: state.rolloutStartedAt! + 8000,
      firstTaskFailureAt: state.rolloutStartedAt! + 2000
    })
    expect(state.rollouts.map(r => [r.kind, r.initiator, r.outcome])).toEqual([
      ['scenario', 'client', 'failed'],
      ['circuit-breaker-rollback', 'ecs', 'completed']
    ])
  })

  it('failing-no-breaker: a failed task every 2 s for ever; a client rollback completes like healthy', async () => {
    h = await harness('failing-no-breaker')
    const arn = await registerWebRevision(h, 'missing')
    const ours = (await h.update(arn)).deployments?.[0]?.id as string
    h.at(2)
    expect((await h.describe()).deployments?.[0]).toMatchObject({ failedTasks: 1, pendingCount: 2 })
    h.at(600)
    let s = await h.describe()
    expect(s.deployments?.[0]).toMatchObject({
      id: ours,
      status: 'PRIMARY',
      failedTasks: 300,
      rolloutState: 'IN_PROGRESS'
    })
    const [first] = await stoppedTasksOf(ours)
    expect(first).toMatchObject({
      stopCode: 'TaskFailedToStart',
      stoppedReason: expect.stringContaining(
        'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:missing'
      )
    })
    expect(first?.containers?.[0]?.reason).toMatch(/^CannotPullContainerError/)
    expect(first?.containers?.[0]?.exitCode).toBeUndefined()

    // The client rolls back to web:1: that deployment progresses like healthy.
    const back = (await h.update(WEB1)).deployments?.[0]?.id
    h.at(2)
    s = await h.describe()
    expect(s.deployments?.find(d => d.id === ours)).toMatchObject({
      status: 'ACTIVE',
      failedTasks: 300
    })
    h.at(6)
    s = await h.describe()
    expect(s.deployments?.map(summary)).toEqual([
      {
        status: 'PRIMARY',
        taskDefinition: 'web:1',
        desired: 2,
        pending: 0,
        running: 2,
        failed: 0,
        rolloutState: 'COMPLETED'
      }
    ])
    expect(s.deployments?.[0]?.id).toBe(back)
    const state = h.sim.state()
    expect(state.outcome).toBe('tasks-failing')
    expect(state.outcomeVisibleAt).toBe(state.firstTaskFailureAt)
    expect(state.outcomeVisibleAt).toBe(state.rolloutStartedAt! + 2000)
    expect(state.rollouts.map(r => [r.kind, r.outcome])).toEqual([
      ['scenario', 'tasks-failing'],
      ['known-task-definition', 'completed']
    ])
  })

  it('superseded: someone else deploys web:99 at 3 s', async () => {
    h = await harness('superseded')
    const ours = (await h.update(await registerWebRevision(h))).deployments?.[0]?.id
    h.at(2.99)
    expect((await h.describe()).deployments?.[0]?.id).toBe(ours)
    h.at(3)
    let s = await h.describe()
    expect(s.deployments?.map(summary).slice(0, 2)).toEqual([
      {
        status: 'PRIMARY',
        taskDefinition: 'web:99',
        desired: 2,
        pending: 0,
        running: 0,
        failed: 0,
        rolloutState: 'IN_PROGRESS'
      },
      {
        status: 'ACTIVE',
        taskDefinition: 'web:2',
        desired: 1,
        pending: 0,
        running: 1,
        failed: 0,
        rolloutState: 'IN_PROGRESS'
      }
    ])
    const td = await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:99' }))
    expect(td.taskDefinition?.containerDefinitions?.[0]?.image).toBe(
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:hotfix-by-someone-else'
    )
    h.at(9)
    s = await h.describe()
    expect(s.deployments?.map(summary)).toEqual([
      {
        status: 'PRIMARY',
        taskDefinition: 'web:99',
        desired: 2,
        pending: 0,
        running: 2,
        failed: 0,
        rolloutState: 'COMPLETED'
      }
    ])
    const state = h.sim.state()
    expect(state).toMatchObject({
      outcome: 'superseded',
      outcomeVisibleAt: state.rolloutStartedAt! + 3000
    })
  })

  it('deleted: DRAINING at 3 s, INACTIVE at 5 s', async () => {
    h = await harness('deleted')
    await h.update(await registerWebRevision(h))
    h.at(2.9)
    expect((await h.describe()).status).toBe('ACTIVE')
    h.at(3)
    const s = await h.describe()
    expect(s).toMatchObject({ status: 'DRAINING', desiredCount: 0, runningCount: 0 })
    h.at(5)
    expect((await h.describe()).status).toBe('INACTIVE')
    await expect(h.update(WEB1)).rejects.toBeInstanceOf(ServiceNotActiveException)
    const state = h.sim.state()
    expect(state).toMatchObject({
      outcome: 'service-inactive',
      outcomeVisibleAt: state.rolloutStartedAt! + 3000
    })
  })

  it('no-rollout-state: no rolloutState ever; done = running = desired, pending 0, old gone at 6 s', async () => {
    h = await harness('no-rollout-state')
    let s = await h.describe()
    expect(s.deployments?.[0]?.rolloutState).toBeUndefined()
    await h.update(await registerWebRevision(h))
    h.at(4)
    s = await h.describe()
    expect(s.deployments?.map(summary)[0]).toEqual({
      status: 'PRIMARY',
      taskDefinition: 'web:2',
      desired: 2,
      pending: 0,
      running: 2,
      failed: 0,
      rolloutState: undefined
    })
    expect(s.deployments).toHaveLength(2)
    h.at(6)
    s = await h.describe()
    expect(s.deployments).toHaveLength(1)
    expect(s.deployments?.[0]).not.toHaveProperty('rolloutStateReason')
    expect(h.sim.state()).toMatchObject({ outcome: 'completed' })
  })

  it('timeScale multiplies every scenario time', async () => {
    h = await harness('healthy', { timeScale: 0.2 })
    await h.update(await registerWebRevision(h))
    h.at(1.19)
    expect((await h.describe()).deployments).toHaveLength(2)
    h.at(1.2)
    expect((await h.describe()).deployments?.[0]?.rolloutState).toBe('COMPLETED')
  })

  it.each([
    'healthy',
    'slow',
    'circuit-breaker',
    'failing-no-breaker',
    'superseded',
    'throttled',
    'no-rollout-state'
  ])(
    '%s: a client rollback to a revision that ran before progresses like healthy',
    async scenario => {
      h = await harness(scenario)
      await h.update(await registerWebRevision(h))
      h.at(1)
      await h.update(WEB1)
      h.at(5.9)
      const service = (s: ReturnType<typeof h.sim.state>) => s.services[0] as Service
      expect(service(h.sim.state()).deployments).toHaveLength(3)
      h.at(6)
      const web = service(h.sim.state())
      expect(web.deployments).toHaveLength(1)
      expect(web.deployments?.[0]).toMatchObject({
        taskDefinition: WEB1,
        runningCount: 2,
        pendingCount: 0
      })
      expect(h.sim.state().rollouts.map(r => r.kind)).toEqual(['scenario', 'known-task-definition'])
    }
  )

  it('a seed with two services, breaker off, three tasks each', async () => {
    h = await harness('healthy', {
      seed: { services: ['web', 'api'], desiredCount: 3, cluster: 'demo' }
    })
    const out = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'demo', services: ['web', 'api'] })
    )
    expect(
      out.services?.map(s => [s.serviceName, s.runningCount, s.taskDefinition?.split('/').pop()])
    ).toEqual([
      ['web', 3, 'web:1'],
      ['api', 3, 'api:1']
    ])
  })
})
