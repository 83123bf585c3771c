import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator } from '../../sim/server.js'
import {
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'

// node dist/index.js on services whose circuit breaker has its own threshold, or ECS's default:
// failed tasks are reported against that threshold; the verdict and the rollback stay ECS's.

const TIME_SCALE = 0.3
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const COUNT_OF_2 = {
  enable: true,
  rollback: true,
  thresholdConfiguration: { type: 'COUNT' as const, value: 2 }
}

let sim: Awaited<ReturnType<typeof startSimulator>>
let config: string

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-breaker-'))
  config = join(dir, 'ecs-flow.yml')
  writeFileSync(
    config,
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    services:',
      '      web: {}',
      '      worker: {}'
    ].join('\n')
  )
})
afterAll(async () => {
  await sim.stop()
})

function run(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: { image: IMAGE, timeout: '30s', 'poll-interval': '0.2s', ...inputs },
    env: simulatorEnv(sim.url)
  })
}

/** The `::error title=...::` annotation the runner shows as the job's failure. */
function failureOf(result: ActionRun): string {
  return result.stdout.split('\n').find(line => line.startsWith('::error ')) ?? ''
}

const updateServiceCalls = () =>
  sim.state().callLog.filter((call: { operation: string }) => call.operation === 'UpdateService')

describe("node dist/index.js reports failed tasks against the service's circuit-breaker threshold", () => {
  it("a COUNT threshold of 2: fails at 2/2 naming the service's threshold and ECS's rollback", async () => {
    sim.reset({
      scenario: 'circuit-breaker',
      timeScale: TIME_SCALE,
      seed: { desiredCount: 4, circuitBreaker: COUNT_OF_2 }
    })
    const result = await run(SIMULATOR_TARGET)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.result).toBe('failed')
    // The progress lines count against the same threshold while the breaker has not tripped.
    expect(result.stdout).toMatch(
      /IN_PROGRESS: 0\/4 running, \d pending, 1\/2 failed tasks, the service's circuit-breaker threshold/
    )
    const failure = failureOf(result)
    expect(failure).toContain("2/2 failed tasks, the service's circuit-breaker threshold")
    expect(failure).toMatch(/ECS's circuit breaker roll.*\(web:2\).*\(web:1\)/)
    expect(failure).toContain('does not roll back a second time')
    expect(updateServiceCalls()).toHaveLength(1) // ECS rolled back; ecs-flow did not
  })

  it("ECS's default threshold: 3 failed tasks for 4 desired tasks", async () => {
    sim.reset({
      scenario: 'circuit-breaker',
      timeScale: TIME_SCALE,
      seed: { desiredCount: 4 }
    })
    const result = await run(SIMULATOR_TARGET)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /IN_PROGRESS: 0\/4 running, \d pending, 2\/3 failed tasks, ECS's default threshold for 4 desired tasks/
    )
    expect(failureOf(result)).toContain(
      "3/3 failed tasks, ECS's default threshold for 4 desired tasks"
    )
    expect(updateServiceCalls()).toHaveLength(1)
  })

  it('services: the service with a threshold is reported against it, the other plainly', async () => {
    sim.reset({
      scenario: 'healthy',
      timeScale: TIME_SCALE,
      seed: {
        desiredCount: 4,
        services: [
          { name: 'web', scenario: 'circuit-breaker', circuitBreaker: COUNT_OF_2 },
          { name: 'worker', circuitBreaker: false }
        ]
      }
    })
    const result = await run({ config })
    expect(result.exitCode).toBe(1)
    expect(JSON.parse(result.outputs.services!)).toMatchObject({ web: { result: 'failed' } })
    expect(failureOf(result)).toContain("2/2 failed tasks, the service's circuit-breaker threshold")
    expect(result.stdout).toMatch(
      /^\[web\] .*1\/2 failed tasks, the service's circuit-breaker threshold/m
    )
    expect(result.stdout).toMatch(/^\[worker\] .*4\/4 running, 0 pending, 0 failed/m)
    expect(result.stdout).not.toMatch(/^\[worker\] .*failed tasks, /m)
  })
})
