import { mkdtempSync, writeFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { listenOnLoopback } from '../../__fixtures__/loopback-server.js'
import { startSimulator } from '../../sim/server.js'
import {
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'

// The bundled action (dist/index.js, run exactly as the GitHub runner does) against the ECS
// rollout simulator on loopback, one scenario at a time. timeScale 0.1 runs each scenario's
// timeline ten times faster; the poll interval is scaled down with it.

const TIME_SCALE = 0.1
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`

type Simulator = Awaited<ReturnType<typeof startSimulator>>
let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
})
afterAll(async () => {
  await sim.stop()
})

async function deploy(
  scenario: string,
  inputs: Record<string, string> = {},
  extra: { env?: Record<string, string>; killOn?: RegExp } = {}
): Promise<ActionRun> {
  sim.reset({ scenario, timeScale: TIME_SCALE })
  return runAction({
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
    env: { ...simulatorEnv(sim.url), ...extra.env },
    killOn: extra.killOn
  })
}

/** The `::error title=...::` annotation the runner shows as the job's failure. */
function failureOf(run: ActionRun): string {
  return run.stdout.split('\n').find(line => line.startsWith('::error ')) ?? ''
}

describe('node dist/index.js deploys to the simulator', () => {
  it('healthy: registers web:2, waits until the old revision drained, result deployed', async () => {
    const run = await deploy('healthy')
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      flow: 'deploy',
      result: 'deployed',
      image: IMAGE,
      'task-definition-arn': TD(2),
      'previous-task-definition-arn': TD(1)
    })
    expect(run.outputs['deployment-id']).toMatch(/^ecs-svc\/\d+$/)
    expect(run.stdout).toMatch(
      /rollout complete after [\d.]+s: deployment ecs-svc\/\d+ \(web:2\) COMPLETED: 2\/2 running, 0 pending, 0 failed; no other deployment is left/
    )
    expect(sim.state().outcome).toBe('completed')
  })

  it.each(['slow', 'throttled', 'no-rollout-state'])('%s: still deployed', async scenario => {
    const run = await deploy(scenario)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    if (scenario === 'throttled') {
      expect(run.stdout).toMatch(
        /::warning::ECS DescribeServices failed for service web in cluster demo: ThrottlingException: .*tolerated while polling/
      )
    }
  })

  it('a second run with the same image reuses web:2: result unchanged', async () => {
    const first = await deploy('healthy')
    expect(first.outputs.result).toBe('deployed')
    // Same world, no reset: the service already runs the rendered definition.
    const again = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: {
        flow: 'deploy',
        cluster: 'demo',
        service: 'web',
        'container-name': 'web',
        image: IMAGE,
        'poll-interval': '0.2s'
      },
      env: {
        AWS_ENDPOINT_URL_ECS: sim.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'not-a-secret'
      }
    })
    expect(again.exitCode).toBe(0)
    expect(again.outputs).toMatchObject({ result: 'unchanged', 'task-definition-arn': TD(2) })
    expect(again.stdout).toContain('task definition unchanged: reusing web:2')
  })

  it("circuit-breaker: reports ECS's rollback to web:1 and does not roll back again", async () => {
    const run = await deploy('circuit-breaker')
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      result: 'failed',
      'task-definition-arn': TD(2),
      'previous-task-definition-arn': TD(1)
    })
    expect(failureOf(run)).toMatch(
      /circuit breaker .*\(web:2\).*\(web:1\).*leaves the rollback to ECS and does not roll back a second time/
    )
    const updates = sim
      .state()
      .callLog.filter((call: { operation: string }) => call.operation === 'UpdateService')
    expect(updates).toHaveLength(1)
  })

  it('failing-no-breaker: prints the stop reasons, rolls back to web:1 and fails saying so', async () => {
    const run = await deploy('failing-no-breaker')
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      result: 'rolled-back',
      'task-definition-arn': TD(2),
      'previous-task-definition-arn': TD(1)
    })
    expect(run.stdout).toMatch(
      /stopped task \w+ \(web:2\): TaskFailedToStart: CannotPullContainerError/
    )
    expect(failureOf(run)).toMatch(
      /2 task\(s\) of deployment ecs-svc\/\d+ \(web:2\) failed .*CannotPullContainerError.*Rolled back: service web runs web:1 again/
    )
    const rollback = sim
      .state()
      .rollouts.find(
        (r: { initiator: string; kind: string }) =>
          r.initiator === 'client' && r.kind === 'known-task-definition'
      )
    expect(rollback).toMatchObject({
      taskDefinition: expect.stringContaining('web:1'),
      outcome: 'completed'
    })
  })

  it('failing-no-breaker with rollback off: fails without touching the service again', async () => {
    const run = await deploy('failing-no-breaker', { rollback: 'false' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(failureOf(run)).toMatch(/Rollback is off \(input rollback\): service left on web:2/)
  })

  it('superseded: names the other revision, no rollback', async () => {
    const run = await deploy('superseded')
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(failureOf(run)).toMatch(
      /deployment ecs-svc\/\d+ \(web:2\) was superseded: deployment ecs-svc\/\d+ \(web:99\) is PRIMARY now/
    )
  })

  it('deleted: the service is no longer ACTIVE', async () => {
    const run = await deploy('deleted')
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(failureOf(run)).toMatch(
      /service web in cluster demo is (DRAINING|INACTIVE), no longer ACTIVE/
    )
  })

  it('timeout: says where the rollout stood, then rolls back', async () => {
    const run = await deploy('slow', { timeout: '1s' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('rolled-back')
    expect(failureOf(run)).toMatch(
      /the rollout did not finish within the timeout of 1s: deployment ecs-svc\/\d+ \(web:2\) IN_PROGRESS: \d\/2 running.*Rolled back/
    )
  })

  it('a missing service without a service definition names cluster and service', async () => {
    const run = await deploy('healthy', {
      service: 'api',
      'task-definition': '__fixtures__/task-definitions/web.json'
    })
    expect(run.exitCode).toBe(1)
    expect(failureOf(run)).toMatch(/service api does not exist in cluster demo/)
  })

  it('dry-run: prints the diff against the live revision and writes nothing', async () => {
    const run = await deploy('healthy', { 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('planned')
    expect(run.stdout).toContain('changes from web:1:')
    expect(run.stdout).toContain(
      'dry-run: would register a new revision of web (RegisterTaskDefinition)'
    )
    // The dry run's summary: the plan, and the diff the real run would register.
    expect(run.summary).toContain('## 📝 ecs-flow: deploy to dev — planned')
    expect(run.summary).toMatch(
      /### Task definition changes from `web:1`[\s\S]*~ container web: image:/
    )
    expect(run.outputs['previous-task-definition-arn']).toBe(TD(1))
    expect(run.stdout).toMatch(
      /~ container web: image: ".*" -> "123456789012.dkr.ecr.us-east-1.amazonaws.com\/web:1f2e3d4c/
    )
    const writes = sim
      .state()
      .callLog.filter((call: { operation: string }) =>
        /Register|Update|Create/.test(call.operation)
      )
    expect(writes).toEqual([])
  })
})

describe('the job around the release', () => {
  it('cancelled during wait (SIGTERM): says where the rollout stood and exits non-zero at once', async () => {
    // slow completes 2.5 s after UpdateService at this time scale; the signal comes as the wait
    // starts, well before (not 1.5 s after the spawn, which a busy machine may not have reached).
    const run = await deploy('slow', {}, { killOn: /watching deployment/ })
    expect(run.exitCode).toBe(1)
    expect(sim.state().outcome).toBeNull()
    expect(run.outputs.result).toBe('failed')
    expect(run.stdout).toMatch(
      /::error title=ecs-flow%3A cancelled::ecs-flow was cancelled \(SIGTERM\); during wait, [\d.]+s into it; deployment ecs-svc\/\d+ of service web in cluster demo keeps rolling out on ECS/
    )
    // The job summary is still written, with the cause.
    expect(run.summary).toMatch(/ecs-flow was cancelled \(SIGTERM\); during wait/)
    // The step that was running is marked cancelled, not succeeded.
    expect(run.summary).toMatch(/\| wait \| [\d.]+ s \| ⏹️ cancelled \|/)
  })

  it('writes the job summary, and creates a GitHub deployment with its statuses', async () => {
    const token = 'ghs_integrationTokenValue1234567890'
    const requests: { method: string; url: string; auth: string; body: Record<string, unknown> }[] =
      []
    const { server: api, url: apiUrl } = await listenOnLoopback(
      (request: IncomingMessage, response) => {
        let body = ''
        request.on('data', chunk => (body += chunk))
        request.on('end', () => {
          requests.push({
            method: request.method ?? '',
            url: request.url ?? '',
            auth: request.headers.authorization ?? '',
            body: body ? JSON.parse(body) : {}
          })
          response.writeHead(201, { 'content-type': 'application/json' })
          response.end(JSON.stringify({ id: 4242, url: 'x' }))
        })
      }
    )
    try {
      const run = await deploy(
        'healthy',
        { 'github-token': token, 'github-deployment': 'create' },
        { env: { GITHUB_API_URL: apiUrl } }
      )
      expect(run.exitCode).toBe(0)
      expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
        'POST /repos/acme/web/deployments',
        'POST /repos/acme/web/deployments/4242/statuses',
        'POST /repos/acme/web/deployments/4242/statuses'
      ])
      expect(requests[0]!.body).toMatchObject({
        ref: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c',
        environment: 'dev'
      })
      expect(requests.slice(1).map(r => r.body.state)).toEqual(['in_progress', 'success'])
      expect(requests.every(r => r.auth.includes(token))).toBe(true)
      expect(run.summary).toContain('ecs-flow: deploy to dev — deployed')
      expect(run.summary).toContain('### Rollout timeline')
      // The token reaches the log only inside the runner's own ::add-mask:: command.
      expect(run.all.split('\n').filter(line => line.includes(token))).toEqual([
        `::add-mask::${token}`
      ])
    } finally {
      await new Promise(done => api.close(done))
    }
  })

  it('two releases against one service: the overtaken one fails as superseded, the other deploys, no revision is lost', async () => {
    sim.reset({ scenario: 'healthy', timeScale: 0.5 })
    const inputs = { ...SIMULATOR_TARGET, timeout: '30s', 'poll-interval': '0.3s' }
    const env = simulatorEnv(sim.url)
    let firstIsWatching: () => void = () => {}
    const watching = new Promise<void>(done => (firstIsWatching = done))
    const first = runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: { ...inputs, image: `${IMAGE.split(':')[0]}:first` },
      env,
      onOutput: chunk => {
        if (chunk.includes('watching deployment')) firstIsWatching()
      }
    })
    // The second release starts once the first one's deployment is under way.
    await watching
    const second = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: { ...inputs, image: `${IMAGE.split(':')[0]}:second` },
      env
    })
    const overtaken = await first

    expect(second.exitCode).toBe(0)
    expect(second.outputs).toMatchObject({
      result: 'deployed',
      'task-definition-arn': TD(3),
      'previous-task-definition-arn': TD(2)
    })
    expect(overtaken.exitCode).toBe(1)
    expect(overtaken.outputs).toMatchObject({ result: 'failed', 'task-definition-arn': TD(2) })
    expect(failureOf(overtaken)).toMatch(/superseded.*web:3/)
    // Both revisions exist and the service runs the newer one: nothing was rolled back over it.
    const service = sim.state().services.find(found => found.serviceName === 'web')
    expect(service?.taskDefinition).toBe(TD(3))
    expect(
      sim
        .state()
        .callLog.filter((call: { operation: string }) => call.operation === 'UpdateService')
    ).toHaveLength(2)
  })

  it('tags of a describe-task-definition --include TAGS file are registered; the re-run is unchanged, tags and all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-tags-'))
    const file = join(dir, 'td.json')
    writeFileSync(
      file,
      JSON.stringify({
        taskDefinition: {
          family: 'web',
          // The simulator's services run on FARGATE.
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: 256,
          memory: '512',
          containerDefinitions: [{ name: 'web', image: 'placeholder', essential: true }]
        },
        tags: [
          { key: 'team', value: 'payments' },
          { key: 'app', value: 'web' }
        ]
      })
    )
    const first = await deploy(
      'healthy',
      { 'task-definition': file },
      { env: { GITHUB_WORKSPACE: dir } }
    )
    expect(first.exitCode).toBe(0)
    expect(first.outputs['task-definition-arn']).toBe(TD(2))
    // Task-level cpu given as a number goes to ECS as the string the API defines.
    expect(first.stdout).toMatch(/cpu.*256.*string/)
    const again = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: {
        ...SIMULATOR_TARGET,
        image: IMAGE,
        'task-definition': file,
        'poll-interval': '0.2s'
      },
      env: { ...simulatorEnv(sim.url), GITHUB_WORKSPACE: dir }
    })
    expect(again.exitCode).toBe(0)
    expect(again.outputs).toMatchObject({ result: 'unchanged', 'task-definition-arn': TD(2) })
    const registers = sim
      .state()
      .callLog.filter((call: { operation: string }) => call.operation === 'RegisterTaskDefinition')
    expect(registers).toHaveLength(1)
  })

  it('a misspelled key in the task-definition file is refused before anything is registered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-typo-'))
    const file = join(dir, 'td.json')
    writeFileSync(
      file,
      JSON.stringify({
        family: 'web',
        excutionRoleArn: 'arn:aws:iam::123456789012:role/web-execution',
        containerDefinitions: [{ name: 'web', image: 'x', portMapping: [{ containerPort: 80 }] }]
      })
    )
    const run = await deploy(
      'healthy',
      { 'task-definition': file },
      { env: { GITHUB_WORKSPACE: dir } }
    )
    expect(run.exitCode).toBe(1)
    expect(failureOf(run)).toMatch(
      /excutionRoleArn.*did you mean %22executionRoleArn%22|excutionRoleArn.*did you mean "executionRoleArn"/
    )
    const writes = sim
      .state()
      .callLog.filter((call: { operation: string }) =>
        /Register|Update|Create/.test(call.operation)
      )
    expect(writes).toEqual([])
  })

  it('two releases 1-2 s apart where the first crash-loops: the last completed revision runs at the end, never the one that failed', async () => {
    // failing-no-breaker: every new revision's tasks fail to start; a rollback progresses.
    sim.reset({ scenario: 'failing-no-breaker', timeScale: 0.5 })
    const inputs = { ...SIMULATOR_TARGET, timeout: '30s', 'poll-interval': '0.3s' }
    const env = simulatorEnv(sim.url)
    let firstIsWatching: () => void = () => {}
    const watching = new Promise<void>(done => (firstIsWatching = done))
    const first = runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: { ...inputs, image: `${IMAGE.split(':')[0]}:first` },
      env,
      onOutput: chunk => {
        if (chunk.includes('watching deployment')) firstIsWatching()
      }
    })
    await watching
    const second = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: { ...inputs, image: `${IMAGE.split(':')[0]}:second` },
      env
    })
    const firstRun = await first

    // The second started while web:2 (the first's, crash-looping) was PRIMARY; it rolls back to
    // web:1, the last revision that completed, not to web:2.
    expect(second.outputs).toMatchObject({
      result: 'rolled-back',
      'task-definition-arn': TD(3),
      'previous-task-definition-arn': TD(2)
    })
    expect(second.stdout).toContain('has another deployment under way')
    expect(second.stdout).toMatch(/rollback target: web:1, the last revision that completed/)
    expect(failureOf(second)).toMatch(/Rolled back: service web runs web:1 again/)
    expect(firstRun.exitCode).toBe(1)
    const service = sim.state().services.find(found => found.serviceName === 'web')
    expect(service?.taskDefinition).toBe(TD(1))
    const updates = sim
      .state()
      .callLog.filter((call: { operation: string }) => call.operation === 'UpdateService')
    // first → web:2, second → web:3, and rollbacks only ever to web:1.
    expect(updates.length).toBeGreaterThanOrEqual(3)
  })

  it.each(['true', 'false'])(
    'dry-run %s: environment values from the config never reach the log, the outputs or the summary',
    async dryRun => {
      const value = 'value-that-must-never-leak-8c1f'
      const config = join(mkdtempSync(join(tmpdir(), 'ecs-flow-leak-')), 'ecs-flow.yml')
      writeFileSync(
        config,
        [
          'environments:',
          '  dev:',
          '    cluster: demo',
          '    service: web',
          `    variables: {API_KEY: ${value}}`,
          '    secrets: {DB_PASSWORD: "arn:aws:ssm:us-east-1:123456789012:parameter/db"}'
        ].join('\n')
      )
      const run = await deploy('healthy', { config, cluster: '', service: '', 'dry-run': dryRun })
      expect(run.exitCode).toBe(0)
      // The dry-run diff names the variable it adds; no run prints its value.
      if (dryRun === 'true') expect(run.all).toMatch(/API_KEY/)
      expect(run.all).not.toContain(value)
    }
  )
})
