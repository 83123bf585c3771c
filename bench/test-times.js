// @ts-check
/**
 * How long the test suites take on this machine: `npm test` (with coverage) and
 * `npm run test:unit`, each from spawn to exit, with how many tests ran, and the files that took
 * longest (start to end of each file in jest's own report: what still dominates). The budgets
 * (150 s and 15 s on a 2-core machine) are printed beside the figures; nothing fails on them,
 * since a timed assertion would make the suite as noisy as the machine.
 *
 *   node bench/test-times.js [--runs 1] [--only unit|all] [--slowest 5]
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const argument = (/** @type {string} */ name, /** @type {string} */ fallback) => {
  const at = process.argv.indexOf(name)
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback)
}
const RUNS = Number(argument('--runs', '1'))
const ONLY = argument('--only', '')
const SLOWEST = Number(argument('--slowest', '5'))

const SUITES = [
  { name: 'npm run test:unit', script: 'test:unit', budget: 15 },
  { name: 'npm test', script: 'test', budget: 150 }
].filter(suite => ONLY === '' || (ONLY === 'unit') === (suite.script === 'test:unit'))

/**
 * The `count` files of a jest --json report that took longest, slowest first.
 * @param {{testResults?: {name: string, startTime: number, endTime: number}[]}} report
 * @param {number} count
 */
function slowestFiles(report, count) {
  return (report.testResults ?? [])
    .map(file => ({
      file: file.name.startsWith(ROOT) ? file.name.slice(ROOT.length) : file.name,
      seconds: (file.endTime - file.startTime) / 1000
    }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
}

/** One run of an npm script: wall seconds, jest's own counts, its slowest files. @param {string} script */
function timeSuite(script) {
  const folder = mkdtempSync(join(tmpdir(), 'ecs-flow-test-times-'))
  const report = join(folder, 'report.json')
  const started = process.hrtime.bigint()
  const result = spawnSync('npm', ['run', script, '--', '--json', `--outputFile=${report}`], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024
  })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  let counts = { passed: 0, failed: 0, total: 0 }
  /** @type {{file: string, seconds: number}[]} */
  let slowest = []
  try {
    const parsed = JSON.parse(readFileSync(report, 'utf8'))
    counts = {
      passed: parsed.numPassedTests,
      failed: parsed.numFailedTests,
      total: parsed.numTotalTests
    }
    slowest = slowestFiles(parsed, SLOWEST)
  } catch {
    throw new Error(
      `${script} wrote no report (exit ${result.status}): ${result.stderr.slice(-2000)}`
    )
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
  return { seconds, ...counts, slowest, status: result.status }
}

console.log(`node ${process.version}, ${RUNS} run(s) each`)
for (const suite of SUITES) {
  for (let run = 1; run <= RUNS; run++) {
    const figure = timeSuite(suite.script)
    console.log(
      `${suite.name.padEnd(18)} ${figure.seconds.toFixed(1).padStart(6)} s  (budget ${suite.budget} s)  ` +
        `${figure.passed} passed, ${figure.failed} failed of ${figure.total}, exit ${figure.status}`
    )
    for (const { file, seconds } of figure.slowest)
      console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${file}`)
  }
}
