/**
 * Bad input: names where the value came from (an input or a config path), what was wrong
 * and what to do. Raised before anything is built, pushed, registered or updated.
 */
export class InputError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
    readonly fix: string
  ) {
    super(`${where}: ${problem}. ${fix}`)
    this.name = 'InputError'
  }
}

/** A release that failed for a known cause (a stop reason, an exit code, an ECS event). */
export class ReleaseError extends Error {
  constructor(
    message: string,
    readonly step?: string
  ) {
    super(message)
    this.name = 'ReleaseError'
  }
}

/**
 * The release is live but fails its verification (verify-url, verify-path or verify-command):
 * the service runs the new revision and it is bad, so the orchestration rolls back.
 */
export class VerificationError extends ReleaseError {
  constructor(
    message: string,
    /** Which check failed. */
    readonly check: 'url' | 'command'
  ) {
    super(message, 'verify')
    this.name = 'VerificationError'
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
