import type { Plan } from '../../src/plan/plan.js'
import { renderSummary } from '../../src/report/summary.js'
import type { ReleaseState } from '../../src/release/state.js'

const plan: Plan = {
  flow: 'deploy',
  environment: 'dev',
  steps: ['register', 'deploy', 'wait'],
  skipped: [{ step: 'verify', reason: 'no verify-url, verify-path or verify-command' }],
  sha: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c',
  imageTag: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c',
  reason: 'default rule #4 (event push, default branch) matches branch main',
  event: { name: 'push', ref: 'refs/heads/main', refName: 'main' },
  target: { environment: 'dev', cluster: 'demo', service: 'web', variables: {}, secrets: {} },
  image: { kind: 'given', reference: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1' },
  dryRun: false
}
const t0 = Date.UTC(2026, 10, 22, 10, 0, 0)
const state: ReleaseState = {
  image: {
    reference: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64),
    extraTags: []
  },
  registration: {
    previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
    serviceExists: true,
    unchanged: false,
    predicted: false
  },
  deployment: {
    id: 'ecs-svc/1234567890',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
    createdService: false
  },
  result: 'deployed',
  steps: [
    { step: 'register', startedAt: t0, seconds: 0.4, outcome: 'success' },
    { step: 'deploy', startedAt: t0, seconds: 0.2, outcome: 'success' },
    { step: 'wait', startedAt: t0, seconds: 6.1, outcome: 'success' }
  ]
}

describe('job summary', () => {
  it('shows what was released where, revisions before and after, and time per step', () => {
    const markdown = renderSummary({
      plan,
      state,
      elapsedSeconds: 7.3,
      region: 'us-east-1',
      timeline: [
        { at: t0, what: 'UpdateService: deployment ecs-svc/1234567890 (web:2)' },
        { at: t0 + 4000, what: '2/2 tasks running' },
        { at: t0 + 6100, what: 'steady state; web:1 drained' }
      ]
    })
    expect(markdown).toContain('## ✅ ecs-flow: deploy to dev — deployed')
    expect(markdown).toContain('| Task definition | `web:1` → `web:2` |')
    expect(markdown).toContain(`| Image | \`${state.image!.reference}\` |`)
    expect(markdown).toContain('| wait | 6.1 s | ✅ |')
    expect(markdown).toContain(
      '| verify | — | skipped: no verify-url, verify-path or verify-command |'
    )
    expect(markdown).toContain('| +4.0 s | 2/2 tasks running |')
    expect(markdown).toContain(
      '[ECS service](https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/demo/services/web/deployments?region=us-east-1)'
    )
    expect(markdown).toContain(
      '[task definition web:2](https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/web/2?region=us-east-1)'
    )
    expect(markdown).not.toContain('Why it failed')
  })

  it('explains a failure with the cause and the last service events', () => {
    const markdown = renderSummary({
      plan,
      state: { ...state, result: 'rolled-back' },
      elapsedSeconds: 12,
      failure:
        '3 tasks of deployment ecs-svc/1 failed: CannotPullContainerError\nrolled back to web:1',
      events: ['(service web) has started 2 tasks', '(service web) has stopped 1 running tasks']
    })
    expect(markdown).toContain('## ↩️ ecs-flow: deploy to dev — rolled-back')
    expect(markdown).toContain(
      '> 3 tasks of deployment ecs-svc/1 failed: CannotPullContainerError\n> rolled back to web:1'
    )
    expect(markdown).toContain('### Last service events\n\n```\n(service web) has started 2 tasks')
  })

  it('keeps user text from breaking the tables', () => {
    const markdown = renderSummary({
      plan: { ...plan, reason: 'rule | with pipe\nand newline' },
      state,
      elapsedSeconds: 1
    })
    expect(markdown).toContain('(rule \\| with pipe and newline)')
  })

  it('is written without a plan when the inputs were bad', () => {
    expect(
      renderSummary({
        state: { steps: [], result: 'failed' },
        elapsedSeconds: 0,
        failure: 'input timeout: "x" is not a duration'
      })
    ).toContain('## ❌ ecs-flow: no plan — failed')
  })
})
