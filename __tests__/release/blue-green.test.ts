import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requestStageRollbacksOnCancel } from '../../src/strategies/staged/cancel.js'
import { newReleaseState, type ReleaseState } from '../../src/core/state.js'
import { VerificationError } from '../../src/util/errors.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { blueGreen, makeBlueGreen } from '../../__fixtures__/fake-blue-green.js'
import { FakeEcs, failingTasks, healthy, type Behaviour } from '../../__fixtures__/fake-ecs.js'
import { TD, base, release, type Release } from '../../__fixtures__/release-harness.js'

// Whole runs against a blue/green service of the fake ECS: watched by stage, verified during
// BAKE_TIME, rolled back by ECS's own way (StopServiceDeployment) or, once SUCCESSFUL, by a new
// deployment followed by stage again.

function blueGreenRelease(
  options: Release & { bakeTimeInMinutes?: number; verifyCalls?: string[] } = {}
) {
  const calls = options.verifyCalls ?? []
  return release({
    ...options,
    behaviours: options.behaviours ?? [blueGreen()],
    before: (ecs, codeDeploy) => {
      makeBlueGreen(ecs, ecs.service(), { bakeTimeInMinutes: options.bakeTimeInMinutes ?? 2 })
      options.before?.(ecs, codeDeploy)
    },
    steps: {
      verify: async context => {
        const deployment = context.state.stages?.[0]
        calls.push(deployment?.end ? 'after' : 'during bake')
      },
      ...options.steps
    }
  })
}

const stopCalls = (run: Awaited<ReturnType<typeof release>>) =>
  run.ecs.calls.filter(call => call.operation === 'StopServiceDeployment')

