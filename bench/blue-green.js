// @ts-check
/**
 * ECS-native blue/green against the simulator, the bundled action with its DEFAULT poll interval
 * (2 s), on the simulator's clock (Date.now, this process's clock too), a few runs each:
 *   (a) bluegreen-healthy: SUCCESSFUL visible → process exit;
 *       bluegreen-bake-alarm: the rollback visible (the alarm, ROLLBACK_REQUESTED) → process exit
 *       (ecs-flow fails at once and does not wait for ECS's rollback);
 *   (b) stage-to-log delay: when the simulator entered each lifecycle stage → when the action
 *       printed its `stage …` line (stages passed between two polls included: they are printed
 *       with the next poll).
 * CodeDeploy (a CODE_DEPLOY service) the same way:
 *   (c) codedeploy-healthy: the deployment Succeeded → process exit; codedeploy-hook-fails: the
 *       deployment Failed (CodeDeploy rolls back itself) → process exit;
 *   (d) event-to-log delay: when a lifecycle event ended → when its `lifecycle event …` line was
 *       printed.
 * PAUSE lifecycle hooks:
 *   (e) bluegreen-pause with on-pause: verify (a verify-url on loopback): the hook AWAITING_ACTION
 *       → ContinueServiceDeployment CONTINUE, beside the verify's own time (its log lines); the
 *       rest is what ecs-flow adds (goal: at most 3 s).
 * The scenarios' timelines run at --time-scale (default 0.25: the 1-minute bake takes 15 s;
 * CodeDeploy's events take 1 s each at --codedeploy-time-scale 1); the poll interval is the
 * action's, in real seconds, so the delays are what a runner would see.
 *
 *   node bench/blue-green.js [--runs 3] [--time-scale 0.25] [--codedeploy-time-scale 1]
 */
import { startSimulator } from '../sim/server.js'
import { STAGES_BEFORE_BAKE } from '../sim/blue-green.js'
import { SIMULATOR_TARGET, runAction, simulatorEnv } from '../scripts/run-action.js'
import { timedLines } from './timed-lines.js'
import { createServer } from 'node:http'
import { PUSH_TO_MAIN } from './push-to-main.js'

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
/** When the simulator's bake starts (s after UpdateService, before scaling). */
const BAKE_TIME_AT = 9

const argument = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const at = process.argv.indexOf(name)
  return at === -1 ? fallback : Number(process.argv[at + 1])
}
const RUNS = argument('--runs', 3)
const TIME_SCALE = argument('--time-scale', 0.25)
const CODEDEPLOY_TIME_SCALE = argument('--codedeploy-time-scale', 1)
const STAGED = ['bluegreen-healthy', 'bluegreen-bake-alarm']
const CODEDEPLOY = ['codedeploy-healthy', 'codedeploy-hook-fails']

/**
 * @typedef {object} Run
 * @property {string} scenario
 * @property {string} result
 * @property {number | null} visibleToExit  seconds
 * @property {number[]} stageDelays  seconds, one per stage printed
 */

/** @param {string} scenario @returns {Promise<Run>} */
async function measure(scenario) {
  const codeDeploy = CODEDEPLOY.includes(scenario)
  const sim = await startSimulator({
    scenario,
    port: 0,
    timeScale: codeDeploy ? CODEDEPLOY_TIME_SCALE : TIME_SCALE
  })
  const { lines, onOutput } = timedLines()
  try {
    const run = await runAction({
      ...PUSH_TO_MAIN,
      inputs: { ...SIMULATOR_TARGET, image: IMAGE, timeout: '5m' },
      env: simulatorEnv(sim.url),
      onOutput
    })
    const stagePattern = codeDeploy ? /lifecycle event (\w+) (?:Succeeded|Failed)/ : /^stage (\w+) /
    const printed = lines.flatMap(({ at, text }) => {
      const stage = stagePattern.exec(text)?.[1]
      return stage ? [{ at, stage }] : []
    })
    const state = sim.state()
    if (codeDeploy) return codeDeployRun(scenario, run, state, printed)
    const update = state.callLog.find(
      (/** @type {{operation: string}} */ call) => call.operation === 'UpdateService'
    )
    const service = /** @type {{deploymentConfiguration?: {bakeTimeInMinutes?: number}}[]} */ (
      state.services
    )[0]
    const bakeSeconds = Number(service?.deploymentConfiguration?.bakeTimeInMinutes) * 60
    const entered = stageTimes(update?.at ?? 0, bakeSeconds)
    const visible = state.outcomeVisibleAt
    return {
      scenario,
      result: run.outputs.result ?? '(none)',
      visibleToExit: visible === null ? null : (run.exitedAt - visible) / 1000,
      stageDelays: printed.flatMap(({ at, stage }) => {
        const enteredAt = entered.get(stage)
        return enteredAt === undefined ? [] : [(at - enteredAt) / 1000]
      })
    }
  } finally {
    await sim.stop()
  }
}

/**
 * The CodeDeploy deployment the release started (the first; a rollback comes later): from its
 * outcome to the exit, and from each lifecycle event's end to its line.
 * @param {string} scenario @param {{outputs: Record<string, string>, exitedAt: number}} run
 * @param {any} state @param {{at: number, stage: string}[]} printed
 * @returns {Run}
 */
