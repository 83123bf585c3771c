import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  DeploymentAlreadyCompletedException,
  DeploymentGroupDoesNotExistException,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  InvalidRevisionException,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand
} from '@aws-sdk/client-codedeploy'
import { UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { CODEDEPLOY_SCENARIOS, SCENARIOS } from '../../sim/server.js'
import { credentials, harness, registerWebRevision, type Harness } from './helpers.js'

let h: Harness
let codeDeploy: CodeDeployClient
afterEach(async () => {
  codeDeploy?.destroy()
  await h?.stop()
})

async function start(scenario: string) {
  h = await harness(scenario)
  codeDeploy = new CodeDeployClient({
    region: 'us-east-1',
    endpoint: h.sim.url,
    credentials,
    maxAttempts: 1
  })
}

const appSpec = (taskDefinition: string, port = 8080) =>
  JSON.stringify({
    version: '0.0',
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: taskDefinition,
            LoadBalancerInfo: { ContainerName: 'web', ContainerPort: port }
          }
        }
      }
    ]
  })

async function create(taskDefinition: string, port = 8080): Promise<string> {
  const out = await codeDeploy.send(
    new CreateDeploymentCommand({
      applicationName: 'AppECS-demo-web',
      deploymentGroupName: 'DgpECS-demo-web',
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content: appSpec(taskDefinition, port) }
      }
    })
  )
  h.at(0)
  return out.deploymentId!
}

async function events(deploymentId: string) {
  const out = await codeDeploy.send(
    new GetDeploymentTargetCommand({ deploymentId, targetId: 'demo:web' })
  )
  return out.deploymentTarget?.ecsTarget?.lifecycleEvents?.map(
    e => `${e.lifecycleEventName} ${e.status}`
  )
}

