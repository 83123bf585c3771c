import { describe, expect, it } from '@jest/globals'
import { EcsCallError, type DeploymentInfo, type ServiceSnapshot } from '../../src/aws/ecs-api.js'
import { RolloutFailure, assessRollout, type TrackedRollout } from '../../src/rollout/verdict.js'
import { watchRollout } from '../../src/rollout/watch.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import {
  FakeEcs,
  circuitBreaker,
  completesBeforeDraining,
  deletedDuringRollout,
  failingTasks,
  healthy,
  stuck,
  supersededBy,
  throttled,
  type Behaviour
} from '../../__fixtures__/fake-ecs.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'

const TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`

// ---------------------------------------------------------------------------------------------
// assessRollout: the pure decision, one poll at a time
// ---------------------------------------------------------------------------------------------

const T0 = Date.UTC(2026, 0, 1)
const tracked: TrackedRollout = {
  cluster: 'demo',
  service: 'web',
  deploymentId: 'ecs-svc/2',
  taskDefinitionArn: TD(2),
  previousTaskDefinitionArn: TD(1),
  maxFailedTasks: 3,
  startedAt: T0,
  timeoutSeconds: 600
}

function deployment(overrides: Partial<DeploymentInfo>): DeploymentInfo {
  return {
    id: 'ecs-svc/2',
    status: 'PRIMARY',
    taskDefinition: TD(2),
    desiredCount: 2,
    pendingCount: 0,
    runningCount: 2,
    failedTasks: 0,
    rolloutState: 'COMPLETED',
    ...overrides
  }
}
const old = (overrides: Partial<DeploymentInfo> = {}) =>
  deployment({
    id: 'ecs-svc/1',
    status: 'ACTIVE',
    taskDefinition: TD(1),
    runningCount: 2,
    ...overrides
  })

function service(
  deployments: DeploymentInfo[],
  overrides: Partial<ServiceSnapshot> = {}
): ServiceSnapshot {
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
    targetGroupArns: [],
    ...overrides
  }
}
const breaker = { circuitBreaker: { enable: true, rollback: true } }

describe('assessRollout', () => {
  it.each<[string, ServiceSnapshot | undefined, string, string?, RegExp?]>([
    ['done: PRIMARY, COMPLETED and alone', service([deployment({})]), 'done'],
    [
      'done: no rolloutState, running = desired, none pending, alone',
      service([deployment({ rolloutState: undefined })]),
      'done'
    ],
    [
      'in progress: tasks still starting',
      service([
        deployment({ rolloutState: 'IN_PROGRESS', runningCount: 1, pendingCount: 1 }),
        old()
      ]),
      'in-progress'
    ],
    [
      'in progress: COMPLETED but the old revision has not drained',
      service([deployment({}), old()]),
      'in-progress'
    ],
    [
      'in progress: no rolloutState, running = desired but one pending',
      service([deployment({ rolloutState: undefined, pendingCount: 1 })]),
      'in-progress'
    ],
    [
      'in progress: no rolloutState, all running but the old revision is left',
      service([deployment({ rolloutState: undefined }), old()]),
      'in-progress'
    ],
    [
      'in progress: failed tasks up to max-failed-tasks are tolerated',
      service([deployment({ rolloutState: 'IN_PROGRESS', failedTasks: 3 }), old()]),
      'in-progress'
    ],
    [
      'in progress: failed tasks past the threshold, but the circuit breaker decides',
      service([deployment({ rolloutState: 'IN_PROGRESS', failedTasks: 5 }), old()], breaker),
      'in-progress'
    ],
    [
      'failed: our deployment is PRIMARY but runs another revision, never a success',
      service([deployment({ taskDefinition: TD(3) })]),
      'failed',
      'wrong-revision',
      /deployment ecs-svc\/2 is PRIMARY but runs web:3, not web:2 that this release deploys/
    ],
    [
      'failed: service missing',
      undefined,
      'failed',
      'service-missing',
      /service web in cluster demo no longer exists/
    ],
    [
      'failed: service INACTIVE',
      service([deployment({})], { status: 'INACTIVE' }),
      'failed',
      'service-inactive',
      /is INACTIVE, no longer ACTIVE/
    ],
    [
      'failed: service DRAINING',
      service([deployment({})], { status: 'DRAINING' }),
      'failed',
      'service-inactive',
      /is DRAINING/
    ],
    [
      'failed: FAILED, no breaker rollback',
      service([
        deployment({ rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start' }),
        old()
      ]),
      'failed',
      'rollout-failed',
      /deployment ecs-svc\/2 \(web:2\) FAILED: tasks failed to start/
    ],
    [
      'failed: FAILED while PRIMARY, the breaker is about to roll back',
      service([deployment({ rolloutState: 'FAILED' }), old()], breaker),
      'failed',
      'circuit-breaker-rollback',
      /circuit breaker is rolling back to web:1/
    ],
    [
      'failed: circuit breaker rolled back to the previous revision',
      service(
        [
          old({ id: 'ecs-svc/3', status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }),
          deployment({ status: 'ACTIVE', rolloutState: 'FAILED' })
        ],
        breaker
      ),
      'failed',
      'circuit-breaker-rollback',
      /circuit breaker rolled deployment ecs-svc\/2 \(web:2\) back: deployment ecs-svc\/3 \(web:1\) is PRIMARY now/
    ],
    [
      'failed: superseded by another revision',
      service([
        deployment({ id: 'ecs-svc/9', taskDefinition: TD(3), rolloutState: 'IN_PROGRESS' }),
        deployment({ status: 'ACTIVE', rolloutState: 'IN_PROGRESS' }),
        old()
      ]),
      'failed',
      'superseded',
      /deployment ecs-svc\/2 \(web:2\) was superseded: deployment ecs-svc\/9 \(web:3\) is PRIMARY now/
    ],
    [
      'failed: our deployment vanished under another one',
      service([deployment({ id: 'ecs-svc/9', taskDefinition: TD(3) })]),
      'failed',
      'superseded',
      /web:3/
    ],
    [
      'failed: failed tasks past the threshold without a breaker',
      service([
        deployment({ rolloutState: 'IN_PROGRESS', failedTasks: 4, runningCount: 0 }),
        old()
      ]),
      'failed',
      'tasks-failing',
      /4 task\(s\) of deployment ecs-svc\/2 \(web:2\) failed .*more than max-failed-tasks 3/
    ]
  ])('%s', (...[, snapshot, status, cause, message]) => {
    const assessment = assessRollout({ at: T0 + 10_000, service: snapshot }, tracked)
    expect(assessment.status).toBe(status)
    if (assessment.status === 'failed') {
      expect(assessment.cause).toBe(cause)
      expect(assessment.message).toMatch(message!)
    }
  })

  describe('early success criteria', () => {
    const deferred = {
      earlySuccess: { healthyPercent: 100, sourceServiceRevisionCleanup: 'DEFERRED' }
    }
    const blocking = {
      earlySuccess: { healthyPercent: 100, sourceServiceRevisionCleanup: 'BLOCKING' }
    }
    const at = T0 + 10_000

    it('DEFERRED: done at COMPLETED while the old tasks still drain, saying how many remain', () => {
      const snapshot = service(
        [deployment({}), old({ runningCount: 1, pendingCount: 1 })],
        deferred
      )
      expect(assessRollout({ at, service: snapshot }, tracked)).toEqual({
        status: 'done',
        summary:
          'ECS declared success early; web:1 still draining (2 tasks): ECS removes them on its own; deployment ecs-svc/2 (web:2) COMPLETED: 2/2 running, 0 pending, 0 failed'
      })
    })

    it('DEFERRED: not done before ECS says COMPLETED, however healthy the new tasks look', () => {
      const snapshot = service([deployment({ rolloutState: 'IN_PROGRESS' }), old()], deferred)
      expect(assessRollout({ at, service: snapshot }, tracked).status).toBe('in-progress')
    })

    it('BLOCKING: follows ECS, done at COMPLETED (which ECS says only after the drain)', () => {
      const draining = service([deployment({ rolloutState: 'IN_PROGRESS' }), old()], blocking)
      expect(assessRollout({ at, service: draining }, tracked).status).toBe('in-progress')
      const completed = service([deployment({})], blocking)
      expect(assessRollout({ at, service: completed }, tracked)).toEqual({
        status: 'done',
        summary:
          'deployment ecs-svc/2 (web:2) COMPLETED: 2/2 running, 0 pending, 0 failed; no other deployment is left'
      })
    })

    it("wait-until drained: keeps waiting for the old tasks despite ECS's early success", () => {
      const drain = { ...tracked, waitForDrain: true }
      const draining = service([deployment({}), old({ runningCount: 1 })], deferred)
      expect(assessRollout({ at, service: draining }, drain)).toMatchObject({
        status: 'in-progress',
        progress: expect.stringMatching(/still draining: web:1 \(1 running, 0 pending\)$/)
      })
      expect(
        assessRollout({ at, service: service([deployment({})], deferred) }, drain).status
      ).toBe('done')
    })

    it('without early success criteria: COMPLETED with the old revision left is not done, as before', () => {
      const snapshot = service([deployment({}), old()])
      expect(assessRollout({ at, service: snapshot }, tracked).status).toBe('in-progress')
    })

    it('a failure still fails: FAILED on an early-success service is no success', () => {
      const snapshot = service([deployment({ rolloutState: 'FAILED' }), old()], deferred)
      expect(assessRollout({ at, service: snapshot }, tracked)).toMatchObject({
        status: 'failed',
        cause: 'rollout-failed'
      })
    })
  })

  it('times out saying where the rollout stood', () => {
    const snapshot = service([
      deployment({ rolloutState: 'IN_PROGRESS', runningCount: 1, pendingCount: 1, failedTasks: 1 }),
      old({ runningCount: 1 })
    ])
    const assessment = assessRollout({ at: T0 + 600_000, service: snapshot }, tracked)
    expect(assessment).toEqual({
      status: 'failed',
      cause: 'timeout',
      rollback: 'ours',
      message:
        'the rollout did not finish within the timeout of 10m: deployment ecs-svc/2 (web:2) IN_PROGRESS: 1/2 running, 1 pending, 1 failed failed; still draining: web:1 (1 running, 0 pending)'.replace(
          '1 failed failed',
          '1 failed'
        )
    })
  })

  it('is done rather than timed out when the last poll shows it done', () => {
    expect(
      assessRollout({ at: T0 + 700_000, service: service([deployment({})]) }, tracked).status
    ).toBe('done')
  })

  it.each([
    [0, 0, 'in-progress'],
    [0, 1, 'failed'],
    [1, 1, 'in-progress'],
    [1, 2, 'failed']
  ])('max-failed-tasks %i with %i failed tasks: %s', (maxFailedTasks, failedTasks, status) => {
    const snapshot = service([deployment({ rolloutState: 'IN_PROGRESS', failedTasks }), old()])
    expect(
      assessRollout({ at: T0, service: snapshot }, { ...tracked, maxFailedTasks }).status
    ).toBe(status)
  })

  it.each([
    [
      'ours',
      'tasks-failing',
      service([deployment({ rolloutState: 'IN_PROGRESS', failedTasks: 4 })])
    ],
    ['ours', 'rollout-failed', service([deployment({ rolloutState: 'FAILED' })])],
    ['ecs', 'circuit-breaker-rollback', service([deployment({ rolloutState: 'FAILED' })], breaker)],
    ['none', 'superseded', service([deployment({ id: 'x', taskDefinition: TD(3) })])],
    ['none', 'service-inactive', service([], { status: 'INACTIVE' })]
  ])('advises rollback by %s for %s', (rollback, cause, snapshot) => {
    expect(assessRollout({ at: T0, service: snapshot }, tracked)).toMatchObject({ cause, rollback })
  })
})

// ---------------------------------------------------------------------------------------------
// watchRollout: the loop against a fake ECS service state machine and a fake clock
// ---------------------------------------------------------------------------------------------

interface WorldOptions {
  behaviour?: Behaviour
  circuitBreaker?: ServiceSnapshot['circuitBreaker']
  noRolloutState?: boolean
  earlySuccess?: ServiceSnapshot['earlySuccess']
  waitForDrain?: boolean
  maxFailedTasks?: number
  timeoutSeconds?: number
  pollIntervalSeconds?: number
  random?: () => number
  before?: (ecs: FakeEcs) => void
}

async function watch(options: WorldOptions = {}) {
  const clock = new FakeClock()
  const ecs = new FakeEcs(clock)
  const v1 = ecs.addTaskDefinition({
    family: 'web',
    containerDefinitions: [{ name: 'web', image: 'web:1' }]
  })
  const v2 = ecs.addTaskDefinition({
    family: 'web',
    containerDefinitions: [{ name: 'web', image: 'web:2' }]
  })
  ecs.addTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web', image: 'web:3' }] })
  ecs.addService({
    taskDefinition: v1,
    circuitBreaker: options.circuitBreaker,
    noRolloutState: options.noRolloutState,
    earlySuccess: options.earlySuccess
  })
  ecs.behaviours = [options.behaviour ?? healthy()]
  clock.advance(60_000) // the service's own history is older than our deployment
  const logger = new RecordingLogger()
  const startedAt = clock.now()
  const updated = await ecs.updateService({ cluster: 'demo', service: 'web', taskDefinition: v2 })
  const deploymentId = updated.deployments.find(d => d.status === 'PRIMARY')!.id
  options.before?.(ecs)
  const rollout: TrackedRollout = {
    cluster: 'demo',
    service: 'web',
    deploymentId,
    taskDefinitionArn: v2,
    previousTaskDefinitionArn: v1,
    maxFailedTasks: options.maxFailedTasks ?? 3,
    waitForDrain: options.waitForDrain,
    startedAt,
    timeoutSeconds: options.timeoutSeconds ?? 600
  }
  let error: unknown
  try {
    await watchRollout(
      rollout,
      { ecs, clock, logger, random: options.random ?? (() => 0) },
      { pollIntervalSeconds: options.pollIntervalSeconds ?? 3 }
    )
  } catch (caught) {
    error = caught
  }
  const seconds = (clock.now() - startedAt) / 1000
  const progress = logger.lines
    .filter(line => /^\[[\d.ms]+\] /.test(line))
    .map(line => line.replace(/^\[[\d.ms]+\] /, ''))
  return { ecs, clock, logger, error, seconds, deploymentId, progress, text: logger.text() }
}

function failure(error: unknown): RolloutFailure {
  expect(error).toBeInstanceOf(RolloutFailure)
  return error as RolloutFailure
}

describe('watchRollout', () => {
  it('healthy: done once COMPLETED and drained, polling every interval, no real sleeps', async () => {
    const run = await watch()
    expect(run.error).toBeUndefined()
    expect(run.seconds).toBe(12)
    expect(run.ecs.count('DescribeServices')).toBe(4) // t = 3, 6, 9, 12: nothing moves before the first interval
    expect(run.clock.sleeps).toEqual([3000, 3000, 3000, 3000])
    expect(run.text).toMatch(
      /rollout complete after 12s: deployment ecs-svc\/\d+ \(web:2\) COMPLETED: 2\/2 running, 0 pending, 0 failed; no other deployment is left/
    )
  })

  it('slow: keeps polling, printing progress only when it changed', async () => {
    const run = await watch({
      behaviour: healthy({ start: 30, running: 90, drain: 120, complete: 150 })
    })
    expect(run.error).toBeUndefined()
    expect(run.seconds).toBe(150)
    expect(run.ecs.count('DescribeServices')).toBe(50)
    // Between changes, one heartbeat per 30 s quiet stretch says what is awaited.
    const heartbeats = run.text
      .split('\n')
      .filter(line => /still waiting, nothing changed for 30s/.test(line))
    // 60 s unchanged between 30 s and 90 s: one heartbeat there; never more than one per 30 s.
    expect(heartbeats.length).toBeGreaterThanOrEqual(1)
    expect(heartbeats.length).toBeLessThanOrEqual(150 / 30)
    expect(heartbeats[0]).toMatch(
      /^\[\d+(\.\d)?s\] still waiting, nothing changed for 30s: deployment ecs-svc\/\S+ \(web:2\) IN_PROGRESS/
    )
    expect(run.progress.filter(line => !/still waiting/.test(line))).toEqual([
      expect.stringMatching(
        /IN_PROGRESS: 0\/2 running, 0 pending, 0 failed; still draining: web:1 \(2 running, 0 pending\)$/
      ),
      expect.stringMatching(
        /IN_PROGRESS: 0\/2 running, 2 pending, 0 failed; still draining: web:1/
      ),
      expect.stringMatching(
        /IN_PROGRESS: 2\/2 running, 0 pending, 0 failed; still draining: web:1/
      ),
      expect.stringMatching(/IN_PROGRESS: 2\/2 running, 0 pending, 0 failed$/)
    ])
  })

  it('completed but not drained: keeps waiting until the old revision is gone', async () => {
    const run = await watch({ behaviour: completesBeforeDraining(5, 40) })
    expect(run.error).toBeUndefined()
    expect(run.seconds).toBe(42) // the first poll after the drain at 40
    expect(run.progress).toContainEqual(
      expect.stringMatching(/COMPLETED: 2\/2 running, 0 pending, 0 failed; still draining: web:1/)
    )
  })

  it('early success, DEFERRED: done at the first poll after COMPLETED, the old revision still draining', async () => {
    const run = await watch({
      behaviour: completesBeforeDraining(5, 60),
      earlySuccess: { healthyPercent: 100, sourceServiceRevisionCleanup: 'DEFERRED' }
    })
    expect(run.error).toBeUndefined()
    expect(run.seconds).toBe(6) // COMPLETED at 5, seen by the poll at 6; the drain comes at 60
    expect(run.text).toMatch(
      /rollout complete after 6s: ECS declared success early; web:1 still draining \(2 tasks\)/
    )
    expect(run.ecs.count('DescribeServices')).toBe(2)
  })

  it('early success with wait-until drained: waits until the old revision is gone', async () => {
    const run = await watch({
      behaviour: completesBeforeDraining(5, 60),
      earlySuccess: { healthyPercent: 100, sourceServiceRevisionCleanup: 'DEFERRED' },
      waitForDrain: true
    })
    expect(run.error).toBeUndefined()
    expect(run.seconds).toBe(60)
    expect(run.text).toMatch(
      /rollout complete after 60s: deployment .* no other deployment is left/
    )
  })

  it('no rolloutState (older ECS): done when running = desired, none pending, drained', async () => {
    const run = await watch({ noRolloutState: true })
    expect(run.error).toBeUndefined()
    expect(run.seconds).toBe(9) // drained at 9; no COMPLETED to wait for
    expect(run.text).toMatch(
      /\(web:2\) PRIMARY: 2\/2 running, 0 pending, 0 failed; no other deployment is left/
    )
  })

  it('FAILED without a breaker rollback: fails at once and asks for our rollback', async () => {
    const run = await watch({
      behaviour: circuitBreaker(20),
      circuitBreaker: { enable: true, rollback: false }
    })
    const error = failure(run.error)
    expect(error.kind).toBe('rollout-failed')
    expect(error.rollback).toBe('ours')
    expect(run.seconds).toBe(21)
    expect(error.message).toMatch(
      /\(web:2\) FAILED: ECS deployment circuit breaker: tasks failed to start.; 3\/3 failed tasks, ECS's default threshold for 2 desired tasks; last stopped task: task task0003 \(web:2\): EssentialContainerExited/
    )
  })

  it('circuit-breaker rollback: says ECS rolled back to the previous revision and does not ask for ours', async () => {
    const run = await watch({
      behaviour: circuitBreaker(20),
      circuitBreaker: { enable: true, rollback: true }
    })
    const error = failure(run.error)
    expect(error.kind).toBe('circuit-breaker-rollback')
    expect(error.rollback).toBe('ecs')
    expect(error.message).toMatch(
      /circuit breaker rolled deployment ecs-svc\/\d+ \(web:2\) back \(ECS deployment circuit breaker: tasks failed to start.\) at 3\/3 failed tasks, ECS's default threshold for 2 desired tasks: deployment ecs-svc\/\d+ \(web:1\) is PRIMARY now/
    )
    expect(run.text).toContain('rolling back to deployment')
  })

  it("a breaker's COUNT threshold: each progress line counts against it, past max-failed-tasks, until ECS fails the deployment", async () => {
    const run = await watch({
      behaviour: circuitBreaker(20),
      circuitBreaker: { enable: true, rollback: true, threshold: { type: 'COUNT', value: 3 } },
      maxFailedTasks: 0
    })
    expect(failure(run.error).kind).toBe('circuit-breaker-rollback')
    const counts = run.progress.flatMap(
      line => /(\d\/3 failed tasks, the service's circuit-breaker threshold)/.exec(line)?.[1] ?? []
    )
    expect([...new Set(counts)]).toEqual([
      "0/3 failed tasks, the service's circuit-breaker threshold",
      "1/3 failed tasks, the service's circuit-breaker threshold",
      "2/3 failed tasks, the service's circuit-breaker threshold",
      "3/3 failed tasks, the service's circuit-breaker threshold"
    ])
    expect(failure(run.error).message).toContain(
      "at 3/3 failed tasks, the service's circuit-breaker threshold: deployment"
    )
  })

  it('superseded by another revision: names it', async () => {
    const run = await watch({ behaviour: supersededBy(TD(3), 8) })
    const error = failure(run.error)
    expect(error.kind).toBe('superseded')
    expect(error.rollback).toBe('none')
    expect(error.message).toMatch(
      /was superseded: deployment ecs-svc\/\d+ \(web:3\) is PRIMARY now \(someone else updated service web\)/
    )
    expect(run.seconds).toBe(9)
  })

  it.each([
    ['INACTIVE', undefined, 'service-inactive', /service web in cluster demo is INACTIVE/],
    ['deleted altogether', 8, 'service-missing', /service web in cluster demo no longer exists/]
  ])('service %s mid-wait: fails at once', async (_name, gone, kind, message) => {
    const run = await watch({ behaviour: deletedDuringRollout(8, gone) })
    const error = failure(run.error)
    expect(error.kind).toBe(kind)
    expect(error.rollback).toBe('none')
    expect(error.message).toMatch(message)
    expect(run.seconds).toBe(9)
  })

  it('failed tasks past the threshold without a breaker: prints each stop reason once, then fails', async () => {
    const run = await watch({
      behaviour: failingTasks(
        4,
        'CannotPullContainerError: pull image manifest has been retried 5 time(s)'
      ),
      maxFailedTasks: 2
    })
    const error = failure(run.error)
    expect(error.kind).toBe('tasks-failing')
    expect(error.rollback).toBe('ours')
    expect(run.seconds).toBe(15) // failures at 5, 9, 13; seen at the poll at 15
    const stopped = run.logger.lines.filter(line => line.startsWith('  stopped '))
    expect(stopped).toEqual(
      [1, 2, 3].map(
        n =>
          `  stopped task task000${n} (web:2): EssentialContainerExited: CannotPullContainerError: pull image manifest has been retried 5 time(s); container web exit code 1 (exit status 1)`
      )
    )
    expect(error.message).toMatch(
      /3 task\(s\) of deployment .* failed .*; last stopped task: task task0003 \(web:2\): EssentialContainerExited: CannotPullContainerError/
    )
    expect(run.ecs.count('ListTasks')).toBe(3) // only when failedTasks grew
  })

  it('timeout: the message says where the rollout stood', async () => {
    const run = await watch({ behaviour: stuck(), timeoutSeconds: 30 })
    const error = failure(run.error)
    expect(error.kind).toBe('timeout')
    expect(error.rollback).toBe('ours')
    expect(run.seconds).toBe(30)
    expect(error.message).toBe(
      `the rollout did not finish within the timeout of 30s: deployment ${run.deploymentId} (web:2) IN_PROGRESS: 0/2 running, 2 pending, 0 failed; still draining: web:1 (2 running, 0 pending)`
    )
  })

  it('throttling during polls is tolerated and logged once', async () => {
    const run = await watch({
      random: () => 0.5,
      before: ecs => ecs.failCalls('DescribeServices', throttled(), 3)
    })
    expect(run.error).toBeUndefined()
    // A throttled poll read nothing: it is asked again after one interval (3 s, jittered up:
    // 3.15 s at random 0.5), not after the spacing the throttles widened (that is for answered
    // polls). The first answer (the 4th poll, at 4 × 3.15 s) shows the rollout done.
    const polls = run.ecs.calls.filter(call => call.operation === 'DescribeServices').map(c => c.at)
    const gaps = polls.slice(1).map((at, i) => (at - polls[i]!) / 1000)
    expect(gaps).toEqual([3.15, 3.15, 3.15])
    expect(run.seconds).toBeCloseTo(12.6, 9)
    expect(run.logger.warnings).toEqual([
      expect.stringMatching(
        /DescribeServices failed .*ThrottlingException.*tolerated while polling/
      )
    ])
  })

  it('ECS throttled for the whole timeout: one last retried read, then unreadable, never a rollback', async () => {
    const run = await watch({
      behaviour: stuck(),
      timeoutSeconds: 20,
      before: ecs => ecs.failCalls('DescribeServices', throttled(), 1000)
    })
    // ECS could not be read at all: no verdict on stale data, and no rollback of a release
    // that may well have succeeded.
    const error = failure(run.error)
    expect(error.kind).toBe('unreadable')
    expect(error.rollback).toBe('none')
    expect(error.message).toMatch(
      /could not read service web in cluster demo for 2\ds \(ThrottlingException: .*\); deployment \S+ may well have completed, so it is not rolled back/
    )
  })

  it('failing to explain a stopped task does not fail the rollout', async () => {
    const run = await watch({
      behaviour: failingTasks(4),
      maxFailedTasks: 2,
      before: ecs =>
        ecs.failCalls(
          'ListTasks',
          new EcsCallError(
            'ECS ListTasks failed: AccessDeniedException: no',
            'ListTasks',
            'AccessDeniedException',
            false
          )
        )
    })
    expect(failure(run.error).kind).toBe('tasks-failing')
    expect(run.logger.warnings).toEqual([expect.stringMatching(/AccessDeniedException/)])
  })

  it('a permanent error (access denied) fails the watch at once', async () => {
    const denied = new EcsCallError(
      'ECS DescribeServices failed for service web in cluster demo: AccessDeniedException: not allowed',
      'DescribeServices',
      'AccessDeniedException',
      false
    )
    const run = await watch({ before: ecs => ecs.failCalls('DescribeServices', denied) })
    expect(run.error).toBe(denied)
  })

  it('prints each new service event once, oldest first, none from before the deployment', async () => {
    const run = await watch({
      behaviour: healthy({ start: 2, running: 6, drain: 9, complete: 12 })
    })
    const events = run.logger.lines.filter(line => line.startsWith('  event '))
    expect(events).toEqual([
      expect.stringMatching(/has started a deployment ecs-svc/),
      expect.stringMatching(/has reached a steady state/)
    ])
  })

  it('jitters the interval upwards only', async () => {
    const run = await watch({ random: () => 0.5 })
    expect(run.clock.sleeps.every(sleep => sleep === 3150)).toBe(true)
  })

  it('the poll interval is a floor: at most one DescribeServices per interval', async () => {
    const run = await watch({
      behaviour: healthy({ start: 5, running: 30, drain: 50, complete: 60 }),
      pollIntervalSeconds: 2,
      random: Math.random
    })
    const times = run.ecs.calls
      .filter(call => call.operation === 'DescribeServices')
      .map(call => call.at)
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(2000)
  })
})
