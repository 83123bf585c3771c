import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

// The preload the test scripts use instead of NODE_NO_WARNINGS: only the two known warnings go.
const PRELOAD = join(process.cwd(), 'scripts/known-warnings.js')

function stderrOf(code: string): string {
  const run = spawnSync(
    process.execPath,
    ['--import', PRELOAD, '--input-type=module', '-e', code],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' }
    }
  )
  expect(run.status).toBe(0)
  return run.stderr
}

describe('scripts/known-warnings.js', () => {
  it('drops the AWS SDK Node version notice and the vm-modules experimental warning', () => {
    const stderr = stderrOf(
      [
        "process.emitWarning('NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)\\nversions published later need node >=22.')",
        "process.emitWarning('VM Modules is an experimental feature and might change at any time', 'ExperimentalWarning')"
      ].join('\n')
    )
    expect(stderr).toBe('')
  })

  it('lets every other warning through, deprecations included', () => {
    const stderr = stderrOf(
      [
        "process.emitWarning('a library is deprecated', 'DeprecationWarning', 'DEP0999')",
        "process.emitWarning('Some other experiment', 'ExperimentalWarning')",
        "process.emitWarning('NodeVersionSupportWarning lookalike', { type: 'DeprecationWarning' })",
        "process.emitWarning(new Error('plain warning'))"
      ].join('\n')
    )
    expect(stderr).toContain('DeprecationWarning: a library is deprecated')
    expect(stderr).toContain('ExperimentalWarning: Some other experiment')
    expect(stderr).toContain('DeprecationWarning: NodeVersionSupportWarning lookalike')
    expect(stderr).toContain('plain warning')
  })
})
