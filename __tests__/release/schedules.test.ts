import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeEvents } from '../../__fixtures__/fake-events.js'
import { failingTasks, healthy, type FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { FakeScheduler } from '../../__fixtures__/fake-scheduler.js'
import { TD, base, release } from '../../__fixtures__/release-harness.js'
import { VerificationError } from '../../src/util/errors.js'

// EventBridge Scheduler schedules under scheduled-tasks, beside rules, through a whole run()
// against the fakes: moved after the rollout with every other field as read, moved back on a
// rollback, checked by preflight, kept by keep-revisions, listed in the targets record.

const API_TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/api:${revision}`
const WORKER_TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/worker:${revision}`

function configFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-schedules-'))
  const path = join(dir, 'ecs-flow.yml')
  writeFileSync(path, yaml)
  return path
}

const ENTRIES = '[web-dev-nightly, { schedule: web-report }, { schedule: reports/web-cleanup }]'
const yaml = (entries = ENTRIES, extra = '') =>
  `environments:\n  dev:\n    cluster: demo\n    service: web\n    scheduled-tasks: ${entries}\n${extra}`
const inputs = (entries?: string, extra?: string) => ({
  config: configFile(yaml(entries, extra)),
  cluster: '',
  service: ''
})

function world(revision = TD(1)) {
  const events = new FakeEvents().addRule('web-dev-nightly', [
    FakeEvents.ecsTarget('report', revision)
  ])
  const scheduler = new FakeScheduler()
    .add('default', 'web-report', FakeScheduler.ecsSchedule(revision))
    .add('reports', 'web-cleanup', FakeScheduler.ecsSchedule(revision))
  return { events, scheduler }
}

const taskDefinitionOf = (schedule: Record<string, unknown> | undefined) =>
  (schedule?.Target as { EcsParameters: { TaskDefinitionArn: string } }).EcsParameters
    .TaskDefinitionArn

