import { spawn } from 'node:child_process'
import type { CommandRunner, RunResult } from '../util/exec.js'
import type { SecretStore } from './terminal.js'

/** Exit code of a program that could not be started (as a shell reports it). */
export const NOT_FOUND_EXIT = 127

/**
 * The command line's CommandRunner over `child_process.spawn` (argv arrays, no shell). A
 * command that is not silent is echoed as `$ program args` (its `display` args when given)
 * and its output streamed, line by line, redacted of every registered secret. A program that
 * cannot be started answers exit code 127 with the reason on stderr.
 */
export function processRunner(
  secrets: SecretStore,
  write: { out(text: string): void; err(text: string): void }
): CommandRunner {
  return {
    run: (program, args, options = {}) =>
      new Promise<RunResult>(resolve => {
        if (!options.silent)
          write.err(secrets.redact(`$ ${[program, ...(options.display ?? args)].join(' ')}\n`))
        const child = spawn(program, [...args], {
          cwd: options.cwd,
          env: options.env ? { ...process.env, ...options.env } : process.env,
          stdio: ['pipe', 'pipe', 'pipe']
        })
        const stdout = collector(options.silent ? undefined : write.out, secrets)
        const stderr = collector(options.silent ? undefined : write.err, secrets)
        child.stdout.on('data', stdout.add)
        child.stderr.on('data', stderr.add)
        let settled = false
        const finish = (result: RunResult) => {
          if (settled) return
          settled = true
          stdout.flush()
          stderr.flush()
          resolve(result)
        }
        child.on('error', error =>
          finish({ exitCode: NOT_FOUND_EXIT, stdout: '', stderr: `${program}: ${error.message}` })
        )
        child.stdin.on('error', () => {
          // A program that exits without reading its input: its exit code says what happened.
        })
        child.stdin.end(options.input ?? '')
        child.on('close', code =>
          finish({ exitCode: code ?? 1, stdout: stdout.text(), stderr: stderr.text() })
        )
      })
  }
}

/** Keeps a stream's text and, when shown, prints whole lines only: a secret is never split. */
function collector(show: ((text: string) => void) | undefined, secrets: SecretStore) {
  let all = ''
  let pending = ''
  return {
    add: (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      all += text
      if (!show) return
      pending += text
      const end = pending.lastIndexOf('\n')
      if (end === -1) return
      show(secrets.redact(pending.slice(0, end + 1)))
      pending = pending.slice(end + 1)
    },
    flush: () => {
      if (show && pending !== '') show(secrets.redact(`${pending}\n`))
      pending = ''
    },
    text: () => all
  }
}

/**
 * Runs a program attached to this terminal (stdin, stdout and stderr inherited), for
 * `docker run`: the container may be interactive (`-- -it`). Echoed first; resolves its exit
 * code, 127 when it cannot be started.
 */
export function runAttached(
  program: string,
  args: readonly string[],
  echo: (text: string) => void
): Promise<number> {
  echo(`$ ${[program, ...args].join(' ')}\n`)
  return new Promise(resolve => {
    let settled = false
    const finish = (code: number) => {
      if (!settled) resolve(code)
      settled = true
    }
    const child = spawn(program, [...args], { stdio: 'inherit' })
    child.on('error', () => finish(NOT_FOUND_EXIT))
    child.on('close', code => finish(code ?? 1))
  })
}
