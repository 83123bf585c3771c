import { describe, expect, it } from '@jest/globals'
import { ECS_LIFECYCLE_EVENTS } from '../../src/codedeploy/lifecycle.js'
import { VerificationError } from '../../src/util/errors.js'
import { CodeDeployCallError } from '../../src/aws/codedeploy-api.js'
import { IMAGE, TD, base, release } from '../../__fixtures__/release-harness.js'
import type { FakeCodeDeployOutcome } from '../../__fixtures__/fake-codedeploy.js'
import { failingTasks, healthy, type Behaviour } from '../../__fixtures__/fake-ecs.js'

// A CODE_DEPLOY service's release end to end through run(): preflight checks the deployment
// group, deploy creates a CodeDeploy deployment, wait follows its lifecycle events, and a
// failure of ours stops it (or deploys the previous revision) through CodeDeploy.

const CODE_DEPLOY = { deploymentController: 'CODE_DEPLOY' } as const

interface AppSpec {
  Resources: {
    TargetService: {
      Properties: {
        TaskDefinition: string
        LoadBalancerInfo: { ContainerName: string; ContainerPort: number }
      }
    }
  }[]
  Hooks?: Record<string, string>[]
}
const appSpecOf = (args: unknown) => JSON.parse((args as { appSpec: string }).appSpec) as AppSpec

