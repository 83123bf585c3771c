import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createEcrApi } from '../../src/aws/ecr-client.js'
import { createEcsApi } from '../../src/aws/ecs-client.js'
import { escapeForLog } from '../../src/util/escape.js'
import { FaultProxy } from '../../__fixtures__/fault-proxy.js'
import { HOSTILE_LIST, runnerCommandLines } from '../../__fixtures__/hostile-strings.js'
import { startSimulator } from '../../sim/server.js'

// What AWS (or whatever answers as AWS) says is outside text: error messages, events, reasons.
// The real SDK adapters read it through a rewriting fault proxy in front of the simulator.

const ENV = {
  AWS_ENDPOINT_URL_ECS: '',
  AWS_ENDPOINT_URL_ECR: '',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret-access-key-value',
  AWS_SESSION_TOKEN: 'session-token-value-FwoGZXIvYXdzE',
  AWS_REGION: 'us-east-1'
}
const ONE_ATTEMPT = {
  connectionTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  readDeadlineMs: 5000,
  writeDeadlineMs: 5000,
  pollDeadlineMs: 5000
}

let proxy: FaultProxy
let sim: Awaited<ReturnType<typeof startSimulator>>

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', clock: { now: () => Date.UTC(2026, 0, 1) } })
  proxy = await FaultProxy.start({ target: sim.url })
  Object.assign(process.env, ENV, {
    AWS_ENDPOINT_URL_ECS: proxy.url,
    AWS_ENDPOINT_URL_ECR: proxy.url
  })
})
afterEach(() => proxy.reset())
afterAll(async () => {
  for (const name of Object.keys(ENV)) delete process.env[name]
  await proxy.close()
  await sim.stop()
})

const ecs = () => createEcsApi(process.env, {}, ONE_ATTEMPT)

describe('an AWS error message is escaped before it is part of ours', () => {
  it.each(HOSTILE_LIST)('%s', async (_, hostile) => {
    proxy.next({ kind: 'status', status: 400, type: 'InvalidParameterException', message: hostile })
    const error = (await ecs()
      .describeTaskDefinition('web:1')
      .catch((caught: unknown) => caught)) as Error
    expect(error.message).toMatch(/^ECS DescribeTaskDefinition failed for task definition web:1: /)
    expect(runnerCommandLines(error.message)).toEqual([])
    // eslint-disable-next-line no-control-regex -- no control character may be left
    expect(error.message).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/)
  })

  it('an error code is outside text too', async () => {
    proxy.next({ kind: 'status', status: 400, type: '::add-mask::x', message: 'm' })
    const error = (await ecs()
      .describeTaskDefinition('web:1')
      .catch((caught: unknown) => caught)) as Error
    expect(runnerCommandLines(error.message)).toEqual([])
  })
})

describe('an error that echoes the request never carries its credentials', () => {
  it('X-Amz-Security-Token, Authorization and the secret key are scrubbed', async () => {
    proxy.next({
      kind: 'status',
      status: 400,
      type: 'InvalidSignatureException',
      message: request =>
        `Signature mismatch. Headers were:\nX-Amz-Security-Token: ${String(request.headers['x-amz-security-token'])}\nAuthorization: ${String(request.headers.authorization)}\nsecret ${ENV.AWS_SECRET_ACCESS_KEY}`
    })
    const error = (await ecs()
      .updateService({ cluster: 'demo', service: 'web', taskDefinition: 'web:1' })
      .catch((caught: unknown) => caught)) as Error
    // The token did reach the endpoint: the SDK signs with it.
    expect(proxy.received[0]!.headers['x-amz-security-token']).toBe(ENV.AWS_SESSION_TOKEN)
    const signature = /Signature=([0-9a-f]+)/.exec(
      String(proxy.received[0]!.headers.authorization)
    )![1]!
    expect(error.message).toContain('the AWS credentials were refused')
    for (const secret of [ENV.AWS_SESSION_TOKEN, ENV.AWS_SECRET_ACCESS_KEY, signature]) {
      expect(error.message).not.toContain(secret)
    }
    expect(error.message).toContain('X-Amz-Security-Token: ***')
  })

  it('ECR errors are scrubbed the same way', async () => {
    proxy.next({
      kind: 'status',
      status: 400,
      type: 'AccessDeniedException',
      message: request =>
        `denied for x-amz-security-token: ${String(request.headers['x-amz-security-token'])}`
    })
    const error = (await createEcrApi(process.env, ONE_ATTEMPT)
      .getAuthorization()
      .catch((caught: unknown) => caught)) as Error
    expect(error.message).not.toContain(ENV.AWS_SESSION_TOKEN)
    expect(error.message).toMatch(
      /GetAuthorizationToken failed .* the role is not allowed ecr:GetAuthorizationToken/
    )
  })
})

describe('hostile events and reasons arrive as data and print as one harmless line', () => {
  it.each(HOSTILE_LIST)('%s', async (_, hostile) => {
    proxy.next({ kind: 'rewrite', fields: { message: hostile, rolloutStateReason: hostile } })
    const { services } = await ecs().describeServices('demo', ['web'])
    const service = services[0]!
    // The adapter keeps what ECS said verbatim: escaping is for where it is printed.
    expect(service.events.map(event => event.message)).toContain(hostile)
    expect(service.deployments[0]!.rolloutStateReason).toBe(hostile)
    const printed = service.events.map(event => `  event ${escapeForLog(event.message)}`).join('\n')
    expect(runnerCommandLines(printed)).toEqual([])
  })
})
