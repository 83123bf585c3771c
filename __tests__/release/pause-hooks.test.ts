import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { failingTasks, healthy, type Behaviour } from '../../__fixtures__/fake-ecs.js'
import { VerificationError } from '../../src/util/errors.js'
import {
  blueGreen,
  makeBlueGreen,
  type BlueGreenOptions
} from '../../__fixtures__/fake-blue-green.js'
import { base, release, type Release } from '../../__fixtures__/release-harness.js'

// Whole runs against a blue/green service of the fake ECS whose deployments stop at a PAUSE
// lifecycle hook: on-pause answers it, and a pause nothing could answer is refused in preflight.

function pausingRelease(
  options: Release & { pauses?: BlueGreenOptions['pauses']; verifyStages?: string[] } = {}
) {
  const pauses = options.pauses ?? [{ stage: 'POST_TEST_TRAFFIC_SHIFT' }]
  return release({
    ...options,
    // The release's deployment, and a way back by UpdateService, pause alike.
    behaviours: [blueGreen({ pauses }), blueGreen({ pauses })],
    before: ecs =>
      makeBlueGreen(ecs, ecs.service(), {
        bakeTimeInMinutes: 0,
        pauseStages: pauses.map(pause => pause.stage)
      }),
    steps: {
      verify: async context => {
        const arn = context.state.stages?.[0]?.serviceDeploymentArn
        options.verifyStages?.push(
          (arn &&
            (await context.services.aws.ecs().describeServiceDeployment(arn))?.lifecycleStage) ||
            'none'
        )
      },
      ...options.steps
    }
  })
}

const continueCalls = (run: Awaited<ReturnType<typeof release>>) =>
  run.ecs.calls
    .filter(call => call.operation === 'ContinueServiceDeployment')
    .map(call => (call.args as { action: string }).action)

