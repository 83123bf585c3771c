import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { failingTasks, healthy, type Behaviour } from '../../__fixtures__/fake-ecs.js'
import { TD, base, release } from '../../__fixtures__/release-harness.js'

// Several services in one release (environments.<name>.services): registered, updated and
// watched together, rolled back together.

const WORKER_TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/worker:${revision}`

function config(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-services-'))
  const path = join(dir, 'ecs-flow.yml')
  writeFileSync(
    path,
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    variables: { LOG_LEVEL: info }',
      ...(extra ? [extra] : []),
      '    services:',
      '      web: { container: web }',
      '      worker: { container: worker, desired-count: 3, variables: { LOG_LEVEL: debug } }'
    ].join('\n')
  )
  return path
}

async function twoServices(behaviours: Behaviour[], extra = '') {
  return release({
    inputs: { config: config(extra), cluster: '', service: '', 'container-name': '' },
    behaviours,
    before: ecs => {
      const worker = ecs.addTaskDefinition({
        ...base,
        family: 'worker',
        containerDefinitions: [{ name: 'worker', image: 'old' }]
      })
      ecs.addService({ name: 'worker', taskDefinition: worker })
    }
  })
}

describe('a release of several services', () => {
  it('registers both, updates both, watches both with one DescribeServices per poll', async () => {
    const run = await twoServices([healthy(), healthy()])
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.updates.map(update => update.taskDefinition)).toEqual([TD(2), WORKER_TD(2)])
    // The service's own keys win over the environment's.
    const worker = run.ecs.taskDefinitions.get(WORKER_TD(2))!
    expect(worker.containerDefinitions[0]!.environment).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' }
    ])
    const updateWorker = run.ecs.calls.find(
      call =>
        call.operation === 'UpdateService' &&
        (call.args as { service: string }).service === 'worker'
    )
    expect(updateWorker?.args).toMatchObject({ desiredCount: 3 })
    const polls = run.ecs.calls.filter(call => call.operation === 'DescribeServices')
    const batched = polls.filter(call => (call.args as { names: string[] }).names.length === 2)
    expect(batched.length).toBeGreaterThan(0)
    // Lines of the rollout name their service.
    expect(run.text).toMatch(/^\[worker\] watching deployment/m)
    expect(run.summaries[0]).toMatch(
      /### Services[\s\S]*\| `worker` \| `worker:1` → `worker:2` \| deployed \|/
    )
    expect(JSON.parse(run.outputs.services!)).toMatchObject({
      web: { 'task-definition-arn': TD(2), result: 'deployed' },
      worker: { 'task-definition-arn': WORKER_TD(2), result: 'deployed' }
    })
  })

  it('one crash-loops: both go back to their own last good revision, the failed one named first', async () => {
    const run = await twoServices([healthy(), failingTasks(2)])
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.failures[0]).toMatch(
      /^service worker: \d+ task\(s\) of deployment .* \(worker:2\) failed.*Rolled back: service web runs web:1 again \(rolled back with it\); service worker runs worker:1 again\./
    )
    const updates = run.updates.map(update => update.taskDefinition)
    expect(updates.slice(2).sort()).toEqual([TD(1), WORKER_TD(1)].sort())
  })

  it('rollback-scope failed: only the failed service goes back', async () => {
    const run = await twoServices([healthy(), failingTasks(2)], '    rollback-scope: failed')
    expect(run.outputs.result).toBe('rolled-back')
    // Then what ECS runs, read back: web stays on its new revision, worker is back.
    expect(run.failures[0]).toMatch(
      /Rolled back: service worker runs worker:1 again\. Read back from ECS: service web runs web:2; service worker runs worker:1\.$/
    )
    expect(run.updates.map(update => update.taskDefinition)).toEqual([
      TD(2),
      WORKER_TD(2),
      WORKER_TD(1)
    ])
  })

  it('the service input picks one of the services for this run', async () => {
    const run = await release({
      inputs: { config: config(), cluster: '', service: 'worker', 'container-name': '' },
      before: ecs => {
        const worker = ecs.addTaskDefinition({
          ...base,
          family: 'worker',
          containerDefinitions: [{ name: 'worker', image: 'old' }]
        })
        ecs.addService({ name: 'worker', taskDefinition: worker })
      }
    })
    expect(run.failures).toEqual([])
    expect(run.updates.map(update => update.taskDefinition)).toEqual([WORKER_TD(2)])
  })
})

describe('one-off tasks name a service of the release', () => {
  it('a before-deploy service outside the release is refused before anything runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-hooks-'))
    const path = join(dir, 'ecs-flow.yml')
    writeFileSync(
      path,
      [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    service: web',
        '    before-deploy: { command: [npm, run, migrate], service: api }'
      ].join('\n')
    )
    const run = await release({
      inputs: { config: path, cluster: '', service: '', 'test-command': 'npm test' }
    })
    expect(run.failures[0]).toMatch(
      /before-deploy\.service.*is "api", but environment dev releases web/
    )
    expect(run.exec.commands).toEqual([])
    expect(run.ecs.calls.filter(call => /Register|Update|RunTask/.test(call.operation))).toEqual([])
  })
})
