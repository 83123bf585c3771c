import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs'
import { ROOT, runAction, simulatorEnv } from '../../__fixtures__/run-action.js'
import { LoopbackServers } from '../../__fixtures__/loopback-server.js'
import { startSimulator } from '../../sim/server.js'

// node dist/index.js releasing ECS Express Mode services against the simulator: the Express
// service `api` (its endpoint a loopback server), beside the classic service `web`.

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const API_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/demo/api'
let sim: Awaited<ReturnType<typeof startSimulator>>
const servers = new LoopbackServers()
let endpoint: string
let dir: string
const hits: string[] = []

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: 0.3 })
  endpoint = await servers.start((request, response) => {
    hits.push(request.url ?? '')
    response.end('ok')
  })
  dir = mkdtempSync(join(tmpdir(), 'ecs-flow-express-'))
})
afterAll(async () => {
  await sim.stop()
  await servers.closeAll()
})

function config(name: string, lines: string[]): string {
  const path = join(dir, name)
  writeFileSync(path, lines.join('\n'))
  return path
}

function seed(apiScenario = 'healthy') {
  sim.reset({
    scenario: 'healthy',
    timeScale: 0.3,
    seed: { services: ['web', { name: 'api', express: { endpoint }, scenario: apiScenario }] }
  })
}

function release(file: string, inputs: Record<string, string> = {}) {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: { config: file, image: IMAGE, timeout: '30s', 'poll-interval': '0.3s', ...inputs },
    env: simulatorEnv(sim.url)
  })
}

const operations = () =>
  (sim.state().callLog as { operation: string }[]).map(call => call.operation)

const running = (name: string) =>
  (sim.state().services as { serviceName: string; taskDefinition: string }[]).find(
    found => found.serviceName === name
  )?.taskDefinition

describe('node dist/index.js releases an Express Mode service', () => {
  const single = () =>
    config('single.yml', [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    express-service: api',
      '    verify-path: /health',
      '    variables:',
      '      COLOR: blue'
    ])

  it('deploys it by UpdateExpressGatewayService, registers nothing itself, watches it and verifies it at its endpoint', async () => {
    seed()
    hits.length = 0
    const run = await release(single())
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('deployed')
    const calls = operations()
    expect(calls).not.toContain('RegisterTaskDefinition')
    expect(calls).not.toContain('UpdateService')
    expect(calls.filter(call => call === 'UpdateExpressGatewayService')).toHaveLength(1)
    expect(running('api')).toMatch(/task-definition\/api:2$/)
    expect(JSON.parse(run.outputs.services!)).toEqual({
      api: expect.objectContaining({
        kind: 'express',
        url: endpoint,
        result: 'deployed',
        'task-definition-arn': expect.stringMatching(/api:2$/),
        'previous-task-definition-arn': expect.stringMatching(/api:1$/)
      })
    })
    expect(hits).toContain('/health')
    expect(run.outputs.url).toBe(`${endpoint}/health`)
    expect(run.stdout).toMatch(/rollout complete/)
    // The whole container was sent: the image, and the environment's variable over its own.
    const ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: sim.url,
      credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' }
    })
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api:2' }))
    ecs.destroy()
    expect(out.taskDefinition!.containerDefinitions![0]).toMatchObject({
      name: 'Main',
      image: IMAGE,
      environment: [
        { name: 'APP_ENV', value: 'dev' },
        { name: 'COLOR', value: 'blue' }
      ]
    })
  })

  it('a failing image: says why (the stopped task’s reason) and sends the previous container back', async () => {
    seed('failing-no-breaker')
    const run = await release(single())
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.stdout).toMatch(
      /stopped task \w+ \(api:2\): TaskFailedToStart: CannotPullContainerError/
    )
    expect(run.stdout).toMatch(
      /::error title=ecs-flow%3A release failed and was rolled back::.*\(api:2\) failed .*CannotPullContainerError/
    )
    expect(operations().filter(call => call === 'UpdateExpressGatewayService')).toHaveLength(2)
    // The way back: ECS registered api:3 with api:1's container, and runs it.
    expect(running('api')).toMatch(/task-definition\/api:3$/)
    const ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: sim.url,
      credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' }
    })
    const [first, back] = await Promise.all(
      ['api:1', 'api:3'].map(async ref => {
        const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref }))
        return out.taskDefinition!.containerDefinitions![0]!
      })
    )
    ecs.destroy()
    expect(back!.image).toBe(first!.image)
    expect(back!.environment).toEqual(first!.environment)
    expect(JSON.parse(run.outputs.services!).api).toMatchObject({
      kind: 'express',
      result: 'rolled-back'
    })
  })

  it('ECS’s circuit breaker rolls it back: reported, not rolled back a second time', async () => {
    seed('circuit-breaker')
    const run = await release(single())
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.stdout).toMatch(/circuit breaker .*\(api:2\).*\(api:1\)/)
    expect(operations().filter(call => call === 'UpdateExpressGatewayService')).toHaveLength(1)
    expect(running('api')).toMatch(/api:1$/)
  })

  it('a services: release mixing the Express service and a classic one deploys both', async () => {
    seed()
    const run = await release(
      config('mixed.yml', [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: {}',
        '      api:',
        '        express-service: api',
        '        verify-path: /ready'
      ])
    )
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.services!)).toMatchObject({
      web: { result: 'deployed' },
      api: { result: 'deployed', kind: 'express', url: endpoint }
    })
    const calls = operations()
    expect(calls.filter(call => call === 'UpdateService')).toHaveLength(1)
    expect(calls.filter(call => call === 'UpdateExpressGatewayService')).toHaveLength(1)
    expect(calls.filter(call => call === 'RegisterTaskDefinition')).toHaveLength(1)
    expect(running('web')).toMatch(/web:2$/)
    expect(running('api')).toMatch(/api:2$/)
  })

  it('dry-run prints the UpdateExpressGatewayService request and writes nothing', async () => {
    seed()
    const run = await release(single(), { 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      `dry-run: would update Express service ${API_ARN} (UpdateExpressGatewayService)`
    )
    expect(run.stdout).toContain(`"image": "${IMAGE}`)
    const writes = operations().filter(call => /^(Update|Register|Create|Delete)/.test(call))
    expect(writes).toEqual([])
    expect(running('api')).toMatch(/api:1$/)
  })

  it('preflight: an Express service that does not exist is named, and nothing is written', async () => {
    seed()
    const run = await release(
      config('missing.yml', [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    express-service: nope'
      ])
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/Express service nope \(environment dev\) does not exist/)
    expect(operations().filter(call => /^(Update|Register)/.test(call))).toEqual([])
  })
})

