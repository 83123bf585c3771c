import { describe, expect, it } from '@jest/globals'
import { failingTasks, healthy } from '../../__fixtures__/fake-ecs.js'
import { IMAGE, TD, release } from '../../__fixtures__/release-harness.js'
import { STRATEGIES } from '../../src/strategies/index.js'

// A whole run() releasing an Express Mode service against the fake ECS and the fake clock: the
// express strategy from its own folder, chosen by the target's express-service.

const WEB_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/demo/web'
const OLD_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:old'

const expressConfig = (extra: string[] = []) =>
  [
    'environments:',
    '  dev:',
    '    cluster: demo',
    '    express-service: web',
    '    variables:',
    '      COLOR: blue',
    ...extra
  ].join('\n')

function expressRelease(options: Parameters<typeof release>[0] = {}) {
  return release({
    config: expressConfig(),
    inputs: { cluster: '', service: '', 'container-name': '' },
    ...options,
    before: (ecs, codeDeploy) => {
      ecs.addExpressService('demo', 'web', 'https://web.ecs.us-east-1.on.aws')
      options.before?.(ecs, codeDeploy)
    }
  })
}

const operations = (run: Awaited<ReturnType<typeof release>>) =>
  run.ecs.calls.map(call => call.operation)

describe('the express strategy', () => {
  it('is chosen by express-service, not by how DescribeServices shows the service', () => {
    const express = STRATEGIES.all.find(strategy => strategy.name === 'express')!
    expect(
      STRATEGIES.claimedBy({
        environment: 'dev',
        cluster: 'demo',
        service: 'web',
        sidecars: [],
        variables: {},
        secrets: {},
        expressService: 'web'
      })
    ).toBe(express)
    expect(express.matches({ deploymentController: 'ECS' })).toBe(false)
  })

  it('deploys by UpdateExpressGatewayService (no RegisterTaskDefinition, no UpdateService) and watches the deployment to COMPLETED', async () => {
    const run = await expressRelease({ behaviours: [healthy()] })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    const calls = operations(run)
    expect(calls).not.toContain('RegisterTaskDefinition')
    expect(calls).not.toContain('UpdateService')
    // Preflight's read of the Express service is handed to register: one read per release.
    expect(calls.filter(call => call === 'DescribeExpressGatewayService')).toHaveLength(1)
    const updates = run.ecs.calls.filter(call => call.operation === 'UpdateExpressGatewayService')
    expect(updates).toHaveLength(1)
    expect(updates[0]!.args).toEqual({
      arn: WEB_ARN,
      container: {
        image: IMAGE,
        containerPort: 8080,
        environment: [
          { name: 'A', value: '1' },
          { name: 'COLOR', value: 'blue' }
        ],
        secrets: []
      }
    })
    expect(run.outputs['task-definition-arn']).toBe(TD(2))
    expect(run.outputs['previous-task-definition-arn']).toBe(TD(1))
    expect(JSON.parse(run.outputs.services!)).toEqual({
      web: expect.objectContaining({
        kind: 'express',
        url: 'https://web.ecs.us-east-1.on.aws',
        result: 'deployed',
        'task-definition-arn': TD(2)
      })
    })
    expect(run.text).toMatch(/rollout complete/)
    expect(run.text).toContain(
      'task def: registered by ECS on UpdateExpressGatewayService (Express service web)'
    )
    expect(run.state.services![0]!.deployment!.via).toBe('express')
  })

  it('a failure it detects: says the cause and sends the previous container back', async () => {
    const run = await expressRelease({
      behaviours: [failingTasks(4, 'Essential container in task exited'), healthy()]
    })
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.failures[0]).toMatch(
      /\(web:2\) failed .*Essential container in task exited.*Rolled back: service web runs web:3, which ECS registered with the container of web:1/
    )
    const updates = run.ecs.calls.filter(call => call.operation === 'UpdateExpressGatewayService')
    expect(updates).toHaveLength(2)
    expect(updates[1]!.args).toMatchObject({
      arn: WEB_ARN,
      container: { image: OLD_IMAGE, environment: [{ name: 'A', value: '1' }] }
    })
    expect(run.ecs.services.get('demo/web')!.taskDefinition).toBe(TD(3))
  })

  it('preflight names every problem in one run, and nothing is written', async () => {
    const run = await release({
      config: [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web:',
        '        express-service: web',
        '        container: other',
        '      gone:',
        '        express-service: gone'
      ].join('\n'),
      inputs: { cluster: '', service: '', 'container-name': '' },
      before: ecs => {
        ecs.addExpressService('demo', 'web', 'https://web.example', 'DRAINING')
        // A revision of two containers, neither Main: no primary container.
        const web = ecs.services.get('demo/web')!
        const definition = ecs.taskDefinitions.get(web.taskDefinition!)!
        definition.containerDefinitions.push({ name: 'sidecar', image: 'busybox' })
      }
    })
    expect(run.outputs.result).toBe('failed')
    expect(run.failures).toHaveLength(1)
    const [message] = run.failures
    expect(message).toMatch(/an Express service has one container, Main, not other/)
    expect(message).toMatch(/Express service web \(environment dev\) is DRAINING, not ACTIVE/)
    expect(message).toMatch(/Express service web \(environment dev\) has no primary container/)
    expect(message).toMatch(
      /Express service gone \(environment dev\) does not exist \(DescribeExpressGatewayService found no arn:aws:ecs:us-east-1:123456789012:service\/demo\/gone\)/
    )
    expect(operations(run).filter(call => /^(Update|Register|Create)/.test(call))).toEqual([])
  })

  it('dry-run prints the whole UpdateExpressGatewayService request and sends none', async () => {
    const run = await expressRelease({
      inputs: { cluster: '', service: '', 'container-name': '', 'dry-run': 'true' }
    })
    expect(run.failures).toEqual([])
    expect(run.text).toContain(
      `dry-run: would update Express service ${WEB_ARN} (UpdateExpressGatewayService)`
    )
    expect(run.text).toContain(`"image": "${IMAGE}"`)
    // Variables by name: their values never reach the log.
    expect(run.text).toMatch(/"name": "COLOR",\s+"value": "\(not shown\)"/)
    expect(run.text).not.toContain('blue')
    expect(operations(run)).not.toContain('UpdateExpressGatewayService')
    expect(run.outputs['task-definition-arn']).toBe('')
  })
})
