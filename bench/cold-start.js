// @ts-check
/**
 * Cold start of a pull-request run: `node dist/index.js` for a pull_request event (the test
 * flow, no commands), from process start to exit, side by side with a bundled stand-in for the
 * start of a single-file ECS deploy action (bench/baseline/). Runs alternate, on this machine;
 * prints the medians, their ratio, the peak memory of each, and the size of dist/.
 *
 *   node bench/cold-start.js [--runs 15]
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EVENTS, ROOT, SHA } from '../scripts/run-action.js'

const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg === -1 ? 15 : Number(process.argv[runsArg + 1])

/** Bundles the stand-in the way the action is bundled (ncc), into a temporary folder. */
function bundleBaseline() {
  const out = mkdtempSync(join(tmpdir(), 'ecs-flow-baseline-'))
  const ncc = join(ROOT, 'node_modules', '.bin', 'ncc')
  const result = spawnSync(
    ncc,
    ['build', join(ROOT, 'bench/baseline/ecs-action-startup.js'), '-o', out, '--quiet'],
    {
      encoding: 'utf8'
    }
  )
  if (result.status !== 0) throw new Error(`ncc failed: ${result.stderr}`)
  return out
}

/** One run under /usr/bin/time: wall seconds and peak RSS in MB. @param {string} entry */
function timeRun(entry) {
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(EVENTS, 'pull-request-opened.json'),
    GITHUB_REF: 'refs/pull/42/merge',
    GITHUB_SHA: SHA,
    AWS_REGION: 'us-east-1',
    NODE_NO_WARNINGS: '1'
  }
  const started = process.hrtime.bigint()
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, entry], {
    env,
    encoding: 'utf8'
  })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (result.status !== 0) throw new Error(`${entry} exited ${result.status}: ${result.stderr}`)
  const rssKb = Number(result.stderr.trim().split('\n').at(-1))
  return { seconds, rssMb: rssKb / 1024 }
}

/** @param {number[]} values @returns {number} */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const at = (/** @type {number} */ index) => sorted[index] ?? Number.NaN
  return sorted.length % 2 ? at(middle) : (at(middle - 1) + at(middle)) / 2
}

const baselineDir = bundleBaseline()
try {
  const ours = join(ROOT, 'dist', 'index.js')
  const theirs = join(baselineDir, 'index.js')
  /** @type {{ours: {seconds: number, rssMb: number}[], theirs: {seconds: number, rssMb: number}[]}} */
  const samples = { ours: [], theirs: [] }
  timeRun(ours)
  timeRun(theirs)
  for (let i = 0; i < RUNS; i++) {
    samples.ours.push(timeRun(ours))
    samples.theirs.push(timeRun(theirs))
  }
  const ourMedian = median(samples.ours.map(s => s.seconds))
  const theirMedian = median(samples.theirs.map(s => s.seconds))
  const distBytes = readdirSync(join(ROOT, 'dist')).reduce(
    (sum, file) => sum + statSync(join(ROOT, 'dist', file)).size,
    0
  )
  console.log(`cold start of a pull-request run, ${RUNS} alternating runs each (medians):`)
  console.log(
    `  ecs-flow dist/index.js:            ${ourMedian.toFixed(3)} s, peak RSS ${median(samples.ours.map(s => s.rssMb)).toFixed(0)} MB`
  )
  console.log(
    `  single-file ECS action stand-in:   ${theirMedian.toFixed(3)} s, peak RSS ${median(samples.theirs.map(s => s.rssMb)).toFixed(0)} MB`
  )
  console.log(
    `  ratio ecs-flow / stand-in:         ${(ourMedian / theirMedian).toFixed(2)} (goal <= 1.0)`
  )
  console.log(
    `  dist/: ${(distBytes / 1e6).toFixed(1)} MB in all; entry chunk dist/index.js ${(statSync(ours).size / 1e6).toFixed(2)} MB; stand-in bundle ${(statSync(theirs).size / 1e6).toFixed(2)} MB`
  )
} finally {
  rmSync(baselineDir, { recursive: true, force: true })
}
