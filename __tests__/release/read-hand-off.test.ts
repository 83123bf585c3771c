import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { base, release } from '../../__fixtures__/release-harness.js'
import {
  liveServiceOf,
  noReads,
  readLiveService,
  readTaskDefinition,
  taskDefinitionOf
} from '../../src/aws/read-hand-off.js'
import { STEPS } from '../../src/steps/index.js'

function world() {
  const ecs = new FakeEcs(new FakeClock())
  const v1 = ecs.addTaskDefinition(base)
  ecs.addService({ taskDefinition: v1 })
  return { ecs, v1, reads: noReads() }
}

const operations = (ecs: FakeEcs) => ecs.calls.map(call => call.operation)

describe('PreflightReads', () => {
  it('hands what preflight read to the next reader once, then asks ECS again', async () => {
    const { ecs, v1, reads } = world()
    const seen = await readLiveService(ecs, 'demo', 'web', reads)
    const revision = await readTaskDefinition(ecs, v1, reads)
    expect(seen?.name).toBe('web')
    expect(await liveServiceOf(ecs, 'demo', 'web', reads)).toEqual(seen)
    expect(await taskDefinitionOf(ecs, v1, reads)).toEqual(revision)
    expect(operations(ecs)).toEqual(['DescribeServices', 'DescribeTaskDefinition'])
    await liveServiceOf(ecs, 'demo', 'web', reads)
    await taskDefinitionOf(ecs, v1, reads)
    expect(operations(ecs)).toEqual([
      'DescribeServices',
      'DescribeTaskDefinition',
      'DescribeServices',
      'DescribeTaskDefinition'
    ])
  })

  it('a service missing from ECS is handed over as missing', async () => {
    const { ecs, reads } = world()
    expect(await readLiveService(ecs, 'demo', 'gone', reads)).toBeUndefined()
    expect(reads.services.has('demo/gone')).toBe(true)
    expect(await liveServiceOf(ecs, 'demo', 'gone', reads)).toBeUndefined()
    expect(operations(ecs)).toEqual(['DescribeServices'])
  })

  it('a service preflight did not read goes to ECS', async () => {
    const { ecs, v1, reads } = world()
    ecs.addService({ name: 'worker', taskDefinition: v1 })
    await readLiveService(ecs, 'demo', 'web', reads)
    expect((await liveServiceOf(ecs, 'demo', 'worker', reads))?.name).toBe('worker')
    await liveServiceOf(ecs, 'other', 'web', reads)
    expect(operations(ecs)).toEqual(['DescribeServices', 'DescribeServices', 'DescribeServices'])
  })

  it('without a hand-off (a step ran in between), every read goes to ECS', async () => {
    const { ecs, v1, reads } = world()
    await readLiveService(ecs, 'demo', 'web', reads)
    await readTaskDefinition(ecs, v1, reads)
    await liveServiceOf(ecs, 'demo', 'web', undefined)
    await taskDefinitionOf(ecs, v1, undefined)
    expect(ecs.calls).toHaveLength(4)
  })

  it('reads after the hand-off are not kept for later readers', async () => {
    const { ecs, v1, reads } = world()
    await taskDefinitionOf(ecs, v1, reads)
    await taskDefinitionOf(ecs, v1, reads)
    expect(operations(ecs)).toEqual(['DescribeTaskDefinition', 'DescribeTaskDefinition'])
  })
})

describe('the executor hands preflight reads to register', () => {
  /** The services whose reads register was handed, per call (undefined: no hand-off). */
  async function handedToRegister(inputs: Record<string, string> = {}) {
    const handed: (string[] | undefined)[] = []
    const run = await release({
      inputs,
      steps: {
        register: (context, input) => {
          handed.push(input.handed && [...input.handed.services.keys()])
          return STEPS.register(context, input)
        }
      }
    })
    expect(run.failures).toEqual([])
    return handed
  }

  it('when no step ran before register, what preflight read', async () => {
    expect(await handedToRegister()).toEqual([['demo/web']])
  })

  it('when a step ran before register (the test command), nothing', async () => {
    expect(await handedToRegister({ 'test-command': 'npm test' })).toEqual([undefined])
  })
})

describe('a release hands preflight reads to register', () => {
  it('when a step ran in between (the test command), register reads afresh', async () => {
    const run = await release({ inputs: { 'test-command': 'npm test' } })
    expect(run.failures).toEqual([])
    const beforeUpdate = run.ecs.calls.map(call => call.operation)
    expect(beforeUpdate.slice(0, beforeUpdate.indexOf('RegisterTaskDefinition'))).toEqual([
      'DescribeServices',
      'DescribeTaskDefinition',
      'DescribeServices',
      'DescribeTaskDefinition'
    ])
  })

  it('when nothing ran in between, register uses what preflight read', async () => {
    const run = await release()
    expect(run.failures).toEqual([])
    const beforeUpdate = run.ecs.calls.map(call => call.operation)
    expect(beforeUpdate.slice(0, beforeUpdate.indexOf('RegisterTaskDefinition'))).toEqual([
      'DescribeServices',
      'DescribeTaskDefinition'
    ])
  })
})

describe('a release hands preflight reads on as before', () => {
  const beforeUpdate = (run: Awaited<ReturnType<typeof release>>) => {
    const calls = run.ecs.calls.map(call => call.operation)
    return calls.slice(0, calls.indexOf('UpdateService'))
  }

  it('a revision deployed as it is: its revision and the service, read once by preflight', async () => {
    const run = await release({ inputs: { image: '', 'task-definition': 'web:1' } })
    expect(run.failures).toEqual([])
    // The service already runs it, so the rollback target comes from the history.
    expect(beforeUpdate(run)).toEqual([
      'DescribeServices',
      'DescribeTaskDefinition',
      'ListServiceDeployments'
    ])
  })

  it('two services: each reads what preflight read of it, and a revision both run once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-handed-'))
    const config = join(dir, 'ecs-flow.yml')
    writeFileSync(
      config,
      [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: { container: web }',
        '      worker: { container: web }'
      ].join('\n')
    )
    const run = await release({
      inputs: { config, cluster: '', service: '', 'container-name': '' },
      before: ecs => {
        const running = ecs.services.get('demo/web')!.taskDefinition!
        ecs.addService({ name: 'worker', taskDefinition: running })
      }
    })
    expect(run.failures).toEqual([])
    expect(beforeUpdate(run)).toEqual([
      'DescribeServices',
      'DescribeTaskDefinition',
      'DescribeServices',
      'DescribeTaskDefinition',
      'RegisterTaskDefinition',
      'DescribeTaskDefinition',
      'RegisterTaskDefinition'
    ])
  })
})
