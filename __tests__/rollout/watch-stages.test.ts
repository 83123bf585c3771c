import { describe, expect, it } from '@jest/globals'
import type { StageJournal } from '../../src/core/state.js'
import { StageFailure, watchStages, type TrackedStages } from '../../src/rollout/watch-stages.js'
import { watchTogether } from '../../src/rollout/watch-together.js'
import { LIFECYCLE_STAGES } from '../../src/rollout/service-deployment-verdict.js'
import { VerificationError } from '../../src/util/errors.js'
import { READ_GRACE_MS } from '../../src/util/wait-deadline.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import {
  blueGreen,
  makeBlueGreen,
  type BlueGreenOptions
} from '../../__fixtures__/fake-blue-green.js'
import { FakeEcs, throttled } from '../../__fixtures__/fake-ecs.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'

// The stage watcher's poll loop against the fake ECS's blue/green deployments, on a fake clock.

async function world(options: BlueGreenOptions & { bakeTimeInMinutes?: number } = {}) {
  const clock = new FakeClock()
  const ecs = new FakeEcs(clock)
  const v1 = ecs.addTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web' }] })
  const v2 = ecs.addTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web' }] })
  const service = ecs.addService({ taskDefinition: v1 })
  makeBlueGreen(ecs, service, { bakeTimeInMinutes: options.bakeTimeInMinutes ?? 1 })
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
    timeoutSeconds: 600,
    rollback: true,
    rollbackTimeoutSeconds: 60
  }
  const watch = (
    overrides: Partial<TrackedStages> = {},
    halted?: () => boolean,
    pollIntervalSeconds = 2
  ) =>
    watchStages(
      { ...tracked, ...overrides },
      { ecs, clock, logger, random: () => 0, stages, halted },
      { pollIntervalSeconds }
    )
  const caught = (overrides: Partial<TrackedStages> = {}) =>
    watch(overrides).then(
      () => undefined,
      (error: unknown) => error as StageFailure
    )
  const stageAt = (stage: string) =>
    stages.stages.find(entry => entry.stage === stage)!.at - startedAt
  return { clock, ecs, logger, stages, tracked, watch, caught, startedAt, stageAt, v1, v2 }
}

const ALL_STAGES = [...LIFECYCLE_STAGES]

