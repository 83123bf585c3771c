// Counts the repeated-code pairs in src/ with jscpd and the settings in .jscpd.json (TypeScript,
// at least 6 lines and 20 tokens, so that short lines of the same shape count too), lists each pair, and ends with the count, so the
// figure is the same on every machine and can be compared between branches.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = mkdtempSync(join(tmpdir(), 'ecs-flow-copies-'))
try {
  execFileSync(
    join(root, 'node_modules', '.bin', 'jscpd'),
    ['--config', join(root, '.jscpd.json'), '--reporters', 'json', '--output', out, '--silent'],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] }
  )
  const { duplicates } = JSON.parse(readFileSync(join(out, 'jscpd-report.json'), 'utf8'))
  const at = file => `src/${file.name}:${file.start}-${file.end}`
  for (const pair of duplicates) {
    console.log(`${at(pair.firstFile)} = ${at(pair.secondFile)} (${pair.lines} lines)`)
  }
  console.log(`${duplicates.length} repeated-code pairs in src/`)
} finally {
  rmSync(out, { recursive: true, force: true })
}
