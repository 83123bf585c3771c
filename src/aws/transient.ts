import { AwsCallError, isThrottlingCode } from './call-error.js'
import { errorMessage } from '../util/errors.js'
import type { TransientPolicy } from '../util/poll.js'
import type { PollOutcome } from '../util/poll-pacing.js'

/**
 * How a poll sits out an AWS error: throttling and other transient errors (5xx, a dropped
 * connection, a read that timed out) are polled through, anything else ends the wait.
 */
export function transientAwsError(error: unknown): Exclude<PollOutcome, 'answered'> | undefined {
  if (!(error instanceof AwsCallError) || !error.transient) return undefined
  return isThrottlingCode(error.code) ? 'throttled' : 'failed'
}

/** An AWS error's kind, so that each is reported once: `DescribeServices:ThrottlingException`. */
export function awsErrorKind(error: unknown): string {
  return error instanceof AwsCallError ? `${error.operation}:${error.code}` : errorMessage(error)
}

/** Tolerates transient AWS errors, reporting each as `report` says. */
export function toleratingTransientAwsErrors(report: (error: unknown) => void): TransientPolicy {
  return { tolerated: transientAwsError, report }
}
