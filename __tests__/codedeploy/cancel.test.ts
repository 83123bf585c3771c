import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeCodeDeploy } from '../../__fixtures__/fake-codedeploy.js'
import { CodeDeployCallError } from '../../src/aws/codedeploy-api.js'
import { stopCodeDeploymentsOnCancel } from '../../src/codedeploy/cancel.js'
import type { ReleaseState, ServiceRelease } from '../../src/core/state.js'
import type { Target } from '../../src/settings/types.js'

const APPSPEC = JSON.stringify({
  Resources: [{ TargetService: { Properties: { TaskDefinition: 'web:2' } } }]
})
const target = (service: string): Target => ({
  environment: 'dev',
  cluster: 'demo',
  service,
  sidecars: [],
  variables: {},
  secrets: {}
})

async function started(codeDeploy: FakeCodeDeploy, service: string): Promise<ServiceRelease> {
  codeDeploy.addGroup({ service })
  const id = await codeDeploy.createDeployment({
    application: `AppECS-demo-${service}`,
    deploymentGroup: `DgpECS-demo-${service}`,
    appSpec: APPSPEC
  })
  return {
    target: target(service),
    deployment: {
      id,
      taskDefinitionArn: 'web:2',
      createdService: false,
      codeDeploy: {
        application: `AppECS-demo-${service}`,
        deploymentGroup: `DgpECS-demo-${service}`
      }
    }
  }
}

describe('a cancelled job', () => {
  it('stops the CodeDeploy deployments under way, skips finished ones, names what it could not stop', async () => {
    const clock = new FakeClock()
    const codeDeploy = new FakeCodeDeploy(clock)
    codeDeploy.outcomes = [{ kind: 'succeed' }, { kind: 'hang', hangAt: 'AllowTraffic' }]
    const done = await started(codeDeploy, 'web')
    const running = await started(codeDeploy, 'api')
    const broken = { ...(await started(codeDeploy, 'worker')) }
    broken.deployment = { ...broken.deployment!, id: 'd-GONE' }
    clock.advance(60_000)
    const state: ReleaseState = { steps: [], services: [done, running, broken] }
    const said = await stopCodeDeploymentsOnCancel(state, {
      aws: { codeDeploy: () => codeDeploy } as never
    })
    expect(
      codeDeploy.calls.filter(call => call.operation === 'StopDeployment').map(call => call.args)
    ).toEqual([{ id: done.deployment!.id }, { id: running.deployment!.id }, { id: 'd-GONE' }])
    expect(said).toBe(
      `CodeDeploy deployment ${running.deployment!.id} of service api was stopped with its rollback requested (StopDeployment); ` +
        'CodeDeploy deployment d-GONE of service worker could not be stopped: CodeDeploy StopDeployment failed for deployment d-GONE: DeploymentDoesNotExistException; stop it in the CodeDeploy console'
    )
  })

  it('says nothing when the release started no CodeDeploy deployment', async () => {
    const codeDeploy = {
      stopDeployment: async () => {
        throw new CodeDeployCallError('never called', 'StopDeployment', 'X', false)
      }
    }
    const state: ReleaseState = { steps: [], services: [{ target: target('web') }] }
    expect(
      await stopCodeDeploymentsOnCancel(state, { aws: { codeDeploy: () => codeDeploy } as never })
    ).toBeUndefined()
  })
})
