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

describe('the advisor', () => {
  it('proposes a shorter deregistration delay with the drain it measured, saving the drain beyond the proposal', () => {
    const timings = measured('web', { placed: 1, running: 5, healthy: 10, drained: 310, done: 311 })
    expect(advise([timings], [facts('web', { deregistrationDelaySeconds: 300 })])).toEqual([
      {
        service: 'web',
        resource: 'target group web-tg',
        setting: 'deregistration_delay.timeout_seconds',
        change: '300 → 30: the old tasks drained for 300 s, waiting out the delay',
        savedSeconds: 270,
        formula: 'min(drain 300 s − 30 s, delay 300 s − 30 s)'
      }
    ])
  })

  it('never claims more than the drain measured, nor more than the delay could account for', () => {
    // The drain took 100 s, far less than the 300 s delay (connections closed sooner).
    const short = measured('web', { running: 5, drained: 105 })
    expect(
      advise([short], [facts('web', { deregistrationDelaySeconds: 300 })])[0]!.savedSeconds
    ).toBe(70)
    // The drain took 400 s, but the delay was only 60 s of it.
    const long = measured('web', { running: 5, drained: 405 })
    expect(
      advise([long], [facts('web', { deregistrationDelaySeconds: 60 })])[0]!.savedSeconds
    ).toBe(30)
  })

  it('says nothing of the drain when it was not measured, was short, or the delay is already short', () => {
    expect(
      advise([measured('web', { running: 5 })], [facts('web', { deregistrationDelaySeconds: 300 })])
    ).toEqual([])
    expect(
      advise(
        [measured('web', { running: 5, drained: 20 })],
        [facts('web', { deregistrationDelaySeconds: 300 })]
      )
    ).toEqual([])
    expect(
      advise(
        [measured('web', { running: 5, drained: 305 })],
        [facts('web', { deregistrationDelaySeconds: 20 })]
      )
    ).toEqual([])
    // Its attribute could not be read.
    expect(advise([measured('web', { running: 5, drained: 305 })], [facts('web')])).toEqual([])
    // A staged deployment's "drained" is the end of its bake: not the delay's doing.
    expect(
      advise(
        [measured('web', { running: 5, drained: 305 }, { bake: true })],
        [facts('web', { deregistrationDelaySeconds: 300 })]
      )
    ).toEqual([])
  })

  it('proposes faster health checks only when the time to healthy was measured from target health', () => {
    const group = { healthCheckIntervalSeconds: 30, healthyThresholdCount: 5 }
    const seen = measured(
      'web',
      { running: 10, healthy: 160 },
      { targetsHealthy: { 'arn:tg/web': START + 160_000 } }
    )
    expect(advise([seen], [facts('web', group)])).toEqual([
      {
        service: 'web',
        resource: 'target group web-tg',
        setting: 'HealthCheckIntervalSeconds × HealthyThresholdCount',
        change: '30 s × 5 → 5 s × 2: the new tasks took 150 s to turn healthy',
        savedSeconds: 140,
        formula: 'min(time to healthy 150 s − 10 s, 30 × 5 s − 10 s)'
      }
    ])
    // Bounded by the settings' product: 40 s healthy with 10 s × 3 saves 20 s, not 30 s.
    const quick = measured(
      'web',
      { running: 10, healthy: 50 },
      { targetsHealthy: { 'arn:tg/web': START } }
    )
    expect(
      advise(
        [quick],
        [facts('web', { healthCheckIntervalSeconds: 10, healthyThresholdCount: 3 })]
      )[0]!.savedSeconds
    ).toBe(20)
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
        facts('api', { deregistrationDelaySeconds: 300 })
      ]
    )
    expect(advice.map(entry => entry.service)).toEqual(['web'])
  })
})
