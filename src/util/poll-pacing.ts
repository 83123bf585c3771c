/**
 * When a rollout watcher polls next: pure, the state a value, randomness passed in, so the
 * rollout watcher, the blue/green stage watcher and the CodeDeploy watcher pace alike and tests
 * need no clock.
 *
 * ECS throttles reads per account with a token bucket every release in the account shares, and a
 * throttled request takes no token: the next token goes to whoever asks first after it is added.
 * The interval is a floor for every poll. Polls that were *answered* are spaced wider while the
 * account is busy (×1.5 a throttled poll, up to 3× the interval, a release's share of a busy
 * account; ÷1.5 an answer), so a release just served steps back. A poll that went *unanswered*
 * read nothing, so it is asked again after one interval: the releases that have waited longest
 * ask most often and get the next tokens, and none falls ever further behind the others.
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
/** Upward jitter of every pause: the interval stays a floor, and runners do not poll in step. */
export const JITTER = 0.1

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
 * poll): the spacing; unanswered: one interval. Either jittered upwards only.
 */
export function nextPollDelay(pacing: PollPacing, random: () => number): number {
  const pause = pacing.unanswered ? pacing.intervalMs : pacing.intervalMs * pacing.spread
  return pause * (1 + JITTER * random())
}
