import { describe, expect, it } from '@jest/globals'
import type { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { release } from '../../__fixtures__/release-harness.js'
import type { StartedDeployment } from '../../src/core/state.js'
import type { Target } from '../../src/settings/types.js'
import { STEPS } from '../../src/steps/index.js'
import { STRATEGIES, confirmedStrategy } from '../../src/strategies/index.js'

// The strategy is chosen once, from the service as preflight reads it; UpdateService's answer
// confirms it, and a service that changed how it deploys in between stops the release.

const target: Target = {
  environment: 'dev',
  cluster: 'demo',
  service: 'web',
  sidecars: [],
  variables: {},
  secrets: {}
}
const started = (kind: Partial<StartedDeployment>): StartedDeployment => ({
  id: 'ecs-svc/2',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
  createdService: false,
  deploymentController: 'ECS',
  ...kind
})
const named = (name: string) => STRATEGIES.all.find(strategy => strategy.name === name)!

describe('confirmedStrategy', () => {
  it('the answer confirms the choice', () => {
    expect(
      confirmedStrategy(STRATEGIES, target, named('staged'), started({ strategy: 'CANARY' }), false)
        .name
    ).toBe('staged')
  })

  it('a service created by the release: the answer chooses', () => {
    expect(
      confirmedStrategy(STRATEGIES, target, undefined, started({ strategy: 'LINEAR' }), false).name
    ).toBe('staged')
  })

  it('a dry run: the predicted answer says nothing against the choice', () => {
    expect(confirmedStrategy(STRATEGIES, target, named('staged'), started({}), true).name).toBe(
      'staged'
    )
  })

  it('a mismatch is an error naming both, and the deployment ECS started', () => {
    expect(() =>
      confirmedStrategy(
        STRATEGIES,
        target,
        named('rolling'),
        started({ strategy: 'BLUE_GREEN' }),
        false
      )
    ).toThrow(
      'service web in cluster demo changed how it deploys during the release: preflight read it as rolling, but ECS answered the deployment as staged (ECS deployment controller, strategy BLUE_GREEN). Deployment ecs-svc/2 was started; look at the service, then run the release again'
    )
  })
})

describe('a service that changes its strategy between preflight and deploy', () => {
  it('fails the release at deploy, naming both, and watches nothing', async () => {
    let ecs: FakeEcs | undefined
    const run = await release({
      before: fake => (ecs = fake),
      steps: {
        // Someone makes the service blue/green after preflight read it as rolling.
        register: async (context, input) => {
          const registration = await STEPS.register(context, input)
          ecs!.service().strategy = 'BLUE_GREEN'
          return registration
        }
      }
    })
    expect(run.updates).toHaveLength(1)
    expect(run.failures[0]).toMatch(
      /preflight read it as rolling, but ECS answered the deployment as staged \(ECS deployment controller, strategy BLUE_GREEN\)/
    )
    expect(run.state.steps.find(step => step.step === 'deploy')?.outcome).toBe('failure')
    expect(run.state.steps.some(step => step.step === 'wait')).toBe(false)
    expect(run.outputs.result).toBe('failed')
  })
})