const status = async (deploymentId: string) =>
  (await codeDeploy.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!

describe('CodeDeploy in the simulator', () => {
  it('keeps the CodeDeploy scenarios out of the list the benchmark loops over', () => {
    expect(Object.keys(CODEDEPLOY_SCENARIOS)).toEqual([
      'codedeploy-healthy',
      'codedeploy-hook-fails'
    ])
    expect(Object.keys(SCENARIOS).filter(name => name.startsWith('codedeploy'))).toEqual([])
  })

  it('seeds the deployment group the ECS console creates, for a CODE_DEPLOY service behind a load balancer', async () => {
    await start('codedeploy-healthy')
    const group = await codeDeploy.send(
      new GetDeploymentGroupCommand({
        applicationName: 'AppECS-demo-web',
        deploymentGroupName: 'DgpECS-demo-web'
      })
    )
    expect(group.deploymentGroupInfo).toMatchObject({
      computePlatform: 'ECS',
      ecsServices: [{ serviceName: 'web', clusterName: 'demo' }],
      loadBalancerInfo: {
        targetGroupPairInfoList: [{ targetGroups: [{ name: 'web-blue' }, { name: 'web-green' }] }]
      },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] }
    })
    const service = await h.describe()
    expect(service.deploymentController).toEqual({ type: 'CODE_DEPLOY' })
    expect(service.loadBalancers).toEqual([
      expect.objectContaining({ containerName: 'web', containerPort: 8080 })
    ])
    await expect(
      codeDeploy.send(
        new GetDeploymentGroupCommand({
          applicationName: 'AppECS-demo-web',
          deploymentGroupName: 'nope'
        })
      )
    ).rejects.toBeInstanceOf(DeploymentGroupDoesNotExistException)
  })

  it('walks the lifecycle events on its clock; the service runs the new revision once traffic moved', async () => {
    await start('codedeploy-healthy')
    const td = await registerWebRevision(h)
    const id = await create(td)
    h.at(4.5)
    expect(await events(id)).toEqual([
      'BeforeInstall Succeeded',
      'Install Succeeded',
      'AfterInstall Succeeded',
      'AllowTestTraffic Succeeded',
      'AfterAllowTestTraffic InProgress',
      'BeforeAllowTraffic Pending',
      'AllowTraffic Pending',
      'AfterAllowTraffic Pending'
    ])
    expect((await h.describe()).taskSets?.map(set => set.status)).toEqual(['PRIMARY', 'ACTIVE'])
    expect((await status(id)).status).toBe('InProgress')
    h.at(8)
    expect((await status(id)).status).toBe('Succeeded')
    const service = await h.describe()
    expect(service.taskDefinition).toBe(td)
    expect(service.taskSets?.map(set => [set.status, set.taskDefinition])).toEqual([
      ['PRIMARY', td]
    ])
    await expect(
      codeDeploy.send(new StopDeploymentCommand({ deploymentId: id }))
    ).rejects.toBeInstanceOf(DeploymentAlreadyCompletedException)
  })

  it('fails AfterAllowTestTraffic with a hook error and rolls back by itself (codedeploy-hook-fails)', async () => {
    await start('codedeploy-hook-fails')
    const td = await registerWebRevision(h)
    const id = await create(td)
    h.at(5)
    const failed = await status(id)
    expect(failed).toMatchObject({
      status: 'Failed',
      errorInformation: {
        code: 'HOOK_EXECUTION_FAILURE',
        message:
          'The deployment failed because the AfterAllowTestTraffic lifecycle event hook returned Failed.'
      }
    })
    expect(await events(id)).toEqual([
      'BeforeInstall Succeeded',
      'Install Succeeded',
      'AfterInstall Succeeded',
      'AllowTestTraffic Succeeded',
      'AfterAllowTestTraffic Failed',
      'BeforeAllowTraffic Skipped',
      'AllowTraffic Skipped',
      'AfterAllowTraffic Skipped'
    ])
    const rollback = failed.rollbackInfo!.rollbackDeploymentId!
    h.at(8)
    expect(await status(rollback)).toMatchObject({
      status: 'Succeeded',
      rollbackInfo: { rollbackTriggeringDeploymentId: id }
    })
    const service = await h.describe()
    expect(service.taskDefinition).toMatch(/task-definition\/web:1$/)
    expect(service.taskSets?.map(set => set.status)).toEqual(['PRIMARY'])
  })

  it('stops a deployment with autoRollbackEnabled: Stopped, and a rollback deployment takes the traffic back', async () => {
    await start('codedeploy-healthy')
    const td = await registerWebRevision(h)
    const id = await create(td)
    h.at(7.5)
    expect((await h.describe()).taskDefinition).toBe(td)
    await codeDeploy.send(
      new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true })
    )
    const stopped = await status(id)
    expect(stopped).toMatchObject({ status: 'Stopped', errorInformation: { code: 'MANUAL_STOP' } })
    h.at(11)
    expect((await status(stopped.rollbackInfo!.rollbackDeploymentId!)).status).toBe('Succeeded')
    expect((await h.describe()).taskDefinition).toMatch(/task-definition\/web:1$/)
    expect(h.sim.state().codeDeploy.stopDeployments).toEqual([
      expect.objectContaining({ deploymentId: id, autoRollbackEnabled: true, status: 'InProgress' })
    ])
  })

  it("refuses an AppSpec that does not match the service's load balancer, and UpdateService of a revision", async () => {
    await start('codedeploy-healthy')
    const td = await registerWebRevision(h)
    await expect(create(td, 9999)).rejects.toBeInstanceOf(InvalidRevisionException)
    await expect(
      h.ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'web', taskDefinition: td }))
    ).rejects.toThrow(
      /Unable to update task definition on services with a CODE_DEPLOY deployment controller/
    )
    const id = await create(td)
    const targets = await codeDeploy.send(new ListDeploymentTargetsCommand({ deploymentId: id }))
    expect(targets.targetIds).toEqual(['demo:web'])
  })
})
