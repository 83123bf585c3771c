// @ts-check
/**
 * Runs the bundled action (dist/index.js) exactly as the GitHub runner does: INPUT_* variables
 * with the input's own (hyphenated) name, a real event payload file, and the GITHUB_OUTPUT,
 * GITHUB_STATE and GITHUB_STEP_SUMMARY files, which are read back afterwards. Used by the
 * integration tests, the benchmark and the demo.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const EVENTS = join(ROOT, '__fixtures__', 'events')
export const SHA = '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'

/**
 * @typedef {object} ActionInvocation
 * @property {Record<string, string>} [inputs] input names as in action.yml
 * @property {string} eventName
 * @property {string} event a file under __fixtures__/events, or an absolute path
 * @property {string} ref
 * @property {string} [sha]
 * @property {Record<string, string>} [env]
 * @property {string} [cwd]
 * @property {number} [killAfter] milliseconds before SIGTERM is sent
 * @property {RegExp} [killOn] SIGTERM once everything printed so far matches it
 * @property {Promise<unknown>} [killWhen] SIGTERM once it resolves
 * @property {(chunk: string) => void} [onOutput] sees stdout and stderr as they come
 */

/**
 * @typedef {object} ActionRun
 * @property {number} exitCode
 * @property {string} stdout
 * @property {string} stderr
 * @property {Record<string, string>} outputs
 * @property {string} summary
 * @property {string} state
 * @property {string} all everything printed plus the output and summary files
 * @property {number} exitedAt Date.now() when the process exited
 * @property {number} [signalledAt] Date.now() when SIGTERM was sent
 */

/**
 * @param {ActionInvocation} invocation
 * @returns {Promise<ActionRun>}
 */
export async function runAction(invocation) {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-run-'))
  const files = {
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    summary: join(dir, 'summary')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: invocation.eventName,
    GITHUB_EVENT_PATH: isAbsolute(invocation.event)
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
  /** @type {string[]} */
  const chunks = []
  let killed = false
  /** @type {number | undefined} */
  let signalledAt
  const terminate = () => {
    if (killed || child.exitCode !== null) return
    killed = true
    signalledAt = Date.now()
    child.kill('SIGTERM')
  }
  child.stdout.on('data', data => {
    stdout += String(data)
    chunks.push(String(data))
    invocation.onOutput?.(String(data))
    if (invocation.killOn && !killed && invocation.killOn.test(stdout)) terminate()
  })
  child.stderr.on('data', data => {
    stderr += String(data)
    chunks.push(String(data))
    invocation.onOutput?.(String(data))
  })
  void invocation.killWhen?.then(terminate)
  const timer = invocation.killAfter ? setTimeout(terminate, invocation.killAfter) : undefined
  const exitCode = await new Promise(done => child.on('close', code => done(code ?? 1)))
  const exitedAt = Date.now()
  if (timer) clearTimeout(timer)
  const outputFile = readFileSync(files.output, 'utf8')
  const summary = readFileSync(files.summary, 'utf8')
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(outputFile),
    summary,
    state: readFileSync(files.state, 'utf8'),
    all: chunks.join('') + outputFile + summary,
    exitedAt,
    ...(signalledAt === undefined ? {} : { signalledAt })
  }
}

/**
 * Parses the runner's `name<<DELIMITER` file-command format.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseFileCommands(text) {
  /** @type {Record<string, string>} */
  const values = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!match) continue
    const [, name, delimiter] = match
    /** @type {string[]} */
    const body = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i] ?? '')
    values[name ?? ''] = body.join('\n')
  }
  return values
}

/**
 * Points the action's AWS clients at a loopback simulator (sim/), with throwaway credentials.
 * @param {string} url
 * @returns {Record<string, string>}
 */
export function simulatorEnv(url) {
  return {
    AWS_ENDPOINT_URL_ECS: url,
    AWS_ENDPOINT_URL_ECR: url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: url,
    AWS_ENDPOINT_URL_SCHEDULER: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
    AWS_ENDPOINT_URL_CODEDEPLOY: url,
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'simulator',
    AWS_SECRET_ACCESS_KEY: 'simulator',
    AWS_EC2_METADATA_DISABLED: 'true',
    NODE_NO_WARNINGS: '1'
  }
}

/** The simulator's seeded service, as deploy-flow inputs. */
export const SIMULATOR_TARGET = Object.freeze({
  flow: 'deploy',
  cluster: 'demo',
  service: 'web',
  'container-name': 'web'
})
