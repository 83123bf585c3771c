import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import {
  awsCaller,
  boundedClientConfig,
  callContext,
  DEFAULT_CALL_BOUNDS,
  type AwsCaller,
  type CallBounds
} from './aws-call.js'
import { StsCallError, type StsApi } from './sts-api.js'

/**
 * StsApi over `@aws-sdk/client-sts`: region, credentials and AWS_ENDPOINT_URL_STS come from the
 * environment; the call is bounded (see aws-call.ts).
 */
export function createStsApi(
  env: NodeJS.ProcessEnv = process.env,
  bounds: CallBounds = DEFAULT_CALL_BOUNDS,
  client: STSClient = new STSClient(boundedClientConfig(env, bounds))
): StsApi {
  return new SdkStsApi(client, awsCaller('STS', 'sts', callContext(StsCallError, { bounds, env })))
}

class SdkStsApi implements StsApi {
  private account: Promise<string> | undefined

  constructor(
    private readonly client: STSClient,
    private readonly call: AwsCaller
  ) {}

  /** Asked once per run: the answer cannot change while the credentials stay the same. */
  accountId(): Promise<string> {
    this.account ??= this.call('GetCallerIdentity', 'the credentials', 'read', abortSignal =>
      this.client.send(new GetCallerIdentityCommand({}), { abortSignal })
    ).then(output => {
      if (!output.Account || !/^\d{12}$/.test(output.Account))
        throw new StsCallError(
          'STS GetCallerIdentity returned no 12-digit account',
          'GetCallerIdentity',
          'NoAccount',
          false
        )
      return output.Account
    })
    return this.account
  }
}
