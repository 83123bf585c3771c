import * as exec from '@actions/exec'

export interface RunOptions {
  /** Written to the command's standard input (passwords go here, never in argv). */
  input?: string
  env?: Record<string, string>
  cwd?: string
  /** Do not stream the command's output to the log. */
  silent?: boolean
  /** The arguments to show in the log instead of the real ones (secrets redacted). */
  display?: readonly string[]
}

export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** Runs a program with an argument array: no shell ever sees ref names, branches or tags. */
export interface CommandRunner {
  run(program: string, args: readonly string[], options?: RunOptions): Promise<RunResult>
}

export const actionsCommandRunner: CommandRunner = {
  async run(program, args, options = {}) {
    const { display } = options
    // The runner echoes the real argv of a command it runs: with a redacted display, echo that
    // one ourselves and stream the output as the runner would.
    if (display && !options.silent)
      process.stdout.write(`[command]${[program, ...display].join(' ')}\n`)
    const result = await exec.getExecOutput(program, [...args], {
      ignoreReturnCode: true,
      silent: options.silent ?? display !== undefined,
      listeners:
        display && !options.silent
          ? {
              stdout: data => process.stdout.write(data),
              stderr: data => process.stderr.write(data)
            }
          : undefined,
      cwd: options.cwd,
      env: options.env ? mergedEnv(options.env) : undefined,
      input: options.input === undefined ? undefined : Buffer.from(options.input)
    })
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
  }
}

function mergedEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined) env[key] = value
  }
  return { ...env, ...extra }
}

/** A user's `test-command` style string: run by a shell, as the user wrote it. */
export function shellArgv(command: string): [string, string[]] {
  return process.platform === 'win32'
    ? ['cmd', ['/d', '/s', '/c', command]]
    : ['bash', ['-eo', 'pipefail', '-c', command]]
}
