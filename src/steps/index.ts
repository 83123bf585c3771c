import type { StepName } from '../plan/plan.js'
import { ReleaseError } from '../util/errors.js'
import { userCommandStep } from './checks.js'
import { dockerize, push } from './image.js'
import { resolve } from './resolve.js'
import type { Step } from './types.js'

function notBuiltYet(step: StepName): Step {
  return async () => {
    throw new ReleaseError(
      `step "${step}" is not implemented in this version of ecs-flow; nothing was done for it`,
      step
    )
  }
}

/** One module per step; the orchestrator looks them up by name. */
export const STEPS: Record<StepName, Step> = {
  test: userCommandStep('test'),
  build: userCommandStep('build'),
  dockerize,
  push,
  resolve,
  register: notBuiltYet('register'),
  deploy: notBuiltYet('deploy'),
  wait: notBuiltYet('wait'),
  verify: notBuiltYet('verify')
}
