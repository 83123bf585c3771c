import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator } from '../../sim/server.js'
import { ECS_LIFECYCLE_EVENTS } from '../../src/codedeploy/lifecycle.js'
import {
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'

// The bundled action (dist/index.js, run as the runner does) releasing a CODE_DEPLOY service
// through the simulator's CodeDeploy endpoint. timeScale 0.1: each lifecycle event takes 0.1 s.

const TIME_SCALE = 0.1
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`
const LIFECYCLE: readonly string[] = ECS_LIFECYCLE_EVENTS

let sim: Awaited<ReturnType<typeof startSimulator>>
beforeAll(async () => {
  sim = await startSimulator({ scenario: 'codedeploy-healthy', port: 0, timeScale: TIME_SCALE })
})
afterAll(async () => {
  await sim.stop()
})

async function deploy(
  scenario: string,
  inputs: Record<string, string> = {},
  timeScale = TIME_SCALE,
  killOn?: RegExp
): Promise<ActionRun> {
  sim.reset({ scenario, timeScale })
  return runAction({
    ...(killOn ? { killOn } : {}),
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: {
      ...SIMULATOR_TARGET,
      image: IMAGE,
      timeout: '20s',
      'poll-interval': '0.2s',
      ...inputs
    },
    env: simulatorEnv(sim.url)
  })
}

/** The log lines naming one lifecycle event with a final status. */
const eventLines = (run: ActionRun, event: string) =>
  run.stdout
    .split('\n')
    .filter(line => new RegExp(`lifecycle event ${event} (Succeeded|Failed|Skipped)`).test(line))

/** Calls the simulator's ECS API directly, as another tool sharing the account would. */
async function ecsCall(operation: string, body: object): Promise<Record<string, unknown>> {
  const answer = await fetch(sim.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`
    },
    body: JSON.stringify(body)
  })
  return (await answer.json()) as Record<string, unknown>
}

/** Registers `count` more revisions of family web, as Terraform or a colleague would. */
async function registerWeb(count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await ecsCall('RegisterTaskDefinition', {
      family: 'web',
      containerDefinitions: [{ name: 'web', image: `registry.example/web:other-${i}` }]
    })
}

async function activeWebRevisions(): Promise<string[]> {
  const listed = await ecsCall('ListTaskDefinitions', { familyPrefix: 'web' })
  return (listed.taskDefinitionArns as string[]).map(arn => arn.split('/').pop()!)
}

