import { describe, expect, it } from '@jest/globals'
import { completesBeforeDraining } from '../../__fixtures__/fake-ecs.js'
import { release } from '../../__fixtures__/release-harness.js'
import { STEPS } from '../../src/steps/index.js'

// A whole run() against the fake ECS: a rolling service with early success criteria (DEFERRED)
// whose deployment is COMPLETED at 5 s while the old revision drains until 120 s.

const DEFERRED = { healthyPercent: 100, sourceServiceRevisionCleanup: 'DEFERRED' }

describe('a release of a rolling service with early success criteria', () => {
  it('runs verify and after-deploy at ECS verdict, while web:1 still drains, and says so in the summary', async () => {
    /** What ECS showed when each step after the wait ran: the deployments still there. */
    const seen: Record<string, number> = {}
    let deploymentsNow = () => 0
    const run = await release({
      inputs: { 'verify-url': 'https://app.example.com/health', 'after-deploy-command': 'migrate' },
      behaviours: [completesBeforeDraining(5, 120)],
      before: ecs => {
        ecs.services.get('demo/web')!.earlySuccess = DEFERRED
        deploymentsNow = () => ecs.services.get('demo/web')!.deployments.length
      },
      steps: {
        verify: async () => {
          seen.verify = deploymentsNow()
        },
        afterDeploy: async (...args: Parameters<typeof STEPS.afterDeploy>) => {
          seen.afterDeploy = deploymentsNow()
          return STEPS.afterDeploy(...args)
        }
      }
    })
    expect(run.outputs.result).toBe('deployed')
    expect(seen).toEqual({ verify: 2, afterDeploy: 2 })
    const done =
      /rollout complete after ([\d.]+)s: ECS declared success early; web:1 still draining \(2 tasks\)/.exec(
        run.logger.text()
      )
    // COMPLETED 5 s after UpdateService; seen by the next poll (every 3 s, jittered upwards).
    expect(Number(done?.[1])).toBeLessThan(10)
    expect(run.summaries.join('\n')).toMatch(
      /ECS declared success early; web:1 still draining \(2 tasks\)/
    )
  })

  it('wait-until drained: the steps after the wait run once web:1 is gone', async () => {
    let deploymentsNow = () => 0
    let atVerify = -1
    const run = await release({
      inputs: { 'verify-url': 'https://app.example.com/health', 'wait-until': 'drained' },
      behaviours: [completesBeforeDraining(5, 120)],
      before: ecs => {
        ecs.services.get('demo/web')!.earlySuccess = DEFERRED
        deploymentsNow = () => ecs.services.get('demo/web')!.deployments.length
      },
      steps: {
        verify: async () => {
          atVerify = deploymentsNow()
        }
      }
    })
    expect(run.outputs.result).toBe('deployed')
    expect(atVerify).toBe(1)
    expect(run.logger.text()).toMatch(
      /rollout complete after 2m(?:[\d.]+s)?: .*no other deployment is left/
    )
  })
})
