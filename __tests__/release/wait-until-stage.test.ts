import { describe, expect, it } from '@jest/globals'
import { blueGreen, makeBlueGreen } from '../../__fixtures__/fake-blue-green.js'
import { healthy } from '../../__fixtures__/fake-ecs.js'
import { base, release, type Release } from '../../__fixtures__/release-harness.js'
import { VerificationError } from '../../src/util/errors.js'

// wait-until naming one of ECS's lifecycle stages: whole runs against the fake ECS, from the
// settings through preflight (the strategy's own check) to the watch, the steps after it and the
// summary.

function stagedRelease(
  options: Release & { bakeTimeInMinutes?: number; verifyCalls?: string[] } = {}
) {
  const calls = options.verifyCalls ?? []
  return release({
    ...options,
    behaviours: options.behaviours ?? [blueGreen()],
    before: (ecs, codeDeploy) => {
      makeBlueGreen(ecs, ecs.service(), { bakeTimeInMinutes: options.bakeTimeInMinutes ?? 60 })
      options.before?.(ecs, codeDeploy)
    },
    steps: {
      // Where the deployment stood when verify ran: still in the watch, or after it.
      verify: async context => {
        const journal = context.state.stages?.[0]
        calls.push(journal?.end ? `after ${journal.end.status}` : 'during the watch')
      },
      ...options.steps
    }
  })
}

/** A config of two services, web (blue/green in these runs) and worker (rolling). */
function mixedConfig(env: string, web = '{ container: web }'): string {
  return [
    'environments:',
    '  dev:',
    '    cluster: demo',
    ...(env ? [`    ${env}`] : []),
    '    services:',
    `      web: ${web}`,
    '      worker: { container: worker }'
  ].join('\n')
}

const addWorker: Release['before'] = ecs => {
  const worker = ecs.addTaskDefinition({
    ...base,
    family: 'worker',
    containerDefinitions: [{ name: 'worker', image: 'old' }]
  })
  ecs.addService({ name: 'worker', taskDefinition: worker })
}