describe('a release of a CODE_DEPLOY service', () => {
  it('deploys through CodeDeploy, prints each lifecycle event once, and reads the revision back', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      before: (_ecs, codeDeploy) => codeDeploy.addGroup()
    })
    expect(run.failures).toEqual([])
    expect(run.ecs.count('UpdateService')).toBe(0)
    const created = run.codeDeploy.calls.filter(call => call.operation === 'CreateDeployment')
    expect(created).toHaveLength(1)
    expect(created[0]!.args).toMatchObject({
      application: 'AppECS-demo-web',
      deploymentGroup: 'DgpECS-demo-web'
    })
    expect(appSpecOf(created[0]!.args).Resources[0]!.TargetService.Properties).toEqual({
      TaskDefinition: TD(2),
      LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 }
    })
    for (const event of ECS_LIFECYCLE_EVENTS) {
      const lines = run.text.split('\n').filter(line => line.includes(`lifecycle event ${event} `))
      expect(lines).toEqual([
        expect.stringMatching(new RegExp(`lifecycle event ${event} Succeeded`))
      ])
    }
    expect(run.outputs).toMatchObject({
      result: 'deployed',
      'task-definition-arn': TD(2),
      'deployment-id': 'd-FAKE00001',
      image: IMAGE
    })
    expect(run.ecs.service().taskDefinition).toBe(TD(2))
  })

  it('a throttled poll is tolerated and spaces the polls out, never closer than the interval', async () => {
    const polledAt: number[] = []
    const run = await release({
      ...CODE_DEPLOY,
      before: (_ecs, codeDeploy) => {
        codeDeploy.addGroup()
        codeDeploy.eventSeconds = 4
        const real = codeDeploy.getDeployment.bind(codeDeploy)
        codeDeploy.getDeployment = async (...args) => {
          polledAt.push(codeDeploy.clock.now())
          // The 2nd and 3rd polls are throttled.
          if (polledAt.length === 2 || polledAt.length === 3)
            throw new CodeDeployCallError(
              'CodeDeploy GetDeployment: Rate exceeded',
              'GetDeployment',
              'ThrottlingException',
              true
            )
          return real(...args)
        }
      }
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.text.match(/Rate exceeded/g)).toHaveLength(1)
    const gaps = polledAt.slice(1).map((at, i) => at - polledAt[i]!)
    // poll-interval 3 s is a floor; two throttled polls widen the spacing to 2.25 intervals, the
    // answer after them narrows it to 1.5: the next answered poll comes at least 4.5 s later.
    expect(gaps.length).toBeGreaterThanOrEqual(4)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(3000)
    expect(gaps[3]).toBeGreaterThanOrEqual(4500)
  })

  it('fails naming the lifecycle event and the error, and leaves the rollback to CodeDeploy', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      before: (_ecs, codeDeploy) => {
        codeDeploy.addGroup()
        codeDeploy.outcomes = [
          {
            kind: 'fail',
            failAt: 'AfterAllowTestTraffic',
            message: 'smoke test: 503',
            rollback: true
          }
        ]
      }
    })
    expect(run.failures).toEqual([
      expect.stringMatching(
        /CodeDeploy deployment d-FAKE00001 of service web in cluster demo Failed at lifecycle event AfterAllowTestTraffic: HOOK_EXECUTION_FAILURE: smoke test: 503; ScriptFailed: smoke test: 503; CodeDeploy rolled back \(rollback deployment d-FAKE00002.*ecs-flow leaves the rollback to CodeDeploy/
      )
    ])
    expect(run.outputs.result).toBe('failed')
    expect(run.codeDeploy.count('StopDeployment')).toBe(0)
    expect(run.codeDeploy.count('CreateDeployment')).toBe(1)
    expect(run.ecs.service().taskDefinition).toBe(TD(1))
  })

  it('stops a deployment that outlives the timeout (autoRollbackEnabled) and watches the rollback', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      inputs: { timeout: '30s' },
      before: (_ecs, codeDeploy) => {
        codeDeploy.addGroup()
        codeDeploy.outcomes = [{ kind: 'hang', hangAt: 'AfterAllowTraffic' }]
      }
    })
    expect(run.codeDeploy.count('StopDeployment')).toBe(1)
    expect(run.failures).toEqual([
      expect.stringMatching(
        /did not finish within 30s \(input timeout\): it is InProgress, lifecycle event AfterAllowTraffic InProgress\. Rolled back: service web runs web:1 again \(deployment d-FAKE00002\)/
      )
    ])
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.ecs.service().taskDefinition).toBe(TD(1))
  })

  it('deploys the previous revision through CodeDeploy when verify fails after it Succeeded', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      inputs: { 'verify-url': 'https://app.example.com/health' },
      steps: {
        verify: async () => {
          throw new VerificationError('verify-url answered 500', 'url')
        }
      },
      before: (_ecs, codeDeploy) => codeDeploy.addGroup()
    })
    const created = run.codeDeploy.calls.filter(call => call.operation === 'CreateDeployment')
    expect(
      created.map(
        call => appSpecOf(call.args).Resources[0]!.TargetService.Properties.TaskDefinition
      )
    ).toEqual([TD(2), TD(1)])
    expect(run.codeDeploy.count('StopDeployment')).toBe(0)
    expect(run.ecs.count('UpdateService')).toBe(0)
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.ecs.service().taskDefinition).toBe(TD(1))
  })

  it('names the deployment group and the inputs to set when it does not exist, and the missing load balancer, together', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      before: ecs => {
        ecs.service().loadBalancers = []
      }
    })
    expect(run.failures).toHaveLength(1)
    expect(run.failures[0]).toMatch(/2 problems were found before anything ran/)
    expect(run.failures[0]).toMatch(
      /service web in cluster demo uses the CODE_DEPLOY deployment controller but has no load balancer/
    )
    expect(run.failures[0]).toMatch(
      /deployment group DgpECS-demo-web of CodeDeploy application AppECS-demo-web does not exist \(the names the ECS console gives them, ecs-flow's default\): set codedeploy-application and codedeploy-deployment-group/
    )
    expect(run.ecs.count('RegisterTaskDefinition')).toBe(0)
  })

  it('refuses a deployment group that deploys another service', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      inputs: { 'codedeploy-application': 'shop', 'codedeploy-deployment-group': 'shop-api' },
      before: (_ecs, codeDeploy) =>
        codeDeploy.addGroup({ application: 'shop', name: 'shop-api', service: 'api' })
    })
    expect(run.failures).toEqual([
      'deployment group shop-api of CodeDeploy application shop deploys service api in cluster demo, not service web in cluster demo: set codedeploy-application and codedeploy-deployment-group (inputs, or the same keys of the environment or the service in the config file)'
    ])
  })

  it('takes the application, group and hooks from the config file', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      inputs: { cluster: '', service: '' },
      config: [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    codedeploy-application: shop',
        '    services:',
        '      web:',
        '        codedeploy-deployment-group: shop-web',
        '        codedeploy-hooks:',
        '          AfterAllowTestTraffic: smoke-test'
      ].join('\n'),
      before: (_ecs, codeDeploy) => codeDeploy.addGroup({ application: 'shop', name: 'shop-web' })
    })
    expect(run.failures).toEqual([])
    const created = run.codeDeploy.calls.find(call => call.operation === 'CreateDeployment')!
    expect(created.args).toMatchObject({ application: 'shop', deploymentGroup: 'shop-web' })
    expect(appSpecOf(created.args).Hooks).toEqual([{ AfterAllowTestTraffic: 'smoke-test' }])
  })

  it('prints the CreateDeployment it would send in a dry run, and sends nothing', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      inputs: { 'dry-run': 'true' },
      before: (_ecs, codeDeploy) => codeDeploy.addGroup()
    })
    expect(run.failures).toEqual([])
    expect(run.codeDeploy.count('CreateDeployment')).toBe(0)
    expect(run.text).toMatch(
      /dry-run: would create a CodeDeploy deployment in deployment group DgpECS-demo-web of application AppECS-demo-web \(CreateDeployment\), AppSpec: .*"TaskDefinition":"arn:aws:ecs:.*task-definition\/web:dry-run".*"ContainerPort":8080/
    )
    expect(run.text).toMatch(
      /dry-run: would follow CodeDeploy deployment d-DRYRUN of service web through its lifecycle events until it Succeeded/
    )
  })
})

