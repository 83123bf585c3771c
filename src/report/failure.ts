import type { ReleaseState } from '../steps/types.js'
import { InputError, ReleaseError, errorMessage } from '../util/errors.js'

export interface FailureReport {
  title: string
  message: string
}

/** The failed job's annotation: a title that says what failed, and the cause. */
export function describeFailure(error: unknown, state: ReleaseState): FailureReport {
  if (error instanceof InputError) {
    return { title: 'ecs-flow: invalid input', message: `Invalid input: ${error.message}` }
  }
  if (state.result === 'rolled-back') {
    return { title: 'ecs-flow: release failed and was rolled back', message: errorMessage(error) }
  }
  const step = error instanceof ReleaseError ? error.step : state.steps.at(-1)?.step
  return {
    title: step ? `ecs-flow: ${step} failed` : 'ecs-flow failed',
    message: errorMessage(error)
  }
}
