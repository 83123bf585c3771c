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
    /** Which check failed (`task`: the after-deploy task). */
    readonly check: 'url' | 'command' | 'task'
  ) {
    super(message, 'verify')
    this.name = 'VerificationError'
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * Several problems found in one pass (the inputs, the files, the read-only AWS checks), each
 * naming its input or file and the fix; all of them are reported at once.
 */
export class Problems extends Error {
  constructor(readonly problems: Error[]) {
    super(
      `${problems.length} problems were found before anything ran:\n` +
        problems.map((problem, index) => `${index + 1}. ${describeProblem(problem)}`).join('\n')
    )
    this.name = 'Problems'
  }

  /** Every problem is the user's input to fix (none is the state of AWS). */
  get allInput(): boolean {
    return this.problems.every(problem => problem instanceof InputError)
  }
}

function describeProblem(problem: Error): string {
  return problem instanceof InputError ? `Invalid input: ${problem.message}` : problem.message
}

/** Throws nothing for no problem, the problem itself for one, all of them for several. */
export function throwProblems(problems: Error[]): void {
  const distinct = problems.filter(
    (problem, index) => problems.findIndex(other => other.message === problem.message) === index
  )
  if (distinct.length === 1) throw distinct[0]
  if (distinct.length > 1) throw new Problems(distinct)
}

/** One service's step failed, in a release of several: the cause, and which service. */
export class ServiceStepError extends Error {
  constructor(
    readonly service: string,
    readonly failure: unknown
  ) {
    super(`service ${service}: ${errorMessage(failure)}`)
    this.name = 'ServiceStepError'
  }
}
