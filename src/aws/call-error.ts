import { errorName } from './error-name.js'

/**
 * An AWS call that failed, the same shape for ECS, ECR and ELB: the message names the service,
 * the operation and what it was about; `code` is the AWS error code (`ServiceNotFoundException`,
 * `ThrottlingException`, `DeadlineExceeded` when it did not answer in time); `transient` marks
 * what is worth asking again (throttling, 5xx, dropped connections, a read that timed out);
 * `explanation` is the sentence that says what the user can do, when there is one.
 */
export class AwsCallError extends Error {
  constructor(
    message: string,
    readonly operation: string,
    readonly code: string,
    readonly transient: boolean,
    readonly explanation?: string
  ) {
    super(message)
    this.name = 'AwsCallError'
  }
}

/** What each adapter builds its own error type with (EcsCallError, EcrCallError, ...). */
export type CallErrorClass<E extends AwsCallError> = new (
  message: string,
  operation: string,
  code: string,
  transient: boolean,
  explanation?: string
) => E

/** The AWS error code of any error: ours (`code`) or the SDK's exception name. */
export function awsErrorCode(error: unknown): string | undefined {
  return error instanceof AwsCallError ? error.code : errorName(error)
}

/**
 * "Not found", however the service spells it (`RepositoryNotFoundException`,
 * `TargetGroupNotFound`, ...). `what` narrows it to one kind of resource (`Repository`,
 * `Image`, `TargetGroup`): a missing image is an answer, a missing repository is not.
 */
export function isNotFound(error: unknown, what = '[A-Za-z]*'): boolean {
  const code = awsErrorCode(error)
  return code !== undefined && new RegExp(`^${what}NotFound(Exception)?$`).test(code)
}

/** The codes services throttle with (ECS: ThrottlingException, "Rate exceeded"). */
const THROTTLING =
  /throttl|toomanyrequests|requestlimitexceeded|slowdown|ratelimit|rateexceeded|bandwidthlimitexceeded|priorrequestnotcomplete|provisionedthroughputexceeded/i
const CONNECTION =
  /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|ECONNABORTED|TimeoutError|RequestTimeout.*)$/i

export interface SdkErrorFields {
  name?: string
  code?: string
  message?: string
  $fault?: string
  $metadata?: { httpStatusCode?: number }
}

/** Throttling, 5xx and dropped connections: worth another poll, not worth failing a release. */
export function isTransient(error: SdkErrorFields): boolean {
  if (isThrottling(error)) return true
  const status = error.$metadata?.httpStatusCode
  if (status !== undefined && status >= 500) return true
  if (error.$fault === 'server') return true
  const names = [error.name, error.code].filter((name): name is string => typeof name === 'string')
  if (names.some(name => CONNECTION.test(name) || name === 'ServerException')) return true
  return /socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT/.test(error.message ?? '')
}

/** Whether an AWS error code says the request was throttled (refused unprocessed, for now). */
export function isThrottlingCode(code: string): boolean {
  return THROTTLING.test(code)
}

/** Whether an SDK error is throttling: a throttling code, or HTTP 429. */
export function isThrottling(error: SdkErrorFields): boolean {
  if (error.$metadata?.httpStatusCode === 429) return true
  return [error.name, error.code].some(name => typeof name === 'string' && isThrottlingCode(name))
}

/** The code an SDK error carries: its exception name, else a Node error code, else `Error`. */
export function sdkErrorCode(error: SdkErrorFields): string {
  return error.name && error.name !== 'Error' ? error.name : (error.code ?? 'Error')
}
