/**
 * When a rollout watcher polls next: pure, the state a value, randomness passed in, so the
 * rollout watcher and the blue/green stage watcher pace alike and tests need no clock.
 *
 * ECS throttles reads per account with a token bucket every release in the account shares. A
 * throttled poll is the sign that the account is busy: the watcher then spaces its *answered*
 * polls wider (×1.5 a throttled poll, up to 3× the interval, its share of a busy account), and
 * narrows them again as polls are answered (÷1.5 each). A throttled poll itself was not served,
 * so its watcher has had nothing: it is asked again after a full-jitter pause (anywhere between
 * one interval and the current spacing: the interval stays a floor), not after an ever longer one, so that releases
 * throttled together come back apart and the one throttled most does not fall ever further
 * behind the others.
 */
export interface PollPacing {
  /** The poll interval the user set, in ms: the spacing of answered polls in a quiet account. */
  readonly intervalMs: number
  /** The spacing of answered polls as a multiple of the interval: 1 (quiet) up to MAX_SPREAD. */
  readonly spread: number
  /** Whether the last poll went unanswered (throttled, or another transient error). */
  readonly unanswered: boolean
}

/** What one poll came back with: an answer, throttling, or another transient error. */
export type PollOutcome = 'answered' | 'throttled' | 'failed'

/** Each throttled poll widens the spacing by this factor; each answer narrows it by it. */
export const SPREAD_STEP = 1.5
/** The widest spacing, in intervals. */
export const MAX_SPREAD = 3
/** Upward jitter of an answered poll's spacing: a floor, so runners do not poll in step. */
export const ANSWERED_JITTER = 0.1

export function startPacing(intervalSeconds: number): PollPacing {
  return { intervalMs: intervalSeconds * 1000, spread: 1, unanswered: false }
}

/**
 * The pacing after a poll with this outcome. Another transient error is unanswered too, but says
 * nothing of the account's rate: the spacing stays as it was.
 */
export function afterPoll(pacing: PollPacing, outcome: PollOutcome): PollPacing {
  switch (outcome) {
    case 'throttled':
      return {
        ...pacing,
        spread: Math.min(MAX_SPREAD, pacing.spread * SPREAD_STEP),
        unanswered: true
      }
    case 'answered':
      return { ...pacing, spread: Math.max(1, pacing.spread / SPREAD_STEP), unanswered: false }
    case 'failed':
      return { ...pacing, unanswered: true }
  }
}

/**
 * ms from the last poll's answer to the next poll; `random` in [0, 1). Answered (or the first
 * poll): the spacing, jittered upwards only. Unanswered: full jitter over [interval, spacing].
 */
export function nextPollDelay(pacing: PollPacing, random: () => number): number {
  const spacing = pacing.intervalMs * pacing.spread
  if (!pacing.unanswered) return spacing * (1 + ANSWERED_JITTER * random())
  return pacing.intervalMs + (spacing - pacing.intervalMs) * random()
}
