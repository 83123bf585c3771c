// @ts-check
/**
 * An ECS Express Mode service released against the simulator (real time, timeScale 1, the
 * action's default poll interval): the AWS calls one release makes, in order, from the
 * simulator's call log, and the time from the Express service's steady state (the deployment ECS
 * started for UpdateExpressGatewayService completed) to the action's exit.
 *
 *   node bench/express.js [--runs 3]
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator } from '../sim/server.js'
import { runAction, simulatorEnv } from '../scripts/run-action.js'
import { PUSH_TO_MAIN } from './push-to-main.js'

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const at = process.argv.indexOf('--runs')
const RUNS = at === -1 ? 3 : Number(process.argv[at + 1])
/** Goal: the release is reported within 5 s of the service's steady state. */
const TARGET_SECONDS = 5

const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-bench-express-'))
const config = join(dir, 'ecs-flow.yml')
writeFileSync(
  config,
  ['environments:', '  dev:', '    cluster: demo', '    express-service: api'].join('\n')
)

/** One release of the Express service `api` on a fresh simulator. */
async function once() {
  const sim = await startSimulator({
    scenario: 'healthy',
    port: 0,
    timeScale: 1,
    seed: { services: [{ name: 'api', express: true }] }
  })
  try {
    const run = await runAction({
      ...PUSH_TO_MAIN,
      inputs: { config, image: IMAGE, timeout: '3m' },
      env: simulatorEnv(sim.url)
    })
    const state = sim.state()
    const steadyAt = state.perService?.api?.steadyAt
    return {
      result: run.outputs.result ?? '',
      lag: typeof steadyAt === 'number' ? (run.exitedAt - steadyAt) / 1000 : NaN,
      calls: /** @type {{operation: string}[]} */ (state.callLog).map(call => call.operation)
    }
  } finally {
    await sim.stop()
  }
}

/** `A B B B C` → `A, B ×3, C`: the order of the calls with repeats folded. @param {string[]} calls */
function folded(calls) {
  /** @type {[string, number][]} */
  const runs = []
  for (const call of calls) {
    const last = runs.at(-1)
    if (last && last[0] === call) last[1]++
    else runs.push([call, 1])
  }
  return runs.map(([call, n]) => (n > 1 ? `${call} ×${n}` : call)).join(', ')
}

const runs = []
for (let run = 1; run <= RUNS; run++) runs.push(await once())
const first = runs[0]
if (first) {
  console.log('Express Mode service: the AWS calls of one release, in order (simulator call log):')
  console.log(`    ${folded(first.calls)}`)
}
const lags = runs.map(run => run.lag).sort((a, b) => a - b)
console.log(
  `Express Mode service: steady state → exit over ${RUNS} release(s): ${runs.map(run => run.lag.toFixed(2)).join(' / ')} s, median ${(lags[Math.floor(lags.length / 2)] ?? NaN).toFixed(2)} s (goal ≤ ${TARGET_SECONDS}); results ${runs.map(run => run.result).join(', ')}`
)
if (runs.some(run => run.result !== 'deployed' || !(run.lag <= TARGET_SECONDS)))
  process.exitCode = 1
