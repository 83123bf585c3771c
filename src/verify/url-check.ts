import type { Clock } from '../util/clock.js'
import { VerificationError } from '../util/errors.js'
import { escapeForLog, type Logger } from '../util/logger.js'
import { readBudgetMs } from '../util/wait-deadline.js'
import { done, fail, fixedPacer, keepPolling, noTolerance, pollFor } from '../util/poll.js'
import { basicAuthRequest, withoutCredentials } from '../util/url.js'

/** One URL that must answer 2xx (and contain a text) before the budget runs out. */
export interface UrlCheck {
  /** May carry `user:password@`: sent as Basic auth, never printed. */
  url: string
  /** Text the body must contain, case-sensitive. */
  contains?: string
  /** The whole budget for retries. */
  timeoutSeconds: number
  /** Pause between attempts (on the injected clock). */
  intervalSeconds: number
  /** How long one request may take (real time): a server that never answers costs this much. */
  requestTimeoutSeconds: number
  /** Names the check in messages: `verify-url` or `verify-path`. */
  label: string
}

export interface UrlCheckDependencies {
  clock: Clock
  logger: Logger
  fetch: typeof fetch
}

/** What one GET produced. */
export type Attempt =
  | { kind: 'passed'; status: number }
  | { kind: 'bad-status'; status: number; statusText: string; body: string }
  | { kind: 'text-missing'; status: number; body: string }
  | { kind: 'no-answer'; error: string }

export interface UrlCheckPassed {
  status: number
  attempts: number
  seconds: number
}

const EXCERPT_LENGTH = 200

/**
 * GETs the URL until it passes, pausing `intervalSeconds` between attempts; prints a line only
 * when the answer changes. Throws VerificationError naming the URL and the last answer.
 */
export async function waitForUrl(
  check: UrlCheck,
  { clock, logger, fetch: fetchUrl }: UrlCheckDependencies
): Promise<UrlCheckPassed> {
  const startedAt = clock.now()
  const deadline = startedAt + check.timeoutSeconds * 1000
  const shown = escapeForLog(withoutCredentials(check.url))
  let attempts = 0
  let lastLine: string | undefined
  const passed = await pollFor<Attempt, number>({
    clock,
    deadline,
    pacer: fixedPacer(check.intervalSeconds * 1000),
    firstRead: 'at-once',
    lastRead: 'ended-late',
    read: async () => {
      attempts++
      const attempt = await probeUrl(
        { ...check, requestTimeoutSeconds: attemptTimeoutSeconds(check, clock, deadline) },
        fetchUrl
      )
      // A line only when the answer changes.
      const line = attempt.kind === 'passed' ? undefined : describeAttempt(attempt, check.contains)
      if (line !== undefined && line !== lastLine) {
        logger.info(`${check.label}: GET ${shown}: ${line} (attempt ${attempts}); retrying`)
        lastLine = line
      }
      return attempt
    },
    verdict: attempt => (attempt.kind === 'passed' ? done(attempt.status) : keepPolling),
    // probeUrl never throws: a failed request is an attempt like any other.
    errors: noTolerance,
    expired: ({ reading }) =>
      fail(
        new VerificationError(
          failureMessage(check, reading as Exclude<Attempt, { kind: 'passed' }>, attempts),
          'url'
        )
      )
  })
  const seconds = (clock.now() - startedAt) / 1000
  logger.info(
    `${check.label}: GET ${shown} answered ${passed}` +
      `${check.contains === undefined ? '' : ` containing ${quote(check.contains)}`}` +
      ` (attempt ${attempts}, ${seconds.toFixed(0)}s)`
  )
  return { status: passed, attempts, seconds }
}

/**
 * How long the attempt made now may take: its own timeout, or less near the deadline, which
 * the last attempt may overrun by the grace (READ_GRACE_MS) at most, not by its own timeout.
 */
