import type { StepContext } from '../core/context.js'
import { runCommandInput } from '../util/user-command.js'

/** `build`: the user's build-command, run by a shell with the output streamed. */
export async function build({ settings, plan, services }: StepContext): Promise<void> {
  await runCommandInput(services.exec, plan, 'build-command', settings.buildCommand)
}