describe('a blue/green service', () => {
  it('is watched by stage to SUCCESSFUL; the summary shows its stage timeline', async () => {
    const run = await blueGreenRelease()
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.text).toMatch(
      /watching blue\/green deployment ecs-svc\/\d+ \(web:2\) .*by lifecycle stage until it is SUCCESSFUL/
    )
    expect(run.text.match(/^stage BAKE_TIME/gm)).toHaveLength(1)
    const summary = run.summaries.join('\n')
    expect(summary).toMatch(/### Stages of `web`/)
    expect(summary).toMatch(
      /\| BAKE\\_TIME \| (passed between polls, by )?00:\d\d:\d\d \(\+\d+(\.\d)?s\) \| (2m(\d+s)?|—) \|/
    )
    expect(summary).toMatch(/\*\*SUCCESSFUL\*\*/)
  })

  it('verify runs once, during BAKE_TIME, and not again after SUCCESSFUL', async () => {
    const verifyCalls: string[] = []
    const run = await blueGreenRelease({
      inputs: { 'verify-url': 'https://app.example.com/health', 'verify-timeout': '60s' },
      verifyCalls
    })
    expect(run.failures).toEqual([])
    expect(verifyCalls).toEqual(['during bake'])
    expect(run.text).toMatch(/verifying before the old tasks go/)
    expect(run.text).toMatch(/service web: verified during BAKE_TIME/)
  })

  it('verify failing during BAKE_TIME: StopServiceDeployment ROLLBACK, rolled-back, no UpdateService rollback', async () => {
    const run = await blueGreenRelease({
      inputs: { 'verify-url': 'https://app.example.com/health' },
      steps: {
        verify: async () => {
          throw new VerificationError('verify-url answered 503', 'url')
        }
      }
    })
    expect(run.outputs.result).toBe('rolled-back')
    expect(stopCalls(run)).toHaveLength(1)
    expect(run.updates).toHaveLength(1)
    expect(run.failures[0]).toMatch(
      /verify failed during BAKE_TIME: verify-url answered 503\. Rolled back during BAKE_TIME/
    )
    expect(run.titles[0]).toBe('ecs-flow: release failed and was rolled back')
    expect(run.summaries.join('\n')).toMatch(/\*\*Rolled back\*\*/)
  })

  it('a bake shorter than verify-timeout: a preflight warning, then verify after SUCCESSFUL', async () => {
    const verifyCalls: string[] = []
    const run = await blueGreenRelease({
      bakeTimeInMinutes: 0.5,
      inputs: { 'verify-url': 'https://app.example.com/health', 'verify-timeout': '2m' },
      verifyCalls
    })
    expect(run.failures).toEqual([])
    expect(run.text).toMatch(
      /service web deploys blue\/green with a bake time of 0.5 minute\(s\), shorter than verify-timeout 2m.*at least 2 minute/
    )
    expect(verifyCalls).toEqual(['after'])
  })

  it('an alarm during the bake fails fast and leaves the rollback to ECS', async () => {
    const run = await blueGreenRelease({
      bakeTimeInMinutes: 5,
      behaviours: [blueGreen({ alarmIntoBake: 20 })]
    })
    expect(run.outputs.result).toBe('failed')
    expect(run.failures[0]).toMatch(
      /failed in BAKE_TIME: CloudWatch alarm\(s\) web-5xx went into ALARM/
    )
    expect(run.failures[0]).toMatch(/ecs-flow leaves the rollback to ECS/)
    expect(run.updates).toHaveLength(1)
    expect(stopCalls(run)).toHaveLength(0)
    expect(run.summaries.join('\n')).toMatch(/\*\*Failed\*\* in `BAKE_TIME`: CloudWatch alarm/)
  })

  it('wait-until traffic-shifted returns during the bake; the summary says ECS finishes it', async () => {
    const run = await blueGreenRelease({
      bakeTimeInMinutes: 60,
      inputs: { 'wait-until': 'traffic-shifted' }
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.state.steps.find(step => step.step === 'wait')!.seconds).toBeLessThan(20)
    expect(run.summaries.join('\n')).toMatch(
      /ECS finishes the bake and removes the old tasks on its own/
    )
  })

  it('a timeout during the bake: ecs-flow stops it with ROLLBACK and waits for ECS', async () => {
    const run = await blueGreenRelease({ bakeTimeInMinutes: 60, inputs: { timeout: '30s' } })
    expect(run.outputs.result).toBe('rolled-back')
    expect(stopCalls(run)).toHaveLength(1)
    expect(run.updates).toHaveLength(1)
    expect(run.failures[0]).toMatch(/did not finish within the timeout of 30s.*Rolled back/)
    // Said before the release: the bake alone outlasts the timeout.
    expect(run.text).toMatch(/service web bakes for 60 minute\(s\), not less than timeout 30s/)
  })

  it('after SUCCESSFUL (verify fails late): back by a new deployment, followed by stage', async () => {
    const run = await blueGreenRelease({
      bakeTimeInMinutes: 0.5,
      behaviours: [blueGreen(), blueGreen()],
      inputs: { 'verify-url': 'https://app.example.com/health', 'verify-timeout': '2m' },
      steps: {
        verify: async () => {
          throw new VerificationError('verify-url answered 503', 'url')
        }
      }
    })
    expect(run.outputs.result).toBe('rolled-back')
    expect(stopCalls(run)).toHaveLength(0)
    expect(run.updates.map(update => update.taskDefinition)).toEqual([TD(2), TD(1)])
    expect(run.text).toMatch(/which ECS runs by stages again/)
    expect(run.state.stages?.map(journal => [journal.purpose, journal.end?.status])).toEqual([
      ['release', 'successful'],
      ['rollback', 'successful']
    ])
  })

  it('rejects a bad wait-until, naming the input', async () => {
    const run = await blueGreenRelease({ inputs: { 'wait-until': 'shifted' } })
    expect(run.failures[0]).toMatch(
      /input wait-until: "shifted" is not one of complete, drained, traffic-shifted/
    )
  })

  it('takes wait-until from the config file, and names the key when it is wrong', async () => {
    const ok = await blueGreenRelease({
      bakeTimeInMinutes: 60,
      inputs: { cluster: '', service: '' },
      config:
        'environments:\n  dev:\n    cluster: demo\n    service: web\n    wait-until: traffic-shifted\n'
    })
    expect(ok.failures).toEqual([])
    expect(ok.state.stages?.[0]?.end?.status).toBe('traffic-shifted')
    const bad = await blueGreenRelease({
      inputs: { cluster: '', service: '' },
      config: 'environments:\n  dev:\n    cluster: demo\n    service: web\n    wait-until: soon\n'
    })
    expect(bad.failures[0]).toMatch(
      /environments\.dev\.wait-until: expected one of complete, drained, traffic-shifted/
    )
  })
})

describe('a release mixing a rolling and a blue/green service', () => {
  function config(web = '{ container: web }'): string {
    const path = join(mkdtempSync(join(tmpdir(), 'ecs-flow-bg-')), 'ecs-flow.yml')
    writeFileSync(
      path,
      [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        `      web: ${web}`,
        '      worker: { container: worker }'
      ].join('\n')
    )
    return path
  }
  const mixed = (behaviours: Behaviour[], options: Release & { web?: string } = {}) =>
    blueGreenRelease({
      ...options,
      inputs: { config: config(options.web), cluster: '', service: '', 'container-name': '' },
      behaviours,
      before: ecs => {
        const worker = ecs.addTaskDefinition({
          ...base,
          family: 'worker',
          containerDefinitions: [{ name: 'worker', image: 'old' }]
        })
        ecs.addService({ name: 'worker', taskDefinition: worker })
      }
    })

  it('the rolling one crash-loops: the blue/green one goes back by StopServiceDeployment', async () => {
    const run = await mixed([blueGreen(), failingTasks(2)])
    expect(run.outputs.result).toBe('rolled-back')
    expect(stopCalls(run)).toHaveLength(1)
    const updates = run.updates.map(update => update.taskDefinition.split('/').pop())
    // web is never updated back: ECS rolls it back in place; worker by UpdateService.
    expect(updates).toEqual(['web:2', 'worker:2', 'worker:1'])
    expect(run.failures[0]).toMatch(
      /service worker: .*Rolled back: .*service web runs web:1 again \(rolled back with it\)/
    )
    expect(run.text).toMatch(/^\[web\] stage /m)
    expect(run.text).toMatch(/^\[web\] rolling back service deployment web\/sd\d+ in cluster demo/m)
  })
})

describe('a release mixing strategies, verify failing during the bake', () => {
  it('the blue/green one is stopped with ROLLBACK, the rolling one rolled back with it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ecs-flow-bg-')), 'ecs-flow.yml')
    writeFileSync(
      path,
      [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: { container: web, verify-url: "https://app.example.com/health" }',
        '      worker: { container: worker }'
      ].join('\n')
    )
    const run = await blueGreenRelease({
      inputs: { config: path, cluster: '', service: '', 'container-name': '' },
      behaviours: [blueGreen(), healthy(), healthy()],
      before: ecs => {
        const worker = ecs.addTaskDefinition({
          ...base,
          family: 'worker',
          containerDefinitions: [{ name: 'worker', image: 'old' }]
        })
        ecs.addService({ name: 'worker', taskDefinition: worker })
      },
      steps: {
        verify: async () => {
          throw new VerificationError('verify-url answered 503', 'url')
        }
      }
    })
    expect(run.outputs.result).toBe('rolled-back')
    expect(stopCalls(run)).toHaveLength(1)
    expect(run.updates.map(update => update.taskDefinition.split('/').pop())).toEqual([
      'web:2',
      'worker:2',
      'worker:1'
    ])
    expect(run.failures[0]).toMatch(
      /service web: verify failed during BAKE_TIME: verify-url answered 503\. Rolled back during BAKE_TIME.*Rolled back: service worker runs worker:1 again \(rolled back with it\)/
    )
  })
})

