import type {
  CodeDeploySnapshot,
  EcsDeploymentTarget,
  LifecycleEventInfo
} from '../../src/aws/codedeploy-api.js'
import { ECS_LIFECYCLE_EVENTS } from '../../src/codedeploy/lifecycle.js'
import {
  assessCodeDeployment,
  finishedLifecycleEvents,
  type TrackedCodeDeployment
} from '../../src/codedeploy/verdict.js'

const T0 = Date.UTC(2026, 0, 1)
const tracked: TrackedCodeDeployment = {
  cluster: 'demo',
  service: 'web',
  deploymentId: 'd-ABC123',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
  startedAt: T0,
  timeoutSeconds: 600
}
const SUBJECT = 'CodeDeploy deployment d-ABC123 of service web in cluster demo'

/** The ECS target with the first `done` events Succeeded, then `next` (if any), the rest Pending. */
function target(done: number, next?: Partial<LifecycleEventInfo>): EcsDeploymentTarget {
  return {
    targetId: 'demo:web',
    lifecycleEvents: ECS_LIFECYCLE_EVENTS.map((name, index) => {
      if (index < done)
        return {
          name,
          status: 'Succeeded',
          startedAt: T0 + index * 2000,
          endedAt: T0 + index * 2000 + 1500
        }
      if (index === done && next) return { name, status: 'InProgress', ...next }
      return { name, status: 'Pending' }
    })
  }
}
const deployment = (status: string, more: Partial<CodeDeploySnapshot> = {}) => ({
  id: 'd-ABC123',
  status,
  ...more
})
const HOOK_FAILED = {
  status: 'Failed',
  startedAt: T0 + 8000,
  endedAt: T0 + 9000,
  diagnostics: { errorCode: 'ScriptFailed', message: 'smoke test returned Failed' }
}

