import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { healthy } from '../../__fixtures__/fake-ecs.js'
import {
  blueGreen,
  makeBlueGreen,
  type BlueGreenOptions
} from '../../__fixtures__/fake-blue-green.js'
import { TD, base, release } from '../../__fixtures__/release-harness.js'

// Two jobs against one blue/green service of the fake ECS whose deployments stop at a PAUSE
// hook: the first (on-pause approve) ends paused; the second (flow continue) answers the hook
// with its decision and, on continue, watches the deployment to its end as the release would.

const REVIEWER = {
  GITHUB_ACTOR: 'octo-reviewer',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '4242'
}

async function pausedRelease(
  pauses: BlueGreenOptions['pauses'] = [{ stage: 'POST_TEST_TRAFFIC_SHIFT' }]
) {
  const first = await release({
    behaviours: [blueGreen({ pauses })],
    before: ecs =>
      makeBlueGreen(ecs, ecs.service(), {
        bakeTimeInMinutes: 0,
        pauseStages: pauses.map(pause => pause.stage)
      })
  })
  expect(first.outputs.result).toBe('paused')
  return first
}

type Paused = Awaited<ReturnType<typeof pausedRelease>>
const continueCalls = (paused: Paused) =>
  paused.ecs.calls
    .filter(call => call.operation === 'ContinueServiceDeployment')
    .map(call => call.args as { arn: string; hookId: string; action: string })
const fromOutputs = (paused: Paused) => ({
  'service-deployment': paused.outputs['paused-service-deployment']!,
  'hook-id': paused.outputs['paused-hook']!
})

