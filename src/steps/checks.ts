import { ReleaseError } from '../util/errors.js'
import { shellArgv } from '../util/exec.js'
import type { StepContext } from './types.js'

/** `test` and `build`: the user's own commands, run by a shell with the output streamed. */
export function userCommandStep(kind: 'test' | 'build') {
  return async ({ settings, plan, services }: StepContext): Promise<void> => {
    const command = kind === 'test' ? settings.testCommand : settings.buildCommand
    if (!command) return
    const [program, args] = shellArgv(command)
    const result = await services.exec.run(program, args, {
      env: {
        ECS_FLOW_FLOW: plan.flow,
        ECS_FLOW_SHA: plan.sha,
        ECS_FLOW_ENVIRONMENT: plan.environment ?? ''
      }
    })
    if (result.exitCode !== 0) {
      throw new ReleaseError(
        `${kind}-command "${command}" exited with code ${result.exitCode}`,
        kind
      )
    }
  }
}