describe('a cancelled job during a blue/green rollout', () => {
  function watching(rollbackOnCancel: boolean, ended = false) {
    const clock = new FakeClock()
    const ecs = new FakeEcs(clock)
    const arn = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/sd1'
    ecs.serviceDeployments.set(arn, {
      arn,
      status: 'IN_PROGRESS',
      lifecycleStage: 'BAKE_TIME',
      sources: [],
      alarms: { status: 'DISABLED', names: [], triggered: [] },
      circuitBreaker: { status: 'DISABLED', failureCount: 0, threshold: 0 }
    })
    const state: ReleaseState = newReleaseState()
    state.steps.push({ step: 'wait', startedAt: 0, seconds: 0, outcome: 'running' })
    state.stages = [
      {
        cluster: 'demo',
        service: 'web',
        purpose: 'release',
        serviceDeploymentArn: arn,
        stages: [],
        rollbackOnCancel,
        ...(ended ? { end: { at: 0, status: 'successful' as const } } : {})
      }
    ]
    const services = {
      clock,
      aws: { ecs: () => ecs } as never
    }
    return { ecs, state, services, arn }
  }

  it('asks ECS to roll back and reports it as requested, without waiting', async () => {
    const { ecs, state, services, arn } = watching(true)
    const said = await requestStageRollbacksOnCancel(state, services)
    expect(said).toMatch(
      /service web: rollback requested \(StopServiceDeployment ROLLBACK\), not waited for/
    )
    expect(ecs.calls.map(call => call.operation)).toEqual(['StopServiceDeployment'])
    expect((await ecs.describeServiceDeployment(arn))!.status).toBe('ROLLBACK_REQUESTED')
    expect(state.stages![0]!.rollbackRequested?.why).toBe('the job was cancelled')
  })

  it('does nothing with rollback off, or once the deployment has finished', async () => {
    for (const [rollback, ended] of [
      [false, false],
      [true, true]
    ]) {
      const { ecs, state, services } = watching(rollback!, ended)
      expect(await requestStageRollbacksOnCancel(state, services)).toBeUndefined()
      expect(ecs.calls).toEqual([])
    }
  })
})
