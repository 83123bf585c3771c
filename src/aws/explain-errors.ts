/**
 * AWS errors that name a cause the user can fix get one more sentence saying how. The error
 * object is kept (name, metadata) so callers can still tell a missing repository from a
 * throttled call; only its message grows.
 */

interface SdkError {
  name?: string
  message: string
}

const EXPIRED = /^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/
const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException)$/
const INVALID =
  /^(UnrecognizedClientException|InvalidClientTokenId|InvalidSignatureException|SignatureDoesNotMatch)$/

/** `action` is the IAM action of the call, e.g. `ecs:UpdateService`. */
export function explainAwsError<E>(error: E, action: string): E {
  if (!(error instanceof Error)) return error
  const hint = explanationFor(error, action)
  if (hint && !error.message.includes(hint)) error.message = `${error.message} — ${hint}`
  return error
}

/** The sentence that says how to fix an error, or undefined when there is nothing to say. */
export function explanationFor(error: SdkError, action: string): string | undefined {
  const name = error.name ?? ''
  if (
    EXPIRED.test(name) ||
    /security token included in the request is expired|token has expired/i.test(error.message)
  ) {
    return 'the AWS session has expired: the credentials aws-actions/configure-aws-credentials gives last role-duration-seconds (1 hour by default); raise role-duration-seconds or make the job shorter, then re-run'
  }
  if (DENIED.test(name) || /is not authorized to perform/i.test(error.message)) {
    const found = /not authorized to perform:?\s+(\S+)\s+on resource:?\s+(\S+)/i.exec(error.message)
    const deniedAction = found?.[1] ?? action
    const resource = found?.[2]?.replace(/[.,;]$/, '') ?? 'the resource it names'
    return `the role is not allowed ${deniedAction} on ${resource}: add that action and resource to the role's policy (docs/iam-policy.json lists every action ecs-flow uses)`
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(error.message)) {
    return 'no AWS credentials were found: run aws-actions/configure-aws-credentials (with permissions: id-token: write) before this step'
  }
  if (INVALID.test(name)) {
    return 'the AWS credentials were refused: check the role and region given to aws-actions/configure-aws-credentials'
  }
  return undefined
}

// Header values and presigned-URL parameters an error message may echo: the session token
// and the signature are credentials, the rest of the message is not.
// A quoted value ends at its quote; a bare one (`AWS4-HMAC-SHA256 Credential=..., Signature=...`)
// at the end of the line.
const CREDENTIAL_HEADER =
  /\b(x-amz-security-token|authorization)(["']?\s*:\s*)("[^"\r\n]*"|'[^'\r\n]*'|[^\r\n]*)/gi
const CREDENTIAL_PARAMETER = /\b(x-amz-security-token|x-amz-signature|signature)=[^&\s"',]*/gi
const CREDENTIAL_VARIABLES = ['AWS_SESSION_TOKEN', 'AWS_SECRET_ACCESS_KEY'] as const

/**
 * The text with every credential an AWS error could echo replaced by `***`: the values of
 * X-Amz-Security-Token and Authorization, and the current session token and secret key
 * wherever they appear (values shorter than 4 characters are left: they are no secret).
 */
export function scrubCredentials(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let scrubbed = text
    .replace(CREDENTIAL_HEADER, (_, name: string, separator: string, value: string) => {
      const quote = /^["']/.test(value) ? value[0] : ''
      return `${name}${separator}${quote}***${quote}`
    })
    .replace(CREDENTIAL_PARAMETER, (_, name: string) => `${name}=***`)
  for (const variable of CREDENTIAL_VARIABLES) {
    const secret = env[variable]
    if (secret && secret.length >= 4) scrubbed = scrubbed.split(secret).join('***')
  }
  return scrubbed
}