describe('watchStages: a blue/green deployment followed by lifecycle stage', () => {
  it('prints every stage exactly once, in order, with its time, and is done at SUCCESSFUL', async () => {
    const w = await world({ bakeTimeInMinutes: 0.5 })
    await w.watch({}, undefined, 0.5)
    const lines = w.logger
      .text()
      .split('\n')
      .filter(line => line.startsWith('stage '))
    expect(lines.map(line => line.split(' ')[1])).toEqual(ALL_STAGES)
    // A stage polled late is dated when ECS entered it (its updatedAt), not when it was seen.
    expect(w.stageAt('BAKE_TIME')).toBe(9000)
    expect(lines[8]).toBe('stage BAKE_TIME at 00:00:09 (+9s)')
    expect(w.stages.end).toMatchObject({ status: 'successful' })
    expect(w.clock.now() - w.startedAt).toBeGreaterThanOrEqual(41_000)
    expect(w.clock.now() - w.startedAt).toBeLessThanOrEqual(43_000)
    expect(w.logger.text()).toMatch(/rollout complete after .*SUCCESSFUL/)
    expect(w.logger.text()).toMatch(
      /alarms MONITORING \(web-5xx\), circuit breaker 0\/3 failed tasks/
    )
    expect(w.ecs.count('StopServiceDeployment')).toBe(0)
  })

  it('names the stages passed between two polls once, dated by the stage seen after them', async () => {
    const w = await world({ bakeTimeInMinutes: 0.5 })
    await w.watch({}, undefined, 5)
    const lines = w.logger
      .text()
      .split('\n')
      .filter(line => line.startsWith('stage '))
    expect(lines.map(line => line.split(' ')[1])).toEqual(ALL_STAGES)
    expect(lines).toContain('stage PRE_SCALE_UP passed between polls (by 00:00:05, +5s)')
    expect(w.stages.stages.filter(stage => stage.between).map(stage => stage.stage)).toContain(
      'PRE_SCALE_UP'
    )
  })

  it('confirms the service deployment by its target revision; a stale answer is looked up again', async () => {
    const w = await world({ staleAnswer: true, bakeTimeInMinutes: 0 })
    await w.watch()
    expect(w.stages.serviceDeploymentArn).toMatch(/service-deployment\/demo\/web\/sd/)
    // The stale one is asked about once: its revision runs web:1, then the current one: ours.
    expect(w.ecs.count('DescribeServiceRevisions')).toBe(2)
    expect(w.ecs.count('DescribeServices')).toBe(1)
    expect(w.logger.text()).toMatch(/its target revision runs web:2/)
    expect(w.stages.end).toMatchObject({ status: 'successful' })
  })

  it('wait-until traffic-shifted: returns at BAKE_TIME, ECS finishes on its own', async () => {
    const w = await world({ bakeTimeInMinutes: 60 })
    await w.watch({ waitUntil: 'traffic-shifted' })
    expect(w.clock.now() - w.startedAt).toBeLessThan(12_000)
    expect(w.stages.end).toMatchObject({ status: 'traffic-shifted' })
    expect(w.logger.text()).toMatch(/ECS finishes the bake and removes the old tasks on its own/)
  })

  it('wait-until a stage: stops once ECS reached it, says so and where to follow it', async () => {
    const w = await world({ bakeTimeInMinutes: 60 })
    await w.watch({ waitUntil: 'POST_TEST_TRAFFIC_SHIFT' }, undefined, 0.5)
    const text = w.logger.text()
    expect(text).toMatch(/by lifecycle stage until it reaches stage POST_TEST_TRAFFIC_SHIFT/)
    expect(text).toMatch(/^stage POST_TEST_TRAFFIC_SHIFT at /m)
    expect(text).not.toMatch(/^stage PRODUCTION_TRAFFIC_SHIFT/m)
    // Entered at 6 s, seen within a poll of it.
    expect(w.clock.now() - w.startedAt).toBeGreaterThanOrEqual(6000)
    expect(w.clock.now() - w.startedAt).toBeLessThan(7000)
    expect(w.stages.end).toEqual({
      at: w.clock.now(),
      status: 'stage-reached',
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      now: 'POST_TEST_TRAFFIC_SHIFT'
    })
    expect(text).toMatch(
      /stopped watching after \d+(\.\d)?s: .*reached POST_TEST_TRAFFIC_SHIFT: ecs-flow stops watching here/
    )
    expect(text).toContain(
      `follow it on: aws ecs describe-service-deployments --service-deployment-arns ${w.stages.serviceDeploymentArn}, or the Deployments tab of service web in the ECS console`
    )
    expect(text).not.toMatch(/rollout complete/)
    expect(w.ecs.count('StopServiceDeployment')).toBe(0)
  })

  it('wait-until a stage passed between polls: the stages before it are named, the watch ends', async () => {
    const w = await world({ bakeTimeInMinutes: 60 })
    await w.watch({ waitUntil: 'SCALE_UP' }, undefined, 5)
    const lines = w.logger
      .text()
      .split('\n')
      .filter(line => line.startsWith('stage '))
    // The first poll (5 s) sees TEST_TRAFFIC_SHIFT: SCALE_UP was passed before it.
    expect(lines).toContain('stage SCALE_UP passed between polls (by 00:00:05, +5s)')
    expect(lines.at(-1)).toBe('stage TEST_TRAFFIC_SHIFT at 00:00:05 (+5s)')
    expect(w.stages.end).toMatchObject({
      status: 'stage-reached',
      stage: 'SCALE_UP',
      now: 'TEST_TRAFFIC_SHIFT'
    })
    expect(w.clock.now() - w.startedAt).toBe(5000)
  })

  it('wait-until BAKE_TIME verifies before it returns; an earlier stage leaves verify to the step', async () => {
    const atBake = await world({ bakeTimeInMinutes: 2 })
    let verified = 0
    await atBake.watch({ waitUntil: 'BAKE_TIME', verifyAtBake: async () => void verified++ })
    expect(verified).toBe(1)
    expect(atBake.stages.verifiedAtBake).toBe(true)
    const early = await world({ bakeTimeInMinutes: 2 })
    await early.watch({ waitUntil: 'SCALE_UP', verifyAtBake: async () => void verified++ })
    expect(verified).toBe(1)
    expect(early.stages.verifiedAtBake).toBeUndefined()
  })

  it('an alarm during the bake fails at once, naming alarm and stage; ECS rolls back, not ecs-flow', async () => {
    const w = await world({ bakeTimeInMinutes: 5, alarmIntoBake: 20 })
    const failure = await w.caught()
    expect(failure).toBeInstanceOf(StageFailure)
    expect(failure!.message).toMatch(
      /failed in BAKE_TIME: CloudWatch alarm\(s\) web-5xx went into ALARM.*ECS rolls back.*does not roll back itself/
    )
    expect(failure!.rollback).toBe('ecs')
    expect(failure!.rolledBack).toBe(false)
    // Seen on the first poll after the alarm (29 s), not after ECS's rollback finished (32 s).
    expect(w.clock.now() - w.startedAt).toBeLessThanOrEqual(31_000)
    expect(w.stages.end).toMatchObject({ status: 'failed', failedIn: 'BAKE_TIME' })
    expect(w.ecs.count('StopServiceDeployment')).toBe(0)
  })

  it('verifies once during BAKE_TIME, while the old revision still runs', async () => {
    const w = await world({ bakeTimeInMinutes: 2 })
    const seen: string[] = []
    await w.watch({
      verifyAtBake: async () => {
        const arn = w.stages.serviceDeploymentArn!
        const now = await w.ecs.describeServiceDeployment(arn)
        seen.push(`${now!.lifecycleStage} old running ${now!.sources[0]!.running}`)
      }
    })
    expect(seen).toEqual(['BAKE_TIME old running 2'])
    expect(w.stages.verifiedAtBake).toBe(true)
    expect(w.stages.end).toMatchObject({ status: 'successful' })
  })

  it('with traffic-shifted, verifies before it returns', async () => {
    const w = await world({ bakeTimeInMinutes: 2 })
    let verified = 0
    await w.watch({ waitUntil: 'traffic-shifted', verifyAtBake: async () => void verified++ })
    expect(verified).toBe(1)
    expect(w.stages.end).toMatchObject({ status: 'traffic-shifted' })
  })

  it('a failed check during the bake: StopServiceDeployment ROLLBACK, waits for ROLLBACK_SUCCESSFUL', async () => {
    const w = await world({ bakeTimeInMinutes: 5 })
    const failure = await w.caught({
      verifyAtBake: async () => {
        w.clock.advance(10_000)
        throw new VerificationError('verify-url answered 500', 'url')
      }
    })
    const stop = w.ecs.calls.find(call => call.operation === 'StopServiceDeployment')!
    expect(stop.args).toEqual({ arn: w.stages.serviceDeploymentArn, stopType: 'ROLLBACK' })
    expect(stop.at - w.startedAt).toBeGreaterThan(9000)
    expect(failure).toMatchObject({ rolledBack: true, rollback: 'ecs' })
    expect(failure!.message).toMatch(
      /verify failed during BAKE_TIME: verify-url answered 500\. Rolled back during BAKE_TIME .*ROLLBACK_SUCCESSFUL/
    )
    const end = await w.ecs.describeServiceDeployment(w.stages.serviceDeploymentArn!)
    expect(end!.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(w.stages.end).toMatchObject({ status: 'rolled-back' })
    expect(w.stages.rollbackRequested?.why).toBe('verify failed during BAKE_TIME')
  })

  it('a failed check with rollback off: no StopServiceDeployment, ECS carries on', async () => {
    const w = await world({ bakeTimeInMinutes: 5 })
    const failure = await w.caught({
      rollback: false,
      verifyAtBake: async () => {
        throw new VerificationError('verify-url answered 500', 'url')
      }
    })
    expect(failure).toMatchObject({ rolledBack: false, rollback: 'none' })
    expect(failure!.message).toMatch(/rollback is off .*stays on web:2/)
    expect(w.ecs.count('StopServiceDeployment')).toBe(0)
  })

  it('a check that cannot run (not a failed check) fails the wait without a rollback', async () => {
    const w = await world({ bakeTimeInMinutes: 5 })
    const failure = await w.caught({
      verifyAtBake: async () => {
        throw new Error('no load balancer')
      }
    })
    expect(failure).not.toBeInstanceOf(StageFailure)
    expect(w.ecs.count('StopServiceDeployment')).toBe(0)
  })

  it('throttled polls: warned once, polled through, the answered spacing stretched (poll pacing)', async () => {
    const w = await world({ bakeTimeInMinutes: 0 })
    w.ecs.failCalls('DescribeServiceDeployments', throttled('DescribeServiceDeployments'), 3)
    await w.watch()
    expect(w.logger.text().match(/tolerated while polling/g)).toHaveLength(1)
    // At random 0 a throttled poll is asked again after one interval; the answer after them
    // comes at the spacing three throttles widened (×1.5 each, up to 3×) and narrowed once (÷1.5).
    expect(w.clock.sleeps.slice(1)).toEqual([2000, 2000, 2000, 4000])
    expect(w.stages.end).toMatchObject({ status: 'successful' })
  })

  it('times out where it stands: ecs-flow rolls it back', async () => {
    const w = await world({ bakeTimeInMinutes: 60 })
    const failure = await w.caught({ timeoutSeconds: 30 })
    expect(failure).toMatchObject({ kind: 'timeout', rollback: 'ours' })
    expect(failure!.message).toMatch(
      /did not finish within the timeout of 30s: IN_PROGRESS in BAKE_TIME/
    )
  })

  it('ECS unreadable until the deadline: fails without a rollback', async () => {
    const w = await world({ bakeTimeInMinutes: 60 })
    w.ecs.failCalls('DescribeServiceDeployments', throttled('DescribeServiceDeployments'), 1000)
    const failure = await w.caught({ timeoutSeconds: 20 })
    expect(failure).toMatchObject({ kind: 'unreadable', rollback: 'none' })
  })

  it('a read that hangs into the deadline: unreadable within the timeout and the grace, never a timeout to roll back', async () => {
    const w = await world({ bakeTimeInMinutes: 60 })
    // Followed (its target revision confirmed) before ECS goes silent.
    w.ecs.hangCalls(
      'DescribeServiceDeployments',
      () => w.ecs.count('DescribeServiceDeployments') > 2
    )
    const failure = await w.caught({ timeoutSeconds: 20 })
    expect(failure).toMatchObject({ kind: 'unreadable', rollback: 'none' })
    expect(failure?.message).toMatch(/could not read the blue\/green deployment .* for \d+/)
    expect(w.clock.now() - w.startedAt).toBeLessThanOrEqual(20_000 + READ_GRACE_MS)
    for (const budget of w.ecs.hung.budgets)
      expect(budget.at + budget.ms).toBeLessThanOrEqual(w.startedAt + 20_000 + READ_GRACE_MS)
  })

  it('halted (another service failed): stops without a word', async () => {
    const w = await world({ bakeTimeInMinutes: 0 })
    let halted = false
    w.clock.advance(0)
    await Promise.all([
      w.watch({}, () => halted),
      (async () => {
        halted = true
      })()
    ])
    expect(w.stages.end).toBeUndefined()
    expect(w.ecs.count('DescribeServiceDeployments')).toBe(0)
  })
})

describe('watchTogether', () => {
  it('ends at the first failure and halts the rest', async () => {
    const seen: boolean[] = []
    let release!: () => void
    const slow = new Promise<void>(resolve => (release = resolve))
    const together = watchTogether([
      async halted => {
        await slow
        seen.push(halted())
      },
      async () => {
        throw new Error('first')
      }
    ])
    await expect(together).rejects.toThrow('first')
    release()
    await slow
    await Promise.resolve()
    expect(seen).toEqual([true])
  })

  it('is done when every watch is done', async () => {
    let done = 0
    await watchTogether([async () => void done++, async () => void done++])
    expect(done).toBe(2)
    await watchTogether([])
  })
})