function codeDeployRun(scenario, run, state, printed) {
  /** @type {{completedAt: number | null, events: {lifecycleEventName: string, endTime?: number}[]} | undefined} */
  const deployment = state.codeDeploy.deployments[0]
  const ended = new Map(
    (deployment?.events ?? []).flatMap(event =>
      event.endTime === undefined ? [] : [[event.lifecycleEventName, event.endTime]]
    )
  )
  const visible = deployment?.completedAt ?? null
  return {
    scenario,
    result: run.outputs.result ?? '(none)',
    visibleToExit: visible === null ? null : (run.exitedAt - visible) / 1000,
    stageDelays: printed.flatMap(({ at, stage }) => {
      const endedAt = ended.get(stage)
      return endedAt === undefined ? [] : [(at - endedAt) / 1000]
    })
  }
}

/** When the simulator enters each stage (ms), from its schedule (sim/blue-green.js). */
function stageTimes(/** @type {number} */ t0, /** @type {number} */ bakeSeconds) {
  const at = (/** @type {number} */ seconds) => t0 + seconds * 1000 * TIME_SCALE
  /** @type {Map<string, number>} */
  const times = new Map(STAGES_BEFORE_BAKE.map(([stage, seconds]) => [stage, at(seconds)]))
  times.set('CLEAN_UP', at(BAKE_TIME_AT + bakeSeconds))
  return times
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? sorted[middle]
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const format = (/** @type {number | null | undefined} */ value) =>
  value === null || value === undefined ? '—' : value.toFixed(2)

/** When bluegreen-pause's hook starts awaiting action (s after UpdateService). */
const PAUSED_AT = 6

/**
 * bluegreen-pause with on-pause: verify against a loopback URL: AWAITING_ACTION → CONTINUE, and
 * the verify's time within it (from the line that starts it to the line that says it passed).
 * @returns {Promise<{pauseToContinue: number | null, verify: number | null, result: string}>}
 */
async function measurePause() {
  const sim = await startSimulator({ scenario: 'bluegreen-pause', port: 0, timeScale: TIME_SCALE })
  const server = createServer((_request, response) => response.end('ok'))
  await new Promise(done => server.listen(0, '127.0.0.1', () => done(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const { lines, onOutput } = timedLines()
  try {
    const run = await runAction({
      ...PUSH_TO_MAIN,
      inputs: {
        ...SIMULATOR_TARGET,
        image: IMAGE,
        timeout: '5m',
        'verify-url': `http://127.0.0.1:${address.port}/health`,
        'verify-timeout': '10s'
      },
      env: simulatorEnv(sim.url),
      onOutput
    })
    const state = sim.state()
    const update = state.callLog.find(
      (/** @type {{operation: string}} */ call) => call.operation === 'UpdateService'
    )
    const answered = state.continueServiceDeployments[0]
    const lineAt = (/** @type {RegExp} */ pattern) =>
      lines.find(({ text }) => pattern.test(text))?.at
    const started = lineAt(/^on-pause: verify: verifying/)
    const passed = lineAt(/^verify passed while paused/)
    return {
      result: run.outputs.result ?? '(none)',
      pauseToContinue:
        update && answered
          ? (answered.at - (update.at + PAUSED_AT * 1000 * TIME_SCALE)) / 1000
          : null,
      verify: started !== undefined && passed !== undefined ? (passed - started) / 1000 : null
    }
  } finally {
    await sim.stop()
    await new Promise(done => server.close(done))
  }
}

async function main() {
  /** @type {Run[]} */
  const runs = []
  for (const scenario of [...STAGED, ...CODEDEPLOY]) {
    process.stderr.write(`${scenario}: ${RUNS} run(s) side by side\n`)
    runs.push(...(await Promise.all(Array.from({ length: RUNS }, () => measure(scenario)))))
  }
  console.log('\nblue/green and CodeDeploy (default poll interval 2 s)\n')
  console.log(
    '| scenario | result | outcome visible→exit s (median / worst) | stage or lifecycle event→log s (median / worst, n) |'
  )
  console.log('|---|---|---|---|')
  for (const scenario of [...STAGED, ...CODEDEPLOY]) {
    const mine = runs.filter(run => run.scenario === scenario)
    const exits = mine.flatMap(run => (run.visibleToExit === null ? [] : [run.visibleToExit]))
    const delays = mine.flatMap(run => run.stageDelays)
    console.log(
      `| ${scenario} | ${[...new Set(mine.map(run => run.result))].join(', ')} | ${format(median(exits))} / ${format(Math.max(...exits))} | ${format(median(delays))} / ${format(Math.max(...delays))}, ${delays.length} |`
    )
  }
  process.stderr.write(`bluegreen-pause (on-pause: verify): ${RUNS} run(s) side by side\n`)
  const pauses = await Promise.all(Array.from({ length: RUNS }, () => measurePause()))
  const toContinue = pauses.flatMap(run =>
    run.pauseToContinue === null ? [] : [run.pauseToContinue]
  )
  const verifies = pauses.flatMap(run => (run.verify === null ? [] : [run.verify]))
  const added = pauses.flatMap(run =>
    run.pauseToContinue === null || run.verify === null ? [] : [run.pauseToContinue - run.verify]
  )
  console.log(
    '\nPAUSE hook, on-pause: verify (default poll interval 2 s; goal: verify + at most 3 s)\n'
  )
  console.log(
    '| scenario | result | AWAITING_ACTION→ContinueServiceDeployment s (median / worst) | verify s (median) | added by ecs-flow s (median / worst) |'
  )
  console.log('|---|---|---|---|---|')
  console.log(
    `| bluegreen-pause | ${[...new Set(pauses.map(run => run.result))].join(', ')} | ${format(median(toContinue))} / ${format(Math.max(...toContinue))} | ${format(median(verifies))} | ${format(median(added))} / ${format(Math.max(...added))} |`
  )
}

await main()
