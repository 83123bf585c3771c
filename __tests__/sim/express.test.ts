import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  ResourceNotFoundException,
  InvalidParameterException,
  UpdateExpressGatewayServiceCommand
} from '@aws-sdk/client-ecs'
import { harness, type Harness } from './helpers.js'

// Express Mode services in the simulator: the service behind one is the seeded service.

const API_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/demo/api'
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'ab'.repeat(32)

let h: Harness
afterEach(async () => h?.stop())

function seed(scenario = 'healthy') {
  return {
    seed: {
      services: ['web', { name: 'api', express: { endpoint: 'http://127.0.0.1:1/' }, scenario }]
    }
  }
}

async function describeApi() {
  const out = await h.ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: API_ARN }))
  return out.service!
}

async function update(image = IMAGE) {
  const service = await describeApi()
  const container = service.activeConfigurations![0]!.primaryContainer!
  return h.ecs.send(
    new UpdateExpressGatewayServiceCommand({
      serviceArn: API_ARN,
      primaryContainer: {
        ...container,
        image,
        environment: [{ name: 'COLOR', value: 'blue' }]
      }
    })
  )
}

describe('Express Mode services', () => {
  it('DescribeExpressGatewayService shows the seeded service: ACTIVE, its container Main’s image, its endpoint', async () => {
    h = await harness('healthy', seed())
    const service = await describeApi()
    expect(service).toMatchObject({
      serviceName: 'api',
      cluster: 'demo',
      serviceArn: API_ARN,
      status: { statusCode: 'ACTIVE' }
    })
    const [active] = service.activeConfigurations!
    expect(active).toMatchObject({
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1',
      primaryContainer: {
        containerPort: 8080,
        environment: [{ name: 'APP_ENV', value: 'dev' }]
      },
      ingressPaths: [{ accessType: 'PUBLIC', endpoint: 'http://127.0.0.1:1/' }]
    })
    expect(active!.primaryContainer!.image).toMatch(/\/web:[0-9a-f]{40}$/)
  })

  it('UpdateExpressGatewayService registers the next revision with the container sent whole and rolls it out as a service deployment', async () => {
    h = await harness('healthy', seed())
    const out = await update()
    const target = out.service!.targetConfiguration!
    expect(target.taskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/api:2'
    )
    const registered = await h.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: target.taskDefinitionArn })
    )
    const main = registered.taskDefinition!.containerDefinitions![0]!
    expect(main).toMatchObject({ name: 'Main', image: IMAGE })
    // Replaced whole: APP_ENV was not sent, so it is gone.
    expect(main.environment).toEqual([{ name: 'COLOR', value: 'blue' }])
    h.at(120)
    const described = await h.describe('api')
    expect(described.deployments).toHaveLength(1)
    expect(described.deployments![0]).toMatchObject({
      taskDefinition: target.taskDefinitionArn,
      rolloutState: 'COMPLETED'
    })
    const listed = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api' })
    )
    const newest = await h.ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [listed.serviceDeployments![0]!.serviceDeploymentArn!]
      })
    )
    expect(newest.serviceDeployments![0]).toMatchObject({
      status: 'SUCCESSFUL',
      targetServiceRevision: expect.objectContaining({ arn: expect.any(String) })
    })
  })

  it('an update in a failing scenario ends in a rolled-back service deployment with a stopped-task reason', async () => {
    h = await harness('healthy', seed('circuit-breaker'))
    await update()
    h.at(600)
    const described = await h.describe('api')
    expect(described.taskDefinition).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1'
    )
    const listed = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'api' })
    )
    const newest = await h.ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [listed.serviceDeployments![0]!.serviceDeploymentArn!]
      })
    )
    expect(newest.serviceDeployments![0]!.status).toBe('ROLLBACK_SUCCESSFUL')
    const stopped = described.events!.map(event => event.message).join('\n')
    expect(stopped).toMatch(/circuit breaker|failed/i)
  })

  it('errors as ECS answers them: an unknown or classic service, a name for an ARN', async () => {
    h = await harness('healthy', seed())
    await expect(
      h.ecs.send(
        new DescribeExpressGatewayServiceCommand({ serviceArn: API_ARN.replace('api', 'nope') })
      )
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    await expect(
      h.ecs.send(
        new DescribeExpressGatewayServiceCommand({ serviceArn: API_ARN.replace('api', 'web') })
      )
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    await expect(
      h.ecs.send(new UpdateExpressGatewayServiceCommand({ serviceArn: 'api' }))
    ).rejects.toBeInstanceOf(InvalidParameterException)
  })
})
