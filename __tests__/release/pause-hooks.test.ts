import { describe, expect, it } from '@jest/globals'
import { VerificationError } from '../../src/util/errors.js'
import {
  blueGreen,
  makeBlueGreen,
  type BlueGreenOptions
} from '../../__fixtures__/fake-blue-green.js'
import { release, type Release } from '../../__fixtures__/release-harness.js'

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

  it('nothing to verify and no on-pause (approve): refused in preflight, nothing runs', async () => {
    const run = await pausingRelease()
    expect(run.updates).toHaveLength(0)
    expect(run.failures[0]).toBe(
      'service web in cluster demo pauses its deployments at PAUSE lifecycle hooks (POST_TEST_TRAFFIC_SHIFT); with nothing to verify, on-pause defaults to approve, which is not available yet. Use on-pause: continue, or set verify-url, verify-path or verify-command so that on-pause is verify.'
    )
  })

  it('on-pause: verify with nothing to verify: refused, naming the service', async () => {
    const run = await pausingRelease({ inputs: { 'on-pause': 'verify' } })
    expect(run.updates).toHaveLength(0)
    expect(run.failures[0]).toMatch(
      /^on-pause is verify, but nothing verifies service web in cluster demo \(it pauses its deployments at PAUSE lifecycle hooks: POST_TEST_TRAFFIC_SHIFT\)\. Set verify-url/
    )
  })

  it('on-pause: approve is refused before anything runs, with or without hooks', async () => {
    for (const pauses of [[], [{ stage: 'POST_SCALE_UP' }]]) {
      const run = await pausingRelease({ pauses, inputs: { 'on-pause': 'approve' } })
      expect(run.updates).toHaveLength(0)
      expect(run.failures[0]).toBe(
        'Invalid input: on-pause: approve is not available yet. Use verify (with verify-url, verify-path or verify-command) or continue.'
      )
    }
  })
})
