import type { AwsServices } from '../aws/index.js'
import type { Plan } from '../plan/plan.js'
import type { Settings } from '../settings/types.js'
import type { Clock } from '../util/clock.js'
import type { CommandRunner } from '../util/exec.js'
import type { Logger } from '../util/logger.js'
import type { RunnerHooks } from '../util/runner-hooks.js'
import type { ReleaseState } from './state.js'

/** The world a step may touch; all passed in, so steps are tested with fakes and a fake clock. */
export interface Services {
  exec: CommandRunner
  clock: Clock
  logger: Logger
  env: NodeJS.ProcessEnv
  aws: AwsServices
  /** Masking secrets and saving state for the post step. */
  runner: RunnerHooks
  /** HTTP for verify. */
  fetch: typeof fetch
}

export interface StepContext<P extends Plan = Plan> {
  settings: Settings
  plan: P
  state: ReleaseState
  services: Services
}
