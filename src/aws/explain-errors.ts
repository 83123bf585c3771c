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
  const hint = hintFor(error, action)
  if (hint && !error.message.includes(hint)) error.message = `${error.message} — ${hint}`
  return error
}

function hintFor(error: SdkError, action: string): string | undefined {
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

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string }
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string }
    ): void
  }
}

/** Adds the explanations to every call a client makes; `iamPrefix` is `ecs`, `ecr`, ... */
export function withErrorExplanations<C>(client: C, iamPrefix: string): C {
  ;(client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async args => {
      try {
        return await next(args)
      } catch (error) {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '')
        throw explainAwsError(error, `${iamPrefix}:${operation}`)
      }
    },
    { step: 'initialize', name: 'ecsFlowExplainErrors' }
  )
  return client
}
