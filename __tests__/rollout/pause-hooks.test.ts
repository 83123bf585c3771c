import { describe, expect, it } from '@jest/globals'
import type { StageJournal } from '../../src/core/state.js'
import { StageFailure, watchStages, type TrackedStages } from '../../src/rollout/watch-stages.js'
import { pauseAnswerFor, pausedLine } from '../../src/rollout/pause-hooks.js'
import { VerificationError } from '../../src/util/errors.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import {
  blueGreen,
  makeBlueGreen,
  type BlueGreenOptions
} from '../../__fixtures__/fake-blue-green.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'

// PAUSE lifecycle hooks in the stage watcher, against the fake ECS on a fake clock: told once,
// answered as on-pause says (CONTINUE at once, or verify then CONTINUE / ROLLBACK), each hook of
// a deployment in turn, and a hook ECS timed out reported with its timeout action.

const POST_TEST: BlueGreenOptions['pauses'] = [{ stage: 'POST_TEST_TRAFFIC_SHIFT' }]

async function world(options: BlueGreenOptions = {}) {
  const clock = new FakeClock()
  const ecs = new FakeEcs(clock)
  const v1 = ecs.addTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web' }] })
  const v2 = ecs.addTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web' }] })
  const service = ecs.addService({ taskDefinition: v1 })
  makeBlueGreen(ecs, service, { bakeTimeInMinutes: 0 })
  ecs.behaviours = [blueGreen(options)]
  const updated = await ecs.updateService({ cluster: 'demo', service: 'web', taskDefinition: v2 })
  const startedAt = clock.now()
  const logger = new RecordingLogger()
  const stages: StageJournal = {
    cluster: 'demo',
    service: 'web',
    purpose: 'release',
    stages: [],
    rollbackOnCancel: true
  }
  const tracked: TrackedStages = {
    cluster: 'demo',
    service: 'web',
    waitUntil: 'complete',
    deploymentId: updated.deployments[0]!.id,
    taskDefinitionArn: v2,
    serviceDeploymentArn: updated.currentServiceDeployment,
    strategy: 'BLUE_GREEN',
    startedAt,
    timeoutSeconds: 7200,
    rollback: true,
    rollbackTimeoutSeconds: 60
  }
  const watch = (overrides: Partial<TrackedStages> = {}) =>
    watchStages(
      { ...tracked, ...overrides },
      { ecs, clock, logger, random: () => 0, stages },
      { pollIntervalSeconds: 1 }
    )
  const caught = (overrides: Partial<TrackedStages> = {}) =>
    watch(overrides).then(
      () => undefined,
      (error: unknown) => error as StageFailure
    )
  const continues = () =>
    ecs.calls
      .filter(call => call.operation === 'ContinueServiceDeployment')
      .map(call => ({
        at: call.at - startedAt,
        ...(call.args as { arn: string; hookId: string; action: string })
      }))
  const pausedLines = () =>
    logger
      .text()
      .split('\n')
      .filter(line => line.startsWith('paused at '))
  return { clock, ecs, logger, stages, watch, caught, continues, pausedLines, startedAt }
}