function cli(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(resolve =>
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'cli', 'index.js'), ...args],
      { cwd: dir, env: { HOME: dir, PATH: process.env.PATH ?? '', ...simulatorEnv(sim.url) } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    )
  )
}

describe('node dist/cli/index.js rollback', () => {
  it('puts an Express service back by sending the last good revision’s container, as the action does', async () => {
    seed()
    const file = config('rollback.yml', [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    express-service: api'
    ])
    expect((await release(file)).exitCode).toBe(0)
    expect(running('api')).toMatch(/api:2$/)
    const run = await cli([
      'rollback',
      '--config',
      file,
      '--environment',
      'dev',
      '--poll-interval',
      '0.3s',
      '--json'
    ])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ from: 'api:2', to: 'api:1' })
    const calls = operations()
    expect(calls.filter(call => call === 'UpdateExpressGatewayService')).toHaveLength(2)
    expect(calls).not.toContain('UpdateService')
    // ECS registered api:3 with api:1's image, and runs it.
    expect(running('api')).toMatch(/api:3$/)
    const ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: sim.url,
      credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' }
    })
    const images = await Promise.all(
      ['api:1', 'api:3'].map(async ref => {
        const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref }))
        return out.taskDefinition!.containerDefinitions![0]!.image
      })
    )
    ecs.destroy()
    expect(images[1]).toBe(images[0])
  })
})

describe('node dist/cli/index.js status', () => {
  it('shows the Express service with its URL', async () => {
    seed()
    const file = config('status.yml', [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    services:',
      '      web: {}',
      '      api:',
      '        express-service: api'
    ])
    const run = await cli(['status', '--config', file])
    expect(run.stderr).not.toMatch(/error/i)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^dev +demo\/api +api:1 /m)
    expect(run.stdout).toContain(`url: dev: demo/api (express) ${endpoint}`)
  })
})
