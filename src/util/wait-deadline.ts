import type { Clock } from './clock.js'

/**
 * How far past a wait's deadline its reads may go. A poll under way when the deadline comes, or
 * the last read before the verdict (the watchers never judge on stale data), gets at most this
 * long to answer; a wait with `timeout: 10s` therefore ends within 10 s, one poll interval and
 * this grace, however an endpoint behaves.
 */
export const READ_GRACE_MS = 5_000

/**
 * How a read made while waiting is bounded (the AWS adapters' read options). `polling`: one
 * attempt, no SDK retries, the caller's next poll is the retry. `withinMs`: the most the read may
 * take, every attempt included, when that is less than its own deadline (aws-call.ts).
 */
export interface WaitRead {
  polling?: boolean
  withinMs?: number
}

/**
 * The ms a read made now may take: what is left of `deadline` (ms, on `clock`) plus the grace.
 * 0: no time is left, and the read is not made.
 */
export function readBudgetMs(clock: Clock, deadline: number): number {
  return Math.max(0, deadline + READ_GRACE_MS - clock.now())
}

/** The options of a read made now while waiting for `deadline`. */
export function waitRead(clock: Clock, deadline: number, polling: boolean): Required<WaitRead> {
  return { polling, withinMs: readBudgetMs(clock, deadline) }
}
