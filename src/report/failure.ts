import { RolledBackError } from '../release/recover.js'
import { failedStep, type ReleaseState } from '../core/state.js'
import { readBackSentence } from './read-back.js'
import { InputError, Problems, ReleaseError, errorMessage } from '../util/errors.js'

export interface FailureReport {
  title: string
  message: string
}

/** The title of a failure caused by bad input (the command line exits 2 on it, not 1). */
export const INVALID_INPUT_TITLE = 'ecs-flow: invalid input'

/**
 * The failed job's annotation: a title that says what failed, and the cause; for several
 * services, what each one runs as read back after the failure.
 */
export function describeFailure(error: unknown, state: ReleaseState): FailureReport {
  const report = failureReport(error, state)
  const readBack = readBackSentence(state)
  if (!readBack) return report
  const [first, ...details] = report.message.split('\n')
  const message = [`${first!.replace(/\.?$/, '.')} ${readBack}`, ...details].join('\n')
  return { ...report, message }
}

function failureReport(error: unknown, state: ReleaseState): FailureReport {
  if (error instanceof InputError) {
    return { title: INVALID_INPUT_TITLE, message: `Invalid input: ${error.message}` }
  }
  if (error instanceof Problems) {
    return {
      title: error.allInput ? INVALID_INPUT_TITLE : 'ecs-flow: preflight failed',
      message: error.message
    }
  }
  if (error instanceof RolledBackError) {
    return { title: 'ecs-flow: release failed and was rolled back', message: errorMessage(error) }
  }
  // The executor recorded the failed step; an error raised outside the steps may name its own.
  const step = failedStep(state) ?? (error instanceof ReleaseError ? error.step : undefined)
  return {
    title: step ? `ecs-flow: ${step} failed` : 'ecs-flow failed',
    message: errorMessage(error)
  }
}
