import { describe, expect, it } from '@jest/globals'
import {
  bakeOutlastsTimeoutWarning,
  bakeTooShortWarning,
  verifyGatesBake
} from '../../src/strategies/staged/bake.js'
import { STRATEGIES } from '../../src/strategies/index.js'

const service = (strategy: string | undefined, bakeTimeInMinutes?: number) => ({
  name: 'web',
  strategy,
  deploymentController: 'ECS',
  bakeTimeInMinutes
})

describe('how a service is watched, by its strategy', () => {
  it.each([
    [undefined, 'rolling'],
    ['ROLLING', 'rolling'],
    ['BLUE_GREEN', 'staged'],
    ['LINEAR', 'staged'],
    ['CANARY', 'staged'],
    ['SOMETHING_NEW', 'rolling']
  ])('%s → %s', (strategy, watched) => {
    expect(STRATEGIES.strategyFor({ strategy })?.name).toBe(watched)
  })

  it.each([
    ['BLUE_GREEN', 1, 60, true],
    ['BLUE_GREEN', 1, 61, false],
    ['CANARY', 5, 60, true],
    ['BLUE_GREEN', 0, 1, false],
    ['ROLLING', 60, 1, false]
  ])(
    '%s, bake %d min, verify-timeout %ds: verify gates the bake %s',
    (strategy, bake, timeout, gates) => {
      expect(verifyGatesBake({ strategy, bakeTimeInMinutes: bake }, timeout)).toBe(gates)
    }
  )
})

describe('preflight warnings about the bake', () => {
  it('a bake shorter than verify-timeout, when there is something to verify', () => {
    expect(bakeTooShortWarning(service('BLUE_GREEN', 1), true, 120)).toBe(
      "service web deploys blue/green with a bake time of 1 minute(s), shorter than verify-timeout 2m: verify cannot run before the old tasks go, so it runs after the deployment is SUCCESSFUL. Set the service's bakeTimeInMinutes to at least 2 minute(s) (verify-timeout) for verify to gate the release."
    )
    expect(bakeTooShortWarning(service('LINEAR', 0), true, 30)).toMatch(
      /deploys linear with a bake time of 0 minute\(s\)/
    )
    expect(bakeTooShortWarning(service('BLUE_GREEN', 2), true, 120)).toBeUndefined()
    expect(bakeTooShortWarning(service('BLUE_GREEN', 1), false, 120)).toBeUndefined()
    expect(bakeTooShortWarning(service(undefined), true, 120)).toBeUndefined()
  })

  it('a bake as long as the timeout, when waiting until complete', () => {
    expect(bakeOutlastsTimeoutWarning(service('BLUE_GREEN', 60), 'complete', 1200)).toMatch(
      /^service web bakes for 60 minute\(s\), not less than timeout 20m: .*Raise timeout above the bake, or set wait-until: traffic-shifted\.$/
    )
    expect(
      bakeOutlastsTimeoutWarning(service('BLUE_GREEN', 60), 'traffic-shifted', 1200)
    ).toBeUndefined()
    expect(bakeOutlastsTimeoutWarning(service('BLUE_GREEN', 5), 'complete', 1200)).toBeUndefined()
    expect(bakeOutlastsTimeoutWarning(service(undefined, 60), 'complete', 1200)).toBeUndefined()
  })

  it('a wait until a stage: only CLEAN_UP, after the bake, waits it out', () => {
    expect(bakeOutlastsTimeoutWarning(service('BLUE_GREEN', 60), 'CLEAN_UP', 1200)).toMatch(
      /^service web bakes for 60 minute\(s\), not less than timeout 20m: waiting until it reaches CLEAN_UP would time out/
    )
    for (const stage of ['BAKE_TIME', 'SCALE_UP', 'PRODUCTION_TRAFFIC_SHIFT'])
      expect(bakeOutlastsTimeoutWarning(service('CANARY', 60), stage, 1200)).toBeUndefined()
  })
})
