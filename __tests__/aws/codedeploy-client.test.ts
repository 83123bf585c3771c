import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { CodeDeployCallError } from '../../src/aws/codedeploy-api.js'
import { createCodeDeployApi } from '../../src/aws/codedeploy-client.js'
import { buildAppSpec } from '../../src/codedeploy/appspec.js'
import { startSimulator } from '../../sim/server.js'

// The CodeDeploy adapter over the real SDK, against the simulator on loopback (manual clock).

const credentials = { accessKeyId: 'x', secretAccessKey: 'y' }
const clock = { current: Date.UTC(2026, 0, 1, 12), now: () => clock.current }
let sim: Awaited<ReturnType<typeof startSimulator>>
let api: ReturnType<typeof createCodeDeployApi>
let revision: string

beforeAll(async () => {
  sim = await startSimulator({ port: 0, scenario: 'codedeploy-hook-fails', clock })
  const client = new CodeDeployClient({ region: 'us-east-1', endpoint: sim.url, credentials })
  const polls = new CodeDeployClient({
    region: 'us-east-1',
    endpoint: sim.url,
    credentials,
    maxAttempts: 1
  })
  api = createCodeDeployApi({ AWS_REGION: 'us-east-1' }, undefined, client, polls)
  const ecs = new ECSClient({ region: 'us-east-1', endpoint: sim.url, credentials })
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'web:new', essential: true }]
    })
  )
  revision = out.taskDefinition!.taskDefinitionArn!
  ecs.destroy()
})
afterAll(async () => {
  await sim.stop()
})

describe('the CodeDeploy adapter', () => {
  it('reads a deployment group into our type, and a missing one (or application) as undefined', async () => {
    expect(await api.getDeploymentGroup('AppECS-demo-web', 'DgpECS-demo-web')).toEqual({
      application: 'AppECS-demo-web',
      name: 'DgpECS-demo-web',
      computePlatform: 'ECS',
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      ecsServices: [{ cluster: 'demo', service: 'web' }],
      targetGroups: ['web-blue', 'web-green'],
      autoRollback: { enabled: true, events: ['DEPLOYMENT_FAILURE'] }
    })
    expect(await api.getDeploymentGroup('AppECS-demo-web', 'other')).toBeUndefined()
    expect(await api.getDeploymentGroup('other', 'DgpECS-demo-web')).toBeUndefined()
  })

  it('creates a deployment from AppSpec content and follows it: deployment, target, lifecycle events', async () => {
    const start = clock.current
    const id = await api.createDeployment({
      application: 'AppECS-demo-web',
      deploymentGroup: 'DgpECS-demo-web',
      appSpec: buildAppSpec({
        taskDefinitionArn: revision,
        containerName: 'web',
        containerPort: 8080
      }),
      description: 'ecs-flow test'
    })
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/)
    clock.current = start + 5000
    const failed = await api.getDeployment(id, { polling: true })
    expect(failed).toEqual({
      id,
      status: 'Failed',
      error: {
        code: 'HOOK_EXECUTION_FAILURE',
        message:
          'The deployment failed because the AfterAllowTestTraffic lifecycle event hook returned Failed.'
      },
      rollback: {
        deploymentId: expect.stringMatching(/^d-/),
        triggeredBy: undefined,
        message: expect.stringContaining(`Deployment ${id} was rolled back`)
      },
      createdAt: start,
      completedAt: start + 5000
    })
    const [targetId] = await api.listDeploymentTargets(id)
    expect(targetId).toBe('demo:web')
    const target = await api.getDeploymentTarget(id, targetId!, { polling: true })
    expect(target?.status).toBe('Failed')
    expect(target?.lifecycleEvents[4]).toEqual({
      name: 'AfterAllowTestTraffic',
      status: 'Failed',
      startedAt: start + 4000,
      endedAt: start + 5000,
      diagnostics: {
        errorCode: 'ScriptFailed',
        scriptName: 'AfterAllowTestTrafficHook',
        message:
          'The deployment failed because the AfterAllowTestTraffic lifecycle event hook returned Failed.',
        logTail: ''
      }
    })
    clock.current = start + 8000
  })

  it('stops a deployment with autoRollbackEnabled', async () => {
    clock.current += 60_000
    const id = await api.createDeployment({
      application: 'AppECS-demo-web',
      deploymentGroup: 'DgpECS-demo-web',
      appSpec: buildAppSpec({
        taskDefinitionArn: revision,
        containerName: 'web',
        containerPort: 8080
      })
    })
    clock.current += 2000
    expect(await api.stopDeployment(id)).toEqual({
      status: 'Succeeded',
      message: 'The deployment was stopped.'
    })
    expect(sim.state().codeDeploy.stopDeployments).toEqual([
      expect.objectContaining({ deploymentId: id, autoRollbackEnabled: true })
    ])
  })

  it('fails as a CodeDeployCallError naming the operation and what it was about', async () => {
    const error = await api.getDeployment('d-NOSUCHONE').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CodeDeployCallError)
    expect(error).toMatchObject({
      operation: 'GetDeployment',
      code: 'DeploymentDoesNotExistException',
      message: expect.stringMatching(
        /^CodeDeploy GetDeployment failed for deployment d-NOSUCHONE: DeploymentDoesNotExistException: /
      )
    })
  })
})
