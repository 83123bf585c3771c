// @ts-check
/**
 * Several services, and many releases in one account, against the simulator (real time,
 * timeScale 1, the action's default poll interval):
 *   (a) one release of 20 services: DescribeServices calls per poll interval, and the release's
 *       wall time beside a single-service release's;
 *   (b) 60 single-service releases started at once in one account whose read calls share a token
 *       bucket of burst 30 and refill 10 per second: how many fail, and the median and worst time
 *       from each rollout's steady state to its release's exit (and when the last release exits).
 *
 *   node bench/services.js [--releases 60] [--services 20] [--runs 3]
 *
 * (b) is run `--runs` times: who loses the account's token lottery differs from run to run (and
 * with how the 60 processes start on the machine), so one run's worst case says little alone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator } from '../sim/server.js'
import { runAction, simulatorEnv } from '../scripts/run-action.js'
import { PUSH_TO_MAIN } from './push-to-main.js'

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const POLL_SECONDS = 2
const argument = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const at = process.argv.indexOf(name)
  return at === -1 ? fallback : Number(process.argv[at + 1])
}
const SERVICES = argument('--services', 20)
const RELEASES = argument('--releases', 60)
const RUNS = argument('--runs', 3)

/** @param {string[]} names */
function configFor(names) {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-bench-services-'))
  const path = join(dir, 'ecs-flow.yml')
  writeFileSync(
    path,
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    services:',
      ...names.map(n => `      ${n}: {}`)
    ].join('\n')
  )
  return path
}

/** @param {import('../scripts/run-action.js').ActionInvocation['inputs']} inputs @param {string} url */
function release(inputs, url) {
  return runAction({
    ...PUSH_TO_MAIN,
    inputs: { image: IMAGE, timeout: '3m', ...inputs },
    env: simulatorEnv(url)
  })
}

/** (a) N services in one release, and one service alone, on fresh simulators. */
async function severalServices() {
  const names = Array.from({ length: SERVICES }, (_, i) => `svc${i + 1}`)
  const sim = await startSimulator({
    scenario: 'healthy',
    port: 0,
    timeScale: 1,
    seed: { services: names }
  })
  try {
    const started = Date.now()
    const run = await release({ config: configFor(names) }, sim.url)
    const wall = (run.exitedAt - started) / 1000
    const state = sim.state()
    const updates = state.callLog.filter(
      (/** @type {{operation: string}} */ call) => call.operation === 'UpdateService'
    )
    const watchingFrom = updates.at(-1)?.at ?? 0
    // The watcher's polls, after the last UpdateService (preflight and register read before).
    const calls = /** @type {number[]} */ (state.describeServicesAt).filter(at => at > watchingFrom)
    // Polls are bursts of calls; a burst is the calls within half a poll interval of its first.
    /** @type {number[][]} */
    const bursts = []
    for (const at of calls) {
      const last = bursts.at(-1)
      if (last && at - (last[0] ?? at) < (POLL_SECONDS * 1000) / 2) last.push(at)
      else bursts.push([at])
    }
    const perPoll = bursts.map(burst => burst.length)
    sim.reset({ scenario: 'healthy', timeScale: 1, seed: { services: ['svc1'] } })
    const singleStarted = Date.now()
    const single = await release({ cluster: 'demo', service: 'svc1' }, sim.url)
    const singleWall = (single.exitedAt - singleStarted) / 1000
    return { result: run.outputs.result, wall, singleWall, perPoll, calls: calls.length }
  } finally {
    await sim.stop()
  }
}

/** (b) many single-service releases at once, against one throttled account. */
async function manyReleases() {
  const names = Array.from({ length: RELEASES }, (_, i) => `app${i + 1}`)
  const sim = await startSimulator({
    scenario: 'healthy',
    port: 0,
    timeScale: 1,
    seed: { services: names, readThrottle: { burst: 30, refillPerSecond: 10 } }
  })
  try {
    const started = Date.now()
    const runs = await Promise.all(
      names.map(name =>
        release({ cluster: 'demo', service: name }, sim.url).then(run => ({ name, run }))
      )
    )
    const state = sim.state()
    const lags = []
    let failed = 0
    for (const { name, run } of runs) {
      if (run.exitCode !== 0 || run.outputs.result !== 'deployed') {
        failed++
        if (failed <= 3) {
          const cause = run.stdout.split('\n').find(line => line.startsWith('::error'))
          console.error(`  ${name}: ${cause?.slice(0, 240) ?? '(no error line)'}`)
        }
      }
      const steadyAt = state.perService?.[name]?.steadyAt
      if (typeof steadyAt === 'number') lags.push((run.exitedAt - steadyAt) / 1000)
    }
    lags.sort((a, b) => a - b)
    const throttled = state.callLog.filter(
      (/** @type {{error?: string}} */ call) => call.error === 'ThrottlingException'
    ).length
    // What the account's pacing costs the releases as a whole: when the last one exits.
    const lastExit = (Math.max(...runs.map(({ run }) => run.exitedAt)) - started) / 1000
    return {
      failed,
      lastExit,
      median: lags[Math.floor(lags.length / 2)] ?? NaN,
      worst: lags.at(-1) ?? NaN,
      measured: lags.length,
      throttled
    }
  } finally {
    await sim.stop()
  }
}

const a = await severalServices()
console.log(`(a) one release of ${SERVICES} services (poll interval ${POLL_SECONDS} s):`)
console.log(
  `    result ${a.result}; DescribeServices calls per poll: ${[...new Set(a.perPoll)].join(', ')} (goal: ${Math.ceil(SERVICES / 10)}); ${a.calls} calls in all`
)
console.log(
  `    wall time ${a.wall.toFixed(2)} s vs ${a.singleWall.toFixed(2)} s for one service: +${(a.wall - a.singleWall).toFixed(2)} s (goal: within one poll interval, ${POLL_SECONDS} s)`
)
console.log(
  `(b) ${RELEASES} single-service releases at once, read bucket burst 30 / refill 10 per second, ${RUNS} run(s):`
)
const runs = []
for (let run = 1; run <= RUNS; run++) {
  const b = await manyReleases()
  runs.push(b)
  console.log(
    `    run ${run}: failed ${b.failed} (goal 0); steady state → exit: median ${b.median.toFixed(2)} s (goal ≤ 5), worst ${b.worst.toFixed(2)} s (goal ≤ 10), over ${b.measured} releases; the last exits ${b.lastExit.toFixed(1)} s after the start; throttled calls answered: ${b.throttled}`
  )
}
const worsts = runs.map(b => b.worst)
console.log(
  `    over ${RUNS} run(s): failed ${runs.reduce((sum, b) => sum + b.failed, 0)}; medians ${runs.map(b => b.median.toFixed(2)).join(' / ')} s; worst ${worsts.map(w => w.toFixed(2)).join(' / ')} s — ${worsts.filter(w => !(w <= 10)).length} of ${RUNS} over 10 s`
)
