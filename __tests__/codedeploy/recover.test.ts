import { describe, expect, it } from '@jest/globals'
import { TD, base, release } from '../../__fixtures__/release-harness.js'
import { failingTasks } from '../../__fixtures__/fake-ecs.js'
import type { FakeCodeDeploy } from '../../__fixtures__/fake-codedeploy.js'
import { CodeDeployCallError } from '../../src/aws/codedeploy-api.js'

// The CodeDeploy way back after a timeout: StopDeployment, then GetDeployment until CodeDeploy
// no longer moves the deployment on by itself. That wait sits out a transient error as every
// other wait does (it used to end the rollback on the first one).

const CODE_DEPLOY = { deploymentController: 'CODE_DEPLOY' } as const

/** GetDeployment hangs (a transient DeadlineExceeded) after StopDeployment, `times` times. */
function hangAfterStop(codeDeploy: FakeCodeDeploy, times: number): void {
  let left = times
  codeDeploy.hung.hang('GetDeployment', () => {
    if (codeDeploy.count('StopDeployment') === 0 || left === 0) return false
    left--
    return true
  })
}

/** GetDeployment is throttled after StopDeployment, `times` times. */
function throttleAfterStop(codeDeploy: FakeCodeDeploy, times: number): void {
  let left = times
  const read = codeDeploy.getDeployment.bind(codeDeploy)
  codeDeploy.getDeployment = async (id, options) => {
    if (codeDeploy.count('StopDeployment') > 0 && left-- > 0)
      throw new CodeDeployCallError(
        `CodeDeploy GetDeployment failed for deployment ${id}: ThrottlingException: Rate exceeded`,
        'GetDeployment',
        'ThrottlingException',
        true
      )
    return read(id, options)
  }
}

describe('the CodeDeploy rollback after StopDeployment', () => {
  it('tolerates a transient GetDeployment error, says so once, and rolls back', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      inputs: { timeout: '30s' },
      before: (_ecs, codeDeploy) => {
        codeDeploy.addGroup()
        codeDeploy.outcomes = [{ kind: 'hang', hangAt: 'AfterAllowTraffic' }]
        throttleAfterStop(codeDeploy, 2)
      }
    })
    expect(run.codeDeploy.count('StopDeployment')).toBe(1)
    const tolerated = run.logger.warnings.filter(line => line.includes('tolerated while polling'))
    expect(tolerated).toEqual([
      expect.stringMatching(
        /GetDeployment failed for deployment d-FAKE00001: ThrottlingException: Rate exceeded \(tolerated while polling; further errors like it are not repeated\)/
      )
    ])
    expect(run.failures).toEqual([
      expect.stringMatching(/Rolled back: service web runs web:1 again \(deployment d-FAKE00002\)/)
    ])
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.ecs.service().taskDefinition).toBe(TD(1))
  })

  it('unread until rollback-timeout: fails naming the deployment and the error, within the deadline and grace', async () => {
    const run = await release({
      ...CODE_DEPLOY,
      inputs: { timeout: '30s', 'rollback-timeout': '2m' },
      before: (_ecs, codeDeploy) => {
        codeDeploy.addGroup()
        codeDeploy.outcomes = [{ kind: 'hang', hangAt: 'AfterAllowTraffic' }]
        hangAfterStop(codeDeploy, Infinity)
      }
    })
    const stoppedAt = run.codeDeploy.calls.find(call => call.operation === 'StopDeployment')!
    expect(stoppedAt).toBeDefined()
    expect(run.failures.join('\n')).toMatch(
      /CodeDeploy deployment d-FAKE00001 could not be read for .* after StopDeployment \(CodeDeploy GetDeployment did not answer within .*\): look at it in the CodeDeploy console/
    )
    expect(run.outputs.result).not.toBe('rolled-back')
    // Every read within what was left of the two minutes and the grace.
    const last = run.codeDeploy.hung.budgets.at(-1)!
    const first = run.codeDeploy.hung.budgets[0]!
    expect(last.at + last.ms - first.at).toBeLessThanOrEqual(120_000 + 5_000)
  })

  it('services: (several): the same tolerance when another service failed and web is stopped', async () => {
    const run = await release({
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
      behaviours: [failingTasks()],
      before: (ecs, codeDeploy) => {
        codeDeploy.addGroup()
        codeDeploy.outcomes = [{ kind: 'hang', hangAt: 'AllowTraffic' }]
        const worker = ecs.addTaskDefinition({
          ...base,
          family: 'worker',
          containerDefinitions: [{ name: 'worker', image: 'old' }]
        })
        ecs.addService({ name: 'worker', taskDefinition: worker })
        throttleAfterStop(codeDeploy, 3)
      }
    })
    expect(run.codeDeploy.count('StopDeployment')).toBe(1)
    expect(
      run.logger.warnings.filter(line =>
        /GetDeployment .*ThrottlingException.*tolerated/.test(line)
      )
    ).toHaveLength(1)
    expect(run.failures).toEqual([
      expect.stringMatching(
        /Rolled back: service web runs web:1 again \(rolled back with it\); service worker runs worker:1 again\./
      )
    ])
    expect(run.outputs.result).toBe('rolled-back')
  })
})
