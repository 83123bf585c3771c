import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  ClientException,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type ListTaskDefinitionsCommandInput
} from '@aws-sdk/client-ecs'
import { harness, type Harness } from './helpers.js'

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/'
const WEB_SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/demo/web'

let h: Harness
beforeEach(async () => {
  h = await harness('healthy')
})
afterEach(async () => h.stop())

async function register(family: string, tags?: { key: string; value: string }[]) {
  const out = await h.ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: family, image: `img/${family}:x` }],
      tags
    })
  )
  return out.taskDefinition?.taskDefinitionArn as string
}

async function listAll(input: ListTaskDefinitionsCommandInput) {
  const arns: string[] = []
  let nextToken: string | undefined
  let pages = 0
  do {
    const out = await h.ecs.send(new ListTaskDefinitionsCommand({ ...input, nextToken }))
    arns.push(...(out.taskDefinitionArns ?? []))
    nextToken = out.nextToken
    pages++
  } while (nextToken)
  return { arns, pages }
}

describe('task-definition housekeeping', () => {
  it('ListTaskDefinitions: family prefix, sort, status and real pagination', async () => {
    await register('web') // web:2
    await register('web') // web:3
    await register('worker') // worker:1
    await register('webhook') // webhook:1
    expect((await listAll({})).arns).toEqual([
      `${TD}web:1`,
      `${TD}web:2`,
      `${TD}web:3`,
      `${TD}webhook:1`,
      `${TD}worker:1`
    ])
    const paged = await listAll({ familyPrefix: 'web', sort: 'DESC', maxResults: 2 })
    expect(paged).toEqual({
      arns: [`${TD}webhook:1`, `${TD}web:3`, `${TD}web:2`, `${TD}web:1`],
      pages: 2
    })
    await h.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }))
    expect((await listAll({ familyPrefix: 'web', status: 'INACTIVE' })).arns).toEqual([
      `${TD}web:2`
    ])
    expect((await listAll({ familyPrefix: 'web' })).arns).not.toContain(`${TD}web:2`)
    await expect(
      h.ecs.send(new ListTaskDefinitionsCommand({ nextToken: 'forged' }))
    ).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(
      h.ecs.send(new ListTaskDefinitionsCommand({ maxResults: 101 }))
    ).rejects.toBeInstanceOf(InvalidParameterException)
  })

  it('Deregister makes a revision INACTIVE; the family then resolves to the latest ACTIVE one', async () => {
    await register('web') // web:2
    const out = await h.ecs.send(
      new DeregisterTaskDefinitionCommand({ taskDefinition: `${TD}web:2` })
    )
    expect(out.taskDefinition).toMatchObject({ revision: 2, status: 'INACTIVE' })
    expect(out.taskDefinition?.deregisteredAt).toBeInstanceOf(Date)
    const latest = await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))
    expect(latest.taskDefinition?.revision).toBe(1)
    const inactive = await h.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web:2' })
    )
    expect(inactive.taskDefinition?.status).toBe('INACTIVE')
    await expect(
      h.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web' }))
    ).rejects.toBeInstanceOf(ClientException)
  })

  it('DeleteTaskDefinitions deletes INACTIVE revisions only, failures for the others', async () => {
    await register('web') // web:2
    await h.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }))
    const out = await h.ecs.send(
      new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:2', 'web:1', 'nope:9'] })
    )
    expect(out.taskDefinitions?.map(t => [t.taskDefinitionArn, t.status])).toEqual([
      [`${TD}web:2`, 'DELETE_IN_PROGRESS']
    ])
    expect(out.taskDefinitions?.[0]?.deleteRequestedAt).toBeInstanceOf(Date)
    expect(out.failures).toEqual([
      {
        arn: `${TD}web:1`,
        reason: 'The specified task definition is still in ACTIVE status. Deregister it first.'
      },
      { arn: 'nope:9', reason: 'The specified task definition does not exist.' }
    ])
    expect((await listAll({ status: 'DELETE_IN_PROGRESS' })).arns).toEqual([`${TD}web:2`])
    await expect(
      h.ecs.send(
        new DeleteTaskDefinitionsCommand({
          taskDefinitions: Array.from({ length: 11 }, (_, i) => `web:${i + 1}`)
        })
      )
    ).rejects.toBeInstanceOf(InvalidParameterException)
  })
})

describe('tags', () => {
  it('RegisterTaskDefinition tags, DescribeTaskDefinition include TAGS, TagResource/UntagResource', async () => {
    const arn = await register('job', [{ key: 'team', value: 'db' }])
    const described = await h.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'job:1', include: ['TAGS'] })
    )
    expect(described.tags).toEqual([{ key: 'team', value: 'db' }])
    await h.ecs.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'release', value: 'v3' }
        ]
      })
    )
    await h.ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['release'] }))
    const listed = await h.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))
    expect(listed.tags).toEqual([{ key: 'team', value: 'platform' }])
  })

  it('services: TagResource, ListTagsForResource and DescribeServices include TAGS', async () => {
    await h.ecs.send(
      new TagResourceCommand({
        resourceArn: WEB_SERVICE,
        tags: [{ key: 'ecs-flow:release', value: 'abc123' }]
      })
    )
    const listed = await h.ecs.send(new ListTagsForResourceCommand({ resourceArn: WEB_SERVICE }))
    expect(listed.tags).toEqual([{ key: 'ecs-flow:release', value: 'abc123' }])
    const out = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'demo', services: ['web'], include: ['TAGS'] })
    )
    expect(out.services?.[0]?.tags).toEqual([{ key: 'ecs-flow:release', value: 'abc123' }])
    const plain = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'demo', services: ['web'] })
    )
    expect(plain.services?.[0]?.tags).toBeUndefined()
    await expect(
      h.ecs.send(
        new ListTagsForResourceCommand({
          resourceArn: 'arn:aws:ecs:us-east-1:123456789012:service/demo/nope'
        })
      )
    ).rejects.toBeInstanceOf(InvalidParameterException)
    expect(h.sim.state().calls).toMatchObject({ TagResource: 1, ListTagsForResource: 2 })
  })
})
