import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { ConfiguredRetryStrategy } from '@smithy/core/retry'
import { DescribeServicesCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs'
import { startSimulator } from '../../sim/server.js'
import { credentials, harness, registerWebRevision, type Harness } from './helpers.js'

let h: Harness | undefined
afterEach(async () => {
  await h?.stop()
  h = undefined
})

const describeWeb = new DescribeServicesCommand({ cluster: 'demo', services: ['web'] })

describe('throttled scenario', () => {
  it('the SDK retries ThrottlingException and ServiceUnavailableException (503)', async () => {
    h = await harness('throttled')
    await h.update(await registerWebRevision(h))
    const retrying = new ECSClient({
      region: 'us-east-1',
      endpoint: h.sim.url,
      credentials,
      retryStrategy: new ConfiguredRetryStrategy(5, () => 1)
    })
    const out = await retrying.send(describeWeb)
    retrying.destroy()
    expect(out.$metadata.attempts).toBe(5)
    expect(out.services?.[0]?.serviceName).toBe('web')
    const state = h.sim.state()
    expect(state.calls.DescribeServices).toBe(5)
    expect(
      state.callLog.filter(c => c.operation === 'DescribeServices').map(c => [c.status, c.error])
    ).toEqual([
      [400, 'ThrottlingException'],
      [400, 'ThrottlingException'],
      [400, 'ThrottlingException'],
      [503, 'ServiceUnavailableException'],
      [200, undefined]
    ])
  })

  it('without retries each fault reaches the caller, then polls succeed', async () => {
    h = await harness('throttled')
    // Before any UpdateService, DescribeServices is not throttled.
    await expect(h.ecs.send(describeWeb)).resolves.toBeDefined()
    await h.update(await registerWebRevision(h))
    for (let i = 0; i < 3; i++) {
      await expect(h.ecs.send(describeWeb)).rejects.toMatchObject({
        name: 'ThrottlingException',
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 400 }
      })
    }
    await expect(h.ecs.send(describeWeb)).rejects.toMatchObject({
      name: 'ServiceUnavailableException',
      $metadata: { httpStatusCode: 503 }
    })
    h.at(6)
    const s = await h.describe()
    expect(s.deployments?.[0]?.rolloutState).toBe('COMPLETED')
    expect(h.sim.state()).toMatchObject({ outcome: 'completed' })
  })
})

describe('control plane and protocol edges', () => {
  it('GET /_sim/state and POST /_sim/reset', async () => {
    h = await harness('healthy')
    await h.describe()
    const state = (await (await fetch(`${h.sim.url}/_sim/state`)).json()) as Record<string, unknown>
    expect(state).toMatchObject({
      scenario: 'healthy',
      outcome: null,
      outcomeVisibleAt: null,
      firstTaskFailureAt: null,
      calls: { DescribeServices: 1 }
    })
    expect((state.services as { serviceName: string }[]).map(s => s.serviceName)).toEqual(['web'])

    const reset = await fetch(`${h.sim.url}/_sim/reset`, {
      method: 'POST',
      body: JSON.stringify({
        scenario: 'circuit-breaker',
        timeScale: 0.5,
        seed: { desiredCount: 1, service: 'api' }
      })
    })
    const fresh = (await reset.json()) as Record<string, unknown>
    expect(fresh).toMatchObject({ scenario: 'circuit-breaker', timeScale: 0.5, calls: {} })
    const api = (fresh.services as Record<string, unknown>[])[0]
    expect(api).toMatchObject({
      serviceName: 'api',
      desiredCount: 1,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } }
    })
    const bad = await fetch(`${h.sim.url}/_sim/reset`, {
      method: 'POST',
      body: '{"scenario":"nope"}'
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toMatch(/unknown scenario "nope"/)
  })

  it('unknown operations and bad JSON answer AWS-shaped errors', async () => {
    h = await harness('healthy')
    await expect(h.ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException'
    })
    const res = await fetch(h.sim.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeServices'
      },
      body: '{not json'
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(await res.json()).toMatchObject({ __type: 'SerializationException' })
  })

  it('binds to loopback only', async () => {
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/)
    const sim = await startSimulator()
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await sim.stop()
    await sim.stop()
  })
})

describe('cli', () => {
  const cli = fileURLToPath(new URL('../../sim/cli.js', import.meta.url))

  it('prints its URL on one line, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [cli, '--scenario', 'slow', '--port', '0', '--time-scale', '0.5'],
      {
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    const line = await new Promise<string>((resolve, reject) => {
      let buf = ''
      child.stdout.on('data', (c: Buffer) => {
        buf += c.toString()
        if (buf.includes('\n')) resolve(buf.split('\n')[0] as string)
      })
      child.once('exit', code => reject(new Error(`exited ${code}`)))
    })
    const match = /^ecs-simulator listening on (http:\/\/127\.0\.0\.1:\d+) scenario=slow$/.exec(
      line
    )
    expect(match).not.toBeNull()
    const state = (await (await fetch(`${match?.[1]}/_sim/state`)).json()) as Record<
      string,
      unknown
    >
    expect(state).toMatchObject({ scenario: 'slow', timeScale: 0.5 })
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })

  it('rejects an unknown scenario with exit code 2', async () => {
    const child = spawn(process.execPath, [cli, '--scenario', 'nope'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let err = ''
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    const [code] = await once(child, 'exit')
    expect(code).toBe(2)
    expect(err).toMatch(/unknown scenario "nope"/)
  })
})