describe('wait-until a lifecycle stage on a blue/green service', () => {
  it('BAKE_TIME: done once ECS bakes, verify before the watch ends; the summary says ECS carries on', async () => {
    const verifyCalls: string[] = []
    const run = await stagedRelease({
      inputs: {
        'wait-until': 'BAKE_TIME',
        'verify-url': 'https://app.example.com/health',
        'verify-timeout': '60s'
      },
      verifyCalls
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.text).toMatch(/by lifecycle stage until it reaches stage BAKE_TIME/)
    // The bake lasts 60 minutes: the wait ends within seconds of entering it.
    expect(run.state.steps.find(step => step.step === 'wait')!.seconds).toBeLessThan(20)
    expect(verifyCalls).toEqual(['during the watch'])
    expect(run.text).toMatch(
      /stopped watching after .*: blue\/green deployment of service web in cluster demo reached BAKE_TIME: ecs-flow stops watching here \(wait-until BAKE_TIME\); ECS carries the deployment on to SUCCESSFUL on its own/
    )
    expect(run.text).toMatch(
      /follow it on: aws ecs describe-service-deployments --service-deployment-arns arn:aws:ecs:\S+service-deployment\/demo\/web\/\S+, or the Deployments tab of service web in the ECS console/
    )
    const journal = run.state.stages![0]!
    expect(journal.end).toMatchObject({
      status: 'stage-reached',
      stage: 'BAKE_TIME',
      now: 'BAKE_TIME'
    })
    const summary = run.summaries.join('\n')
    expect(summary).toMatch(/\*\*Reached BAKE\\_TIME\*\*: ecs-flow stopped watching there/)
    expect(summary).toMatch(/ECS carries the deployment on to SUCCESSFUL on its own/)
    expect(summary).toContain('`aws ecs describe-service-deployments --service-deployment-arns ')
    // ECS is still baking: the last stage is ongoing, not given a length it has not had.
    expect(summary).toMatch(/\| BAKE\\_TIME \| 00:\d\d:\d\d \(\+\d+(\.\d)?s\) \| ongoing \|/)
  })

  it('SCALE_UP: done before production traffic moves; verify runs after the wait, as a step', async () => {
    const verifyCalls: string[] = []
    const run = await stagedRelease({
      inputs: {
        'wait-until': 'SCALE_UP',
        'verify-url': 'https://app.example.com/health',
        'verify-timeout': '60s'
      },
      verifyCalls
    })
    expect(run.failures).toEqual([])
    expect(verifyCalls).toEqual(['after stage-reached'])
    expect(run.state.stages![0]!.end).toMatchObject({ status: 'stage-reached', stage: 'SCALE_UP' })
    expect(run.text).not.toMatch(/^stage BAKE_TIME/m)
    expect(run.text).not.toMatch(/verifying before the old tasks go/)
  })

  it('a stage passed between two polls counts as reached', async () => {
    // Polled every 20 s: SCALE_UP (1.5 s to 4.5 s) is never seen while ECS is in it.
    const run = await stagedRelease({
      inputs: { 'wait-until': 'SCALE_UP', 'poll-interval': '20s' }
    })
    expect(run.failures).toEqual([])
    const journal = run.state.stages![0]!
    expect(journal.stages.find(entry => entry.stage === 'SCALE_UP')).toMatchObject({
      between: true
    })
    expect(journal.end).toMatchObject({ status: 'stage-reached', stage: 'SCALE_UP' })
    expect((journal.end as { now: string }).now).not.toBe('SCALE_UP')
    expect(run.summaries.join('\n')).toMatch(
      /\*\*Reached SCALE\\_UP\*\* \(ECS was in `\w+` by then\)/
    )
  })

  it('verify failing after the wait stopped at SCALE_UP: ECS rolls it back in place (StopServiceDeployment)', async () => {
    const run = await stagedRelease({
      inputs: { 'wait-until': 'SCALE_UP', 'verify-url': 'https://app.example.com/health' },
      steps: {
        verify: async () => {
          throw new VerificationError('verify-url answered 503', 'url')
        }
      }
    })
    expect(run.outputs.result).toBe('rolled-back')
    // Still in flight: stopped with ROLLBACK, never a new deployment of the old revision.
    expect(run.ecs.calls.filter(call => call.operation === 'StopServiceDeployment')).toHaveLength(1)
    expect(run.updates).toHaveLength(1)
    expect(run.state.stages![0]!.end).toMatchObject({ status: 'rolled-back' })
  })

  it('an alarm before the stage still fails the release', async () => {
    const run = await stagedRelease({
      bakeTimeInMinutes: 5,
      behaviours: [blueGreen({ alarmIntoBake: 20 })],
      inputs: { 'wait-until': 'CLEAN_UP' }
    })
    expect(run.outputs.result).toBe('failed')
    expect(run.failures[0]).toMatch(/failed in BAKE_TIME: CloudWatch alarm\(s\) web-5xx/)
  })
})

describe('wait-until a lifecycle stage where there is none', () => {
  it('a rolling service: preflight refuses it, naming the input, the service and what to use', async () => {
    const run = await release({ inputs: { 'wait-until': 'BAKE_TIME' } })
    expect(run.updates).toHaveLength(0)
    expect(run.failures[0]).toMatch(
      /input wait-until: "BAKE_TIME" is a lifecycle stage of ECS-native blue\/green, linear and canary deployments, but service web in cluster demo deploys by rolling update: it has no lifecycle stages, and its wait ends when the deployment is PRIMARY, COMPLETED and alone\. Leave the input wait-until empty \(or set complete\) for this service/
    )
  })

  it('a CodeDeploy service: preflight refuses it, with CodeDeploy’s own problems in the same run', async () => {
    const run = await release({
      inputs: { 'wait-until': 'TEST_TRAFFIC_SHIFT' },
      deploymentController: 'CODE_DEPLOY'
    })
    expect(run.codeDeploy.count('CreateDeployment')).toBe(0)
    expect(run.failures[0]).toMatch(/problems were found before anything ran/)
    expect(run.failures[0]).toMatch(
      /input wait-until: "TEST_TRAFFIC_SHIFT" is a lifecycle stage .*but service web in cluster demo deploys through CodeDeploy \(CODE_DEPLOY controller\): CodeDeploy's lifecycle events are not ECS's stages/
    )
    // No deployment group was added: CodeDeploy's check reports it beside the stage.
    expect(run.failures[0]).toMatch(/deployment group/i)
  })

  it('the environment of a mixed release: refused for the rolling one, naming the config path', async () => {
    const run = await stagedRelease({
      config: mixedConfig('wait-until: BAKE_TIME'),
      inputs: { cluster: '', service: '', 'container-name': '' },
      before: addWorker
    })
    expect(run.updates).toHaveLength(0)
    expect(run.failures[0]).toMatch(
      /ecs-flow\.yml: environments\.dev\.wait-until: "BAKE_TIME" is a lifecycle stage .*but service worker in cluster demo deploys by rolling update.*set BAKE_TIME under environments\.dev\.services\.NAME\.wait-until for the blue\/green, linear and canary services only/
    )
    expect(run.failures[0]).not.toMatch(/service web in cluster demo deploys/)
  })

  it('set on the blue/green service alone: web stops at the stage, worker is watched to the end', async () => {
    const run = await stagedRelease({
      config: mixedConfig('', '{ container: web, wait-until: POST_SCALE_UP }'),
      inputs: { cluster: '', service: '', 'container-name': '' },
      behaviours: [blueGreen(), healthy()],
      before: addWorker
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.state.stages![0]!.end).toMatchObject({
      status: 'stage-reached',
      stage: 'POST_SCALE_UP'
    })
    expect(run.text).toMatch(/^\[web\] stopped watching after .* reached POST_SCALE_UP/m)
  })

  it('a stage set on the rolling service under services: names that service key', async () => {
    const run = await stagedRelease({
      config: mixedConfig('', '{ container: web }').replace(
        'worker: { container: worker }',
        'worker: { container: worker, wait-until: SCALE_UP }'
      ),
      inputs: { cluster: '', service: '', 'container-name': '' },
      before: addWorker
    })
    expect(run.failures[0]).toMatch(
      /environments\.dev\.services\.worker\.wait-until: "SCALE_UP" is a lifecycle stage/
    )
  })
})

describe('a misspelled stage', () => {
  it('as input: names the input, the value, the accepted values and the likeliest, with the other problems', async () => {
    const run = await release({ inputs: { 'wait-until': 'BAKETIME', timeout: 'forever' } })
    expect(run.updates).toHaveLength(0)
    expect(run.failures[0]).toMatch(/problems were found before anything ran/)
    expect(run.failures[0]).toContain(
      'input wait-until: "BAKETIME" is not one of complete, drained, traffic-shifted, RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP (did you mean "BAKE_TIME"?)'
    )
    expect(run.failures[0]).toMatch(/input timeout/)
  })

  it('in the config file: names the file and key, the value and the likeliest', async () => {
    const run = await stagedRelease({
      config: mixedConfig('wait-until: post_scale_up'),
      inputs: { cluster: '', service: '', 'container-name': '', timeout: 'forever' },
      before: addWorker
    })
    expect(run.updates).toHaveLength(0)
    expect(run.failures[0]).toMatch(
      /ecs-flow\.yml: environments\.dev\.wait-until: expected one of complete, drained, traffic-shifted, RECONCILE_SERVICE, .*, CLEAN_UP \(not "post_scale_up"\) \(did you mean "POST_SCALE_UP"\?\)/
    )
    expect(run.failures[0]).toMatch(/input timeout/)
  })
})