describe('watchStages and PAUSE lifecycle hooks', () => {
  it('continue: the hook is told once with its stage, expiry and timeout action, and CONTINUEd at once', async () => {
    const w = await world({ pauses: POST_TEST })
    await w.watch({ onPause: { kind: 'continue' } })
    expect(w.pausedLines()).toEqual([
      'paused at POST_TEST_TRAFFIC_SHIFT, awaiting approval (PAUSE hook hook-POST_TEST_TRAFFIC_SHIFT-1000002), times out at 2026-01-01T01:00:06.000Z (in 60m), then ROLLBACK'
    ])
    // Paused at 6 s, seen by the poll at 6 s, answered in the same poll.
    expect(w.continues()).toEqual([
      {
        at: 6000,
        arn: expect.any(String),
        hookId: 'hook-POST_TEST_TRAFFIC_SHIFT-1000002',
        action: 'CONTINUE'
      }
    ])
    expect(w.logger.text()).toContain(
      'ContinueServiceDeployment CONTINUE (on-pause: continue): the deployment goes on from POST_TEST_TRAFFIC_SHIFT'
    )
    expect(w.stages.end).toMatchObject({ status: 'successful' })
  })

  it('verify: the check runs against the paused deployment, then CONTINUE', async () => {
    const w = await world({ pauses: POST_TEST })
    const checkedIn: (string | undefined)[] = []
    await w.watch({
      onPause: {
        kind: 'verify',
        verify: async () => {
          const arn = [...w.ecs.serviceDeployments.keys()].at(-1)!
          checkedIn.push(w.ecs.serviceDeployments.get(arn)?.lifecycleStage)
          w.clock.advance(4000) // the check takes 4 s
        }
      }
    })
    expect(checkedIn).toEqual(['POST_TEST_TRAFFIC_SHIFT'])
    expect(w.continues()).toEqual([
      { at: 10_000, arn: expect.any(String), hookId: expect.any(String), action: 'CONTINUE' }
    ])
    expect(w.logger.text()).toContain(
      'on-pause: verify: verifying the deployment paused at POST_TEST_TRAFFIC_SHIFT'
    )
    expect(w.logger.text()).toContain('verify passed while paused at POST_TEST_TRAFFIC_SHIFT')
    expect(w.stages.end).toMatchObject({ status: 'successful' })
  })

  it('verify fails: ROLLBACK through the hook, awaited; the release fails naming both', async () => {
    const w = await world({ pauses: POST_TEST })
    const failure = await w.caught({
      onPause: {
        kind: 'verify',
        verify: async () => {
          throw new VerificationError('https://green.example/health answered 503', 'url')
        }
      }
    })
    expect(failure).toBeInstanceOf(StageFailure)
    expect(failure?.message).toBe(
      'verify failed while paused at POST_TEST_TRAFFIC_SHIFT: https://green.example/health answered 503. Rolled back at the pause (ContinueServiceDeployment ROLLBACK): ECS reports ROLLBACK_SUCCESSFUL, production traffic is on the previous revision'
    )
    expect(failure?.rolledBack).toBe(true)
    expect(w.continues().map(call => call.action)).toEqual(['ROLLBACK'])
    expect(w.ecs.count('StopServiceDeployment')).toBe(0)
    expect(w.stages.end).toMatchObject({ status: 'rolled-back' })
    expect(w.stages.rollbackRequested?.why).toBe(
      'verify failed while paused at POST_TEST_TRAFFIC_SHIFT'
    )
  })

  it('verify fails with rollback off: the hook is left to its timeout action, named', async () => {
    const w = await world({ pauses: POST_TEST })
    const failure = await w.caught({
      rollback: false,
      onPause: {
        kind: 'verify',
        verify: async () => {
          throw new VerificationError('503', 'url')
        }
      }
    })
    expect(failure?.message).toBe(
      'verify failed while paused at POST_TEST_TRAFFIC_SHIFT: 503; rollback is off (input rollback): the hook is left unanswered and ECS takes its timeout action ROLLBACK at 2026-01-01T01:00:06.000Z'
    )
    expect(w.continues()).toEqual([])
  })

  it('two hooks of one deployment (one per step) are each told and answered, in order', async () => {
    const w = await world({
      pauses: [{ stage: 'POST_SCALE_UP' }, { stage: 'POST_PRODUCTION_TRAFFIC_SHIFT' }]
    })
    await w.watch({ onPause: { kind: 'continue' } })
    expect(w.pausedLines().map(line => line.split(',')[0])).toEqual([
      'paused at POST_SCALE_UP',
      'paused at POST_PRODUCTION_TRAFFIC_SHIFT'
    ])
    expect(w.continues().map(call => call.hookId)).toEqual([
      'hook-POST_SCALE_UP-1000002',
      'hook-POST_PRODUCTION_TRAFFIC_SHIFT-1000002'
    ])
    expect(w.stages.end).toMatchObject({ status: 'successful' })
  })

  it('nothing answers: told once, warned, and the timeout action ECS takes is reported', async () => {
    const w = await world({
      pauses: [{ stage: 'POST_SCALE_UP', timeoutMinutes: 1, timeoutAction: 'CONTINUE' }]
    })
    await w.watch()
    expect(w.pausedLines()).toHaveLength(1)
    expect(w.logger.text()).toContain(
      'nothing answers this pause (on-pause): ECS takes its timeout action CONTINUE when it times out'
    )
    expect(w.logger.text()).toContain(
      'the PAUSE hook hook-POST_SCALE_UP-1000002 at POST_SCALE_UP timed out: ECS took its timeout action CONTINUE'
    )
    expect(w.continues()).toEqual([])
    expect(w.stages.end).toMatchObject({ status: 'successful' })
    // The paused minute counts toward the timeout: SUCCESSFUL 60 s later than without the hook.
    expect(w.clock.now() - w.startedAt).toBeGreaterThanOrEqual(71_000)
  })

  it('a hook timing out with ROLLBACK: reported, and the release fails as ECS rolled back', async () => {
    const w = await world({
      pauses: [{ stage: 'POST_SCALE_UP', timeoutMinutes: 1, timeoutAction: 'ROLLBACK' }]
    })
    const failure = await w.caught()
    expect(w.logger.text()).toContain(
      'the PAUSE hook hook-POST_SCALE_UP-1000002 at POST_SCALE_UP timed out: ECS took its timeout action ROLLBACK'
    )
    expect(failure?.message).toContain(
      'Service deployment rolled back because the lifecycle hook at POST_SCALE_UP timed out.'
    )
  })

  it('approve: the watch ends at the hook, unanswered, the journal ends paused with the hook', async () => {
    const w = await world({ pauses: POST_TEST })
    await w.watch({ onPause: { kind: 'approve' } })
    // Paused at 6 s: the watch ends in that poll; nothing answers the hook.
    expect(w.clock.now() - w.startedAt).toBe(6000)
    expect(w.continues()).toEqual([])
    expect(w.stages.end).toEqual({
      at: w.startedAt + 6000,
      status: 'paused',
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      hookId: 'hook-POST_TEST_TRAFFIC_SHIFT-1000002',
      expiresAt: Date.parse('2026-01-01T01:00:06.000Z'),
      timeoutAction: 'ROLLBACK'
    })
    expect(w.stages.pauses).toEqual([
      {
        hookId: 'hook-POST_TEST_TRAFFIC_SHIFT-1000002',
        stage: 'POST_TEST_TRAFFIC_SHIFT',
        at: w.startedAt + 6000
      }
    ])
    expect(w.logger.text()).toMatch(
      /^on-pause: approve: the job ends paused at POST_TEST_TRAFFIC_SHIFT; a job with flow: continue and decision: continue or rollback answers PAUSE hook hook-POST_TEST_TRAFFIC_SHIFT-1000002 of service deployment web\/\S+ in cluster demo$/m
    )
    // Still paused in ECS: the later job answers it.
    const arn = w.stages.serviceDeploymentArn!
    expect((await w.ecs.describeServiceDeployment(arn))?.pauseHooks?.[0]?.status).toBe(
      'AWAITING_ACTION'
    )
  })

  it('approve with a timeout shorter than the pause: the job ends at the pause, not at the timeout', async () => {
    const w = await world({ pauses: POST_TEST })
    await w.watch({ onPause: { kind: 'approve' }, timeoutSeconds: 10 })
    expect(w.stages.end).toMatchObject({ status: 'paused' })
  })

  it('who answered: continue and verify are recorded beside each pause', async () => {
    const w = await world({ pauses: POST_TEST })
    await w.watch({ onPause: { kind: 'continue' } })
    expect(w.stages.pauses).toEqual([
      expect.objectContaining({ answeredBy: 'on-pause: continue', action: 'CONTINUE' })
    ])
    const v = await world({ pauses: POST_TEST })
    await v.watch({ onPause: { kind: 'verify', verify: async () => undefined } })
    expect(v.stages.pauses).toEqual([
      expect.objectContaining({ answeredBy: 'ecs-flow verify', action: 'CONTINUE' })
    ])
    const t = await world({
      pauses: [{ stage: 'POST_SCALE_UP', timeoutMinutes: 1, timeoutAction: 'CONTINUE' }]
    })
    await t.watch()
    expect(t.stages.pauses).toEqual([
      expect.objectContaining({
        answeredBy: 'the hook timed out (ECS took its timeout action)',
        action: 'CONTINUE'
      })
    ])
  })

  it('timeout counts paused time: a pause longer than the timeout fails where it stands', async () => {
    const w = await world({ pauses: POST_TEST })
    const failure = await w.caught({ timeoutSeconds: 30 })
    expect(failure?.kind).toBe('timeout')
    expect(failure?.message).toContain('IN_PROGRESS in POST_TEST_TRAFFIC_SHIFT')
  })
})

describe('pause answers', () => {
  const verify = async () => undefined
  it('on-pause as given, else verify when there is a verify, else approve; verify with nothing to verify: none', () => {
    expect(pauseAnswerFor('continue', verify)).toEqual({ kind: 'continue' })
    expect(pauseAnswerFor(undefined, verify)).toEqual({ kind: 'verify', verify })
    expect(pauseAnswerFor(undefined, undefined)).toEqual({ kind: 'approve' })
    expect(pauseAnswerFor('verify', undefined)).toBeUndefined()
    expect(pauseAnswerFor('approve', verify)).toEqual({ kind: 'approve' })
  })

  it('escapes what ECS says', () => {
    expect(
      pausedLine(
        {
          hook: { hookId: 'h\n::error::x', status: 'AWAITING_ACTION', timeoutAction: 'ROLLBACK' },
          stage: 'POST_SCALE_UP'
        },
        0
      )
    ).not.toContain('\n')
  })
})