describe('a release of a CODE_DEPLOY service beside an ECS one (atomic)', () => {
  const twoServices = (options: {
    codeDeployOutcome?: FakeCodeDeployOutcome
    worker: Behaviour[]
  }) =>
    release({
      ...CODE_DEPLOY,
      inputs: { cluster: '', service: '', 'container-name': '', 'max-failed-tasks': '0' },
      config: [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: { container: web }',
        '      worker: { container: worker }'
      ].join('\n'),
      behaviours: options.worker,
      before: (ecs, codeDeploy) => {
        codeDeploy.addGroup()
        if (options.codeDeployOutcome) codeDeploy.outcomes = [options.codeDeployOutcome]
        const worker = ecs.addTaskDefinition({
          ...base,
          family: 'worker',
          containerDefinitions: [{ name: 'worker', image: 'old' }]
        })
        ecs.addService({ name: 'worker', taskDefinition: worker })
      }
    })

  it('stops the CodeDeploy deployment still under way when the ECS service fails', async () => {
    const run = await twoServices({
      codeDeployOutcome: { kind: 'hang', hangAt: 'AllowTraffic' },
      worker: [failingTasks()]
    })
    expect(run.codeDeploy.count('StopDeployment')).toBe(1)
    expect(run.failures).toEqual([
      expect.stringMatching(
        /\(worker:2\) failed to start or stay running.*Rolled back: service web runs web:1 again \(rolled back with it\); service worker runs worker:1 again\./
      )
    ])
    expect(run.ecs.service().taskDefinition).toBe(TD(1))
    expect(run.outputs.result).toBe('rolled-back')
  })

  it('watches both at once: a CodeDeploy failure ends the watch while the ECS rollout is still under way', async () => {
    // The worker's rollout would take 10 minutes; CodeDeploy fails at its fifth event (~10 s).
    const run = await twoServices({
      codeDeployOutcome: {
        kind: 'fail',
        failAt: 'AfterAllowTestTraffic',
        message: 'smoke test: 503',
        rollback: true
      },
      worker: [healthy({ start: 2, running: 6, drain: 590, complete: 600 })]
    })
    expect(run.failures).toEqual([
      expect.stringMatching(
        /^CodeDeploy deployment d-FAKE00001 of service web .*Failed at lifecycle event AfterAllowTestTraffic.*Rolled back: service worker runs worker:1 again \(rolled back with it\)\./
      )
    ])
    // CodeDeploy rolled web back itself; ecs-flow put the worker back, long before its 600 s.
    expect(run.codeDeploy.count('StopDeployment')).toBe(0)
    expect(run.ecs.service('worker').taskDefinition).toMatch(/worker:1$/)
    expect(Number(run.outputs['elapsed-seconds'])).toBeLessThan(120)
    expect(run.outputs.result).toBe('rolled-back')
  })

  it('deploys the previous revision through CodeDeploy when the CODE_DEPLOY one had Succeeded', async () => {
    // The ECS service's failure shows only after CodeDeploy succeeded: verify fails for worker.
    const run = await release({
      ...CODE_DEPLOY,
      inputs: { cluster: '', service: '', 'container-name': '' },
      config: [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: { container: web }',
        '      worker: { container: worker, verify-url: "https://worker.example.com/health" }'
      ].join('\n'),
      steps: {
        verify: async (_context, input) => {
          if (input.target.service === 'worker')
            throw new VerificationError('worker answered 500', 'url')
        }
      },
      before: (ecs, codeDeploy) => {
        codeDeploy.addGroup()
        const worker = ecs.addTaskDefinition({
          ...base,
          family: 'worker',
          containerDefinitions: [{ name: 'worker', image: 'old' }]
        })
        ecs.addService({ name: 'worker', taskDefinition: worker })
      }
    })
    const created = run.codeDeploy.calls.filter(call => call.operation === 'CreateDeployment')
    expect(
      created.map(
        call => appSpecOf(call.args).Resources[0]!.TargetService.Properties.TaskDefinition
      )
    ).toEqual([TD(2), TD(1)])
    expect(run.codeDeploy.count('StopDeployment')).toBe(0)
    expect(run.ecs.service().taskDefinition).toBe(TD(1))
    expect(run.outputs.result).toBe('rolled-back')
  })
})
