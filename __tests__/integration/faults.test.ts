import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { FaultProxy } from '../../__fixtures__/fault-proxy.js'
import { SIMULATOR_TARGET, runAction, simulatorEnv } from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// The bundled action through a loopback fault proxy in front of the simulator: lost replies
// and hostile text from ECS, as the runner would see them.

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
let sim: Awaited<ReturnType<typeof startSimulator>>
let proxy: FaultProxy

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: 0.3 })
  proxy = await FaultProxy.start({ target: sim.url })
})
afterAll(async () => {
  await proxy.close()
  await sim.stop()
})

function release() {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: { ...SIMULATOR_TARGET, image: IMAGE, timeout: '30s', 'poll-interval': '0.2s' },
    env: simulatorEnv(proxy.url)
  })
}

/** Lines the runner would read as a workflow command: `::` at a line start, `##[` anywhere. */
function commandLines(stdout: string): string[] {
  return stdout.split('\n').filter(line => /^\s*::/.test(line) || line.includes('##['))
}

describe('node dist/index.js through a fault proxy', () => {
  it('UpdateService took effect but every reply was lost: ECS is read back and the release deployed', async () => {
    sim.reset({ scenario: 'healthy', timeScale: 0.3 })
    proxy.reset()
    proxy.when('UpdateService', { kind: 'drop-reply' })
    const run = await release()
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(run.stdout).toMatch(
      /UpdateService failed .*but ECS shows deployment \S+ of web:2 as PRIMARY/
    )
    expect(
      proxy.operations().filter(operation => operation === 'UpdateService').length
    ).toBeGreaterThanOrEqual(1)
  })

  it('hostile text in ECS events and reasons never becomes a runner command', async () => {
    sim.reset({ scenario: 'circuit-breaker', timeScale: 0.3 })
    proxy.reset()
    const hostile =
      '::set-output name=result::deployed\r\n::add-mask::x ##[error]boom \u001b[31mred'
    proxy.when('DescribeServices', {
      kind: 'rewrite',
      fields: { message: hostile, rolloutStateReason: hostile }
    })
    proxy.when('DescribeTasks', {
      kind: 'rewrite',
      fields: { stoppedReason: hostile, reason: hostile }
    })
    const run = await release()
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).not.toBe('deployed')
    const ours =
      /^::(error|warning|group|endgroup|add-mask|debug|notice)( [^:]*)?::(?!.*::set-output)/
    expect(commandLines(run.stdout).filter(line => !ours.test(line.trim()))).toEqual([])
    expect(run.stdout).not.toMatch(/^\s*::set-output/m)
    expect(run.stdout).not.toContain('\u001b[31m')
    expect(run.summary).not.toMatch(/<script|\r/)
  })
})