export function attemptTimeoutSeconds(
  check: Pick<UrlCheck, 'requestTimeoutSeconds'>,
  clock: Clock,
  deadline: number
): number {
  return Math.min(check.requestTimeoutSeconds, readBudgetMs(clock, deadline) / 1000)
}

/** One GET with its own timeout; never throws. fetch refuses `user:password@`: it goes as a header. */
export async function probeUrl(
  check: Pick<UrlCheck, 'url' | 'contains' | 'requestTimeoutSeconds'>,
  fetchUrl: typeof fetch
): Promise<Attempt> {
  const { url, authorization } = basicAuthRequest(check.url)
  try {
    const response = await fetchUrl(url, {
      method: 'GET',
      redirect: 'follow',
      headers: {
        'user-agent': 'ecs-flow-verify',
        ...(authorization === undefined ? {} : { authorization })
      },
      signal: AbortSignal.timeout(check.requestTimeoutSeconds * 1000)
    })
    const body = await response.text()
    if (response.status < 200 || response.status > 299) {
      return { kind: 'bad-status', status: response.status, statusText: response.statusText, body }
    }
    if (check.contains !== undefined && !body.includes(check.contains)) {
      return { kind: 'text-missing', status: response.status, body }
    }
    return { kind: 'passed', status: response.status }
  } catch (error) {
    return { kind: 'no-answer', error: networkError(error, check.requestTimeoutSeconds) }
  }
}

/** Pure: one short phrase for an attempt that did not pass. */
export function describeAttempt(
  attempt: Exclude<Attempt, { kind: 'passed' }>,
  contains?: string
): string {
  switch (attempt.kind) {
    case 'bad-status':
      return `HTTP ${attempt.status}${attempt.statusText ? ` ${attempt.statusText}` : ''}`
    case 'text-missing':
      return `HTTP ${attempt.status} but the body does not contain ${quote(contains ?? '')}`
    case 'no-answer':
      return attempt.error
  }
}

function failureMessage(
  check: UrlCheck,
  attempt: Exclude<Attempt, { kind: 'passed' }>,
  attempts: number
): string {
  const head =
    `${check.label} ${withoutCredentials(check.url)} did not answer 2xx` +
    `${check.contains === undefined ? '' : ` containing ${quote(check.contains)}`}` +
    ` within ${check.timeoutSeconds}s (${attempts} attempt${attempts === 1 ? '' : 's'})`
  const last = `last answer: ${describeAttempt(attempt, check.contains)}`
  const body = attempt.kind === 'no-answer' ? '' : `; body: ${quote(excerpt(attempt.body))}`
  return `${head}; ${last}${body}`
}

/** The first characters of a body on one line, with workflow commands neutralised. */
export function excerpt(body: string): string {
  const oneLine = body.replace(/\s+/g, ' ').trim()
  const short = oneLine.length > EXCERPT_LENGTH ? `${oneLine.slice(0, EXCERPT_LENGTH)}…` : oneLine
  return escapeForLog(short)
}

/**
 * fetch says "fetch failed"; its cause says why (ECONNREFUSED, ENOTFOUND, a TLS error). Duck-typed,
 * not `instanceof`: fetch's errors may come from another realm (a test VM).
 */
function networkError(error: unknown, requestTimeoutSeconds: number): string {
  const { name, message, cause } = errorParts(error)
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `no answer within ${requestTimeoutSeconds}s`
  }
  if (cause === undefined) return `request failed: ${message}`
  const inner = errorParts(cause)
  // A connection refused on every address is an AggregateError with only a code.
  return `request failed: ${inner.message || inner.code || message}`
}

function errorParts(error: unknown): {
  name?: string
  message: string
  code?: string
  cause?: unknown
} {
  if (typeof error !== 'object' || error === null) return { message: String(error) }
  const { name, message, code, cause } = error as Record<string, unknown>
  return {
    name: typeof name === 'string' ? name : undefined,
    message: typeof message === 'string' ? message : String(error),
    code: typeof code === 'string' ? code : undefined,
    cause
  }
}

function quote(text: string): string {
  return JSON.stringify(text)
}
