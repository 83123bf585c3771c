import { ReleaseError } from './errors.js'
import { shellArgv, type CommandRunner } from './exec.js'

/** The part of a plan a user command is told about (util/ sits below plan/: any Plan is one). */
export interface PlannedRun {
  flow: string
  sha: string
  environment?: string
}

/** What every user command is told about the run (verify-command learns more). */
export function userCommandEnv(plan: PlannedRun): Record<string, string> {
  return {
    ECS_FLOW_FLOW: plan.flow,
    ECS_FLOW_SHA: plan.sha,
    ECS_FLOW_ENVIRONMENT: plan.environment ?? ''
  }
}

export interface UserCommand {
  /** The input that gave the command (`test-command`, ...), for the error. */
  input: string
  command: string
  /** The ECS_FLOW_* variables, added to the runner's environment. */
  env: Record<string, string>
  /** The error for a non-zero exit, from its message (its class says what failed). */
  fail: (message: string) => Error
}

/**
 * Runs a user's command string by a shell (bash, cmd on Windows), as the user wrote it, with
 * the output streamed; a non-zero exit throws `fail`, naming the input, command and exit code.
 */
export async function runUserCommand(
  exec: CommandRunner,
  { input, command, env, fail }: UserCommand
): Promise<void> {
  const [program, args] = shellArgv(command)
  const result = await exec.run(program, args, { env })
  if (result.exitCode !== 0) {
    throw fail(`${input} "${command}" exited with code ${result.exitCode}`)
  }
}

/** A step's command input (`test-command`, `build-command`): nothing to do when it is empty. */
export async function runCommandInput(
  exec: CommandRunner,
  plan: PlannedRun,
  input: string,
  command: string | undefined
): Promise<void> {
  if (!command) return
  await runUserCommand(exec, {
    input,
    command,
    env: userCommandEnv(plan),
    fail: message => new ReleaseError(message)
  })
}
