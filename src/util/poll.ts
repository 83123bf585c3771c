import type { Clock } from './clock.js'
import { afterPoll, nextPollDelay, startPacing, type PollOutcome } from './poll-pacing.js'
import { waitRead, type WaitRead } from './wait-deadline.js'

// The one poll loop every wait of ecs-flow goes through (a rollout, a service deployment's
// stages, a CodeDeploy deployment, a rollback, a one-off task, a URL): a read, a pure verdict on
// what was read, a pause, until the verdict is done or failed or the deadline has passed. Each
// watcher says only what it reads, how it judges, which errors it sits out and how it paces.

/** What one reading means for the wait: go on polling, done with a result, or failed. */
export type Verdict<T> =
  { kind: 'continue' } | { kind: 'done'; result: T } | { kind: 'fail'; reason: unknown }

/** How a wait ends when its deadline has passed: a result, or a failure. */
export type Ending<T> = Exclude<Verdict<T>, { kind: 'continue' }>

export const keepPolling: Verdict<never> = { kind: 'continue' }
export const done = <T>(result: T): Ending<T> => ({ kind: 'done', result })
export const fail = (reason: unknown): Ending<never> => ({ kind: 'fail', reason })

/** When the next read is made: ms to pause before the first read, and after each one. */
export interface Pacer {
  first(): number
  after(outcome: PollOutcome): number
}

/** The same pause every time (the user's poll interval). */
export function fixedPacer(intervalMs: number): Pacer {
  return { first: () => intervalMs, after: () => intervalMs }
}

/** The rollout watchers' pacing: throttling spaces polls out, an answer narrows them (poll-pacing.ts). */
export function adaptivePacer(intervalSeconds: number, random: () => number): Pacer {
  let pacing = startPacing(intervalSeconds)
  return {
    first: () => nextPollDelay(pacing, random),
    after: outcome => {
      pacing = afterPoll(pacing, outcome)
      return nextPollDelay(pacing, random)
    }
  }
}

/** Which errors a wait sits out, and what it says of them. */
export interface TransientPolicy {
  /** The outcome of a read that threw this error, when it is tolerated; undefined: it is thrown. */
  tolerated(error: unknown): Exclude<PollOutcome, 'answered'> | undefined
  /** Told of each tolerated error (saying each kind once is the policy's business). */
  report?(error: unknown): void
  /** How many tolerated errors in a row before the next one is thrown (default: no limit). */
  maxInARow?: number
}

/** No error is tolerated: the first one ends the wait. */
export const noTolerance: TransientPolicy = { tolerated: () => undefined }

/**
 * Which read is the last once the deadline has passed.
 * - `ended-late`: the read that ended at or past the deadline; the wait ends on what it saw.
 * - `answered-late`: the read answered at or past it. A read made before the deadline that failed
 *   as it passed is made once more, within the grace: a verdict is never given on stale data.
 * - `made-late`: a read made at or past it. A read made before and ending after is followed by
 *   one more, within the grace.
 * A read made at or past the deadline is always the last; with no grace left, none is made.
 */
export type LastRead = 'ended-late' | 'answered-late' | 'made-late'

/** What the wait knew when the deadline passed: the last reading, and the read error after it. */
export interface LastSeen<R> {
  reading?: R
  error?: unknown
}

export interface PollLoop<R, T> {
  clock: Clock
  /** ms on `clock`: no pause goes past it; reads are bounded by it plus the grace (wait-deadline.ts). */
  deadline: number
  pacer: Pacer
  /** `at-once`, or `after-pause` when what was just started cannot have moved yet. */
  firstRead: 'at-once' | 'after-pause'
  lastRead: LastRead
  /**
   * One read, bounded as given: `polling` (no SDK retries: the next poll is the retry) except
   * for a read made at or past the deadline; `withinMs`, what is left of the deadline and grace.
   */
  read(bound: Required<WaitRead>): Promise<R>
  /**
   * A read that answers for several things may be partly unanswered: its outcome, for the
   * pacing and the last read (default: answered).
   */
  outcomeOf?(reading: R): PollOutcome
  /**
   * Tells what is new in a reading (the log, the summary's timeline) and adds what it had to
   * look up or do to tell it; runs after the read's answer, which the pause is counted from.
   */
  observe?(reading: R): Promise<R>
  /** Pure: what this reading, read at `at` (ms), means. */
  verdict(reading: R, at: number): Verdict<T>
  errors: TransientPolicy
  /**
   * The deadline passed without a verdict: how the wait ends on what it last saw. Omitted when
   * the verdict judges the deadline itself (from `at`): the read made at or past the deadline is
   * then always made, bounded as given, and its verdict ends the wait.
   */
  expired?(last: LastSeen<R>): Ending<T>
  /** True once the wait should stop without a word (another watch of the release failed). */
  halted?: () => boolean
  /** The most reads made: the last one ends the wait as the deadline would (default: no limit). */
  maxReads?: number
}

