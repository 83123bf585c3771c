import { describe, expect, it } from '@jest/globals'
import type { ServiceDeploymentSnapshot } from '../../src/aws/service-deployment.js'
import {
  LIFECYCLE_STAGES,
  assessServiceDeployment,
  type StageEvent,
  type TrackedServiceDeployment,
  type WaitUntil
} from '../../src/rollout/service-deployment-verdict.js'

const T0 = Date.UTC(2026, 0, 1, 12)
const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/AbCdEfGhIjKlMnOpQrStU'
const BLUE = 'arn:aws:ecs:us-east-1:123456789012:service-revision/demo/web/1000'
const GREEN = 'arn:aws:ecs:us-east-1:123456789012:service-revision/demo/web/2000'

function deployment(overrides: Partial<ServiceDeploymentSnapshot> = {}): ServiceDeploymentSnapshot {
  return {
    arn: ARN,
    status: 'IN_PROGRESS',
    lifecycleStage: 'SCALE_UP',
    createdAt: T0,
    startedAt: T0 + 1000,
    updatedAt: T0 + 1500,
    target: { arn: GREEN, requested: 2, running: 1, pending: 1 },
    sources: [{ arn: BLUE, requested: 2, running: 2, pending: 0 }],
    alarms: { status: 'MONITORING', names: ['web-5xx'], triggered: [] },
    circuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 },
    ...overrides
  }
}

const tracked = (waitUntil: WaitUntil = 'complete'): TrackedServiceDeployment => ({
  cluster: 'demo',
  service: 'web',
  waitUntil
})

function assess(
  overrides: Partial<ServiceDeploymentSnapshot>,
  {
    seen = [],
    waitUntil = 'complete',
    isCurrent = true,
    at = T0 + 60_000
  }: { seen?: StageEvent[]; waitUntil?: WaitUntil; isCurrent?: boolean; at?: number } = {}
) {
  return assessServiceDeployment(
    { at, deployment: deployment(overrides), isCurrent },
    seen,
    tracked(waitUntil)
  )
}

const rolledBackByAlarm = {
  alarms: { status: 'TRIGGERED', names: ['web-5xx'], triggered: ['web-5xx'] },
  statusReason:
    'Service deployment rolled back because the CloudWatch alarm(s) web-5xx went into ALARM.'
}

