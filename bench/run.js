// @ts-check
/**
 * `npm run bench`: how fast does ecs-flow report a rollout's outcome, and how hard does it poll?
 * For each simulator scenario (timeScale 1, real time), the bundled action (dist/index.js) runs
 * as the GitHub runner runs it, with its DEFAULT poll interval and max-failed-tasks. Measured on
 * the simulator's clock (Date.now, the same clock as this process):
 *   - visible→reported: from the moment the outcome is visible through DescribeServices to the
 *     moment the action reports it (the "rollout complete" line, the rollback it starts, or the
 *     failure it prints);
 *   - visible→exit: to the process exit (a rollback is waited for before exiting);
 *   - DescribeServices calls, their rate ((calls-1)/(last-first)) and the smallest gap;
 *   - failing-no-breaker: first failed task → declared failed (rollback UpdateService) and →
 *     rolled back (the action exits having seen the previous revision complete and drain).
 *   - early success: a healthy rollout of a service with ECS's early success criteria and
 *     DEFERRED cleanup, its old revision draining for a minute after ECS's verdict: from the
 *     verdict (the deployment COMPLETED) to the process exit, and whether the old tasks still ran.
 * Targets: reported within 3 s (median) of visible; at most one DescribeServices per 2 s;
 * failing tasks without a breaker declared failed and rolled back within 10 s of the first failure;
 * early success reported (exit) within 3 s of ECS's verdict while the old revision drains.
 *
 *   node bench/run.js [--runs 3] [--serial] [--scenario healthy,slow]
 */
import { statSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { startSimulator, SCENARIOS } from '../sim/server.js'
import { ROOT, SIMULATOR_TARGET, runAction, simulatorEnv } from '../scripts/run-action.js'
import { timedLines } from './timed-lines.js'
import { PUSH_TO_MAIN } from './push-to-main.js'

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const TARGET_REPORT_SECONDS = 3
const TARGET_MIN_GAP_SECONDS = 2
const TARGET_ROLLBACK_SECONDS = 10
const TARGET_EARLY_SUCCESS_SECONDS = 3
/** How long the old revision drains after ECS's early verdict, in the early-success run. */
const EARLY_DRAIN_SECONDS = 60

const args = parseArgs(process.argv.slice(2))
const scenarios = args.scenario ?? Object.keys(SCENARIOS)

/**
 * @typedef {object} Measurement
 * @property {string} scenario
 * @property {string} outcome   the simulator's outcome of the rollout
 * @property {string} result    the action's `result` output
 * @property {number} exitCode
 * @property {number | null} reportLag   seconds, visible → reported
 * @property {number | null} exitLag     seconds, visible → process exit
 * @property {number} describeCalls
 * @property {number} describeRate      calls per second, (n-1)/(last-first)
 * @property {number} minGap            seconds between the two closest DescribeServices
 * @property {number | null} failToDeclared
 * @property {number | null} failToRolledBack
 * @property {string} cause             the first line of the failure the action printed
 */

/** Runs one scenario against a fresh simulator. @param {string} scenario @returns {Promise<Measurement>} */
async function measure(scenario) {
  const sim = await startSimulator({ scenario, port: 0, timeScale: 1 })
  const { lines, onOutput } = timedLines()
  try {
    const run = await runAction({
      ...PUSH_TO_MAIN,
      inputs: { ...SIMULATOR_TARGET, image: IMAGE, timeout: '2m' },
      env: simulatorEnv(sim.url),
      onOutput
    })
    const state = sim.state()
    const visible = state.outcomeVisibleAt
    const updates = state.callLog.filter(
      (/** @type {{operation: string}} */ call) => call.operation === 'UpdateService'
    )
    // The watcher's polls: preflight and register read the service before the UpdateService.
    const watchingFrom = updates[0]?.at ?? 0
    const calls = /** @type {number[]} */ (state.describeServicesAt).filter(
      at => at >= watchingFrom
    )
    const rollbackStartedAt = updates[1]?.at ?? null
    const reportedAt =
      rollbackStartedAt ??
      lines.find(line => /rollout complete|^::error::/.test(line.text))?.at ??
      run.exitedAt
    const gaps = calls.slice(1).map((at, i) => (at - (calls[i] ?? at)) / 1000)
    const firstFailure = state.firstTaskFailureAt
    return {
      scenario,
      outcome: state.outcome ?? '(none)',
      result: run.outputs.result ?? '(none)',
      exitCode: run.exitCode,
      reportLag: visible === null ? null : (reportedAt - visible) / 1000,
      exitLag: visible === null ? null : (run.exitedAt - visible) / 1000,
      describeCalls: calls.length,
      describeRate:
        calls.length > 1
          ? (calls.length - 1) / (((calls.at(-1) ?? 0) - (calls[0] ?? 0)) / 1000)
          : 0,
      minGap: gaps.length > 0 ? Math.min(...gaps) : Infinity,
      failToDeclared:
        firstFailure !== null && rollbackStartedAt !== null
          ? (rollbackStartedAt - firstFailure) / 1000
          : null,
      failToRolledBack:
        firstFailure !== null && rollbackStartedAt !== null
          ? (run.exitedAt - firstFailure) / 1000
          : null,
      cause: (run.stdout.split('\n').find(line => line.startsWith('::error::')) ?? '')
        .replace('::error::', '')
        .slice(0, 90)
    }
  } finally {
    await sim.stop()
  }
}

/**
 * A healthy rollout of `web` with early success criteria (DEFERRED): seconds from ECS's verdict
 * (COMPLETED) to the process exit, and whether the old revision still ran when it exited.
 * @returns {Promise<{exitLag: number | null, result: string, oldStillRunning: boolean}>}
 */
async function measureEarlySuccess() {
  const sim = await startSimulator({
    scenario: 'healthy',
    port: 0,
    timeScale: 1,
    seed: {
      services: [
        {
          name: 'web',
          earlySuccessCriteria: {
            enable: true,
            healthyPercent: 100,
            sourceServiceRevisionCleanup: 'DEFERRED'
          },
          drainSeconds: EARLY_DRAIN_SECONDS
        }
      ]
    }
  })
  try {
    const run = await runAction({
      ...PUSH_TO_MAIN,
      inputs: { ...SIMULATOR_TARGET, image: IMAGE, timeout: '2m' },
      env: simulatorEnv(sim.url)
    })
    const state = sim.state()
    const web = /** @type {{deployments: unknown[]}[]} */ (state.services)[0]
    return {
      exitLag:
        state.outcomeVisibleAt === null ? null : (run.exitedAt - state.outcomeVisibleAt) / 1000,
      result: run.outputs.result ?? '(none)',
      oldStillRunning: (web?.deployments.length ?? 0) > 1
    }
  } finally {
    await sim.stop()
  }
}

async function main() {
  warnIfBundleIsStale()
  /** @type {Measurement[]} */
  const all = []
  /** @type {Awaited<ReturnType<typeof measureEarlySuccess>>[]} */
  const early = []
  for (let round = 1; round <= args.runs; round++) {
    process.stderr.write(
      `round ${round}/${args.runs}: ${scenarios.join(', ')}, early success${args.serial ? '' : ' (in parallel)'}\n`
    )
    if (args.serial) {
      for (const scenario of scenarios) all.push(await measure(scenario))
      early.push(await measureEarlySuccess())
    } else {
      const [runs, earlyRun] = await Promise.all([
        Promise.all(scenarios.map(measure)),
        measureEarlySuccess()
      ])
      all.push(...runs)
      early.push(earlyRun)
    }
  }
  printTable(all)
  printEarlySuccess(early)
}

/** @param {Awaited<ReturnType<typeof measureEarlySuccess>>[]} runs */
function printEarlySuccess(runs) {
  const lag = median(runs.map(run => run.exitLag))
  const worst = Math.max(...runs.map(run => run.exitLag ?? Infinity))
  const results = [...new Set(runs.map(run => run.result))].join('/')
  const draining = runs.every(run => run.oldStillRunning)
  const ok = worst <= TARGET_EARLY_SUCCESS_SECONDS && draining && results === 'deployed'
  console.log(
    `target: early success (DEFERRED, old revision draining ${EARLY_DRAIN_SECONDS}s) exits within ${TARGET_EARLY_SUCCESS_SECONDS}s of ECS's verdict: median ${seconds(lag)}s, worst ${seconds(worst)}s, result ${results}, old revision still running at exit: ${draining ? 'yes' : 'NO'}, ${ok ? 'met' : 'MISSED'}`
  )
}

/** @param {Measurement[]} all */
function printTable(all) {
  const header = [
    'scenario',
    'outcome',
    'result',
    'exit',
    'visible→reported s',
    'visible→exit s',
    'DescribeServices',
    'calls/s',
    'min gap s',
    'fail→declared s',
    'fail→rolled back s'
  ]
  const rows = scenarios.map(scenario => {
    const runs = all.filter(m => m.scenario === scenario)
    const first = runs[0]
    if (!first) return []
    const same = (/** @type {(m: Measurement) => string | number} */ pick) =>
      [...new Set(runs.map(pick))].join('/')
    return [
      scenario,
      same(m => m.outcome),
      same(m => m.result),
      same(m => m.exitCode),
      seconds(median(runs.map(m => m.reportLag))),
      seconds(median(runs.map(m => m.exitLag))),
      same(m => m.describeCalls),
      median(runs.map(m => m.describeRate))?.toFixed(2) ?? '-',
      seconds(Math.min(...runs.map(m => m.minGap))),
      seconds(median(runs.map(m => m.failToDeclared))),
      seconds(median(runs.map(m => m.failToRolledBack)))
    ]
  })
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => String(r[i] ?? '').length))
  )
  const line = (/** @type {(string | number)[]} */ cells) =>
    `| ${cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(' | ')} |`
  console.log(
    `ecs-flow benchmark: ${args.runs} run(s) per scenario, medians; simulator timeScale 1; action defaults (poll-interval, max-failed-tasks)`
  )
  console.log(line(header))
  console.log(line(widths.map(w => '-'.repeat(w))))
  for (const row of rows) console.log(line(row))
  console.log()
  for (const scenario of scenarios) {
    const cause = all.find(m => m.scenario === scenario && m.cause)?.cause
    if (cause) console.log(`${scenario}: ${cause}${cause.length >= 90 ? '...' : ''}`)
  }
  console.log()
  const reportLag = median(all.map(m => (m.failToDeclared === null ? m.reportLag : m.reportLag)))
  const minGap = Math.min(...all.map(m => m.minGap))
  const rolledBack = all.map(m => m.failToRolledBack).filter(v => v !== null)
  const worstRollback =
    rolledBack.length > 0 ? Math.max(.../** @type {number[]} */ (rolledBack)) : null
  const verdict = (/** @type {boolean} */ ok) => (ok ? 'met' : 'MISSED')
  console.log(
    `target: outcome reported within ${TARGET_REPORT_SECONDS}s of visible (median over all runs): ${seconds(reportLag)}s, ${verdict(reportLag !== null && reportLag <= TARGET_REPORT_SECONDS)}`
  )
  console.log(
    `target: at most one DescribeServices per ${TARGET_MIN_GAP_SECONDS}s (smallest gap between two calls): ${seconds(minGap)}s, ${verdict(minGap >= TARGET_MIN_GAP_SECONDS)}`
  )
  console.log(
    `target: failing tasks declared failed and rolled back within ${TARGET_ROLLBACK_SECONDS}s of the first failure (worst run): ${seconds(worstRollback)}s, ${verdict(worstRollback !== null && worstRollback <= TARGET_ROLLBACK_SECONDS)}`
  )
}

