import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  ResourceNotFoundException,
  type Target
} from '@aws-sdk/client-eventbridge'
import { startSimulator } from '../../sim/server.js'
import { ManualClock, credentials, harness, type Harness } from './helpers.js'

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/demo'
const ROLE = 'arn:aws:iam::123456789012:role/ecsEventsRole'
const td = (rev: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${rev}`

const nightly: Target = {
  Id: 'nightly-report',
  Arn: CLUSTER,
  RoleArn: ROLE,
  EcsParameters: {
    TaskDefinitionArn: td(1),
    TaskCount: 1,
    LaunchType: 'FARGATE',
    NetworkConfiguration: {
      awsvpcConfiguration: { Subnets: ['subnet-0a1b2c3d'], AssignPublicIp: 'DISABLED' }
    }
  }
}

let h: Harness
let events: EventBridgeClient
beforeEach(async () => {
  h = await harness('healthy', {
    seed: {
      rules: [
        {
          name: 'web-nightly',
          scheduleExpression: 'cron(0 3 * * ? *)',
          targets: [nightly, { ...nightly, Id: 'cleanup' }]
        }
      ]
    }
  })
  events = new EventBridgeClient({
    region: 'us-east-1',
    endpoint: h.sim.url,
    credentials,
    maxAttempts: 1
  })
})
afterEach(async () => {
  events.destroy()
  await h.stop()
})

describe('EventBridge scheduled tasks', () => {
  it('ListRuleNamesByTarget names the rules with a target on the ARN, on the default bus only', async () => {
    const first = await events.send(
      new ListRuleNamesByTargetCommand({ TargetArn: CLUSTER, Limit: 1 })
    )
    expect(first).toMatchObject({ RuleNames: ['web-nightly'] })
    expect(first.NextToken).toBeUndefined()
    const none = await events.send(
      new ListRuleNamesByTargetCommand({
        TargetArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/other'
      })
    )
    expect(none.RuleNames).toEqual([])
    const otherBus = await events.send(
      new ListRuleNamesByTargetCommand({ TargetArn: CLUSTER, EventBusName: 'custom' })
    )
    expect(otherBus.RuleNames).toEqual([])
  })

  it('DescribeRule and ListTargetsByRule answer the seeded rule', async () => {
    const rule = await events.send(new DescribeRuleCommand({ Name: 'web-nightly' }))
    expect(rule).toMatchObject({
      Name: 'web-nightly',
      Arn: 'arn:aws:events:us-east-1:123456789012:rule/web-nightly',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      EventBusName: 'default'
    })
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: 'web-nightly' }))
    expect(targets.Targets?.map(t => t.Id)).toEqual(['nightly-report', 'cleanup'])
    expect(targets.Targets?.[0]).toEqual(nightly)
    const first = await events.send(new ListTargetsByRuleCommand({ Rule: 'web-nightly', Limit: 1 }))
    expect(first.Targets?.map(t => t.Id)).toEqual(['nightly-report'])
    const second = await events.send(
      new ListTargetsByRuleCommand({ Rule: 'web-nightly', NextToken: first.NextToken })
    )
    expect(second.Targets?.map(t => t.Id)).toEqual(['cleanup'])
    expect(second.NextToken).toBeUndefined()
  })

  it('PutTargets replaces targets by Id, adds new ones, and is recorded', async () => {
    const moved: Target = {
      ...nightly,
      EcsParameters: { ...nightly.EcsParameters, TaskDefinitionArn: td(2) }
    }
    const out = await events.send(
      new PutTargetsCommand({
        Rule: 'web-nightly',
        Targets: [moved, { ...moved, Id: 'extra' }]
      })
    )
    expect(out).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] })
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: 'web-nightly' }))
    expect(
      targets.Targets?.map(t => [t.Id, t.EcsParameters?.TaskDefinitionArn?.split('/').pop()])
    ).toEqual([
      ['nightly-report', 'web:2'],
      ['cleanup', 'web:1'],
      ['extra', 'web:2']
    ])
    const state = h.sim.state()
    expect(state.putTargets).toEqual([
      { at: h.clock.now(), rule: 'web-nightly', targets: [moved, { ...moved, Id: 'extra' }] }
    ])
    expect(state.rules[0]?.targets).toHaveLength(3)
    expect(state.calls).toMatchObject({ PutTargets: 1, ListTargetsByRule: 1 })
  })

  it('errors: unknown rule, ECS target without RoleArn, missing TaskDefinitionArn', async () => {
    await expect(events.send(new DescribeRuleCommand({ Name: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule nope does not exist on EventBus default.'
    })
    await expect(
      events.send(new ListTargetsByRuleCommand({ Rule: 'nope' }))
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    await expect(
      events.send(
        new PutTargetsCommand({
          Rule: 'web-nightly',
          Targets: [{ ...nightly, RoleArn: undefined }]
        })
      )
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Parameter(s) RoleArn must be specified for target: nightly-report.'
    })
    const partial = await events.send(
      new PutTargetsCommand({
        Rule: 'web-nightly',
        Targets: [{ ...nightly, Id: 'bad', EcsParameters: { TaskDefinitionArn: undefined } }]
      })
    )
    expect(partial).toMatchObject({
      FailedEntryCount: 1,
      FailedEntries: [{ TargetId: 'bad', ErrorCode: 'ValidationException' }]
    })
  })

  it('bad rule seeds name the field', async () => {
    const clock = new ManualClock()
    const untyped = JSON.parse('{"rules": [{"name": "r", "targets": [{"Id": "x"}]}]}')
    await expect(startSimulator({ clock, seed: untyped })).rejects.toThrow(
      'seed.rules[0].targets[0] needs an Id and an Arn'
    )
  })
})
