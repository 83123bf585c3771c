import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ROOT,
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// node dist/index.js against the simulator: a dry run's outputs hold only what was read or
// computed, its printed requests are JSON a user can copy, and a crashed task is never said to
// have no log lines before its last lines were due.

const TIME_SCALE = 0.1
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
let sim: Awaited<ReturnType<typeof startSimulator>>
let dir: string

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
  dir = mkdtempSync(join(tmpdir(), 'ecs-flow-small-truths-'))
})
afterAll(async () => {
  await sim.stop()
})

function deploy(
  scenario: string,
  inputs: Record<string, string>,
  seed?: Record<string, unknown>,
  timeScale = TIME_SCALE
): Promise<ActionRun> {
  sim.reset({ scenario, timeScale, ...(seed ? { seed } : {}) })
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: {
      ...SIMULATOR_TARGET,
      image: IMAGE,
      timeout: '20s',
      'poll-interval': '0.2s',
      ...inputs
    },
    env: simulatorEnv(sim.url)
  })
}

/** Every output, the `services` JSON opened up: no value may be one the dry run predicted. */
function expectNoPredictedValue(run: ActionRun): void {
  for (const [name, value] of Object.entries(run.outputs))
    expect([name, value]).not.toEqual([
      name,
      expect.stringMatching(/ecs-svc\/dry-run|d-DRYRUN|:dry-run\b/)
    ])
  expect(run.outputs['deployment-id']).toBe('')
  expect(run.outputs['task-definition-arn']).toBe('')
  for (const service of Object.values(
    JSON.parse(run.outputs.services!) as Record<string, Record<string, string>>
  )) {
    expect(service['deployment-id']).toBe('')
    expect(service['task-definition-arn']).toBe('')
    expect(service.result).toBe('planned')
  }
}

describe('dry-run outputs carry only what was read or computed', () => {
  it('one service, rolling', async () => {
    const run = await deploy('healthy', { 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('planned')
    expect(run.outputs['previous-task-definition-arn']).toMatch(/task-definition\/web:1$/)
    expect(JSON.parse(run.outputs.services!)).toHaveProperty('web')
    expectNoPredictedValue(run)
  })

  it('services: (several)', async () => {
    const config = join(dir, 'services.yml')
    writeFileSync(
      config,
      'environments:\n  dev:\n    cluster: demo\n    services:\n      web: {}\n      worker: {}\n'
    )
    const run = await deploy(
      'healthy',
      { config, cluster: '', service: '', 'container-name': '', 'dry-run': 'true' },
      { services: [{ name: 'web' }, { name: 'worker' }] }
    )
    expect(run.exitCode).toBe(0)
    expect(Object.keys(JSON.parse(run.outputs.services!) as object).sort()).toEqual([
      'web',
      'worker'
    ])
    expectNoPredictedValue(run)
  })

  it('CodeDeploy', async () => {
    const run = await deploy('codedeploy-healthy', { 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('(CreateDeployment)')
    expectNoPredictedValue(run)
  })
})

describe('dist/cli/index.js release --dry-run --json', () => {
  it('reports the same outputs: no predicted ID, one service and services:', async () => {
    sim.reset({
      scenario: 'healthy',
      timeScale: TIME_SCALE,
      seed: { services: [{ name: 'web' }, { name: 'worker' }] }
    })
    const work = mkdtempSync(join(tmpdir(), 'ecs-flow-small-truths-cli-'))
    mkdirSync(join(work, '.github'))
    writeFileSync(
      join(work, '.github', 'ecs-flow.yml'),
      [
        'default-branch: main',
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: {}',
        '      worker: {}',
        ''
      ].join('\n')
    )
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>(resolve =>
      execFile(
        process.execPath,
        [join(ROOT, 'dist', 'cli', 'index.js'), 'release', '--image', IMAGE, '--dry-run', '--json'],
        {
          cwd: work,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: work,
            ...simulatorEnv(sim.url),
            CIRCLECI: 'true',
            CIRCLE_SHA1: IMAGE.split(':').pop()!,
            CIRCLE_BRANCH: 'main',
            CIRCLE_PROJECT_USERNAME: 'acme',
            CIRCLE_PROJECT_REPONAME: 'web'
          },
          timeout: 60_000
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      )
    )
    expect(run.stderr).toContain('dry-run')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as { outputs: Record<string, string> }
    expect(Object.keys(JSON.parse(report.outputs.services!) as object).sort()).toEqual([
      'web',
      'worker'
    ])
    expectNoPredictedValue({ outputs: report.outputs } as ActionRun)
  })
})

describe("a dry run's printed RunTask request", () => {
  it('is JSON a user can copy: JSON escapes, no zero-width space, no workflow command', async () => {
    const command = 'echo ::warning::x ##[group]'
    const run = await deploy('healthy', { 'before-deploy-command': command, 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    const header = '(RunTask):\n'
    const start = run.stdout.indexOf(header) + header.length
    const json = run.stdout.slice(start, run.stdout.indexOf('\n}', start) + 2)
    expect(json).not.toContain('\u200b')
    expect(json).not.toMatch(/^\s*::/m)
    expect(json).not.toContain('##[')
    const request = JSON.parse(json) as {
      overrides: { containerOverrides: { command: string[] }[] }
    }
    expect(request.overrides.containerOverrides[0]!.command.join(' ')).toContain(command)
  })
})

describe('a crash-looping rollout', () => {
  it('never says "no log lines" for a task whose lines then appear', async () => {
    // As the demo's broken release: no circuit breaker, so ecs-flow watches the tasks crash
    // one by one, at a time scale where a task is seen before its last lines have arrived.
    const run = await deploy('circuit-breaker', {}, { circuitBreaker: false }, 0.5)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/Last log lines of container web/)
    expect(run.stdout).not.toMatch(/container web: no log lines/)
  })
})
