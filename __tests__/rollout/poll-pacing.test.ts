import { describe, expect, it } from '@jest/globals'
import {
  MAX_SPREAD,
  afterPoll,
  nextPollDelay,
  startPacing,
  type PollOutcome,
  type PollPacing
} from '../../src/rollout/poll-pacing.js'

const after = (outcomes: PollOutcome[], intervalSeconds = 2): PollPacing =>
  outcomes.reduce(afterPoll, startPacing(intervalSeconds))
const T: PollOutcome = 'throttled'
const A: PollOutcome = 'answered'
const F: PollOutcome = 'failed'

describe('poll pacing', () => {
  it.each<[string, PollOutcome[], number, number, number]>([
    // name, outcomes so far, spread, delay at random 0, delay at random → 1
    ['first poll', [], 1, 2000, 2200],
    ['answered in a quiet account', [A, A], 1, 2000, 2200],
    ['one throttled poll: asked again between one interval and the spacing', [T], 1.5, 2000, 3000],
    ['two in a row', [T, T], 2.25, 2000, 4500],
    ['three in a row: the widest spacing', [T, T, T], 3, 2000, 6000],
    ['many in a row stay at the widest', [T, T, T, T, T, T], 3, 2000, 6000],
    ['answered after throttling: wider answered spacing', [T, T, T, A], 2, 4000, 4400],
    ['and narrowing with each answer', [T, T, T, A, A], 4 / 3, 8000 / 3, (8000 / 3) * 1.1],
    ['back to the interval', [T, T, T, A, A, A], 1, 2000, 2200],
    [
      'another transient error keeps the spacing, asked again as throttled',
      [T, T, F],
      2.25,
      2000,
      4500
    ],
    ['a transient error in a quiet account: again after one interval', [F], 1, 2000, 2000]
  ])('%s', (_name, outcomes, spread, low, high) => {
    const pacing = after(outcomes)
    expect(pacing.spread).toBeCloseTo(spread, 9)
    expect(nextPollDelay(pacing, () => 0)).toBeCloseTo(low, 6)
    expect(nextPollDelay(pacing, () => 1 - Number.EPSILON)).toBeCloseTo(high, 6)
  })

  it('the interval is a floor whatever happened: never two polls within one interval', () => {
    const outcomes: PollOutcome[] = [T, A, T, T, F, T, T, T, T, A, T, A, A, A, A]
    let pacing = startPacing(3)
    for (const outcome of outcomes) {
      pacing = afterPoll(pacing, outcome)
      for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
        const delay = nextPollDelay(pacing, () => r)
        expect(delay).toBeGreaterThanOrEqual(3000)
        expect(delay).toBeLessThanOrEqual(3000 * MAX_SPREAD * 1.1)
      }
    }
  })

  it('a throttled poll is asked again with full jitter over the spacing (releases come back apart)', () => {
    const pacing = after([T, T, T])
    const delays = [0, 0.25, 0.5, 0.75].map(r => nextPollDelay(pacing, () => r))
    expect(delays).toEqual([2000, 3000, 4000, 5000])
  })

  it('is pure: a pacing value is never changed in place', () => {
    const pacing = startPacing(2)
    const next = afterPoll(pacing, T)
    expect(pacing).toEqual({ intervalMs: 2000, spread: 1, unanswered: false })
    expect(next).not.toBe(pacing)
  })
})
