import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ROOT, runAction, simulatorEnv } from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// A config file that would keep the parser busy is refused before it is read or parsed, by
// the action (dist/index.js) and by the command line (dist/cli/index.js), which read the same
// file; nothing runs and AWS is not called.

let sim: Awaited<ReturnType<typeof startSimulator>>
let dir: string
beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0 })
  dir = mkdtempSync(join(tmpdir(), 'ecs-flow-config-bounds-'))
})
afterAll(async () => {
  await sim.stop()
})

const FIVE_MIB = 5 * 1024 * 1024

/** Valid YAML all through, so only the size limit can refuse it. */
function hugeConfig(): string {
  const path = join(dir, 'huge.yml')
  const head = 'environments:\n  dev: {cluster: demo, service: web, container: web}\n'
  writeFileSync(path, head + '#'.repeat(FIVE_MIB - head.length))
  return path
}

const pushToMain = {
  eventName: 'push',
  event: 'push-default-branch.json',
  ref: 'refs/heads/main'
}

describe('node dist/index.js with a config file it must not parse', () => {
  it('refuses a 5 MiB config, naming the file, its size, the limit and what to do; nothing runs', async () => {
    const config = hugeConfig()
    const marker = join(dir, 'test-command-ran')
    const run = await runAction({
      ...pushToMain,
      inputs: { config, 'ecr-repository': 'web', 'test-command': `touch ${marker}` },
      env: simulatorEnv(sim.url)
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      `config file ${config}: is 5.0 MiB (5242880 bytes), larger than 128 KiB (the limit for this file; refused before reading it). Give the config file itself: a config is a few KiB`
    )
    expect(run.outputs.result).toBe('failed')
    expect(existsSync(marker)).toBe(false)
    expect(sim.state().callLog).toEqual([])
  })

  it.each([
    ['an alias bomb', aliasBomb(), /has aliases that expand too far/],
    [
      'deep flow nesting',
      `environments: ${'['.repeat(100_000)}`,
      /flow collections \(\[ or \{\) nested more than 64 levels deep/
    ],
    [
      'compact sequences',
      `${'- '.repeat(50_000)}x`,
      /more than 32 nested "-", "\?" or ":" on one line/
    ]
  ])('refuses %s with a message naming the file, and runs nothing', async (_, yaml, message) => {
    const config = join(dir, 'hostile.yml')
    writeFileSync(config, yaml)
    const run = await runAction({
      ...pushToMain,
      inputs: { config, 'ecr-repository': 'web', cluster: 'demo', service: 'web' },
      env: simulatorEnv(sim.url)
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      `::error title=ecs-flow%3A invalid input::Invalid input: ${config}`
    )
    expect(run.stdout).toMatch(message)
    expect(sim.state().callLog).toEqual([])
  })
})

describe('node dist/index.js cancelled while it reads the largest config it accepts', () => {
  // 128 KiB of environments: the most parsing a config can ask for. The signal is obeyed within
  // the cancellation grace whenever it comes: no parse holds it up.
  it.each([150, 500, 900])(
    'SIGTERM %i ms after the start: exits within the grace',
    async killAfter => {
      const config = join(dir, 'largest.yml')
      let yaml = 'environments:\n'
      for (let i = 0; yaml.length < 127 * 1024; i++)
        yaml += `  env${i}: {cluster: demo, service: web, variables: {A: "${i}"}}\n`
      writeFileSync(config, yaml)
      const startedAt = Date.now()
      const run = await runAction({
        ...pushToMain,
        inputs: {
          config,
          'ecr-repository': 'web',
          cluster: 'demo',
          service: 'web',
          environment: 'env1'
        },
        env: simulatorEnv(sim.url),
        killAfter
      })
      expect(run.exitedAt - (startedAt + killAfter)).toBeLessThan(3000)
    }
  )
})

describe('node dist/cli/index.js with the same config', () => {
  it('plan refuses the 5 MiB config with the same message and exit code 2 (bad input)', async () => {
    const config = hugeConfig()
    const run = await new Promise<{ code: number; stderr: string }>(resolve => {
      execFile(
        process.execPath,
        [join(ROOT, 'dist', 'cli', 'index.js'), 'plan', '--config', config],
        { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir }, timeout: 30_000 },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr })
      )
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      `config file ${config}: is 5.0 MiB (5242880 bytes), larger than 128 KiB (the limit for this file; refused before reading it).`
    )
  })
})

function aliasBomb(): string {
  let yaml = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
  for (let level = 1; level <= 9; level++)
    yaml += `a${level}: &a${level} [${Array(10)
      .fill(`*a${level - 1}`)
      .join(', ')}]\n`
  return yaml
}
