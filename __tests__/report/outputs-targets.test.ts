import { describe, expect, it } from '@jest/globals'
import {
  recordTouched,
  type ReleaseState,
  type ServiceRelease,
  type TouchedTarget
} from '../../src/core/state.js'
import { deploymentOutcome, statusDescription } from '../../src/report/deployments.js'
import { servicesJson, writeReleaseOutputs } from '../../src/report/outputs.js'
import { targetsMarkdown, touchedTargets } from '../../src/report/targets.js'
import type { Target } from '../../src/settings/types.js'

// The record of every target a release touched: the `targets` output, the summary's table and
// the GitHub deployment status's 140 characters.

const TD = (family: string, revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`
const LINK = 'https://github.com/acme/web/actions/runs/1001'

function service(cluster: string, name: string, before: number, after: number): ServiceRelease {
  return {
    target: { environment: 'dev', cluster, service: name } as Target,
    registration: {
      taskDefinitionArn: TD(name, after),
      previousTaskDefinitionArn: TD(name, before),
      serviceExists: true,
      unchanged: false,
      changes: [],
      predicted: false
    },
    deployment: { id: `ecs-svc/${name}`, taskDefinitionArn: TD(name, after), createdService: false }
  }
}

function deployedState(): ReleaseState {
  const state: ReleaseState = {
    steps: [],
    result: 'deployed',
    services: [service('demo', 'web', 1, 2), service('demo', 'worker', 4, 5)],
    scheduledTargets: {
      moved: [
        {
          ref: { kind: 'rule', name: 'nightly' },
          id: 'report',
          from: TD('web', 1),
          to: TD('web', 2)
        },
        {
          ref: { kind: 'schedule', group: 'reports', name: 'sweep' },
          from: TD('worker', 4),
          to: TD('worker', 5)
        }
      ]
    }
  }
  recordTouched(state, {
    kind: 'task',
    name: 'before-deploy 0a1b',
    before: '',
    after: TD('web', 2),
    note: 'succeeded'
  })
  // Any other kind of target appends itself the same way.
  recordTouched(state, {
    kind: 'express',
    name: 'web-api',
    before: TD('api', 7),
    after: TD('api', 8)
  })
  return state
}

describe('the targets output', () => {
  it('lists every target the release touched: services, rules, schedules, tasks, any appended kind', () => {
    const written: Record<string, string> = {}
    writeReleaseOutputs(deployedState(), 1, (name, value) => (written[name] = value))
    expect(JSON.parse(written.targets!)).toEqual([
      { kind: 'service', name: 'web', before: TD('web', 1), after: TD('web', 2) },
      { kind: 'service', name: 'worker', before: TD('worker', 4), after: TD('worker', 5) },
      { kind: 'rule', name: 'nightly/report', before: TD('web', 1), after: TD('web', 2) },
      { kind: 'schedule', name: 'reports/sweep', before: TD('worker', 4), after: TD('worker', 5) },
      {
        kind: 'task',
        name: 'before-deploy 0a1b',
        before: '',
        after: TD('web', 2),
        note: 'succeeded'
      },
      { kind: 'express', name: 'web-api', before: TD('api', 7), after: TD('api', 8) }
    ])
  })

  it('names an Express service by its kind, beside the classic services of the release', () => {
    const express = service('demo', 'hello', 1, 2)
    express.target.expressService = 'hello'
    const state: ReleaseState = {
      steps: [],
      result: 'deployed',
      services: [service('demo', 'web', 1, 2), express]
    }
    expect(touchedTargets(state)).toEqual([
      { kind: 'service', name: 'web', before: TD('web', 1), after: TD('web', 2) },
      { kind: 'express', name: 'hello', before: TD('hello', 1), after: TD('hello', 2) }
    ])
  })

  it('says which service waits at a PAUSE hook when the release ends paused (on-pause approve)', () => {
    const state: ReleaseState = {
      steps: [],
      result: 'paused',
      services: [service('demo', 'web', 1, 2), service('demo', 'worker', 4, 5)],
      stages: [
        {
          cluster: 'demo',
          service: 'web',
          purpose: 'release',
          stages: [{ stage: 'POST_TEST_TRAFFIC_SHIFT', at: 1 }],
          rollbackOnCancel: true,
          end: {
            at: 2,
            status: 'paused',
            stage: 'POST_TEST_TRAFFIC_SHIFT',
            hookId: 'hook-1',
            timeoutAction: 'ROLLBACK'
          }
        }
      ]
    }
    expect(touchedTargets(state)).toEqual([
      {
        kind: 'service',
        name: 'web',
        before: TD('web', 1),
        after: TD('web', 2),
        note: 'paused at a PAUSE hook'
      },
      { kind: 'service', name: 'worker', before: TD('worker', 4), after: TD('worker', 5) }
    ])
  })

  it('names two services of one name by cluster/service, in services and targets alike', () => {
    const state: ReleaseState = {
      steps: [],
      result: 'deployed',
      services: [
        service('blue', 'web', 1, 2),
        service('green', 'web', 1, 2),
        service('blue', 'api', 3, 4)
      ]
    }
    expect(Object.keys(JSON.parse(servicesJson(state)))).toEqual(['blue/web', 'green/web', 'api'])
    expect(touchedTargets(state).map(target => target.name)).toEqual([
      'blue/web',
      'green/web',
      'api'
    ])
  })

  it('a dry run states no revision it did not read back', () => {
    const state = deployedState()
    state.result = 'planned'
    for (const release of state.services!) release.registration!.predicted = true
    state.touched = []
    expect(touchedTargets(state, true)).toEqual([
      {
        kind: 'service',
        name: 'web',
        before: TD('web', 1),
        after: TD('web', 1),
        note: 'dry-run: nothing deployed'
      },
      {
        kind: 'service',
        name: 'worker',
        before: TD('worker', 4),
        after: TD('worker', 4),
        note: 'dry-run: nothing deployed'
      },
      {
        kind: 'rule',
        name: 'nightly/report',
        before: TD('web', 1),
        after: TD('web', 1),
        note: 'dry-run: would move to web:2'
      },
      {
        kind: 'schedule',
        name: 'reports/sweep',
        before: TD('worker', 4),
        after: TD('worker', 4),
        note: 'dry-run: would move to worker:5'
      }
    ])
  })

  it('a failed release says what ECS runs as read back', () => {
    const state: ReleaseState = {
      steps: [],
      result: 'failed',
      services: [
        {
          ...service('demo', 'web', 1, 2),
          live: { taskDefinitionArn: TD('web', 2), alongside: [] }
        }
      ]
    }
    expect(touchedTargets(state)).toEqual([
      { kind: 'service', name: 'web', before: TD('web', 1), after: TD('web', 2), note: 'read back' }
    ])
  })
})

describe('the summary table', () => {
  it('one row per target, before → after, short revisions', () => {
    const lines = targetsMarkdown(touchedTargets(deployedState()))
    expect(lines).toContain('| kind | target | before → after | |')
    expect(lines).toContain('| service | `worker` | `worker:4` → `worker:5` |  |')
    expect(lines).toContain('| schedule | `reports/sweep` | `worker:4` → `worker:5` |  |')
    expect(lines).toContain('| task | `before-deploy 0a1b` | — → `web:2` | succeeded |')
  })

  it('escapes names the action does not control', () => {
    const hostile: TouchedTarget = {
      kind: 'rule|x',
      name: 'a` | <img src=x>',
      before: '',
      after: '',
      note: '<script>|'
    }
    const [row] = targetsMarkdown([hostile]).slice(4)
    // Exactly the table's own five column bars: no cell breaks out of its column.
    expect(row!.replace(/\\\|/g, '').split('|')).toHaveLength(6)
    expect(row).not.toContain('<script>')
    // Inside a code span the name is shown as written, never as HTML.
    expect(row).toContain('``a` \\| <img src=x>``')
    expect(targetsMarkdown([])).toEqual([])
  })
})

