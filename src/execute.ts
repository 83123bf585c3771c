import type { StepName } from './plan/plan.js'
import { errorMessage } from './util/errors.js'
import type { Step, StepContext } from './steps/types.js'

/** Runs the plan's steps in order, each in a log group with its duration; stops at the first failure. */
export async function executePlan(
  context: StepContext,
  steps: Record<StepName, Step>
): Promise<void> {
  const { services, plan, state } = context
  for (const name of plan.steps) {
    const startedAt = services.clock.now()
    const record = {
      step: name,
      startedAt,
      seconds: 0,
      outcome: 'success' as 'success' | 'failure',
      detail: undefined as string | undefined
    }
    state.steps.push(record)
    try {
      await services.logger.group(`ecs-flow: ${name}`, async () => {
        try {
          await steps[name](context)
        } finally {
          record.seconds = (services.clock.now() - startedAt) / 1000
          services.logger.info(`${name} took ${record.seconds.toFixed(1)}s`)
        }
      })
    } catch (error) {
      record.outcome = 'failure'
      record.detail = errorMessage(error)
      throw error
    }
  }
}
