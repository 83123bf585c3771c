import type { StepContext } from '../core/context.js'
import { runCommandInput } from '../util/user-command.js'

/** `test`: the user's test-command, run by a shell with the output streamed. */
export async function test({ settings, plan, services }: StepContext): Promise<void> {
  await runCommandInput(services.exec, plan, 'test-command', settings.testCommand)
}
