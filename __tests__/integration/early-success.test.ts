import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs'
import { startSimulator } from '../../sim/server.js'
import { SIMULATOR_TARGET, runAction, simulatorEnv } from '../../__fixtures__/run-action.js'

// The bundled action against a rolling service with ECS's early success criteria: with DEFERRED
// cleanup ECS declares the deployment COMPLETED once the new tasks are healthy (5 s into the
// simulator's healthy timeline) while the old revision drains for `drainSeconds` more.

const TIME_SCALE = 0.1
const POLL_SECONDS = 0.2
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const DEFERRED = { enable: true, healthyPercent: 100, sourceServiceRevisionCleanup: 'DEFERRED' }

type Simulator = Awaited<ReturnType<typeof startSimulator>>
type SimService = {
  serviceName: string
  deployments: { taskDefinition: string; runningCount: number }[]
}
let sim: Simulator
let config: string

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-early-'))
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

/** One release of `web` (drainSeconds: the old revision's drain after success, before scaling). */
function deployWeb(drainSeconds: number, inputs: Record<string, string> = {}) {
  sim.reset({
    scenario: 'healthy',
    timeScale: TIME_SCALE,
    seed: { services: [{ name: 'web', earlySuccessCriteria: DEFERRED, drainSeconds }] }
  })
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: {
      ...SIMULATOR_TARGET,
      image: IMAGE,
      timeout: '30s',
      'poll-interval': `${POLL_SECONDS}s`,
      ...inputs
    },
    env: simulatorEnv(sim.url)
  })
}

function serviceNamed(name: string): SimService {
  const services = sim.state().services as SimService[]
  return services.find(service => service.serviceName === name)!
}

describe('node dist/index.js and early success criteria', () => {
  it('DEFERRED with a long drain: exits within a poll of COMPLETED, saying web:1 still drains and how many tasks', async () => {
    const run = await deployWeb(100) // the old revision drains for 10 s after success
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(run.stdout).toMatch(
      /rollout complete after [\d.]+s: ECS declared success early; web:1 still draining \(2 tasks\): ECS removes them on its own; deployment ecs-svc\/\d+ \(web:2\) COMPLETED/
    )
    expect(run.summary).toMatch(/ECS declared success early; web:1 still draining \(2 tasks\)/)
    // Reported within a poll of ECS's verdict (and the grace of the runner's clock), long before
    // the drain ends.
    const visible = sim.state().outcomeVisibleAt as number
    const reported = run.exitedAt - visible
    expect(reported).toBeLessThan(3000)
    // The simulator still runs the old revision's tasks: nothing waited for them.
    const web = serviceNamed('web')
    expect(web.deployments.map(d => [d.taskDefinition.split('/').pop(), d.runningCount])).toEqual([
      ['web:2', 2],
      ['web:1', 2]
    ])
  })

  it('keep-revisions at early success never retires web:1, which the draining tasks still run', async () => {
    const run = await deployWeb(100, { 'keep-revisions': '1' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/ECS declared success early; web:1 still draining/)
    expect(run.stdout).toMatch(/keeping web:1: /)
    const ecs = new ECSClient({
      endpoint: sim.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' }
    })
    try {
      const web1 = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }))
      expect(web1.taskDefinition?.status).toBe('ACTIVE')
    } finally {
      ecs.destroy()
    }
    expect(serviceNamed('web').deployments).toHaveLength(2)
  })

  it('wait-until drained on the same service: waits until the old revision is gone', async () => {
    const run = await deployWeb(30, { 'wait-until': 'drained' }) // drains for 3 s after success
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    expect(run.stdout).not.toMatch(/ECS declared success early/)
    expect(run.stdout).toMatch(
      /rollout complete after [\d.]+s: deployment ecs-svc\/\d+ \(web:2\) COMPLETED: 2\/2 running, 0 pending, 0 failed; no other deployment is left/
    )
    expect(run.exitedAt - (sim.state().outcomeVisibleAt as number)).toBeGreaterThanOrEqual(3000)
    expect(serviceNamed('web').deployments).toHaveLength(1)
  })

  it('a services: release with one early-success service: it is done at ECS verdict, the other when drained', async () => {
    sim.reset({
      scenario: 'healthy',
      timeScale: TIME_SCALE,
      seed: {
        services: [
          { name: 'web', earlySuccessCriteria: DEFERRED, drainSeconds: 100 },
          { name: 'worker' }
        ]
      }
    })
    const run = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: { config, image: IMAGE, timeout: '30s', 'poll-interval': `${POLL_SECONDS}s` },
      env: simulatorEnv(sim.url)
    })
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.services!)).toMatchObject({
      web: { result: 'deployed' },
      worker: { result: 'deployed' }
    })
    expect(run.stdout).toMatch(
      /^\[web\] rollout complete after [\d.]+s: ECS declared success early; web:1 still draining \(2 tasks\)/m
    )
    expect(run.stdout).toMatch(
      /^\[worker\] rollout complete after [\d.]+s: deployment ecs-svc\/\d+ \(worker:2\) COMPLETED: .*no other deployment is left/m
    )
    expect(serviceNamed('web').deployments).toHaveLength(2)
    expect(serviceNamed('worker').deployments).toHaveLength(1)
  })
})
