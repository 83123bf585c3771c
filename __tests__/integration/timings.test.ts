import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator } from '../../sim/server.js'
import { ROOT, SIMULATOR_TARGET, runAction, simulatorEnv } from '../../__fixtures__/run-action.js'

// The bundled action against services behind a target group with ELBv2's default 300 s
// deregistration delay, at a small time scale: the rollout is slow because the old tasks wait
// out the delay, and the summary says so — the phases, and the advice naming the target group.

const TIME_SCALE = 0.02
/**
 * The slow rollout's own scale: the 300 s delay drains in 36 s, longer than the 30 s delay the
 * advice proposes, so the saving (the drain minus the proposed delay) is there to measure.
 */
const SLOW_TIME_SCALE = 0.12
const POLL_SECONDS = 0.1
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
/** 10 s × 3 checks to healthy, 300 s to drain (0.6 s and 6 s at the time scale). */
const TARGET_GROUP = {
  deregistrationDelaySeconds: 300,
  healthCheckIntervalSeconds: 10,
  healthyThresholdCount: 3
}

type Simulator = Awaited<ReturnType<typeof startSimulator>>
let sim: Simulator
let config: string

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-timings-'))
  config = join(dir, 'ecs-flow.yml')
  writeFileSync(
    config,
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    services:',
      '      web: {}',
      '      api: {}'
    ].join('\n')
  )
})
afterAll(async () => {
  await sim.stop()
})

function release(
  seed: Record<string, unknown>,
  inputs: Record<string, string> = {},
  target: Record<string, string> = SIMULATOR_TARGET,
  scenario = 'healthy',
  timeScale = TIME_SCALE
) {
  sim.reset({ scenario, timeScale, seed })
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: {
      ...target,
      image: IMAGE,
      timeout: '60s',
      'poll-interval': `${POLL_SECONDS}s`,
      ...inputs
    },
    env: simulatorEnv(sim.url)
  })
}

/** The seconds a summary's table gives a phase, per service column. */
function phaseRow(summary: string, phase: string): string[] {
  const row = summary.split('\n').find(line => line.startsWith(`| ${phase} |`))
  return row
    ? row
        .split('|')
        .slice(2, -1)
        .map(cell => cell.trim())
    : []
}

