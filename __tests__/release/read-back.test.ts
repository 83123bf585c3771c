import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import type { DescribeServicesResult, EcsApi, ServiceSnapshot } from '../../src/aws/ecs-api.js'
import { failureNeedsReadBack, readBackServices, wasUpdated } from '../../src/release/read-back.js'
import type { ReleaseState, ServiceRelease } from '../../src/core/state.js'
import { describeCancellation } from '../../src/report/cancellation.js'
import { describeFailure } from '../../src/report/failure.js'
import { servicesJson } from '../../src/report/outputs.js'
import { renderSummary } from '../../src/report/summary.js'
import type { Target } from '../../src/settings/types.js'
import { ReleaseError } from '../../src/util/errors.js'

const TD = (service: string, revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${service}:${revision}`

function release(service: string, extra: Partial<ServiceRelease> = {}): ServiceRelease {
  return {
    target: { cluster: 'demo', service } as Target,
    registration: {
      taskDefinitionArn: TD(service, 2),
      previousTaskDefinitionArn: TD(service, 1),
      serviceExists: true,
      unchanged: false,
      changes: [],
      predicted: false
    },
    ...extra
  }
}

function snapshot(name: string, primary: string, others: string[] = []): ServiceSnapshot {
  return {
    name,
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    deploymentController: 'ECS',
    circuitBreaker: { enable: false, rollback: false },
    deployments: [primary, ...others].map((taskDefinition, index) => ({
      id: `ecs-svc/${index}`,
      status: index === 0 ? 'PRIMARY' : 'ACTIVE',
      taskDefinition,
      desiredCount: 2,
      pendingCount: 0,
      runningCount: 1,
      failedTasks: 0
    })),
    events: [],
    targetGroupArns: []
  }
}

/** An ECS that only reads services: each call recorded, answered by `answer`. */
function readingEcs(
  answer: (cluster: string, names: readonly string[]) => Promise<DescribeServicesResult>
) {
  const calls: { cluster: string; names: string[]; polling?: boolean }[] = []
  const ecs = {
    describeServices: (
      cluster: string,
      names: readonly string[],
      options?: { polling?: boolean }
    ) => {
      calls.push({ cluster, names: [...names], polling: options?.polling })
      return answer(cluster, names)
    }
  } as unknown as EcsApi
  return { ecs, calls }
}

function stateOf(releases: ServiceRelease[]): ReleaseState {
  return {
    steps: [{ step: 'deploy', startedAt: 0, seconds: 0, outcome: 'running' }],
    services: releases
  }
}

describe('readBackServices', () => {
  it('one DescribeServices per cluster and 10 services, one attempt each', async () => {
    const names = Array.from({ length: 12 }, (_, index) => `svc${index}`)
    const releases = [
      ...names.map(name => release(name, { deploying: true })),
      { ...release('other'), target: { cluster: 'second', service: 'other' } as Target }
    ]
    const { ecs, calls } = readingEcs(async (_cluster, asked) => ({
      services: asked.map(name => snapshot(name, TD(name, 1))),
      missing: []
    }))
    const state = stateOf(releases)
    await readBackServices(state, () => ecs, new FakeClock(), { dryRun: false })
    expect(calls.map(call => [call.cluster, call.names.length, call.polling])).toEqual([
      ['demo', 10, true],
      ['demo', 2, true],
      ['second', 1, true]
    ])
    expect(releases.map(found => found.live)).toEqual(
      releases.map(found => ({
        taskDefinitionArn: TD(found.target.service, 1),
        alongside: []
      }))
    )
  })

  it('nothing before deploy started, nothing in a dry run', async () => {
    const { ecs, calls } = readingEcs(async () => ({ services: [], missing: [] }))
    const before = { ...stateOf([release('web')]), steps: [] }
    await readBackServices(before, () => ecs, new FakeClock(), { dryRun: false })
    await readBackServices(stateOf([release('web')]), () => ecs, new FakeClock(), {
      dryRun: true
    })
    expect(calls).toEqual([])
  })

  it('a read that fails, a missing service, one not ACTIVE: unknown, and why', async () => {
    const failing = readingEcs(async () => {
      throw new Error('AccessDeniedException: not allowed')
    })
    const web = release('web', { deploying: true })
    await readBackServices(stateOf([web]), () => failing.ecs, new FakeClock(), { dryRun: false })
    expect(web.live).toEqual({ unknown: 'AccessDeniedException: not allowed' })

    const gone = release('gone', { deploying: true })
    const draining = release('draining', { deploying: true })
    const odd = readingEcs(async () => ({
      services: [{ ...snapshot('draining', TD('draining', 2)), status: 'DRAINING' }],
      missing: [{ service: 'gone', reason: 'MISSING' }]
    }))
    await readBackServices(stateOf([gone, draining]), () => odd.ecs, new FakeClock(), {
      dryRun: false
    })
    expect(gone.live).toEqual({ unknown: 'ECS reports the service missing' })
    expect(draining.live).toEqual({ unknown: 'the service is DRAINING' })
  })

  it('a read not answered by the deadline: unknown, without waiting for it', async () => {
    const clock = new FakeClock()
    const hanging = readingEcs(() => new Promise<DescribeServicesResult>(() => {}))
    const web = release('web', { deploying: true })
    await readBackServices(stateOf([web]), () => hanging.ecs, clock, {
      dryRun: false,
      deadline: clock.now() + 2500
    })
    expect(web.live).toEqual({
      unknown: 'not answered within the cancel grace (2.5s left)'
    })
    expect(clock.sleeps).toEqual([2500])
  })

  it('a deadline already past: not even asked', async () => {
    const clock = new FakeClock()
    const { ecs, calls } = readingEcs(async () => ({ services: [], missing: [] }))
    const web = release('web', { deploying: true })
    await readBackServices(stateOf([web]), () => ecs, clock, {
      dryRun: false,
      deadline: clock.now() - 1
    })
    expect(calls).toEqual([])
    expect(web.live).toEqual({ unknown: 'no time was left in the cancel grace to read it' })
  })
})

describe('wasUpdated', () => {
  const live = (primary: string, alongside: string[] = []) => ({
    taskDefinitionArn: primary,
    alongside
  })
  it.each<[string, Partial<ServiceRelease>, boolean | 'unknown']>([
    ['its UpdateService was never sent', { live: live(TD('web', 1)) }, false],
    [
      'its answer came',
      {
        deploying: true,
        deployment: { id: 'd', taskDefinitionArn: TD('web', 2), createdService: false }
      },
      true
    ],
    [
      'unanswered, ECS runs ours',
      { deploying: true, live: live(TD('web', 2), [TD('web', 1)]) },
      true
    ],
    [
      'unanswered, ours beside the PRIMARY',
      { deploying: true, live: live(TD('web', 1), [TD('web', 2)]) },
      true
    ],
    ['unanswered, ECS runs the old one', { deploying: true, live: live(TD('web', 1)) }, false],
    ['unanswered, not read', { deploying: true }, false],
    ['unanswered, the read failed', { deploying: true, live: { unknown: 'x' } }, 'unknown']
  ])('%s', (_, extra, expected) => {
    expect(wasUpdated(release('web', extra))).toBe(expected)
  })

  it('a CODE_DEPLOY service without a task set of ours: unknown (CodeDeploy makes it later)', () => {
    const web = release('web', { deploying: true, live: live(TD('web', 1)) })
    web.registration!.codeDeployService = { loadBalancers: [] }
    expect(wasUpdated(web)).toBe('unknown')
  })

  it('an unchanged revision running says nothing about an update', () => {
    const web = release('web', { deploying: true, live: live(TD('web', 2)) })
    web.registration!.unchanged = true
    expect(wasUpdated(web)).toBe(false)
  })
})

describe('failureNeedsReadBack', () => {
  it('always for several services; for one, only when its update went out unanswered and unread', () => {
    expect(failureNeedsReadBack(stateOf([release('web'), release('api')]))).toBe(true)
    expect(failureNeedsReadBack(stateOf([release('web')]))).toBe(false)
    expect(failureNeedsReadBack(stateOf([release('web', { deploying: true })]))).toBe(true)
    expect(
      failureNeedsReadBack(
        stateOf([release('web', { deploying: true, live: { unknown: 'AccessDenied' } })])
      )
    ).toBe(true)
    expect(
      failureNeedsReadBack(
        stateOf([
          release('web', {
            deploying: true,
            live: { taskDefinitionArn: TD('web', 1), alongside: [] }
          })
        ])
      )
    ).toBe(false)
  })
})

describe('what a cancelled or failed release of three services reports', () => {
  const three = () => {
    const web = release('web', {
      deploying: true,
      deployment: { id: 'ecs-svc/1', taskDefinitionArn: TD('web', 2), createdService: false },
      live: { taskDefinitionArn: TD('web', 2), alongside: [TD('web', 1)] }
    })
    const worker = release('worker', {
      deploying: true,
      live: { taskDefinitionArn: TD('worker', 2), alongside: [] }
    })
    const api = release('api', { deploying: true, live: { unknown: 'Rate | exceeded' } })
    return { ...stateOf([web, worker, api]), result: 'failed' as const }
  }

  it('the services output: updated by what ECS runs, unknown when unread', () => {
    expect(JSON.parse(servicesJson(three()))).toEqual({
      web: expect.objectContaining({ result: 'failed', running: TD('web', 2) }),
      worker: expect.objectContaining({
        result: 'failed',
        'deployment-id': '',
        running: TD('worker', 2)
      }),
      api: expect.objectContaining({ result: 'unknown', running: 'unknown' })
    })
  })

  it('the cancel message names every service and what ECS runs', () => {
    expect(describeCancellation('SIGTERM', undefined, three(), 2000)).toBe(
      'ecs-flow was cancelled (SIGTERM); during deploy, 2.0s into it; deployment ecs-svc/1 of service web in cluster demo keeps rolling out on ECS, ECS runs web:2 (web:1 beside it) (read back); service worker in cluster demo was updated, its answer cut short by the cancel, ECS runs worker:2 (read back); whether service api in cluster demo was updated is unknown, ECS runs: unknown (it could not be read back: Rate | exceeded); look at it before re-running; check them in the ECS console or re-run the release.'
    )
  })

  it('nothing sent: not updated, said without a read', () => {
    const state = stateOf([release('web'), release('api')])
    expect(describeCancellation('SIGINT', undefined, state, 0)).toMatch(
      /; no service was updated\.$/
    )
  })

  it('the failure message ends its first line with what was read back', () => {
    const { message } = describeFailure(
      new ReleaseError('service api: UpdateService failed\nlast log line'),
      three()
    )
    expect(message).toBe(
      'service api: UpdateService failed. Read back from ECS: service web runs web:2 (web:1 beside it); service worker runs worker:2, updated by this run though its update failed or went unanswered: neither watched nor rolled back; service api: unknown (it could not be read: Rate | exceeded).\nlast log line'
    )
  })

  it('the summary rows: a column of what ECS runs, outside text escaped', () => {
    const summary = renderSummary({ state: three(), elapsedSeconds: 1 })
    expect(summary).toContain('| service | task definition | result | ECS runs (read back) |')
    expect(summary).toContain(
      '| `web` | `web:1` → `web:2` | failed | `web:2` (`web:1` beside it) |'
    )
    expect(summary).toContain('| `worker` | `worker:1` → `worker:2` | failed | `worker:2` |')
    expect(summary).toContain(
      '| `api` | `api:1` → `api:2` | unknown | unknown (Rate \\| exceeded) |'
    )
  })
})
