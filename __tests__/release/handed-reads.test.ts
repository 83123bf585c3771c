import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { base, release } from '../../__fixtures__/release-harness.js'
import { HandedReads } from '../../src/release/handed-reads.js'
import { STEPS } from '../../src/steps/index.js'

function world() {
  const ecs = new FakeEcs(new FakeClock())
  const v1 = ecs.addTaskDefinition(base)
  ecs.addService({ taskDefinition: v1 })
  const handed = new HandedReads()
  return { ecs, v1, handed, api: handed.wrap(ecs) }
}

const operations = (ecs: FakeEcs) => ecs.calls.map(call => call.operation)

describe('HandedReads', () => {
  it('hands what preflight read to the next reader once, then asks ECS again', async () => {
    const { ecs, v1, handed, api } = world()
    const seen = await api.describeServices('demo', ['web', 'gone'])
    const revision = await api.describeTaskDefinition(v1)
    handed.hand()
    expect(await api.describeServices('demo', ['web', 'gone'])).toEqual(seen)
    expect(await api.describeTaskDefinition(v1)).toEqual(revision)
    expect(operations(ecs)).toEqual(['DescribeServices', 'DescribeTaskDefinition'])
    await api.describeServices('demo', ['web'])
    await api.describeTaskDefinition(v1)
    expect(operations(ecs)).toEqual([
      'DescribeServices',
      'DescribeTaskDefinition',
      'DescribeServices',
      'DescribeTaskDefinition'
    ])
  })

  it('a service missing from ECS is handed over as missing, with its reason', async () => {
    const { handed, api } = world()
    const seen = await api.describeServices('demo', ['gone'])
    handed.hand()
    const again = await api.describeServices('demo', ['gone'])
    expect(again).toEqual(seen)
    expect(again.missing).toEqual([{ service: 'gone', reason: expect.any(String) }])
  })

  it('a read of services preflight did not all see goes to ECS', async () => {
    const { ecs, v1, handed, api } = world()
    ecs.addService({ name: 'worker', taskDefinition: v1 })
    await api.describeServices('demo', ['web'])
    handed.hand()
    await api.describeServices('demo', ['web', 'worker'])
    await api.describeServices('other', ['web'])
    expect(operations(ecs)).toEqual(['DescribeServices', 'DescribeServices', 'DescribeServices'])
  })

  it('polls are never handed over nor recorded', async () => {
    const { ecs, handed, api } = world()
    await api.describeServices('demo', ['web'], { polling: true })
    handed.hand()
    await api.describeServices('demo', ['web'], { polling: true })
    await api.describeServices('demo', ['web'])
    expect(operations(ecs)).toEqual(['DescribeServices', 'DescribeServices', 'DescribeServices'])
  })

  it('closed (a step other than register ran), every read goes to ECS', async () => {
    const { ecs, v1, handed, api } = world()
    await api.describeServices('demo', ['web'])
    await api.describeTaskDefinition(v1)
    handed.hand()
    handed.close()
    await api.describeServices('demo', ['web'])
    await api.describeTaskDefinition(v1)
    expect(ecs.calls).toHaveLength(4)
  })

  it('reads after the hand-off are not kept for later readers', async () => {
    const { ecs, v1, handed, api } = world()
    handed.hand()
    await api.describeTaskDefinition(v1)
    await api.describeTaskDefinition(v1)
    expect(operations(ecs)).toEqual(['DescribeTaskDefinition', 'DescribeTaskDefinition'])
  })

  it('every step but register closes the hand-off before it runs', async () => {
    const closedBy: string[] = []
    for (const name of Object.keys(STEPS) as (keyof typeof STEPS)[]) {
      const handed = new HandedReads()
      handed.close = () => void closedBy.push(name)
      const closing = handed.closingOn({ ...STEPS, [name]: async () => undefined })
      await (closing[name] as () => Promise<unknown>)()
    }
    expect(closedBy).toEqual(Object.keys(STEPS).filter(name => name !== 'register'))
  })

  it('other calls go to ECS as they are', async () => {
    const { ecs, api } = world()
    await api.listServices('demo')
    expect(operations(ecs)).toEqual(['ListServices'])
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