describe('every status', () => {
  it.each([
    // status, expected verdict, rollback advice, ECS's rollback state, finished
    ['PENDING', 'in-progress', undefined, undefined, undefined],
    ['IN_PROGRESS', 'in-progress', undefined, undefined, undefined],
    ['SUCCESSFUL', 'done', undefined, undefined, undefined],
    ['STOP_REQUESTED', 'failed', 'ours', undefined, false],
    ['STOPPED', 'failed', 'ours', undefined, true],
    ['ROLLBACK_REQUESTED', 'failed', 'ecs', 'requested', false],
    ['ROLLBACK_IN_PROGRESS', 'failed', 'ecs', 'in-progress', false],
    ['ROLLBACK_SUCCESSFUL', 'failed', 'ecs', 'successful', true],
    ['ROLLBACK_FAILED', 'failed', 'none', 'failed', true],
    // A status ECS may add one day is watched on; the watch's timeout bounds it.
    ['PAUSED_FOR_SOMETHING_NEW', 'in-progress', undefined, undefined, undefined]
  ])('%s → %s (rollback %s, ECS rollback %s, finished %s)', (status, verdict, advice, ecs, fin) => {
    const result = assess({ status })
    expect(result.status).toBe(verdict)
    if (result.status === 'failed') {
      expect([result.rollback, result.ecsRollback, result.finished]).toEqual([advice, ecs, fin])
    }
  })

  it('SUCCESSFUL is done whatever wait-until says, and says the old tasks are gone', () => {
    for (const waitUntil of ['complete', 'traffic-shifted'] as const) {
      expect(assess({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' }, { waitUntil })).toEqual({
        status: 'done',
        how: 'successful',
        newStages: [{ stage: 'CLEAN_UP', at: T0 + 1500 }],
        summary:
          'blue/green deployment of service web in cluster demo is SUCCESSFUL: the new revision serves all traffic, the old tasks are gone'
      })
    }
  })
})

describe('every stage while IN_PROGRESS', () => {
  it.each([
    // stage, complete, drained, traffic-shifted, verify now
    ['RECONCILE_SERVICE', 'in-progress', 'in-progress', false],
    ['PRE_SCALE_UP', 'in-progress', 'in-progress', false],
    ['SCALE_UP', 'in-progress', 'in-progress', false],
    ['POST_SCALE_UP', 'in-progress', 'in-progress', false],
    ['TEST_TRAFFIC_SHIFT', 'in-progress', 'in-progress', false],
    ['POST_TEST_TRAFFIC_SHIFT', 'in-progress', 'in-progress', false],
    ['PRODUCTION_TRAFFIC_SHIFT', 'in-progress', 'in-progress', false],
    // Traffic is on the new revision, but ECS's post-shift hooks may still fail it.
    ['POST_PRODUCTION_TRAFFIC_SHIFT', 'in-progress', 'in-progress', false],
    ['BAKE_TIME', 'in-progress', 'done', true],
    ['CLEAN_UP', 'in-progress', 'done', false]
  ])(
    '%s: complete → %s, traffic-shifted → %s, verify now %s',
    (stage, complete, shifted, verify) => {
      const untilComplete = assess({ lifecycleStage: stage })
      expect(untilComplete.status).toBe(complete)
      expect(untilComplete.status === 'in-progress' && untilComplete.verifyNow).toBe(verify)
      expect(assess({ lifecycleStage: stage }, { waitUntil: 'traffic-shifted' }).status).toBe(
        shifted
      )
    }
  )

  it('covers every stage ECS has', () => {
    expect(LIFECYCLE_STAGES).toHaveLength(10)
  })

  it('verify waits while the old revision has no running task left (nothing to go back to)', () => {
    const gone = [{ arn: BLUE, requested: 0, running: 0, pending: 0 }]
    const result = assess({ lifecycleStage: 'BAKE_TIME', sources: gone })
    expect(result).toMatchObject({ status: 'in-progress', verifyNow: false })
    // ECS reporting no source revision at all: the bake keeps the old one, as ECS documents.
    expect(assess({ lifecycleStage: 'BAKE_TIME', sources: [] })).toMatchObject({
      verifyNow: true
    })
  })

  it('traffic-shifted says ECS finishes the bake on its own', () => {
    const result = assess({ lifecycleStage: 'BAKE_TIME' }, { waitUntil: 'traffic-shifted' })
    expect(result).toMatchObject({
      status: 'done',
      how: 'traffic-shifted',
      summary:
        'blue/green deployment of service web in cluster demo: production traffic is on the new revision (BAKE_TIME); ECS finishes the bake and removes the old tasks on its own'
    })
  })

  it('describes the progress: stage, tasks of both revisions, alarms, breaker', () => {
    expect(assess({})).toMatchObject({
      progress:
        'IN_PROGRESS, SCALE_UP, new revision 1/2 running, old revision 2 running, alarms MONITORING (web-5xx), circuit breaker 0/3 failed tasks'
    })
    expect(
      assess({
        status: 'PENDING',
        lifecycleStage: undefined,
        target: undefined,
        sources: [],
        alarms: { status: 'DISABLED', names: [], triggered: [] },
        circuitBreaker: { status: 'DISABLED', failureCount: 0, threshold: 0 }
      })
    ).toMatchObject({ progress: 'PENDING, no stage yet', stage: undefined })
  })
})

describe('stages are printed once, with their times', () => {
  it('a stage seen for the first time is new, dated when ECS moved to it', () => {
    const result = assess({ lifecycleStage: 'SCALE_UP', updatedAt: T0 + 1500 }, { at: T0 + 3000 })
    expect(result.newStages).toEqual([{ stage: 'SCALE_UP', at: T0 + 1500 }])
  })

  it('a stage seen before is not new again', () => {
    const seen = [{ stage: 'SCALE_UP', at: T0 + 1500 }]
    expect(assess({ lifecycleStage: 'SCALE_UP' }, { seen }).newStages).toEqual([])
  })

  it('without a usable updatedAt the poll time stands in', () => {
    const seen = [{ stage: 'SCALE_UP', at: T0 + 5000 }]
    const at = T0 + 9000
    // Missing, in the future, or before the last stage seen.
    for (const updatedAt of [undefined, at + 1, T0 + 4000]) {
      expect(
        assess({ lifecycleStage: 'POST_SCALE_UP', updatedAt }, { seen, at }).newStages
      ).toEqual([{ stage: 'POST_SCALE_UP', at }])
    }
  })

  it('a deployment with no stage (ECS has not started it) prints none', () => {
    expect(assess({ status: 'PENDING', lifecycleStage: undefined }).newStages).toEqual([])
  })
})

describe('failures name the stage and the reason', () => {
  const seenUpToShift: StageEvent[] = [
    'RECONCILE_SERVICE',
    'PRE_SCALE_UP',
    'SCALE_UP',
    'POST_SCALE_UP',
    'PRODUCTION_TRAFFIC_SHIFT',
    'POST_PRODUCTION_TRAFFIC_SHIFT'
  ].map((stage, i) => ({ stage, at: T0 + i * 1000 }))

  it('an alarm during BAKE_TIME: the alarm, the stage, and that ECS rolls back, not ecs-flow', () => {
    const result = assess(
      { status: 'ROLLBACK_IN_PROGRESS', lifecycleStage: 'BAKE_TIME', ...rolledBackByAlarm },
      { seen: seenUpToShift }
    )
    expect(result).toEqual({
      status: 'failed',
      cause: 'alarm',
      failedIn: 'BAKE_TIME',
      reason: 'CloudWatch alarm(s) web-5xx went into ALARM',
      alarms: ['web-5xx'],
      rollback: 'ecs',
      ecsRollback: 'in-progress',
      finished: false,
      newStages: [],
      message:
        'blue/green deployment of service web in cluster demo failed in BAKE_TIME: CloudWatch alarm(s) web-5xx went into ALARM (ECS: Service deployment rolled back because the CloudWatch alarm(s) web-5xx went into ALARM.); ECS is rolling back to the previous revision (ROLLBACK_IN_PROGRESS); ecs-flow does not roll back itself'
    })
  })

  it('the stage is the furthest reached: the last one seen when ECS reports an earlier one while rolling back', () => {
    const result = assess(
      { status: 'ROLLBACK_IN_PROGRESS', lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' },
      { seen: seenUpToShift }
    )
    expect(result).toMatchObject({ failedIn: 'POST_PRODUCTION_TRAFFIC_SHIFT' })
    // Failed before any poll saw a stage: ECS's stage.
    expect(assess({ status: 'ROLLBACK_REQUESTED', lifecycleStage: 'SCALE_UP' })).toMatchObject({
      failedIn: 'SCALE_UP'
    })
    // No stage at all: the message says none.
    const none = assess({ status: 'STOPPED', lifecycleStage: undefined, statusReason: 'stopped' })
    expect(none).toMatchObject({ failedIn: undefined })
    expect(none.status === 'failed' && none.message).toMatch(/in cluster demo failed: stopped;/)
  })

  it('the circuit breaker: failed tasks and threshold', () => {
    const result = assess({
      status: 'ROLLBACK_REQUESTED',
      lifecycleStage: 'SCALE_UP',
      circuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
      statusReason:
        'Service deployment rolled back because the circuit breaker threshold was exceeded.'
    })
    expect(result).toMatchObject({
      cause: 'circuit-breaker',
      reason: 'the circuit breaker tripped: 3 task(s) failed (threshold 3)',
      rollback: 'ecs',
      ecsRollback: 'requested'
    })
  })

  it("someone's StopServiceDeployment, or ours: ECS's reason", () => {
    const reason = 'Service deployment rolled back because of a StopServiceDeployment request.'
    expect(
      assess({ status: 'ROLLBACK_SUCCESSFUL', lifecycleStage: 'BAKE_TIME', statusReason: reason })
    ).toMatchObject({
      cause: 'rolled-back',
      reason,
      rollback: 'ecs',
      ecsRollback: 'successful',
      finished: true,
      message: `blue/green deployment of service web in cluster demo failed in BAKE_TIME: ${reason}; ECS rolled back to the previous revision (ROLLBACK_SUCCESSFUL)`
    })
    // Only the rollback carries a reason.
    expect(
      assess({
        status: 'ROLLBACK_IN_PROGRESS',
        statusReason: undefined,
        rollback: { reason: 'because', startedAt: T0, revisionArn: BLUE }
      })
    ).toMatchObject({ reason: 'because' })
    // ECS gives none.
    expect(assess({ status: 'ROLLBACK_REQUESTED', statusReason: undefined })).toMatchObject({
      reason: 'ECS reports ROLLBACK_REQUESTED'
    })
  })

  it('STOPPED without a rollback: ecs-flow may put the previous revision back itself', () => {
    const result = assess({
      status: 'STOPPED',
      lifecycleStage: 'BAKE_TIME',
      alarms: { status: 'TRIGGERED', names: ['web-5xx'], triggered: ['web-5xx'] },
      statusReason:
        'Service deployment failed because the CloudWatch alarm(s) web-5xx went into ALARM.'
    })
    expect(result).toMatchObject({ cause: 'alarm', rollback: 'ours', ecsRollback: undefined })
    expect(result.status === 'failed' && result.message).toMatch(
      /; ECS stopped it without rolling back \(STOPPED\)$/
    )
    expect(assess({ status: 'STOP_REQUESTED' })).toMatchObject({
      message: expect.stringMatching(/without rolling back \(STOP_REQUESTED\)$/)
    })
  })

  it('a newer deployment took over: superseded, nobody rolls back', () => {
    const result = assess(
      {
        status: 'STOPPED',
        statusReason: 'Service deployment stopped because a newer deployment started.'
      },
      { isCurrent: false }
    )
    expect(result).toMatchObject({ cause: 'superseded', rollback: 'none', finished: true })
    expect(result.status === 'failed' && result.message).toMatch(
      /a newer deployment of the service took over; nothing is rolled back$/
    )
  })

  it('ECS could not roll back: nobody rolls back, the message says to look', () => {
    expect(assess({ status: 'ROLLBACK_FAILED', statusReason: 'no capacity' })).toMatchObject({
      cause: 'rollback-failed',
      rollback: 'none',
      message: expect.stringMatching(/look at the service, both revisions may still run$/)
    })
  })

  it("escapes ECS's text in the message and the progress, keeps it raw in the fields", () => {
    const hostile = 'web-5xx\n::error::fake'
    const failed = assess({
      status: 'ROLLBACK_REQUESTED',
      alarms: { status: 'TRIGGERED', names: [hostile], triggered: [hostile] }
    })
    expect(failed).toMatchObject({ alarms: [hostile] })
    expect(failed.status === 'failed' && failed.message).not.toMatch(/\n/)
    const progress = assess({ alarms: { status: 'MONITORING', names: [hostile], triggered: [] } })
    expect(progress.status === 'in-progress' && progress.progress).not.toMatch(/\n/)
  })
})

describe('wait-until a lifecycle stage', () => {
  const order = (stage: string) => (LIFECYCLE_STAGES as readonly string[]).indexOf(stage)

  it.each([...LIFECYCLE_STAGES])(
    'until %s: in progress before it, done at it and after it (stage-reached)',
    wanted => {
      for (const stage of LIFECYCLE_STAGES) {
        const result = assess({ lifecycleStage: stage }, { waitUntil: wanted })
        if (order(stage) < order(wanted)) {
          expect(result.status).toBe('in-progress')
          continue
        }
        expect(result).toMatchObject({ status: 'done', how: 'stage-reached', stage })
        expect(result.status === 'done' && result.summary).toMatch(
          new RegExp(
            `^blue/green deployment of service web in cluster demo reached ${wanted}.*: ecs-flow stops watching here \\(wait-until ${wanted}\\); ECS carries the deployment on to SUCCESSFUL on its own$`
          )
        )
      }
    }
  )

  it('a stage passed between two polls is reached: the summary names where ECS is now', () => {
    const result = assess(
      { lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT', updatedAt: T0 + 7000 },
      { waitUntil: 'TEST_TRAFFIC_SHIFT', seen: [{ stage: 'SCALE_UP', at: T0 + 1500 }] }
    )
    expect(result).toEqual({
      status: 'done',
      how: 'stage-reached',
      stage: 'PRODUCTION_TRAFFIC_SHIFT',
      verifyNow: false,
      newStages: [{ stage: 'PRODUCTION_TRAFFIC_SHIFT', at: T0 + 7000 }],
      summary:
        'blue/green deployment of service web in cluster demo reached TEST_TRAFFIC_SHIFT (ECS is in PRODUCTION_TRAFFIC_SHIFT already): ecs-flow stops watching here (wait-until TEST_TRAFFIC_SHIFT); ECS carries the deployment on to SUCCESSFUL on its own'
    })
  })

  it('verify may run before the watch ends only once production traffic is on the new revision', () => {
    const verifyNow = (stage: string, wanted = stage) => {
      const result = assess({ lifecycleStage: stage }, { waitUntil: wanted as WaitUntil })
      return result.status === 'done' && result.how === 'stage-reached' && result.verifyNow
    }
    expect(verifyNow('SCALE_UP')).toBe(false)
    expect(verifyNow('POST_PRODUCTION_TRAFFIC_SHIFT')).toBe(false)
    expect(verifyNow('BAKE_TIME')).toBe(true)
    expect(verifyNow('CLEAN_UP')).toBe(true)
    // Waiting for SCALE_UP, first seen in BAKE_TIME: traffic has moved, verify may still gate.
    expect(verifyNow('BAKE_TIME', 'SCALE_UP')).toBe(true)
  })

  it('not reached: no stage yet, or one ECS added that ecs-flow does not know', () => {
    expect(
      assess({ status: 'PENDING', lifecycleStage: undefined }, { waitUntil: 'RECONCILE_SERVICE' })
        .status
    ).toBe('in-progress')
    expect(
      assess({ lifecycleStage: 'SOME_NEW_STAGE' }, { waitUntil: 'RECONCILE_SERVICE' }).status
    ).toBe('in-progress')
  })

  it('SUCCESSFUL before the stage was seen is done, as SUCCESSFUL', () => {
    expect(
      assess({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' }, { waitUntil: 'SCALE_UP' })
    ).toMatchObject({ status: 'done', how: 'successful' })
  })

  it('a failure before the stage still fails, whatever stage ECS reports while rolling back', () => {
    for (const status of [
      'ROLLBACK_REQUESTED',
      'ROLLBACK_IN_PROGRESS',
      'STOPPED',
      'ROLLBACK_FAILED'
    ]) {
      const result = assess(
        { status, lifecycleStage: 'BAKE_TIME', ...rolledBackByAlarm },
        { waitUntil: 'BAKE_TIME', seen: [{ stage: 'POST_SCALE_UP', at: T0 + 4500 }] }
      )
      expect(result.status).toBe('failed')
    }
    const early = assess(
      { status: 'ROLLBACK_IN_PROGRESS', lifecycleStage: 'SCALE_UP', ...rolledBackByAlarm },
      { waitUntil: 'CLEAN_UP' }
    )
    expect(early).toMatchObject({ status: 'failed', cause: 'alarm', failedIn: 'SCALE_UP' })
  })
})
