import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const EVENTS = join(ROOT, '__fixtures__', 'events')
export const SHA = '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'

export interface ActionRun {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  state: string
  /** Everything the process printed, for "is the cause named" and "no secret leaked" checks. */
  all: string
}

export interface ActionInvocation {
  /** Input names as in action.yml (kebab-case); they become INPUT_<NAME> like the runner does. */
  inputs?: Record<string, string>
  eventName: string
  /** A file under __fixtures__/events or an absolute path. */
  event: string
  ref: string
  sha?: string
  env?: Record<string, string>
  cwd?: string
  /** Milliseconds before the process is killed (SIGTERM). */
  killAfter?: number
}

/** Runs dist/index.js exactly as the GitHub runner does and reads the outputs back from the files. */
export async function runAction(invocation: ActionInvocation): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-run-'))
  const files = {
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    summary: join(dir, 'summary')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: invocation.eventName,
    GITHUB_EVENT_PATH: invocation.event.startsWith('/')
      ? invocation.event
      : join(EVENTS, invocation.event),
    GITHUB_REF: invocation.ref,
    GITHUB_SHA: invocation.sha ?? SHA,
    GITHUB_REPOSITORY: 'acme/web',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1001',
    GITHUB_WORKSPACE: invocation.cwd ?? ROOT,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    ...invocation.env
  }
  for (const [name, value] of Object.entries(invocation.inputs ?? {})) {
    env[`INPUT_${name.toUpperCase()}`] = value
  }
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'index.js')], {
    cwd: invocation.cwd ?? ROOT,
    env
  })
  let stdout = ''
  let stderr = ''
  const chunks: string[] = []
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString()
    chunks.push(data.toString())
  })
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString()
    chunks.push(data.toString())
  })
  const timer = invocation.killAfter
    ? setTimeout(() => child.kill('SIGTERM'), invocation.killAfter)
    : undefined
  const exitCode = await new Promise<number>(done => child.on('close', code => done(code ?? 1)))
  if (timer) clearTimeout(timer)
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    state: readFileSync(files.state, 'utf8'),
    all: chunks.join('') + readFileSync(files.output, 'utf8') + readFileSync(files.summary, 'utf8')
  }
}

/** Parses the runner's `name<<DELIMITER` file-command format. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (!match) continue
    const [, name, delimiter] = match
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]!)
    values[name!] = body.join('\n')
  }
  return values
}