describe('scheduled-tasks with Scheduler schedules', () => {
  it('moves a rule and two schedules with the release, every other field of each as read', async () => {
    const { events, scheduler } = world()
    const before = structuredClone(scheduler.schedules.get('default/web-report')!)
    const run = await release({ inputs: inputs(), events, scheduler })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(events.rules.get('web-dev-nightly')!.targets[0]).toEqual(
      FakeEvents.ecsTarget('report', TD(2))
    )
    // The schedule as it was, but its target's revision: UpdateSchedule reset nothing.
    const after = scheduler.schedules.get('default/web-report')!
    expect(after).toEqual({
      ...before,
      Target: {
        ...(before.Target as object),
        EcsParameters: {
          ...(before.Target as { EcsParameters: object }).EcsParameters,
          TaskDefinitionArn: TD(2)
        }
      }
    })
    expect(taskDefinitionOf(scheduler.schedules.get('reports/web-cleanup'))).toBe(TD(2))
    expect(scheduler.updates).toHaveLength(2)
    expect(run.text).toContain('schedule default/web-report: web:1 -> web:2')
    expect(JSON.parse(run.outputs.targets!)).toEqual([
      { kind: 'service', name: 'web', before: TD(1), after: TD(2) },
      { kind: 'rule', name: 'web-dev-nightly/report', before: TD(1), after: TD(2) },
      { kind: 'schedule', name: 'default/web-report', before: TD(1), after: TD(2) },
      { kind: 'schedule', name: 'reports/web-cleanup', before: TD(1), after: TD(2) }
    ])
    const summary = run.summaries.join('\n')
    expect(summary).toContain('| schedule | `reports/web-cleanup` | `web:1` → `web:2` |')
    expect(summary).toContain('| rule | `web-dev-nightly/report` | `web:1` → `web:2` |')
  })

  it('moves the schedules back when the release is rolled back', async () => {
    const { events, scheduler } = world()
    const before = structuredClone(scheduler.schedules.get('reports/web-cleanup')!)
    const run = await release({
      inputs: { ...inputs(), 'verify-command': 'true' },
      events,
      scheduler,
      steps: {
        verify: async () => {
          throw new VerificationError('verify-command failed', 'command')
        }
      }
    })
    expect(run.outputs.result).toBe('rolled-back')
    expect(scheduler.updates.map(taskDefinitionOf)).toEqual([TD(2), TD(2), TD(1), TD(1)])
    expect(scheduler.schedules.get('reports/web-cleanup')).toEqual(before)
    expect(taskDefinitionOf(scheduler.schedules.get('default/web-report'))).toBe(TD(1))
    expect(events.rules.get('web-dev-nightly')!.targets[0]).toEqual(
      FakeEvents.ecsTarget('report', TD(1))
    )
    expect(JSON.parse(run.outputs.targets!)).toEqual([
      { kind: 'service', name: 'web', before: TD(1), after: TD(1), note: 'rolled back' },
      {
        kind: 'rule',
        name: 'web-dev-nightly/report',
        before: TD(1),
        after: TD(1),
        note: 'moved back'
      },
      {
        kind: 'schedule',
        name: 'default/web-report',
        before: TD(1),
        after: TD(1),
        note: 'moved back'
      },
      {
        kind: 'schedule',
        name: 'reports/web-cleanup',
        before: TD(1),
        after: TD(1),
        note: 'moved back'
      }
    ])
  })

  it('a failed rollout leaves the schedules untouched', async () => {
    const { events, scheduler } = world()
    const run = await release({ inputs: inputs(), events, scheduler, behaviours: [failingTasks()] })
    expect(run.failures).toHaveLength(1)
    expect(scheduler.updates).toEqual([])
    expect(events.puts).toEqual([])
  })

  it('preflight names every schedule that is unknown, not ECS, or of another family, in one run', async () => {
    const { events, scheduler } = world()
    const lambda = FakeScheduler.ecsSchedule(TD(1))
    lambda.Target = { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', RoleArn: 'r' }
    scheduler
      .add('default', 'web-lambda', lambda)
      .add('default', 'api-report', FakeScheduler.ecsSchedule(API_TD(4)))
    const run = await release({
      inputs: inputs(
        '[{ schedule: web-lambda }, { schedule: api-report }, { schedule: ops/gone }, { schedule: web-report }]'
      ),
      events,
      scheduler
    })
    const failure = run.failures[0]!
    expect(failure).toContain('3 problems were found before anything ran')
    expect(failure).toContain(
      'EventBridge Scheduler schedule default/web-lambda does not target an ECS task (its target is arn:aws:lambda:us-east-1:123456789012:function:f)'
    )
    expect(failure).toContain(
      'EventBridge Scheduler schedule default/api-report runs task-definition family api, not web'
    )
    expect(failure).toContain('EventBridge Scheduler schedule ops/gone does not exist')
    expect(failure).toContain('ecs-flow.yml: environments.dev: scheduled-tasks')
    expect(run.ecs.count('UpdateService')).toBe(0)
    expect(scheduler.updates).toEqual([])
  })

  it('a malformed schedule entry is a config error naming its path', async () => {
    const run = await release({ inputs: inputs('[{ schedule: "a/b/c" }, { rule: x }]') })
    const failure = run.failures[0]!
    expect(failure).toContain(
      'ecs-flow.yml: environments.dev.scheduled-tasks.0.schedule: expected NAME or GROUP/NAME'
    )
    expect(failure).toContain(
      'environments.dev.scheduled-tasks.1: expected an EventBridge rule name or { schedule: NAME | GROUP/NAME }'
    )
    expect(failure).toContain('GROUP/NAME')
    expect(run.ecs.count('RegisterTaskDefinition')).toBe(0)
  })

  it('dry-run reads the schedules and writes none, saying what it would do', async () => {
    const { events, scheduler } = world()
    const run = await release({
      inputs: { ...inputs(), 'dry-run': 'true' },
      events,
      scheduler
    })
    expect(run.failures).toEqual([])
    expect(scheduler.updates).toEqual([])
    expect(taskDefinitionOf(scheduler.schedules.get('default/web-report'))).toBe(TD(1))
    expect(run.text).toMatch(
      /dry-run: would point schedule default\/web-report at .*\(UpdateSchedule\)/
    )
    const targets = JSON.parse(run.outputs.targets!) as { kind: string; after: string }[]
    // A dry run states nothing it did not read back: every target still runs what it ran.
    expect(targets.filter(entry => entry.kind === 'schedule').map(entry => entry.after)).toEqual([
      TD(1),
      TD(1)
    ])
  })

  it('keep-revisions keeps the revision a schedule named in another environment runs', async () => {
    const scheduler = new FakeScheduler().add(
      'default',
      'prod-report',
      FakeScheduler.ecsSchedule(TD(3))
    )
    const run = await release({
      inputs: inputs(
        '[]',
        '    keep-revisions: 1\n  production:\n    cluster: prod\n    service: api\n    scheduled-tasks: [{ schedule: prod-report }]\n'
      ),
      scheduler,
      before: (ecs: FakeEcs) => {
        for (let revision = 2; revision <= 4; revision++) ecs.addTaskDefinition(base)
      }
    })
    expect(run.failures).toEqual([])
    const kept = run.state.revisionCleanup!.families[0]!.kept
    expect(kept).toContainEqual({
      revision: 'web:3',
      reasons: ['run by EventBridge Scheduler schedule default/prod-report (scheduled-tasks)']
    })
    const deregistered = run.ecs.calls
      .filter(call => call.operation === 'DeregisterTaskDefinition')
      .map(call => (call.args as { arn: string }).arn)
    expect(deregistered).toEqual([TD(2), TD(4)])
  })

  it('a schedule that cannot be read keeps every revision, with a warning; the release succeeds', async () => {
    const scheduler = new FakeScheduler()
    scheduler.failing.set('GetSchedule', new Error('AccessDenied: scheduler:GetSchedule'))
    const run = await release({
      inputs: inputs(
        '[]',
        '    keep-revisions: 1\n  production:\n    cluster: prod\n    service: api\n    scheduled-tasks: [{ schedule: prod-report }]\n'
      ),
      scheduler,
      before: (ecs: FakeEcs) => {
        for (let revision = 2; revision <= 4; revision++) ecs.addTaskDefinition(base)
      }
    })
    expect(run.outputs.result).toBe('deployed')
    expect(run.ecs.count('DeregisterTaskDefinition')).toBe(0)
    expect(run.state.revisionCleanup!.warning).toContain(
      'the revision EventBridge Scheduler schedule default/prod-report runs'
    )
  })
})

describe('keep-revisions and the schedules nobody named', () => {
  const history = (ecs: FakeEcs) => {
    for (let revision = 2; revision <= 4; revision++) ecs.addTaskDefinition(base)
  }
  const deregistered = (run: Awaited<ReturnType<typeof release>>) =>
    run.ecs.calls
      .filter(call => call.operation === 'DeregisterTaskDefinition')
      .map(call => (call.args as { arn: string }).arn)

  it('keeps the revision an unnamed schedule on the cluster runs (found by the scan)', async () => {
    const scheduler = new FakeScheduler()
      .add('ops', 'web-adhoc', FakeScheduler.ecsSchedule(TD(3)))
      .add('ops', 'api-adhoc', FakeScheduler.ecsSchedule(API_TD(3)))
    const run = await release({ inputs: { 'keep-revisions': '1' }, scheduler, before: history })
    expect(run.failures).toEqual([])
    expect(run.state.revisionCleanup!.families[0]!.kept).toContainEqual({
      revision: 'web:3',
      reasons: ['run by EventBridge Scheduler schedule ops/web-adhoc']
    })
    expect(deregistered(run)).toEqual([TD(2), TD(4)])
  })

  it('a denied scan warns and does not block the cleanup', async () => {
    const scheduler = new FakeScheduler()
    scheduler.failing.set(
      'ListSchedules',
      new Error('AccessDeniedException: not authorized to perform scheduler:ListSchedules')
    )
    const run = await release({ inputs: { 'keep-revisions': '1' }, scheduler, before: history })
    expect(run.outputs.result).toBe('deployed')
    expect(run.text).toContain(
      'keep-revisions could not scan the EventBridge Scheduler schedules for ones that run web (AccessDeniedException: not authorized to perform scheduler:ListSchedules)'
    )
    expect(deregistered(run)).toEqual([TD(2), TD(3), TD(4)])
  })
})

describe('scheduled-tasks of a services: environment', () => {
  const servicesYaml = (entries: string) =>
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      `    scheduled-tasks: ${entries}`,
      '    services:',
      '      web: { container: web }',
      '      worker: { container: worker }'
    ].join('\n')
  const withWorker = (ecs: FakeEcs) => {
    const worker = ecs.addTaskDefinition({
      ...base,
      family: 'worker',
      containerDefinitions: [{ name: 'worker', image: 'old' }]
    })
    ecs.addService({ name: 'worker', taskDefinition: worker })
  }

  it('each schedule follows the service of its family; a rollback puts both back', async () => {
    const scheduler = new FakeScheduler()
      .add('default', 'web-report', FakeScheduler.ecsSchedule(TD(1)))
      .add('default', 'worker-sweep', FakeScheduler.ecsSchedule(WORKER_TD(1)))
    const ok = await release({
      inputs: {
        config: configFile(servicesYaml('[{ schedule: web-report }, { schedule: worker-sweep }]')),
        cluster: '',
        service: '',
        'container-name': ''
      },
      behaviours: [healthy(), healthy()],
      scheduler,
      before: withWorker
    })
    expect(ok.failures).toEqual([])
    expect(taskDefinitionOf(scheduler.schedules.get('default/web-report'))).toBe(TD(2))
    expect(taskDefinitionOf(scheduler.schedules.get('default/worker-sweep'))).toBe(WORKER_TD(2))
    expect(
      JSON.parse(ok.outputs.targets!).map(
        (t: { kind: string; name: string }) => `${t.kind} ${t.name}`
      )
    ).toEqual([
      'service web',
      'service worker',
      'schedule default/web-report',
      'schedule default/worker-sweep'
    ])
  })

  it('rolled back together: both schedules go back', async () => {
    const scheduler = new FakeScheduler()
      .add('default', 'web-report', FakeScheduler.ecsSchedule(TD(1)))
      .add('default', 'worker-sweep', FakeScheduler.ecsSchedule(WORKER_TD(1)))
    const run = await release({
      inputs: {
        config: configFile(servicesYaml('[{ schedule: web-report }, { schedule: worker-sweep }]')),
        cluster: '',
        service: '',
        'container-name': '',
        'verify-command': 'true'
      },
      behaviours: [healthy(), healthy()],
      scheduler,
      before: withWorker,
      steps: {
        verify: async () => {
          throw new VerificationError('verify-command failed', 'command')
        }
      }
    })
    expect(run.outputs.result).toBe('rolled-back')
    expect(taskDefinitionOf(scheduler.schedules.get('default/web-report'))).toBe(TD(1))
    expect(taskDefinitionOf(scheduler.schedules.get('default/worker-sweep'))).toBe(WORKER_TD(1))
  })

  it('preflight: a schedule of neither service’s family is named', async () => {
    const scheduler = new FakeScheduler().add(
      'default',
      'api-report',
      FakeScheduler.ecsSchedule(API_TD(1))
    )
    const run = await release({
      inputs: {
        config: configFile(servicesYaml('[{ schedule: api-report }]')),
        cluster: '',
        service: '',
        'container-name': ''
      },
      scheduler,
      before: withWorker
    })
    expect(run.failures[0]).toContain(
      'EventBridge Scheduler schedule default/api-report runs task-definition family api, not web or worker'
    )
    expect(run.ecs.count('UpdateService')).toBe(0)
  })
})