describe('node dist/index.js: where the time went', () => {
  it('a slow rollout: the summary has its phases and the drain advice naming the target group and deregistration_delay.timeout_seconds', async () => {
    const run = await release(
      { services: [{ name: 'web', targetGroup: TARGET_GROUP }] },
      {},
      SIMULATOR_TARGET,
      'healthy',
      SLOW_TIME_SCALE
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    const { summary } = run
    expect(summary).toContain('### Where the time went')
    for (const phase of [
      'new tasks placed',
      'image pulled',
      'containers running',
      'healthy',
      'old revision drained',
      'done'
    ])
      expect(phaseRow(summary, phase)).toHaveLength(1)
    // The drain is the delay's 300 s at the time scale (36 s), give or take a poll.
    const drained = Number(/^([\d.]+) s/.exec(phaseRow(summary, 'old revision drained')[0]!)![1])
    expect(drained).toBeGreaterThanOrEqual(35)
    expect(drained).toBeLessThan(39)
    expect(summary).toContain('#### How to get it back')
    expect(summary).toMatch(
      /- `web`: target group web-tg, `deregistration_delay\.timeout_seconds` 300 → 30: the old tasks drained for [\d.]+ s, waiting out the delay — would have saved \*\*[\d.]+ s\*\* \(drain [\d.]+ s − proposed delay 30 s, at most 270 s\)/
    )
    const saved = /would have saved \*\*([\d.]+) s\*\*/.exec(summary)![1]!
    // Both rounded as printed: within a second of each other.
    expect(Math.abs(Number(saved) - (drained - 30))).toBeLessThanOrEqual(1)
    // The log ends with the same phases and advice.
    expect(run.stdout).toMatch(
      /where the time went in web: new tasks placed [\d.]+ s · image pulled/
    )
    expect(run.stdout).toMatch(
      /advice for web: target group web-tg, deregistration_delay\.timeout_seconds 300 → 30/
    )
    // The reads behind them: once per release, after the rollout.
    const calls = sim.state().calls as Record<string, number>
    expect(calls.DescribeTargetGroups).toBe(1)
    expect(calls.DescribeTargetGroupAttributes).toBe(1)
    expect(calls.DescribeTargetHealth).toBeGreaterThanOrEqual(1)
  }, 90_000)

  it('a services: release shows every service side by side; advice: false leaves the advice out', async () => {
    const run = await release(
      { services: [{ name: 'web', targetGroup: TARGET_GROUP }, { name: 'api' }] },
      { config, advice: 'false' },
      {}
    )
    expect(run.exitCode).toBe(0)
    const { summary } = run
    expect(summary).toContain('| phase | `web` | `api` |')
    expect(phaseRow(summary, 'containers running')).toHaveLength(2)
    // api has no target group: no healthy phase of its own, and it drains at once.
    expect(phaseRow(summary, 'healthy')[1]).toBe('—')
    expect(summary).toMatch(/^web +\|[PIRHDF]+ *\| [\d.]+ s$/m)
    expect(summary).toMatch(/^api +\|[PIRHDF]+ *\| [\d.]+ s$/m)
    expect(summary).not.toContain('How to get it back')
    expect(run.stdout).not.toContain('advice for')
    expect((sim.state().calls as Record<string, number>).DescribeTargetGroupAttributes).toBe(1)
  })

  it('a refused attribute read drops the drain advice with a one-line note, and the release still succeeds', async () => {
    const run = await release({
      services: [{ name: 'web', targetGroup: TARGET_GROUP }],
      elbDenied: ['DescribeTargetGroupAttributes']
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(run.summary).toContain(
      '- no drain advice for target group web-tg: elasticloadbalancing:DescribeTargetGroupAttributes was refused'
    )
    expect(run.summary).not.toContain('deregistration_delay.timeout_seconds')
  })
})

describe('node dist/index.js: the phases on every strategy', () => {
  it('a blue/green deployment: its lifecycle stages give traffic shifted and the bake', async () => {
    // bluegreen-healthy at 0.1: SCALE_UP at 0.x s, BAKE_TIME at 0.9 s, CLEAN_UP at 6.9 s.
    const run = await release({}, {}, SIMULATOR_TARGET, 'bluegreen-healthy', 0.1)
    expect(run.exitCode).toBe(0)
    expect(phaseRow(run.summary, 'traffic shifted')).toHaveLength(1)
    const bake = Number(/^([\d.]+) s/.exec(phaseRow(run.summary, 'bake ended')[0]!)![1])
    expect(bake).toBeGreaterThanOrEqual(5.8)
    expect(bake).toBeLessThan(7)
    expect(run.stdout).toMatch(
      /where the time went in web: new tasks placed [\d.]+ s · .*traffic shifted [\d.]+ s · bake ended [\d.]+ s · done/
    )
  })

  it("a CodeDeploy deployment: its lifecycle events' own end times", async () => {
    const run = await release({}, { timeout: '20s' }, SIMULATOR_TARGET, 'codedeploy-healthy', 0.1)
    expect(run.exitCode).toBe(0)
    for (const phase of ['containers running', 'healthy', 'traffic shifted', 'done'])
      expect(phaseRow(run.summary, phase)).toHaveLength(1)
    // Dated by CodeDeploy, not by a poll: no footnote mark on them.
    expect(phaseRow(run.summary, 'traffic shifted')[0]).toMatch(/^[\d.]+ s$/)
  })
})

/** `node dist/cli/index.js ARGS` against the simulator (asynchronous: the simulator answers here). */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'cli', 'index.js'), ...args],
      {
        env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...simulatorEnv(sim.url) },
        timeout: 60_000
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    )
  })
}

describe('node dist/cli/index.js status --timings', () => {
  it("shows the phases of each service's last release from ECS's records, in text and JSON", async () => {
    const run = await release(
      { services: [{ name: 'web', targetGroup: TARGET_GROUP }, { name: 'api' }] },
      { config },
      {}
    )
    expect(run.exitCode).toBe(0)
    const text = await cli(['status', '--timings', '--config', config])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(
      /^where the time went in web: new tasks placed [\d.]+ s · image pulled [\d.]+ s · containers running [\d.]+ s · healthy [\d.]+ s · old revision drained [\d.]+ s · done [\d.]+ s \(total [\d.]+ s\)$/m
    )
    expect(text.stdout).toMatch(/^where the time went in api: new tasks placed/m)
    expect(text.stdout).toMatch(/^web +\|[PIRHDF]+ *\| [\d.]+ s$/m)
    expect(text.stdout).toContain('From ECS records: the deployment, its tasks')
    const json = await cli(['status', '--timings', '--json', '--config', config])
    const { services } = JSON.parse(json.stdout) as {
      services: { service: string; phases: { phase: string; seconds: number; source: string }[] }[]
    }
    const web = services.find(entry => entry.service === 'web')!
    expect(web.phases.map(phase => phase.phase)).toEqual([
      'new tasks placed',
      'image pulled',
      'containers running',
      'healthy',
      'old revision drained',
      'done'
    ])
    expect(web.phases.every(phase => phase.source === 'ecs')).toBe(true)
    // From the records: healthy after 10 s × 3 checks (0.6 s at the time scale) past the last
    // task's start, the drain waited out the 300 s delay (6 s).
    const seconds = (name: string) => web.phases.find(phase => phase.phase === name)!.seconds
    expect(seconds('healthy')).toBeCloseTo(0.6, 1)
    expect(seconds('old revision drained')).toBeCloseTo(6, 1)
  })
})