describe('flow continue after on-pause approve', () => {
  it('the actor and run URL are escaped in the summary', async () => {
    const paused = await pausedRelease()
    const job = await paused.later(
      { flow: 'continue', environment: 'dev', decision: 'continue' },
      { ...REVIEWER, GITHUB_ACTOR: 'eve<img src=x>|[a](b)', GITHUB_REPOSITORY: 'acme/`shop' }
    )
    expect(job.outputs.result).toBe('deployed')
    const line = job.summaries[0]!.split('\n').find(each => each.startsWith('Paused at'))!
    expect(line).not.toContain('<img')
    expect(line).not.toContain('|[a](b)')
    expect(line).toContain('``https://github.com/acme/`shop/actions/runs/4242``')
  })

  it('decision continue with the first job outputs: CONTINUE, watched to SUCCESSFUL, deployed; the summary names who', async () => {
    const paused = await pausedRelease()
    const job = await paused.later(
      { flow: 'continue', environment: 'dev', decision: 'continue', ...fromOutputs(paused) },
      REVIEWER
    )
    expect(job.failures).toEqual([])
    expect(job.outputs.result).toBe('deployed')
    expect(continueCalls(paused)).toEqual([
      {
        arn: paused.outputs['paused-service-deployment'],
        hookId: paused.outputs['paused-hook'],
        action: 'CONTINUE'
      }
    ])
    expect(job.outputs['task-definition-arn']).toBe(TD(2))
    expect(job.outputs['previous-task-definition-arn']).toBe(TD(1))
    expect(job.state.stages?.[0]?.end).toMatchObject({ status: 'successful' })
    expect(paused.ecs.service().taskDefinition).toBe(TD(2))
    expect(job.text).toContain(
      'ContinueServiceDeployment CONTINUE (decision continue, by the continue job of octo-reviewer in https://github.com/acme/shop/actions/runs/4242): the deployment goes on from POST_TEST_TRAFFIC_SHIFT'
    )
    expect(job.summaries[0]).toContain(
      'CONTINUE by the continue job of octo-reviewer (run `https://github.com/acme/shop/actions/runs/4242`)'
    )
  })

  it('without the outputs: the paused service is found by reading the environment', async () => {
    const paused = await pausedRelease()
    const job = await paused.later({ flow: 'continue', environment: 'dev', decision: 'continue' })
    expect(job.failures).toEqual([])
    expect(job.outputs.result).toBe('deployed')
    expect(continueCalls(paused).map(call => call.hookId)).toEqual([paused.outputs['paused-hook']])
    expect(job.text).toContain(
      'decision: continue, the paused services found by reading the environment'
    )
    expect(job.text).toContain('steps:    continue -> wait')
  })

  it('decision rollback: ROLLBACK, ECS rolls back in place, the job ends rolled-back without failing', async () => {
    const paused = await pausedRelease()
    const job = await paused.later({
      flow: 'continue',
      environment: 'dev',
      decision: 'rollback',
      ...fromOutputs(paused)
    })
    expect(job.failures).toEqual([])
    expect(job.outputs.result).toBe('rolled-back')
    expect(continueCalls(paused).map(call => call.action)).toEqual(['ROLLBACK'])
    expect(paused.ecs.count('StopServiceDeployment')).toBe(0)
    const arn = paused.outputs['paused-service-deployment']!
    expect((await paused.ecs.describeServiceDeployment(arn))?.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(JSON.parse(job.outputs.services!)).toMatchObject({ web: { result: 'rolled-back' } })
    expect(job.state.steps.map(step => step.step)).toEqual(['continue'])
  })

  it('two hooks: each ends a job paused again; the third job sees it to its end', async () => {
    const paused = await pausedRelease([
      { stage: 'POST_SCALE_UP' },
      { stage: 'POST_PRODUCTION_TRAFFIC_SHIFT' }
    ])
    expect(paused.outputs['paused-hook']).toBe('hook-POST_SCALE_UP-1000002')
    const second = await paused.later({
      flow: 'continue',
      environment: 'dev',
      decision: 'continue'
    })
    expect(second.failures).toEqual([])
    expect(second.outputs.result).toBe('paused')
    expect(second.outputs['paused-hook']).toBe('hook-POST_PRODUCTION_TRAFFIC_SHIFT-1000002')
    const third = await paused.later({
      flow: 'continue',
      environment: 'dev',
      decision: 'continue',
      'service-deployment': second.outputs['paused-service-deployment']!,
      'hook-id': second.outputs['paused-hook']!
    })
    expect(third.outputs.result).toBe('deployed')
    expect(continueCalls(paused).map(call => call.hookId)).toEqual([
      'hook-POST_SCALE_UP-1000002',
      'hook-POST_PRODUCTION_TRAFFIC_SHIFT-1000002'
    ])
  })

  it('bad inputs are all reported in one run, nothing answered: no decision, an ARN of another service', async () => {
    const paused = await pausedRelease()
    const job = await paused.later({
      flow: 'continue',
      environment: 'dev',
      'service-deployment':
        'arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/api/0123456789abcdef'
    })
    expect(job.failures).toHaveLength(1)
    expect(job.failures[0]).toContain(
      'input decision: flow continue needs a decision and none was given.'
    )
    expect(job.failures[0]).toContain(
      'input service-deployment: "arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/api/0123456789abcdef" is not a service deployment of environment dev\'s services (web in cluster demo)'
    )
    expect(continueCalls(paused)).toEqual([])
  })

  it('a misspelled decision is refused naming the input and its choices', async () => {
    const paused = await pausedRelease()
    const job = await paused.later({ flow: 'continue', environment: 'dev', decision: 'contniue' })
    expect(job.failures[0]).toMatch(/decision.*"contniue"/)
    expect(job.failures[0]).toContain('continue')
    expect(continueCalls(paused)).toEqual([])
  })

  it('a hook that no longer awaits action (answered by an earlier job): refused in preflight', async () => {
    const paused = await pausedRelease()
    await paused.later({
      flow: 'continue',
      environment: 'dev',
      decision: 'continue',
      ...fromOutputs(paused)
    })
    const again = await paused.later({
      flow: 'continue',
      environment: 'dev',
      decision: 'rollback',
      ...fromOutputs(paused)
    })
    expect(again.failures[0]).toMatch(
      /^Invalid input: input hook-id: PAUSE hook hook-POST_TEST_TRAFFIC_SHIFT-1000002 is \w+ and service deployment web\/\S+ in cluster demo is SUCCESSFUL/
    )
    expect(continueCalls(paused)).toHaveLength(1)
  })

  it('nothing paused in the environment: a clear error, nothing answered', async () => {
    const run = await release({
      inputs: { flow: 'continue', environment: 'dev', decision: 'continue', image: '' }
    })
    expect(run.failures[0]).toContain(
      'no service of environment dev (web in cluster demo) has a service deployment awaiting action at a PAUSE hook: nothing to continue'
    )
    expect(run.ecs.count('ContinueServiceDeployment')).toBe(0)
  })

  it('dry-run: the ContinueServiceDeployment intent is printed, the hook stays paused', async () => {
    const paused = await pausedRelease()
    const job = await paused.later({
      flow: 'continue',
      environment: 'dev',
      decision: 'continue',
      'dry-run': 'true',
      ...fromOutputs(paused)
    })
    expect(job.failures).toEqual([])
    expect(job.outputs.result).toBe('planned')
    expect(job.text).toMatch(
      /dry-run: would answer the paused lifecycle hook hook-POST_TEST_TRAFFIC_SHIFT-1000002 of service deployment \S+ with CONTINUE/
    )
    expect(continueCalls(paused)).toEqual([])
  })
})

/** web (blue/green, pausing) and worker (rolling): the first job pauses web, worker finishes. */
async function pausedWithWorker() {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-continue-'))
  const config = join(dir, 'ecs-flow.yml')
  writeFileSync(
    config,
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    services:',
      '      web: { container: web }',
      '      worker: { container: worker }'
    ].join('\n')
  )
  const first = await release({
    inputs: { config, cluster: '', service: '', 'container-name': '' },
    behaviours: [
      blueGreen({ pauses: [{ stage: 'POST_TEST_TRAFFIC_SHIFT' }] }),
      healthy(),
      healthy()
    ],
    before: ecs => {
      makeBlueGreen(ecs, ecs.service(), {
        bakeTimeInMinutes: 0,
        pauseStages: ['POST_TEST_TRAFFIC_SHIFT']
      })
      const revision = ecs.addTaskDefinition({
        ...base,
        family: 'worker',
        containerDefinitions: [{ name: 'worker', image: 'old' }]
      })
      ecs.addService({ name: 'worker', taskDefinition: revision })
    }
  })
  expect(first.outputs.result).toBe('paused')
  return first
}

