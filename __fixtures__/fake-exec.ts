import type { CommandRunner, RunOptions, RunResult } from '../src/util/exec.js'

export interface RecordedCommand {
  program: string
  args: readonly string[]
  options: RunOptions
}

type Responder = (command: RecordedCommand) => Partial<RunResult> | undefined

/** Records every command; answers from the responders (first defined answer wins), else exit 0. */
export class FakeCommandRunner implements CommandRunner {
  readonly commands: RecordedCommand[] = []
  private readonly responders: Responder[] = []

  respond(responder: Responder): this {
    this.responders.push(responder)
    return this
  }

  async run(
    program: string,
    args: readonly string[],
    options: RunOptions = {}
  ): Promise<RunResult> {
    const command = { program, args, options }
    this.commands.push(command)
    for (const responder of this.responders) {
      const answer = responder(command)
      if (answer) return { exitCode: 0, stdout: '', stderr: '', ...answer }
    }
    return { exitCode: 0, stdout: '', stderr: '' }
  }
}
