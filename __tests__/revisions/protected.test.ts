import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { FakeEvents } from '../../__fixtures__/fake-events.js'
import { base, TD } from '../../__fixtures__/release-harness.js'
import { ProtectionReadError, protectedRevisions } from '../../src/revisions/protected.js'
import type { ConfigFile, EnvironmentConfig, Target } from '../../src/settings/types.js'

// What keep-revisions must leave standing, read from a fake ECS and EventBridge: services of
// every environment shape, rules nobody listed, tasks outside any service, and failed reads.

const BATCH = 'arn:aws:ecs:us-east-1:123456789012:cluster/batch'

const env = (fields: Partial<EnvironmentConfig>): EnvironmentConfig => ({
  variables: {},
  secrets: {},
  values: {},
  resourceTags: {},
  scheduledTasks: [],
  ...fields
})

const CONFIG: ConfigFile = {
  environments: {
    dev: env({ cluster: 'demo', service: 'web' }),
    staging: env({ cluster: 'batch', services: { 'web-staging': {}, worker: {} } })
  }
}

const TARGET: Target = {
  environment: 'dev',
  cluster: 'demo',
  service: 'web',
  sidecars: [],
  variables: {},
  secrets: {}
}

/** web:1..web:8; web on web:8 (rollback web:1); staging's worker on web:3, before it web:2. */
function world() {
  const ecs = new FakeEcs(new FakeClock())
  for (let revision = 1; revision <= 8; revision++) ecs.addTaskDefinition(base)
  ecs.addService({ cluster: 'demo', name: 'web', taskDefinition: TD(8) })
  ecs.addService({ cluster: 'batch', name: 'web-staging', taskDefinition: TD(3) })
  const worker = ecs.addService({ cluster: 'batch', name: 'worker', taskDefinition: TD(3) })
  worker.completed.unshift({
    arn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/batch/worker/a',
    taskDefinition: TD(2)
  })
  const events = new FakeEvents()
    .addRule('nightly-report', [{ ...FakeEvents.ecsTarget('report', TD(4)), Arn: BATCH }])
    .addRule('elsewhere', [
      {
        ...FakeEvents.ecsTarget('other', TD(6)),
        Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/unrelated'
      }
    ])
  return { ecs, events }
}

const release = { family: 'web', deployed: TD(8), rollbackTarget: TD(1), knownArns: [TD(8)] }

const byRevision = (found: { arn: string; reason: string }[]) => {
  const out: Record<string, string[]> = {}
  for (const { arn, reason } of found) (out[arn.split('/').pop()!] ??= []).push(reason)
  return out
}

describe('protectedRevisions', () => {
  it('keeps what services of both shapes, rules of the named clusters and running tasks run', async () => {
    const { ecs, events } = world()
    await ecs.runTask({
      cluster: 'demo',
      taskDefinition: TD(5),
      startedBy: 'migration-by-hand',
      overrides: { containerOverrides: [] }
    })
    const found = byRevision(await protectedRevisions({ ecs, events }, TARGET, CONFIG, release))
    expect(found).toEqual({
      'web:8': ['deployed now on service web', 'runs on service web in cluster demo'],
      'web:1': ['the rollback target of service web'],
      'web:3': [
        'runs on service web-staging in cluster batch',
        'runs on service worker in cluster batch'
      ],
      'web:2': ['the rollback target of service worker in cluster batch'],
      'web:4': ['run by target report of EventBridge rule nightly-report in cluster batch'],
      'web:5': [
        expect.stringMatching(
          /^task oneoff\d+ runs it in cluster demo, started by migration-by-hand$/
        )
      ]
    })
    // The rule of an unrelated cluster was never read.
    expect(found['web:6']).toBeUndefined()
    expect(ecs.calls.filter(call => call.operation === 'ListTasks').map(call => call.args)).toEqual(
      [
        { cluster: 'demo', family: 'web', desiredStatus: 'RUNNING' },
        { cluster: 'batch', family: 'web', desiredStatus: 'RUNNING' }
      ]
    )
  })

  it('names a lone task by its id, and counts the tasks one starter runs on one revision', async () => {
    const { ecs, events } = world()
    for (const startedBy of ['nightly', 'nightly', 'by-hand'])
      await ecs.runTask({
        cluster: 'batch',
        taskDefinition: TD(6),
        startedBy,
        overrides: { containerOverrides: [] }
      })
    const found = byRevision(await protectedRevisions({ ecs, events }, TARGET, CONFIG, release))
    expect(found['web:6']).toEqual([
      '2 tasks run it in cluster batch, started by nightly',
      expect.stringMatching(/^task oneoff\d+ runs it in cluster batch, started by by-hand$/)
    ])
  })

  it.each([
    [
      'ListRuleNamesByTarget',
      'the EventBridge rules that target cluster demo (ListRuleNamesByTarget)'
    ],
    ['ListTargetsByRule', 'the targets of EventBridge rule nightly-report (ListTargetsByRule)']
  ])('a denied %s throws, naming the read', async (operation, read) => {
    const { ecs, events } = world()
    events.failing.set(operation, new Error('AccessDeniedException: not authorized'))
    const failed = protectedRevisions({ ecs, events }, TARGET, CONFIG, release)
    await expect(failed).rejects.toThrow(ProtectionReadError)
    await expect(failed).rejects.toThrow(`could not read ${read}: AccessDeniedException`)
  })

  it.each([
    ['ListServices', 'the services of cluster demo (ListServices)'],
    ['DescribeServices', 'service web in cluster demo (DescribeServices)'],
    [
      'ListServiceDeployments',
      'the deployment history of service web-staging in cluster batch (ListServiceDeployments)'
    ],
    ['ListTasks', 'the running tasks of family web in cluster demo (ListTasks)']
  ])('a failed %s throws, naming the read', async (operation, read) => {
    const { ecs, events } = world()
    ecs.failCalls(operation, new Error('ThrottlingException: Rate exceeded'))
    const failed = protectedRevisions({ ecs, events }, TARGET, CONFIG, release)
    await expect(failed).rejects.toThrow(`could not read ${read}: ThrottlingException`)
  })

  it('a failed DescribeTasks of the running tasks throws, naming the read', async () => {
    const { ecs, events } = world()
    await ecs.runTask({
      cluster: 'batch',
      taskDefinition: TD(2),
      startedBy: 'x',
      overrides: { containerOverrides: [] }
    })
    ecs.failCalls('DescribeTasks', new Error('AccessDeniedException: no'))
    await expect(protectedRevisions({ ecs, events }, TARGET, CONFIG, release)).rejects.toThrow(
      'could not read 1 running task(s) of family web in cluster batch (DescribeTasks)'
    )
  })
})