const WORKER_TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/worker:${revision}`

describe('flow continue, decision rollback, in a services: release', () => {
  it('with the first job services output: the finished worker goes back too', async () => {
    const paused = await pausedWithWorker()
    expect(paused.ecs.service('worker').taskDefinition).toBe(WORKER_TD(2))
    const job = await paused.later({
      flow: 'continue',
      environment: 'dev',
      decision: 'rollback',
      'released-services': paused.outputs.services!
    })
    expect(job.failures).toEqual([])
    expect(job.outputs.result).toBe('rolled-back')
    expect(paused.ecs.service('worker').taskDefinition).toBe(WORKER_TD(1))
    expect(JSON.parse(job.outputs.services!)).toMatchObject({
      web: { result: 'rolled-back' },
      worker: { result: 'rolled-back', 'previous-task-definition-arn': WORKER_TD(1) }
    })
  })

  it('without it: only the paused web is rolled back, the worker stays', async () => {
    const paused = await pausedWithWorker()
    const job = await paused.later({ flow: 'continue', environment: 'dev', decision: 'rollback' })
    expect(job.outputs.result).toBe('rolled-back')
    expect(paused.ecs.service('worker').taskDefinition).toBe(WORKER_TD(2))
    expect(Object.keys(JSON.parse(job.outputs.services!) as object)).toEqual(['web'])
  })

  it('a worker someone deployed since is left as it is, said in a warning', async () => {
    const paused = await pausedWithWorker()
    const since = paused.ecs.addTaskDefinition({
      ...base,
      family: 'worker',
      containerDefinitions: [{ name: 'worker', image: 'hotfix' }]
    })
    paused.ecs.service('worker').taskDefinition = since
    paused.ecs.service('worker').deployments[0]!.taskDefinition = since
    const job = await paused.later({
      flow: 'continue',
      environment: 'dev',
      decision: 'rollback',
      'released-services': paused.outputs.services!
    })
    expect(job.text).toContain(
      'service worker in cluster demo runs worker:3, not worker:2 that the paused job deployed: it is left as it is'
    )
    expect(paused.ecs.service('worker').taskDefinition).toBe(since)
  })

  it('released-services that is not the services output: refused naming the input, nothing answered', async () => {
    const paused = await pausedWithWorker()
    for (const [given, problem] of [
      ['{not json', 'input released-services: is not JSON'],
      [
        '{"api": {"result": "deployed"}}',
        'input released-services: names service "api", which is not one of environment dev\'s (web, worker)'
      ]
    ] as const) {
      const job = await paused.later({
        flow: 'continue',
        environment: 'dev',
        decision: 'rollback',
        'released-services': given
      })
      expect(job.failures[0]).toContain(problem)
    }
    expect(paused.ecs.count('ContinueServiceDeployment')).toBe(0)
  })
})