describe('assessCodeDeployment', () => {
  it.each([
    {
      name: 'Succeeded: done, the revision serves production traffic',
      poll: { deployment: deployment('Succeeded'), target: target(8) },
      expected: {
        status: 'done',
        summary: `${SUBJECT} Succeeded: web:7 serves the production traffic`
      }
    },
    {
      name: 'a lifecycle hook failed and CodeDeploy rolled back: named, not ours to roll back',
      poll: {
        deployment: deployment('Failed', {
          error: {
            code: 'HOOK_EXECUTION_FAILURE',
            message: 'The hook AfterAllowTestTraffic failed.'
          },
          rollback: { deploymentId: 'd-RB1', message: 'Automatic rollback triggered' }
        }),
        target: target(4, HOOK_FAILED)
      },
      expected: {
        status: 'failed',
        cause: 'lifecycle-event-failed',
        lifecycleEvent: 'AfterAllowTestTraffic',
        rollback: 'codedeploy',
        message: `${SUBJECT} Failed at lifecycle event AfterAllowTestTraffic: HOOK_EXECUTION_FAILURE: The hook AfterAllowTestTraffic failed.; ScriptFailed: smoke test returned Failed; CodeDeploy rolled back (rollback deployment d-RB1: Automatic rollback triggered)`
      }
    },
    {
      name: 'failed without CodeDeploy rolling back: our way back applies',
      poll: {
        deployment: deployment('Failed', { error: { code: 'ECS_UPDATE_ERROR', message: 'boom' } }),
        target: target(1, { status: 'Failed', diagnostics: { errorCode: 'UnknownError' } })
      },
      expected: {
        status: 'failed',
        cause: 'lifecycle-event-failed',
        lifecycleEvent: 'Install',
        rollback: 'ours',
        message: `${SUBJECT} Failed at lifecycle event Install: ECS_UPDATE_ERROR: boom; UnknownError`
      }
    },
    {
      name: 'failed before any lifecycle event: CodeDeploy error only',
      poll: {
        deployment: deployment('Failed', {
          error: { code: 'IAM_ROLE_PERMISSIONS', message: 'denied' }
        })
      },
      expected: {
        status: 'failed',
        cause: 'deployment-failed',
        rollback: 'ours',
        message: `${SUBJECT} Failed: IAM_ROLE_PERMISSIONS: denied`
      }
    },
    {
      name: 'stopped by someone, no rollback: hands off',
      poll: {
        deployment: deployment('Stopped', { error: { code: 'MANUAL_STOP', message: 'stopped' } }),
        target: target(3)
      },
      expected: {
        status: 'failed',
        cause: 'deployment-stopped',
        rollback: 'none',
        message: `${SUBJECT} Stopped: MANUAL_STOP: stopped; someone stopped it, so ecs-flow leaves the service as it is`
      }
    },
    {
      name: 'stopped with a rollback: CodeDeploy rolls back',
      poll: {
        deployment: deployment('Stopped', { rollback: { deploymentId: 'd-RB2' } }),
        target: target(3)
      },
      expected: {
        status: 'failed',
        cause: 'deployment-stopped',
        rollback: 'codedeploy',
        message: `${SUBJECT} Stopped; CodeDeploy rolled back (rollback deployment d-RB2)`
      }
    },
    {
      name: 'past the timeout while in progress: ours, naming the lifecycle event',
      at: T0 + 600_000,
      poll: { deployment: deployment('InProgress'), target: target(6, { startedAt: T0 }) },
      expected: {
        status: 'failed',
        cause: 'timeout',
        lifecycleEvent: 'AllowTraffic',
        rollback: 'ours',
        message: `${SUBJECT} did not finish within 10m (input timeout): it is InProgress, lifecycle event AllowTraffic InProgress`
      }
    },
    {
      name: 'created, no target yet',
      poll: { deployment: deployment('Created') },
      expected: { status: 'in-progress', progress: 'CodeDeploy deployment Created' }
    },
    {
      name: 'in progress at a lifecycle event',
      poll: { deployment: deployment('InProgress'), target: target(3, { startedAt: T0 }) },
      expected: {
        status: 'in-progress',
        progress:
          'CodeDeploy deployment InProgress, now AllowTestTraffic (InProgress) (3/8 lifecycle events done)'
      }
    },
    {
      name: 'between events: the next pending one',
      poll: { deployment: deployment('InProgress'), target: target(2) },
      expected: {
        status: 'in-progress',
        progress:
          'CodeDeploy deployment InProgress, now AfterInstall (Pending) (2/8 lifecycle events done)'
      }
    },
    {
      name: 'Ready: waiting for traffic to be rerouted',
      poll: { deployment: deployment('Ready'), target: target(5) },
      expected: {
        status: 'in-progress',
        progress:
          'CodeDeploy deployment Ready: the replacement task set waits for traffic to be rerouted (ContinueDeployment) (5/8 lifecycle events done)'
      }
    },
    {
      name: 'Baking: traffic shifted, original task set kept a while',
      poll: { deployment: deployment('Baking'), target: target(8) },
      expected: {
        status: 'in-progress',
        progress:
          'CodeDeploy deployment Baking: production traffic is on the replacement task set; CodeDeploy waits before it terminates the original one (8/8 lifecycle events done)'
      }
    },
    {
      name: "CodeDeploy's text is escaped",
      poll: {
        deployment: deployment('Failed', { error: { code: 'X', message: 'line\n::error::forged' } })
      },
      expected: {
        status: 'failed',
        cause: 'deployment-failed',
        rollback: 'ours',
        message: `${SUBJECT} Failed: X: line\\n:\u200b:error:\u200b:forged`
      }
    }
  ])('$name', ({ poll, at, expected }) => {
    expect(assessCodeDeployment({ at: at ?? T0 + 30_000, ...poll }, tracked)).toEqual(expected)
  })
})

describe('finishedLifecycleEvents', () => {
  it('lists finished events once, in lifecycle order, with how long they took', () => {
    const shuffled = target(3)
    shuffled.lifecycleEvents.reverse()
    expect(finishedLifecycleEvents(shuffled, new Set(['BeforeInstall']))).toEqual([
      {
        name: 'Install',
        line: 'lifecycle event Install Succeeded after 1.5s',
        succeeded: true,
        endedAt: expect.any(Number)
      },
      {
        name: 'AfterInstall',
        line: 'lifecycle event AfterInstall Succeeded after 1.5s',
        succeeded: true,
        endedAt: expect.any(Number)
      }
    ])
  })

  it('names why a failed event failed, and lists skipped ones', () => {
    const failed = target(4, HOOK_FAILED)
    failed.lifecycleEvents[5] = { name: 'BeforeAllowTraffic', status: 'Skipped' }
    expect(
      finishedLifecycleEvents(failed, new Set(ECS_LIFECYCLE_EVENTS.slice(0, 4))).map(e => e.line)
    ).toEqual([
      'lifecycle event AfterAllowTestTraffic Failed after 1s: ScriptFailed: smoke test returned Failed',
      'lifecycle event BeforeAllowTraffic Skipped'
    ])
  })

  it('lists nothing before CodeDeploy lists the target, or while events run', () => {
    expect(finishedLifecycleEvents(undefined, new Set())).toEqual([])
    expect(finishedLifecycleEvents(target(0, { startedAt: T0 }), new Set())).toEqual([])
  })
})
