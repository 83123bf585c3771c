import { StandardRetryStrategy } from '@smithy/core/retry'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types'
import { escapeForLog } from '../util/escape.js'
import {
  AwsCallError,
  isThrottling,
  isTransient,
  sdkErrorCode,
  type CallErrorClass,
  type SdkErrorFields
} from './call-error.js'
import { explanationFor, scrubCredentials } from './explain-errors.js'
import { regionFrom } from './region.js'

/**
 * How long an AWS call may take. The SDK's own timeouts bound one attempt (and its request
 * timeout is multiplied by its retries); the deadline bounds the whole call, retries and their
 * back-off included, so no endpoint that accepts and never answers can hang the job.
 */
export interface CallBounds {
  /** TCP (and TLS) connect, per attempt. */
  connectionTimeoutMs: number
  /** Request sent to response read, per attempt. */
  requestTimeoutMs: number
  /** The whole call, every attempt: describe, list, get. */
  readDeadlineMs: number
  /** The whole call, every attempt: register, update, create, put. */
  writeDeadlineMs: number
  /** One poll of the rollout watcher (a single attempt: the next poll is the retry). */
  pollDeadlineMs: number
}

/** An AWS endpoint connects in milliseconds; 5 s is a network that is not there. */
export const CONNECTION_TIMEOUT_MS = 5_000
/** ECS answers in well under a second; 20 s per attempt leaves room for a slow region. */
export const REQUEST_TIMEOUT_MS = 20_000
/** Long enough for the attempts on a slow but live (or busy, throttling) endpoint. */
export const READ_DEADLINE_MS = 60_000
/** Writes get longer: giving up on one that went through leaves the caller unsure of its state. */
export const WRITE_DEADLINE_MS = 60_000
/** A poll that takes longer than this is better replaced by the next one. */
export const POLL_DEADLINE_MS = 15_000

export const DEFAULT_CALL_BOUNDS: CallBounds = {
  connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  readDeadlineMs: READ_DEADLINE_MS,
  writeDeadlineMs: WRITE_DEADLINE_MS,
  pollDeadlineMs: POLL_DEADLINE_MS
}

/** The SDK client's `requestHandler`: per-attempt connect and request timeouts that throw. */
export function boundedRequestHandler(bounds: CallBounds): NodeHttpHandler {
  return new NodeHttpHandler({
    connectionTimeout: bounds.connectionTimeoutMs,
    requestTimeout: bounds.requestTimeoutMs,
    // Without it a breached request timeout is only a warning in the log.
    throwOnRequestTimeout: true
  })
}

/** What every client ecs-flow makes is configured with: the region, adaptive retries, the bounds. */
export function boundedClientConfig(env: NodeJS.ProcessEnv, bounds: CallBounds) {
  return {
    region: regionFrom(env),
    retryMode: 'adaptive',
    requestHandler: boundedRequestHandler(bounds)
  }
}

/**
 * A watcher's poll client: one attempt, and the SDK's standard retry mode, whose only effect at
 * one attempt is that it has no client-side rate limiter. The adaptive mode's limiter holds every
 * request after a throttled one back by a delay of its own (measured: about 2 s), a second
 * back-off hidden under the watcher's pacing (util/poll-pacing.ts), which alone decides when a poll
 * goes out.
 */
export function pollClientConfig(env: NodeJS.ProcessEnv, bounds: CallBounds) {
  return { ...boundedClientConfig(env, bounds), retryMode: 'standard', maxAttempts: 1 }
}

/**
 * A client for reads from an account many releases share (ECS): the SDK's standard retries for
 * errors and timeouts, but a throttled read is handed back at once and asked again by
 * `callAws` after its own, longer pause (THROTTLED_PAUSE_MS). The SDK would ask again within a
 * second, three times a round, and every such attempt competes for the account's next token
 * with the polls of rollouts already under way; measured with 60 releases in one account, those
 * quick retries are what kept some rollouts' finish unseen for 10 s and more.
 */
