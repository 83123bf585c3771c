// @ts-check
/**
 * `node bench/schedules.js [--schedules 10] [--runs 3]`: what scheduled tasks add to a release.
 * A healthy release of `web` (timeScale 1, real time) whose environment lists one EventBridge rule
 * and N EventBridge Scheduler schedules, each with every optional field set, all running web:1.
 * Measured on the simulator's clock, from the rollout's outcome becoming visible:
 *   - to the last UpdateSchedule (every schedule moved), and to the process exit;
 *   - the GetSchedule and UpdateSchedule calls (preflight reads each once, the step once more);
 *   - whether every schedule kept every field but its task definition.
 * Target: all N schedules moved within 2 s of the rollout's outcome (median), every field kept.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startSimulator } from '../sim/server.js'
import { runAction, simulatorEnv } from '../scripts/run-action.js'
import { PUSH_TO_MAIN } from './push-to-main.js'

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const TD = (/** @type {number} */ revision) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`
const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/demo'
const TARGET_SECONDS = 2

const { values: args } = parseArgs({
  options: { schedules: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' } }
})
const count = Number(args.schedules)
const runs = Number(args.runs)

/** @param {number} index */
function schedule(index) {
  return {
    Name: `web-dev-job-${index}`,
    ScheduleExpression: `cron(${index % 60} 3 * * ? *)`,
    ScheduleExpressionTimezone: 'Europe/Berlin',
    StartDate: Date.UTC(2026, 0, 1) / 1000,
    Description: `job ${index}`,
    State: index % 2 === 0 ? 'ENABLED' : 'DISABLED',
    ActionAfterCompletion: 'NONE',
    FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    Target: {
      Arn: CLUSTER,
      RoleArn: 'arn:aws:iam::123456789012:role/web-dev-scheduler',
      Input: JSON.stringify({
        containerOverrides: [{ name: 'web', command: ['job', String(index)] }]
      }),
      RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
      DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:web-dlq' },
      EcsParameters: { TaskDefinitionArn: TD(1), TaskCount: 1, LaunchType: 'FARGATE' }
    }
  }
}

async function measure() {
  const seeded = Array.from({ length: count }, (_, index) => schedule(index))
  const rule = {
    name: 'web-dev-nightly',
    targets: [
      {
        Id: 'report',
        Arn: CLUSTER,
        RoleArn: 'arn:aws:iam::123456789012:role/web-dev-events',
        EcsParameters: { TaskDefinitionArn: TD(1), TaskCount: 1, LaunchType: 'FARGATE' }
      }
    ]
  }
  const sim = await startSimulator({
    scenario: 'healthy',
    port: 0,
    timeScale: 1,
    seed: { rules: [rule], schedules: seeded }
  })
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-bench-schedules-'))
  writeFileSync(
    join(dir, 'ecs-flow.yml'),
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    service: web',
      '    container: web',
      `    scheduled-tasks: [web-dev-nightly, ${seeded.map(s => `{ schedule: ${s.Name} }`).join(', ')}]`
    ].join('\n')
  )
  try {
    const run = await runAction({
      ...PUSH_TO_MAIN,
      cwd: dir,
      inputs: { flow: 'deploy', config: 'ecs-flow.yml', image: IMAGE, timeout: '2m' },
      env: simulatorEnv(sim.url)
    })
    const state = /** @type {any} */ (sim.state())
    const updates = /** @type {{at: number}[]} */ (state.updateSchedules)
    const lastUpdate = updates.at(-1)?.at ?? null
    const visible = state.outcomeVisibleAt
    const kept = seeded.every(seed => {
      const now = state.schedules.find((/** @type {any} */ s) => s.Name === seed.Name)
      const expected = {
        ...seed,
        GroupName: 'default',
        Target: {
          ...seed.Target,
          EcsParameters: { ...seed.Target.EcsParameters, TaskDefinitionArn: TD(2) }
        }
      }
      return JSON.stringify(sortKeys(now)) === JSON.stringify(sortKeys(expected))
    })
    return {
      result: run.outputs.result ?? '(none)',
      toMoved: lastUpdate === null || visible === null ? null : (lastUpdate - visible) / 1000,
      toExit: visible === null ? null : (run.exitedAt - visible) / 1000,
      gets: state.calls.GetSchedule ?? 0,
      updates: state.calls.UpdateSchedule ?? 0,
      kept
    }
  } finally {
    await sim.stop()
  }
}

/** @param {unknown} value @returns {unknown} */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(key => [key, sortKeys(/** @type {Record<string, unknown>} */ (value)[key])])
    )
  return value
}

/** @param {(number | null)[]} values */
function median(values) {
  const known = values.filter(v => v !== null).sort((a, b) => a - b)
  return known.length === 0 ? null : known[Math.floor(known.length / 2)]
}

const all = []
for (let round = 1; round <= runs; round++) {
  process.stderr.write(`round ${round}/${runs}: 1 rule and ${count} schedules\n`)
  all.push(await measure())
}
const toMoved = median(all.map(run => run.toMoved))
const toExit = median(all.map(run => run.toExit))
const kept = all.every(run => run.kept)
const results = [...new Set(all.map(run => run.result))].join('/')
console.log(
  `scheduled tasks (1 rule, ${count} schedules): result ${results}; outcome visible → every schedule moved: median ${toMoved?.toFixed(2) ?? '?'} s, → exit ${toExit?.toFixed(2) ?? '?'} s; GetSchedule ${all[0]?.gets}, UpdateSchedule ${all[0]?.updates} per release; every other field kept: ${kept ? 'yes' : 'NO'}`
)
const met =
  toMoved !== null &&
  toMoved !== undefined &&
  toMoved <= TARGET_SECONDS &&
  kept &&
  results === 'deployed'
console.log(
  `target: every schedule moved within ${TARGET_SECONDS} s of the outcome, fields kept: ${met ? 'met' : 'MISSED'}`
)
process.exitCode = met ? 0 : 1
