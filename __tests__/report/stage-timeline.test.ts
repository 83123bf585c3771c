import { describe, expect, it } from '@jest/globals'
import { newReleaseState, type StageJournal } from '../../src/core/state.js'
import { stageTimelineMarkdown } from '../../src/report/stage-timeline.js'

// The job summary's stage timeline when the watch stopped at a stage and ECS carries on.

const T0 = Date.UTC(2026, 0, 1, 12)
const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/AbCdEfGhIjKlMnOpQrStU'

function summary(journal: Partial<StageJournal>): string {
  const state = newReleaseState()
  state.stages = [
    {
      cluster: 'demo',
      service: 'web',
      purpose: 'release',
      rollbackOnCancel: true,
      serviceDeploymentArn: ARN,
      stages: [
        { stage: 'RECONCILE_SERVICE', at: T0 },
        { stage: 'SCALE_UP', at: T0 + 1500 },
        { stage: 'POST_SCALE_UP', at: T0 + 4500, between: true },
        { stage: 'TEST_TRAFFIC_SHIFT', at: T0 + 5000 }
      ],
      ...journal
    }
  ]
  return stageTimelineMarkdown(state).join('\n')
}

describe('the stage timeline of a watch that stopped at a stage', () => {
  it('says where it stopped, that ECS carries on, and where to follow it; the last stage is ongoing', () => {
    const text = summary({
      end: {
        at: T0 + 5200,
        status: 'stage-reached',
        stage: 'POST_SCALE_UP',
        now: 'TEST_TRAFFIC_SHIFT'
      }
    })
    expect(text).toContain('| TEST\\_TRAFFIC\\_SHIFT | 12:00:05 (+5s) | ongoing |')
    expect(text).toContain('| SCALE\\_UP | 12:00:01 (+1.5s) | 3s |')
    expect(text).toContain(
      '**Reached POST\\_SCALE\\_UP** (ECS was in `TEST_TRAFFIC_SHIFT` by then): ecs-flow stopped watching there (`wait-until: POST\\_SCALE\\_UP`) and ran the steps after the wait; ECS carries the deployment on to SUCCESSFUL on its own. ' +
        `Follow it with \`aws ecs describe-service-deployments --service-deployment-arns ${ARN}\` or on the Deployments tab of service \`web\` in the ECS console.`
    )
  })

  it('reached exactly: no "by then"; without a known service deployment only the console is named', () => {
    const text = summary({
      serviceDeploymentArn: undefined,
      end: {
        at: T0 + 5200,
        status: 'stage-reached',
        stage: 'TEST_TRAFFIC_SHIFT',
        now: 'TEST_TRAFFIC_SHIFT'
      }
    })
    expect(text).toMatch(/\*\*Reached TEST\\_TRAFFIC\\_SHIFT\*\*: ecs-flow stopped watching/)
    expect(text).toContain('Follow it on the Deployments tab of service `web` in the ECS console.')
    expect(text).not.toContain('describe-service-deployments')
  })

  it('at SUCCESSFUL the last stage has its length', () => {
    expect(summary({ end: { at: T0 + 8000, status: 'successful' } })).toContain(
      '| TEST\\_TRAFFIC\\_SHIFT | 12:00:05 (+5s) | 3s |'
    )
  })

  it("ECS's text (a stage name) is escaped", () => {
    const text = summary({
      end: { at: T0 + 5200, status: 'stage-reached', stage: 'SCALE_UP', now: 'NEW|`STAGE`' }
    })
    expect(text).not.toContain('NEW|`STAGE`')
  })
})
