// @ts-check
/**
 * How long the test suites take on this machine: `npm test` (with coverage) and
 * `npm run test:unit`, each from spawn to exit, with how many tests ran. The budgets (150 s and
 * 15 s on a 2-core machine) are printed beside the figures; nothing fails on them, since a timed
 * assertion would make the suite as noisy as the machine.
 *
 *   node bench/test-times.js [--runs 1] [--only unit|all]
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

const SUITES = [
  { name: 'npm run test:unit', script: 'test:unit', budget: 15 },
  { name: 'npm test', script: 'test', budget: 150 }
].filter(suite => ONLY === '' || (ONLY === 'unit') === (suite.script === 'test:unit'))

/** One run of an npm script: wall seconds and jest's own counts. @param {string} script */
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
  try {
    const parsed = JSON.parse(readFileSync(report, 'utf8'))
    counts = {
      passed: parsed.numPassedTests,
      failed: parsed.numFailedTests,
      total: parsed.numTotalTests
    }
  } catch {
    throw new Error(
      `${script} wrote no report (exit ${result.status}): ${result.stderr.slice(-2000)}`
    )
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
  return { seconds, ...counts, status: result.status }
}

console.log(`node ${process.version}, ${RUNS} run(s) each`)
for (const suite of SUITES) {
  for (let run = 1; run <= RUNS; run++) {
    const figure = timeSuite(suite.script)
    console.log(
      `${suite.name.padEnd(18)} ${figure.seconds.toFixed(1).padStart(6)} s  (budget ${suite.budget} s)  ` +
        `${figure.passed} passed, ${figure.failed} failed of ${figure.total}, exit ${figure.status}`
    )
  }
}
