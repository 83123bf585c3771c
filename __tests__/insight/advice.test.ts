import { describe, expect, it } from '@jest/globals'
import { advise, type ServiceFacts } from '../../src/insight/advice.js'
import {
  newServiceTimings,
  type Milestone,
  type ServiceTimings
} from '../../src/insight/timings.js'

const START = Date.UTC(2026, 0, 1)

/** A service's timings with each milestone at the given seconds after registration. */
function measured(
  service: string,
  seconds: Partial<Record<Milestone, number>>,
  extra: Partial<ServiceTimings> = {}
): ServiceTimings {
  const timings = { ...newServiceTimings('prod', service, 'rolling', START), ...extra }
  for (const [milestone, at] of Object.entries(seconds))
    timings.seen[milestone as Milestone] = { at: START + at * 1000, source: 'poll' }
  return timings
}

function facts(
  service: string,
  group: Partial<ServiceFacts['targetGroups'][number]> = {}
): ServiceFacts {
  return {
    cluster: 'prod',
    service,
    targetGroups: [{ arn: 'arn:tg/web', name: 'web-tg', ...group }]
  }
}

const drainOf = (drained: number, delay: number | undefined) =>
  advise(
    [measured('web', { running: 0, drained })],
    [facts('web', { deregistrationDelaySeconds: delay })]
  )

describe('the advisor', () => {
  it('proposes a shorter deregistration delay with the drain it measured: the drain minus the proposed delay', () => {
    const timings = measured('web', { placed: 1, running: 5, healthy: 10, drained: 310, done: 311 })
    expect(advise([timings], [facts('web', { deregistrationDelaySeconds: 300 })])).toEqual([
      {
        service: 'web',
        resource: 'target group web-tg',
        setting: 'deregistration_delay.timeout_seconds',
        change: '300 → 30: the old tasks drained for 300 s, waiting out the delay',
        savedSeconds: 270,
        formula: 'drain 300 s − proposed delay 30 s, at most 270 s'
      }
    ])
  })

  it('never claims more than the drain measured, nor more than the delay could account for', () => {
    // 45 s of drain under a 300 s delay: a 30 s delay would have ended it 15 s sooner.
    const [partly] = drainOf(45, 300)
    expect(partly!.savedSeconds).toBe(15)
    expect(partly!.formula).toBe('drain 45 s − proposed delay 30 s, at most 270 s')
    // The drain took 400 s, but the 60 s delay accounts for 30 s of it at most.
    expect(drainOf(400, 60)[0]!.savedSeconds).toBe(30)
    // A drain that ended within the proposed delay (no connections left open, or a simulator's
    // compressed time): the delay cost nothing, no line.
    expect(drainOf(6, 300)).toEqual([])
    expect(drainOf(30, 300)).toEqual([])
    for (const drain of [31, 45, 300, 1000])
      for (const delay of [31, 60, 300, 3600]) {
        const saved = drainOf(drain, delay)[0]!.savedSeconds
        expect(saved).toBeGreaterThan(0)
        expect(saved).toBeLessThanOrEqual(Math.min(drain - 30, delay - 30))
      }
  })

  it('says nothing of the drain when it was not measured or the delay is already short', () => {
    const notDrained = measured('web', { running: 5 })
    expect(advise([notDrained], [facts('web', { deregistrationDelaySeconds: 300 })])).toEqual([])
    // Gone in the poll that saw the new tasks run: nothing measured to save.
    expect(drainOf(0, 300)).toEqual([])
    expect(drainOf(305, 30)).toEqual([])
    expect(drainOf(305, 20)).toEqual([])
    // Its attribute could not be read.
    expect(drainOf(305, undefined)).toEqual([])
    // A staged deployment's "drained" is the end of its bake: not the delay's doing.
    const staged = measured('web', { running: 5, drained: 305 }, { bake: true })
    expect(advise([staged], [facts('web', { deregistrationDelaySeconds: 300 })])).toEqual([])
  })

  it('proposes faster health checks only when the time to healthy was measured from target health', () => {
    const group = { healthCheckIntervalSeconds: 30, healthyThresholdCount: 5 }
    const targetsHealthy = { 'arn:tg/web': START + 160_000 }
    const seen = measured('web', { running: 10, healthy: 160 }, { targetsHealthy })
    expect(advise([seen], [facts('web', group)])).toEqual([
      {
        service: 'web',
        resource: 'target group web-tg',
        setting: 'HealthCheckIntervalSeconds × HealthyThresholdCount',
        change: '30 s × 5 → 5 s × 2: the new tasks took 150 s to turn healthy',
        savedSeconds: 140,
        formula: 'time to healthy 150 s − proposed 10 s, at most 140 s'
      }
    ])
    // Bounded by the settings' product: 40 s to healthy with 10 s × 3 saves 20 s at most.
    // Healthy within the proposed checks' 10 s: nothing to save.
    const prompt = measured('web', { running: 10, healthy: 18 }, { targetsHealthy })
    expect(advise([prompt], [facts('web', group)])).toEqual([])
    const quick = measured('web', { running: 10, healthy: 50 }, { targetsHealthy })
    const tight = { healthCheckIntervalSeconds: 10, healthyThresholdCount: 3 }
    expect(advise([quick], [facts('web', tight)])[0]!.savedSeconds).toBe(20)
    // Already the shortest: no line.
    const shortest = { healthCheckIntervalSeconds: 5, healthyThresholdCount: 2 }
    expect(advise([quick], [facts('web', shortest)])).toEqual([])
    // Healthy came from a lifecycle stage, not target health: no line.
    const staged = measured('web', { running: 10, healthy: 160 })
    expect(advise([staged], [facts('web', group)])).toEqual([])
  })

  it('names the image and every task that pulled it when the pull was long', () => {
    const timings = measured('web', { placed: 1, pulled: 21 })
    timings.tasks = { count: 3, longestPullMs: 18_000, healthy: 0 }
    const advice = advise([timings], [{ ...facts('web'), image: 'repo/web@sha256:abc' }])
    expect(advice).toEqual([
      expect.objectContaining({
        resource: 'image repo/web@sha256:abc',
        setting: 'image size',
        savedSeconds: 9,
        formula: 'longest pull 18 s × ½ for half the size'
      })
    ])
    expect(advice[0]!.change).toMatch(/each of the 3 new tasks pulled the whole image/)
    timings.tasks = { count: 3, longestPullMs: 2_000, healthy: 0 }
    expect(advise([timings], [facts('web')])).toEqual([])
  })

  it('advises each service of a release on its own facts', () => {
    const web = measured('web', { running: 5, drained: 305 })
    const api = measured('api', { running: 5, drained: 8 })
    const advice = advise(
      [web, api],
      [
        facts('web', { deregistrationDelaySeconds: 300 }),
        facts('api', { deregistrationDelaySeconds: 20 })
      ]
    )
    expect(advice.map(entry => entry.service)).toEqual(['web'])
  })
})