/** @param {(number | null)[]} values */
function median(values) {
  const sorted = /** @type {number[]} */ (
    values.filter(v => v !== null && Number.isFinite(v))
  ).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? null)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** @param {number | null} value */
function seconds(value) {
  return value === null || !Number.isFinite(value) ? '-' : value.toFixed(2)
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{runs: number, serial: boolean, scenario?: string[]}} */
  const parsed = { runs: 3, serial: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--runs') parsed.runs = Math.max(1, Number(argv[++i]) || 1)
    else if (arg === '--serial') parsed.serial = true
    else if (arg === '--scenario')
      parsed.scenario = String(argv[++i] ?? '')
        .split(',')
        .filter(Boolean)
    else throw new Error(`unknown argument ${arg}; use --runs N, --serial, --scenario a,b`)
  }
  return parsed
}

/** The bench measures dist/: say so when src/ is newer (run `npm run bundle`). */
function warnIfBundleIsStale() {
  const bundle = statSync(join(ROOT, 'dist', 'index.js')).mtimeMs
  const newest = Math.max(...listFiles(join(ROOT, 'src')).map(file => statSync(file).mtimeMs))
  if (newest > bundle)
    process.stderr.write('warning: src/ is newer than dist/index.js; run `npm run bundle` first\n')
}

/** @param {string} dir @returns {string[]} */
function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]
  )
}

await main()