describe('node dist/index.js deploys a CODE_DEPLOY service through CodeDeploy', () => {
  it('keep-revisions after a CodeDeploy release keeps the revision a task outside the service runs', async () => {
    sim.reset({ scenario: 'codedeploy-healthy', timeScale: TIME_SCALE })
    await registerWeb(3) // web:2 .. web:4
    await ecsCall('RunTask', {
      cluster: 'demo',
      taskDefinition: 'web:3',
      startedBy: 'report-by-hand',
      overrides: { containerOverrides: [{ name: 'web', command: ['report', 'sim-hang'] }] }
    })
    const run = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: {
        ...SIMULATOR_TARGET,
        image: IMAGE,
        timeout: '20s',
        'poll-interval': '0.2s',
        'keep-revisions': '1'
      },
      env: simulatorEnv(sim.url)
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('keeping web:5: one of the newest 1; deployed now on service web')
    expect(run.stdout).toMatch(
      /keeping web:3: task \S+ runs it in cluster demo, started by report-by-hand/
    )
    expect(run.stdout).toContain('keeping web:1: the rollback target of service web')
    expect(run.stdout).toContain('deregistered web:2')
    expect(run.stdout).toContain('deregistered web:4')
    expect(await activeWebRevisions()).toEqual(['web:1', 'web:3', 'web:5'])
  })

  it('codedeploy-healthy: every lifecycle event printed once, the revision read back, result deployed', async () => {
    const run = await deploy('codedeploy-healthy')
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    for (const event of LIFECYCLE)
      expect(eventLines(run, event)).toEqual([
        expect.stringMatching(new RegExp(`^  lifecycle event ${event} Succeeded after `))
      ])
    const state = sim.state()
    expect(state.calls.UpdateService ?? 0).toBe(0)
    expect(state.calls.CreateDeployment).toBe(1)
    expect(state.codeDeploy.deployments).toEqual([
      expect.objectContaining({ status: 'Succeeded', taskDefinition: TD(2) })
    ])
    expect(state.services[0]).toMatchObject({ taskDefinition: TD(2) })
    expect(run.outputs).toMatchObject({
      result: 'deployed',
      'task-definition-arn': TD(2),
      'previous-task-definition-arn': TD(1),
      'deployment-id': state.codeDeploy.deployments[0]!.id
    })
    expect(run.summary).toContain('AfterAllowTraffic Succeeded')
  })

  it('codedeploy-hook-fails: names AfterAllowTestTraffic and the error, says CodeDeploy rolled back, result failed', async () => {
    const run = await deploy('codedeploy-hook-fails')
    expect(run.exitCode).not.toBe(0)
    const failure = run.stdout.split('\n').find(line => line.startsWith('::error ')) ?? ''
    expect(failure).toMatch(
      /Failed at lifecycle event AfterAllowTestTraffic: HOOK_EXECUTION_FAILURE: The deployment failed because the AfterAllowTestTraffic lifecycle event hook returned Failed\./
    )
    expect(failure).toMatch(/CodeDeploy rolled back \(rollback deployment d-[A-Z0-9]{9}/)
    expect(failure).toMatch(/ecs-flow leaves the rollback to CodeDeploy/)
    expect(eventLines(run, 'AfterAllowTestTraffic')).toEqual([
      expect.stringMatching(/lifecycle event AfterAllowTestTraffic Failed after .*: ScriptFailed/)
    ])
    const state = sim.state()
    expect(state.calls.CreateDeployment).toBe(1)
    expect(state.codeDeploy.stopDeployments).toEqual([])
    expect(state.services[0]).toMatchObject({ taskDefinition: TD(1) })
    expect(run.outputs.result).toBe('failed')
  })

  it('a timeout of ours stops the deployment with autoRollbackEnabled and waits for the rollback: result rolled-back', async () => {
    // At time scale 1 the deployment takes 8 s: a 1 s timeout stops it while it runs.
    const run = await deploy('codedeploy-healthy', { timeout: '1s', 'rollback-timeout': '30s' }, 1)
    expect(run.exitCode).not.toBe(0)
    const state = sim.state()
    expect(state.codeDeploy.stopDeployments).toEqual([
      expect.objectContaining({ autoRollbackEnabled: true, status: 'InProgress' })
    ])
    expect(state.services[0]).toMatchObject({ taskDefinition: TD(1) })
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.stdout).toMatch(
      /stopped CodeDeploy deployment d-[A-Z0-9]{9} \(StopDeployment, autoRollbackEnabled\)/
    )
  })

  it('a missing deployment group is named before anything is registered', async () => {
    const run = await deploy('codedeploy-healthy', { 'codedeploy-deployment-group': 'nope' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(
      /deployment group nope of CodeDeploy application AppECS-demo-web does not exist: set codedeploy-application and codedeploy-deployment-group/
    )
    expect(sim.state().calls.RegisterTaskDefinition ?? 0).toBe(0)
  })

  it.each([
    [
      'true',
      1,
      /CodeDeploy deployment \S+ of service web was stopped with its rollback requested \(StopDeployment\)/
    ],
    ['false', 0, /^(?![\s\S]*StopDeployment)/]
  ])(
    'cancelled during the deployment with rollback %s: StopDeployment sent %i time(s)',
    async (rollback, stops, said) => {
      // Slow events (1 s each), so the job is cancelled well before CodeDeploy is done.
      const run = await deploy(
        'codedeploy-healthy',
        { rollback },
        1,
        /lifecycle event Install Succeeded/
      )
      expect(run.exitCode).toBe(1)
      const failure = run.stdout.split('\n').find(line => line.startsWith('::error ')) ?? ''
      expect(failure).toMatch(/cancelled \(SIGTERM\)/)
      expect(failure).toMatch(said)
      expect(sim.state().calls.StopDeployment ?? 0).toBe(stops)
    }
  )
})
