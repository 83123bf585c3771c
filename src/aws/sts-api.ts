import { AwsCallError } from './call-error.js'

/**
 * The narrow STS interface: who the credentials are. Only the `AWS_ACCOUNT_ID` built-in of the
 * definition templates needs it, so it is called only when a template uses that name.
 */
export interface StsApi {
  /** The 12-digit account of the caller's credentials (GetCallerIdentity). */
  accountId(): Promise<string>
}

export class StsCallError extends AwsCallError {
  override name = 'StsCallError'
}