describe('the deployment status description', () => {
  it('holds a count by kind and the run’s link', () => {
    const outcome = deploymentOutcome(deployedState(), undefined, LINK)
    expect(outcome.description).toBe(
      `ecs-flow: released; 2 services, 1 rule, 1 schedule, 1 task, 1 express: ${LINK}`
    )
  })

  it('never exceeds 140 characters: the head is cut first, then the count becomes a total, then the link goes', () => {
    const targets = touchedTargets(deployedState())
    const failure = `rollout failed: ${'x'.repeat(300)}`
    const long = statusDescription(`ecs-flow: failed: ${failure}`, targets, LINK)
    expect(long.length).toBeLessThanOrEqual(140)
    expect(long).toMatch(
      /^ecs-flow: failed: rollout failed: x+…; 2 services, 1 rule, 1 schedule, 1 task, 1 express: https:\/\/github\.com\/acme\/web\/actions\/runs\/1001$/
    )
    const longerLink = `https://github.com/${'a'.repeat(30)}/${'b'.repeat(20)}/actions/runs/1001`
    const mid = statusDescription('ecs-flow: released', targets, longerLink)
    expect(mid).toBe(`ecs-flow: released; 6 targets: ${longerLink}`)
    expect(mid.length).toBeLessThanOrEqual(140)
    const hugeLink = `https://github.com/${'a'.repeat(100)}/${'b'.repeat(100)}/actions/runs/1`
    const noLink = statusDescription('ecs-flow: released', targets, hugeLink)
    expect(noLink).toBe('ecs-flow: released; 6 targets')
    for (const length of [0, 50, 120, 139, 140, 141, 500])
      expect(statusDescription('h'.repeat(length), targets, LINK).length).toBeLessThanOrEqual(140)
  })

  it('without targets or a link it is the head alone', () => {
    expect(statusDescription('ecs-flow: released', [], undefined)).toBe('ecs-flow: released')
    expect(statusDescription('ecs-flow: released', [], LINK)).toBe(`ecs-flow: released; ${LINK}`)
  })
})