export function readClientConfig(env: NodeJS.ProcessEnv, bounds: CallBounds) {
  const { retryMode: _adaptive, ...config } = boundedClientConfig(env, bounds)
  const attempts = new StandardRetryStrategy(maxAttemptsFrom(env))
  return { ...config, retryStrategy: new ThrottlingToCaller(attempts) }
}

/** AWS_MAX_ATTEMPTS, as the SDK reads it for the other clients; else the SDK's default, 3. */
function maxAttemptsFrom(env: NodeJS.ProcessEnv): number {
  const set = Number(env.AWS_MAX_ATTEMPTS)
  return Number.isInteger(set) && set >= 1 ? set : 3
}

/** Retries what `inner` would, except throttling (isThrottling): that is the caller's. */
export class ThrottlingToCaller implements RetryStrategyV2 {
  constructor(private readonly inner: RetryStrategyV2) {}

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope)
  }

  refreshRetryTokenForRetry(token: RetryToken, error: RetryErrorInfo): Promise<RetryToken> {
    // A refused retry makes the SDK throw the attempt's own error: the ThrottlingException.
    // Ours, not the SDK's, list of throttling codes: what is handed back, callAws asks again.
    if (isThrottling((error.error ?? {}) as SdkErrorFields))
      return Promise.reject(new Error('throttled: asked again by the caller'))
    return this.inner.refreshRetryTokenForRetry(token, error)
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token)
  }
}

export type CallKind = 'read' | 'write' | 'poll'

/** One call, as its error message names it. */
export interface AwsCall {
  /** `ECS`, `ECR`, `ELB`: the start of every message. */
  service: string
  /** The IAM prefix (`ecs`, `ecr`, `elasticloadbalancing`), for the access-denied explanation. */
  iamPrefix: string
  operation: string
  /** What the call was about: `service web in cluster demo`. */
  subject: string
  kind: CallKind
  /**
   * What is left of the wait this read is made in (ms): the call's deadline when that comes
   * first. A watcher's deadline is the user's timeout, and no read's own budget may outlast it.
   */
  withinMs?: number
}

/** What an adapter holds to make its calls: bounds, its error type, the env for scrubbing. */
export interface CallContext<E extends AwsCallError> {
  bounds: CallBounds
  errorClass: CallErrorClass<E>
  env: NodeJS.ProcessEnv
  /** The pause before a throttled read is asked again (tests pass one that records it). */
  pause: (ms: number) => Promise<void>
  /** In [0, 1): the pauses' jitter. */
  random: () => number
}

/**
 * Runs one SDK call within its deadline. `send` gets the AbortSignal to pass to
 * `client.send(command, { abortSignal })`, which cancels the request in flight; the deadline
 * fails the call even if the SDK would not notice the abort (between retries). Every failure
 * becomes the adapter's error type naming the operation and its subject.
 */
export async function callAws<T, E extends AwsCallError>(
  call: AwsCall,
  context: CallContext<E>,
  send: (abortSignal: AbortSignal) => Promise<T>
): Promise<T> {
  const ownMs = deadlineFor(call.kind, context.bounds)
  const deadlineMs = Math.max(0, Math.min(ownMs, call.withinMs ?? ownMs))
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(deadlineError(call, deadlineMs, deadlineMs < ownMs, context.errorClass))
    }, deadlineMs)
  })
  try {
    return await Promise.race([
      sendThroughThrottling(call, send, controller.signal, context),
      deadline
    ])
  } catch (error) {
    if (error instanceof AwsCallError) throw error
    throw toCallError(error, call, context)
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Pauses before a throttled read is asked again: 3 s, doubling, up to 12 s, each jittered down
 * to half. Never less than a poll interval (2 s by default) on average: a read that was refused
 * steps back at least as far as the watcher's polls, so the releases whose rollouts are under
 * way get the account's next tokens.
 */
export const THROTTLED_PAUSE_MS = [3_000, 6_000, 12_000]

/**
 * A read (not a poll: the next poll is its retry) that is throttled once the SDK's own retries
 * are spent (read clients spend none on throttling) is asked again after a pause, until its
 * deadline: many releases share an account's request rate, and a busy account is no reason to
 * fail a release. Writes are never repeated here (a throttled write was not applied, but the
 * SDK's retries are all it gets).
 */
async function sendThroughThrottling<T>(
  call: AwsCall,
  send: (abortSignal: AbortSignal) => Promise<T>,
  signal: AbortSignal,
  context: Pick<CallContext<AwsCallError>, 'pause' | 'random'>
): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await send(signal)
    } catch (error) {
      if (call.kind !== 'read' || !isThrottling(error as SdkErrorFields) || signal.aborted)
        throw error
      const pause = THROTTLED_PAUSE_MS[Math.min(round, THROTTLED_PAUSE_MS.length - 1)]!
      // Jitter: releases throttled together do not come back together.
      await context.pause(pause * (0.5 + context.random() / 2))
      if (signal.aborted) throw error
    }
  }
}

