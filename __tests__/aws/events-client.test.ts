import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { retarget } from '../../src/aws/events-api.js'
import { createEventsApi } from '../../src/aws/events-client.js'
import { startSimulator } from '../../sim/server.js'

// The EventBridge adapter over the real SDK, against the simulator on loopback.

const TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`
const target = {
  Id: 'report',
  Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
  RoleArn: 'arn:aws:iam::123456789012:role/web-dev-events',
  Input: '{"containerOverrides":[{"name":"web","command":["report"]}]}',
  EcsParameters: {
    TaskDefinitionArn: TD(1),
    TaskCount: 2,
    LaunchType: 'FARGATE',
    NetworkConfiguration: {
      awsvpcConfiguration: { Subnets: ['subnet-1'], AssignPublicIp: 'DISABLED' }
    }
  }
}

let sim: Awaited<ReturnType<typeof startSimulator>>
let api: ReturnType<typeof createEventsApi>
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: { rules: [{ name: 'nightly', targets: [target] }] } })
  const client = new EventBridgeClient({
    region: 'us-east-1',
    endpoint: sim.url,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' }
  })
  api = createEventsApi({ AWS_REGION: 'us-east-1' }, undefined, client)
})
afterAll(async () => {
  await sim.stop()
})

describe('createEventsApi', () => {
  it('answers undefined for a rule that does not exist', async () => {
    expect(await api.describeRule('gone')).toBeUndefined()
    expect(await api.listTargetsByRule('gone')).toBeUndefined()
    expect(await api.describeRule('nightly')).toMatchObject({ name: 'nightly', state: 'ENABLED' })
  })

  it('lists the rules with a target on a cluster ARN, and none for another', async () => {
    expect(await api.listRuleNamesByTarget(target.Arn)).toEqual(['nightly'])
    expect(
      await api.listRuleNamesByTarget('arn:aws:ecs:us-east-1:123456789012:cluster/other')
    ).toEqual([])
  })

  it('reads the ECS targets and puts one back changed only in its revision', async () => {
    const [found] = (await api.listTargetsByRule('nightly'))!
    expect(found).toMatchObject({ id: 'report', taskDefinitionArn: TD(1) })
    expect(await api.putTargets('nightly', [retarget(found!, TD(2))])).toEqual([])
    const [after] = (await api.listTargetsByRule('nightly'))!
    expect(after!.raw).toEqual({
      ...target,
      EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: TD(2) }
    })
  })

  it('names the operation and rule when EventBridge refuses the call', async () => {
    const noRole = { ...(await api.listTargetsByRule('nightly'))![0]! }
    noRole.raw = { ...noRole.raw, RoleArn: undefined }
    await expect(api.putTargets('nightly', [noRole])).rejects.toThrow(
      /EventBridge PutTargets failed for rule nightly \(target report\): ValidationException/
    )
  })
})