/** How a poll ended: a result, or halted from outside. A failure is thrown. */
export type PollEnd<T> = { kind: 'done'; result: T } | { kind: 'halted' }

/**
 * Polls until the verdict is done (resolves with its result) or failed (throws its reason), or
 * the deadline passed (ends as `expired` says). A pause is counted from the read's answer, so a
 * slow read never brings the next one closer, and never goes past the deadline. A tolerated error
 * is reported and polled through; the reading before it stays the last one seen.
 */
export async function poll<R, T>(loop: PollLoop<R, T>): Promise<PollEnd<T>> {
  const { clock, deadline } = loop
  const last: LastSeen<R> = {}
  let inARow = 0
  let reads = 0
  if (loop.firstRead === 'after-pause') await pauseUntil(clock, loop.pacer.first(), deadline)
  for (;;) {
    if (loop.halted?.()) return { kind: 'halted' }
    const late = clock.now() >= deadline
    const bound = waitRead(clock, deadline, !late)
    // No grace left for a last read; a verdict that judges the deadline still gets its read.
    if (late && bound.withinMs === 0 && loop.expired) return end(loop.expired(last))
    let outcome: PollOutcome = 'answered'
    let answeredAt: number
    reads++
    try {
      const reading = await loop.read(bound)
      answeredAt = clock.now()
      outcome = loop.outcomeOf?.(reading) ?? 'answered'
      last.reading = loop.observe ? await loop.observe(reading) : reading
      last.error = undefined
      inARow = 0
    } catch (error) {
      const tolerated = loop.errors.tolerated(error)
      inARow++
      if (!tolerated || inARow > (loop.errors.maxInARow ?? Infinity)) throw error
      loop.errors.report?.(error)
      answeredAt = clock.now()
      last.error = error
      outcome = tolerated
    }
    if (last.error === undefined) {
      const verdict = loop.verdict(last.reading!, clock.now())
      if (verdict.kind !== 'continue') return end(verdict)
    }
    // A verdict that judges the deadline itself ends the wait at the first read made past it.
    const expires = loop.expired ? endsNow(loop.lastRead, outcome) : false
    if (late || (clock.now() >= deadline && expires)) return end(expire(loop, last))
    if (reads >= (loop.maxReads ?? Infinity)) return end(expire(loop, last))
    // Counted from the answer: a slow read, or what it took to tell it, never brings the next closer.
    await pauseUntil(clock, answeredAt + loop.pacer.after(outcome) - clock.now(), deadline)
  }
}

function expire<R, T>(loop: PollLoop<R, T>, last: LastSeen<R>): Ending<T> {
  if (loop.expired) return loop.expired(last)
  throw new Error('a wait whose verdict judges its deadline went on past it')
}

/** A read made before the deadline ended past it: whether the wait ends on it. */
function endsNow(lastRead: LastRead, outcome: PollOutcome): boolean {
  if (lastRead === 'ended-late') return true
  return lastRead === 'answered-late' && outcome === 'answered'
}

function end<T>(ending: Ending<T>): PollEnd<T> {
  if (ending.kind === 'fail') throw ending.reason
  return ending
}

async function pauseUntil(clock: Clock, pauseMs: number, deadline: number): Promise<void> {
  const wait = Math.min(clock.now() + pauseMs, deadline) - clock.now()
  if (wait > 0) await clock.sleep(wait)
}

/** A wait nothing halts from outside: its result, or its failure thrown. */
export async function pollFor<R, T>(loop: Omit<PollLoop<R, T>, 'halted'>): Promise<T> {
  const ended = await poll(loop)
  if (ended.kind === 'halted') throw new Error('a wait with no halted() cannot be halted')
  return ended.result
}
