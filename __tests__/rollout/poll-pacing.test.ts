import { describe, expect, it } from '@jest/globals'
import {
  JITTER,
  MAX_SPREAD,
  afterPoll,
  nextPollDelay,
  startPacing,
  type PollOutcome,
  type PollPacing
} from '../../src/util/poll-pacing.js'

const after = (outcomes: PollOutcome[], intervalSeconds = 2): PollPacing =>
  outcomes.reduce(afterPoll, startPacing(intervalSeconds))
const T: PollOutcome = 'throttled'
const A: PollOutcome = 'answered'
const F: PollOutcome = 'failed'
const HIGH = 1 - Number.EPSILON

describe('poll pacing', () => {
  it.each<[string, PollOutcome[], number, number]>([
    // name, outcomes so far, spread of answered polls, pause at random 0 (the top is ×1.1)
    ['first poll', [], 1, 2000],
    ['answered in a quiet account', [A, A], 1, 2000],
    ['one throttled poll: asked again after one interval', [T], 1.5, 2000],
    ['two in a row: still one interval (it has read nothing)', [T, T], 2.25, 2000],
    ['three in a row: the widest spacing for answered polls', [T, T, T], 3, 2000],
    ['many in a row stay at the widest', [T, T, T, T, T, T], 3, 2000],
    ['answered after throttling: it steps back', [T, T, T, A], 2, 4000],
    ['and narrows with each answer', [T, T, T, A, A], 4 / 3, 8000 / 3],
    ['back to the interval', [T, T, T, A, A, A], 1, 2000],
    [
      'another transient error keeps the spacing, asked again after one interval',
      [T, T, F],
      2.25,
      2000
    ],
    ['and an answer after it steps back by the spacing', [T, T, F, A], 1.5, 3000],
    ['a transient error in a quiet account: again after one interval', [F], 1, 2000]
  ])('%s', (_name, outcomes, spread, low) => {
    const pacing = after(outcomes)
    expect(pacing.spread).toBeCloseTo(spread, 9)
    expect(nextPollDelay(pacing, () => 0)).toBeCloseTo(low, 6)
    expect(nextPollDelay(pacing, () => HIGH)).toBeCloseTo(low * (1 + JITTER), 6)
  })

  it('the interval is a floor whatever happened: never two polls within one interval', () => {
    const outcomes: PollOutcome[] = [T, A, T, T, F, T, T, T, T, A, T, A, A, A, A]
    let pacing = startPacing(3)
    for (const outcome of outcomes) {
      pacing = afterPoll(pacing, outcome)
      for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
        const delay = nextPollDelay(pacing, () => r)
        expect(delay).toBeGreaterThanOrEqual(3000)
        expect(delay).toBeLessThanOrEqual(3000 * MAX_SPREAD * (1 + JITTER))
      }
    }
  })

  it('in a busy account a release that went unanswered asks sooner than one just served', () => {
    const starving = after([A, T, T, T])
    const served = after([T, T, T, A])
    const latestStarving = nextPollDelay(starving, () => HIGH)
    const soonestServed = nextPollDelay(served, () => 0)
    expect(latestStarving).toBeLessThan(soonestServed)
  })

  it('is pure: a pacing value is never changed in place', () => {
    const pacing = startPacing(2)
    const next = afterPoll(pacing, T)
    expect(pacing).toEqual({ intervalMs: 2000, spread: 1, unanswered: false })
    expect(next).not.toBe(pacing)
  })
})