describe('a blue/green service with a PAUSE hook', () => {
  it('on-pause: continue — CONTINUE at once, deployed', async () => {
    const run = await pausingRelease({ inputs: { 'on-pause': 'continue' } })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(continueCalls(run)).toEqual(['CONTINUE'])
    expect(run.text).toMatch(/^paused at POST_TEST_TRAFFIC_SHIFT, awaiting approval/m)
  })

  it('verify by default when something verifies: checked while paused, then CONTINUE', async () => {
    const verifyStages: string[] = []
    const run = await pausingRelease({
      inputs: { 'verify-url': 'https://app.example.com/health' },
      verifyStages
    })
    expect(run.failures).toEqual([])
    expect(continueCalls(run)).toEqual(['CONTINUE'])
    expect(verifyStages[0]).toBe('POST_TEST_TRAFFIC_SHIFT')
  })

  it('verify failing at the pause: ROLLBACK through the hook, the release rolled back', async () => {
    const run = await pausingRelease({
      inputs: { 'verify-url': 'https://app.example.com/health' },
      steps: {
        verify: async () => {
          throw new VerificationError('verify-url answered 503', 'url')
        }
      }
    })
    expect(run.outputs.result).toBe('rolled-back')
    expect(continueCalls(run)).toEqual(['ROLLBACK'])
    expect(run.ecs.count('StopServiceDeployment')).toBe(0)
    expect(run.updates).toHaveLength(1)
    expect(run.failures[0]).toMatch(
      /verify failed while paused at POST_TEST_TRAFFIC_SHIFT: verify-url answered 503\. Rolled back at the pause \(ContinueServiceDeployment ROLLBACK\)/
    )
  })

  it('the way back by UpdateService pauses too: its hook is continued, it is not left to time out', async () => {
    const run = await pausingRelease({
      inputs: { 'on-pause': 'continue', 'verify-url': 'https://app.example.com/health' },
      steps: {
        verify: async () => {
          throw new VerificationError('verify-url answered 503', 'url')
        }
      }
    })
    // verify-url with on-pause continue: the check runs after SUCCESSFUL, fails, and the
    // service goes back by a new deployment, which pauses at the same hook.
    expect(run.updates).toHaveLength(2)
    expect(continueCalls(run)).toEqual(['CONTINUE', 'CONTINUE'])
    expect(run.outputs.result).toBe('rolled-back')
  })

  it('nothing to verify and no on-pause (approve): the job ends paused, with the hook in its outputs', async () => {
    const run = await pausingRelease({
      inputs: { 'keep-revisions': '2' },
      steps: {
        'keep-revisions': async () => {
          throw new Error('keep-revisions runs in the job that continues the deployment')
        }
      }
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('paused')
    expect(continueCalls(run)).toEqual([])
    const arn = run.outputs['paused-service-deployment']!
    expect(arn).toMatch(/service-deployment\/demo\/web\//)
    expect(run.outputs['paused-hook']).toBe('hook-POST_TEST_TRAFFIC_SHIFT-1000002')
    expect(JSON.parse(run.outputs.services!)).toEqual({
      web: expect.objectContaining({
        result: 'paused',
        'service-deployment': arn,
        'hook-id': 'hook-POST_TEST_TRAFFIC_SHIFT-1000002'
      })
    })
    expect(run.text).toContain(
      'paused: web awaits approval at a PAUSE hook; scheduled-tasks, after-deploy, verify and keep-revisions run in the job that continues it (flow: continue)'
    )
    expect(run.summaries[0]).toContain('ecs-flow: deploy to dev — paused')
    expect(run.summaries[0]).toContain(
      '**Paused** at POST\\_TEST\\_TRAFFIC\\_SHIFT, awaiting approval (PAUSE hook `hook-POST_TEST_TRAFFIC_SHIFT-1000002`'
    )
  })

  it('on-pause: approve, said outright, ends paused even with something to verify', async () => {
    const run = await pausingRelease({
      inputs: { 'on-pause': 'approve', 'verify-url': 'https://app.example.com/health' }
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('paused')
    expect(continueCalls(run)).toEqual([])
  })

  it('on-pause: approve on a service without hooks: deployed as ever', async () => {
    const run = await pausingRelease({ pauses: [], inputs: { 'on-pause': 'approve' } })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.outputs['paused-hook']).toBe('')
  })

  it('dry-run with approve: the intent says the job would end paused at each PAUSE hook', async () => {
    const run = await pausingRelease({ inputs: { 'dry-run': 'true' } })
    expect(run.failures).toEqual([])
    expect(run.updates).toHaveLength(0)
    expect(run.text).toContain(
      'dry-run: at each PAUSE lifecycle hook, on-pause approve: the job would end paused (result: paused), for a job with flow: continue to answer'
    )
  })

  it('on-pause: verify with nothing to verify: refused, naming the service', async () => {
    const run = await pausingRelease({ inputs: { 'on-pause': 'verify' } })
    expect(run.updates).toHaveLength(0)
    expect(run.failures[0]).toMatch(
      /^on-pause is verify, but nothing verifies service web in cluster demo \(it pauses its deployments at PAUSE lifecycle hooks: POST_TEST_TRAFFIC_SHIFT\)\. Set verify-url/
    )
  })
})

/** web (blue/green, pausing at POST_TEST_TRAFFIC_SHIFT) and worker (rolling), on-pause approve. */
function pausingAndRolling(worker: Behaviour) {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-pause-'))
  const config = join(dir, 'ecs-flow.yml')
  writeFileSync(
    config,
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    services:',
      '      web: { container: web }',
      '      worker: { container: worker }'
    ].join('\n')
  )
  const pauses = [{ stage: 'POST_TEST_TRAFFIC_SHIFT' }]
  return release({
    inputs: { config, cluster: '', service: '', 'container-name': '', rollback: 'true' },
    behaviours: [blueGreen({ pauses }), worker, healthy()],
    before: ecs => {
      makeBlueGreen(ecs, ecs.service(), {
        bakeTimeInMinutes: 0,
        pauseStages: ['POST_TEST_TRAFFIC_SHIFT']
      })
      const revision = ecs.addTaskDefinition({
        ...base,
        family: 'worker',
        containerDefinitions: [{ name: 'worker', image: 'old' }]
      })
      ecs.addService({ name: 'worker', taskDefinition: revision })
    }
  })
}

describe('services: one service pauses (approve)', () => {
  it('the other finishes first: the job ends paused once it has, the finished one deployed', async () => {
    const run = await pausingAndRolling(healthy())
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('paused')
    expect(JSON.parse(run.outputs.services!)).toMatchObject({
      web: { result: 'paused', 'hook-id': 'hook-POST_TEST_TRAFFIC_SHIFT-1000003' },
      worker: { result: 'deployed' }
    })
    expect(run.text).toMatch(/^\[worker\] rollout complete/m)
    expect(continueCalls(run)).toEqual([])
  })

  it('the other fails: everything is rolled back, the paused hook answered ROLLBACK', async () => {
    const run = await pausingAndRolling(failingTasks(2))
    expect(run.outputs.result).toBe('rolled-back')
    expect(continueCalls(run)).toEqual(['ROLLBACK'])
    // The paused deployment rolls back in place through its hook: no StopServiceDeployment.
    expect(run.ecs.count('StopServiceDeployment')).toBe(0)
    expect(JSON.parse(run.outputs.services!)).toMatchObject({
      web: { result: 'rolled-back' },
      worker: { result: 'rolled-back' }
    })
    expect(run.text).toContain(
      'ContinueServiceDeployment ROLLBACK: the PAUSE hook hook-POST_TEST_TRAFFIC_SHIFT-1000003 at POST_TEST_TRAFFIC_SHIFT is answered'
    )
    expect(run.summaries[0]).toContain('ROLLBACK by the release’s rollback')
  })
})
