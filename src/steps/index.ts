import type { StepName } from '../plan/plan.js'
import { userCommandStep } from './checks.js'
import { dockerize, push } from './image.js'
import { registerStep } from './register.js'
import { resolve } from './resolve.js'
import { waitStep } from './rollout.js'
import { deployStep } from './service.js'
import type { Step } from './types.js'
import { verifyStep } from './verify.js'

/** One module per step; the orchestrator looks them up by name. */
export const STEPS: Record<StepName, Step> = {
  test: userCommandStep('test'),
  build: userCommandStep('build'),
  dockerize,
  push,
  resolve,
  register: registerStep,
  deploy: deployStep,
  wait: waitStep,
  verify: verifyStep
}