function deadlineFor(kind: CallKind, bounds: CallBounds): number {
  if (kind === 'poll') return bounds.pollDeadlineMs
  return kind === 'write' ? bounds.writeDeadlineMs : bounds.readDeadlineMs
}

/**
 * A read that did not answer is worth asking again; a write may have been applied with its
 * reply lost, so it is not retried blindly and the message says to look first.
 */
function deadlineError<E extends AwsCallError>(
  call: AwsCall,
  deadlineMs: number,
  leftOfWait: boolean,
  errorClass: CallErrorClass<E>
): E {
  const write = call.kind === 'write'
  const explanation = write
    ? `the change may have been made even so: look at the ${call.subject} before re-running`
    : 'the endpoint may be unreachable or overloaded: re-run, or check AWS_ENDPOINT_URL_* and the network'
  // Tenths for a budget cut by the wait's deadline: it is rarely a round number.
  const within = leftOfWait
    ? `${(deadlineMs / 1000).toFixed(1)}s (what was left of the wait)`
    : `${deadlineMs / 1000}s`
  return new errorClass(
    `${call.service} ${call.operation} did not answer within ${within} for ${call.subject} — ${explanation}`,
    call.operation,
    'DeadlineExceeded',
    !write,
    explanation
  )
}

function toCallError<E extends AwsCallError>(
  error: unknown,
  call: AwsCall,
  context: CallContext<E>
): E {
  const details = (error ?? {}) as SdkErrorFields
  const code = sdkErrorCode(details)
  // Scrubbed while its line breaks are still real: a bare header value ends at one.
  const said = escapeForLog(scrubCredentials(details.message ?? String(error), context.env))
  const explanation = explanationFor(
    { name: details.name, message: said },
    `${call.iamPrefix}:${call.operation}`
  )
  const message = `${call.service} ${call.operation} failed for ${call.subject}: ${escapeForLog(code)}: ${said}`
  return new context.errorClass(
    explanation ? `${message} — ${explanation}` : message,
    call.operation,
    code,
    isTransient(details),
    explanation
  )
}

/**
 * One adapter's calls: `call(operation, subject, kind, send, withinMs)`, its service and context
 * fixed; `withinMs` as in AwsCall.
 */
export type AwsCaller = <T>(
  operation: string,
  subject: string,
  kind: CallKind,
  send: (abortSignal: AbortSignal) => Promise<T>,
  withinMs?: number
) => Promise<T>

export function awsCaller<E extends AwsCallError>(
  service: string,
  iamPrefix: string,
  context: CallContext<E>
): AwsCaller {
  return (operation, subject, kind, send, withinMs) =>
    callAws({ service, iamPrefix, operation, subject, kind, withinMs }, context, send)
}

/** The context of an adapter built around a client the caller made (tests, other wiring). */
export function callContext<E extends AwsCallError>(
  errorClass: CallErrorClass<E>,
  options: Partial<Omit<CallContext<E>, 'errorClass'>> = {}
): CallContext<E> {
  return {
    bounds: options.bounds ?? DEFAULT_CALL_BOUNDS,
    env: options.env ?? process.env,
    pause: options.pause ?? (ms => new Promise(done => setTimeout(done, ms))),
    random: options.random ?? Math.random,
    errorClass
  }
}
