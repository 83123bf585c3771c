import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { CallBounds } from '../../src/aws/aws-call.js'
import type { AwsCallError } from '../../src/aws/call-error.js'
import { EcrCallError } from '../../src/aws/ecr-api.js'
import { createEcrApi } from '../../src/aws/ecr-client.js'
import { EcsCallError, type EcsApi } from '../../src/aws/ecs-api.js'
import { createEcsApi } from '../../src/aws/ecs-client.js'
import { ElbCallError } from '../../src/aws/elb-api.js'
import { createElbApi } from '../../src/aws/elb-client.js'
import { FaultProxy } from '../../__fixtures__/fault-proxy.js'
import { startSimulator } from '../../sim/server.js'

// The real SDK adapters, with their real request handlers and retries, against the simulator
// behind a fault proxy on loopback. Real time only here: the SDK's socket timers are real, so
// the bounds are shrunk to a few hundred milliseconds and only upper bounds are asserted.

const ENV = {
  AWS_ENDPOINT_URL_ECS: '',
  AWS_ENDPOINT_URL_ECR: '',
  AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: '',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret-access-key-value',
  AWS_SESSION_TOKEN: 'session-token-value-FwoGZXIvYXdzE',
  AWS_REGION: 'us-east-1'
}
/** Deadlines win: the per-attempt request timeout is far longer than any deadline. */
const DEADLINES: CallBounds = {
  connectionTimeoutMs: 200,
  requestTimeoutMs: 10_000,
  readDeadlineMs: 400,
  writeDeadlineMs: 600,
  pollDeadlineMs: 300
}
/** The SDK's own per-attempt timeout wins: deadlines far away. */
const ATTEMPTS: CallBounds = {
  ...DEADLINES,
  requestTimeoutMs: 200,
  readDeadlineMs: 10_000,
  writeDeadlineMs: 10_000,
  pollDeadlineMs: 10_000
}
/** What a failing call may take past its bound: event loop, socket teardown, a slow CI machine. */
const SLACK_MS = 1500

let proxy: FaultProxy
let sim: Awaited<ReturnType<typeof startSimulator>>
const clock = { current: Date.UTC(2026, 0, 1, 12), now: () => clock.current }
const timesToFail: Record<string, number> = {}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', clock })
  proxy = await FaultProxy.start({ target: sim.url })
  Object.assign(process.env, ENV, {
    AWS_ENDPOINT_URL_ECS: proxy.url,
    AWS_ENDPOINT_URL_ECR: proxy.url,
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: proxy.url
  })
})
afterEach(() => {
  proxy.reset()
  sim.reset({ scenario: 'healthy' })
})
afterAll(async () => {
  for (const name of Object.keys(ENV)) delete process.env[name]
  await proxy.close()
  await sim.stop()
  // The figure the report asks for: how long each call took to fail, slowest first.
  const slowest = Object.entries(timesToFail).sort((a, b) => b[1] - a[1])
  console.log(
    [
      'time to fail on a hung endpoint (ms):',
      ...slowest.map(([label, ms]) => `  ${ms}  ${label}`)
    ].join('\n')
  )
})

async function timed<T>(label: string, call: () => Promise<T>): Promise<unknown> {
  const started = Date.now()
  try {
    await call()
  } catch (error) {
    timesToFail[label] = Date.now() - started
    return error
  }
  throw new Error(`${label} succeeded against a hung endpoint`)
}

const update = { cluster: 'demo', service: 'web', taskDefinition: 'web:1' }
const manifest = {
  digest: `sha256:${'a'.repeat(64)}`,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  manifest: '{}'
}
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc'

type Case = [
  label: string,
  errorClass: typeof AwsCallError,
  deadlineMs: number,
  transient: boolean,
  call: (bounds: CallBounds) => Promise<unknown>
]
const CASES: Case[] = [
  [
    'ECS DescribeServices (poll)',
    EcsCallError,
    DEADLINES.pollDeadlineMs,
    true,
    bounds =>
      createEcsApi(process.env, {}, bounds).describeServices('demo', ['web'], {
        polling: true
      })
  ],
  [
    'ECS DescribeTaskDefinition',
    EcsCallError,
    DEADLINES.readDeadlineMs,
    true,
    bounds => createEcsApi(process.env, {}, bounds).describeTaskDefinition('web:1')
  ],
  [
    'ECS UpdateService',
    EcsCallError,
    DEADLINES.writeDeadlineMs,
    false,
    bounds => createEcsApi(process.env, {}, bounds).updateService(update)
  ],
  [
    'ECR DescribeRepositories',
    EcrCallError,
    DEADLINES.readDeadlineMs,
    true,
    bounds => createEcrApi(process.env, bounds).describeRepository('web')
  ],
  [
    'ECR PutImage',
    EcrCallError,
    DEADLINES.writeDeadlineMs,
    false,
    bounds => createEcrApi(process.env, bounds).putImageTag('web', 'v1', manifest)
  ],
  [
    'ECR GetAuthorizationToken',
    EcrCallError,
    DEADLINES.readDeadlineMs,
    true,
    bounds => createEcrApi(process.env, bounds).getAuthorization()
  ],
  [
    'ELB DescribeTargetGroups',
    ElbCallError,
    DEADLINES.readDeadlineMs,
    true,
    bounds => createElbApi(process.env, bounds).describeTargetGroups([TG])
  ]
]

describe('an endpoint that accepts and never answers cannot hang the job', () => {
  it.each(CASES)(
    '%s fails at its deadline, naming the operation',
    async (label, errorClass, deadlineMs, transient, call) => {
      proxy.otherwise({ kind: 'hang' })
      const error = await timed(label, () => call(DEADLINES))
      const operation = label.split(' ')[1]!
      expect(error).toBeInstanceOf(errorClass)
      expect(error).toMatchObject({ operation, code: 'DeadlineExceeded', transient })
      expect((error as Error).message).toContain(
        `${operation} did not answer within ${deadlineMs / 1000}s`
      )
      expect(timesToFail[label]).toBeLessThan(deadlineMs + SLACK_MS)
    }
  )

  it.each([
    ['a poll', { polling: true }],
    ['the last read (SDK retries)', { polling: false }]
  ])(
    '%s made while waiting ends with what is left of the wait, when that comes first',
    async (_, read) => {
      proxy.otherwise({ kind: 'hang' })
      const label = `ECS DescribeServices, ${read.polling ? 'poll' : 'read'} within 200 ms`
      const error = await timed(label, () =>
        createEcsApi(process.env, {}, DEADLINES).describeServices('demo', ['web'], {
          ...read,
          withinMs: 200
        })
      )
      expect(error).toMatchObject({ code: 'DeadlineExceeded', transient: true })
      expect((error as Error).message).toContain(
        'DescribeServices did not answer within 0.2s (what was left of the wait)'
      )
      expect(timesToFail[label]).toBeLessThan(200 + SLACK_MS)
    }
  )

  it('a write that timed out says it may have been applied', async () => {
    proxy.otherwise({ kind: 'hang' })
    await expect(createEcsApi(process.env, {}, DEADLINES).updateService(update)).rejects.toThrow(
      /the change may have been made even so: look at the service web/
    )
  })

  it('each attempt is bounded by the request timeout; the SDK retries, then fails transient', async () => {
    proxy.otherwise({ kind: 'hang' })
    const error = await timed('ECS DescribeTaskDefinition, 3 timed-out attempts', () =>
      createEcsApi(process.env, {}, ATTEMPTS).describeTaskDefinition('web:1')
    )
    expect(error).toMatchObject({
      operation: 'DescribeTaskDefinition',
      code: 'TimeoutError',
      transient: true
    })
    expect((error as Error).message).toMatch(
      /^ECS DescribeTaskDefinition failed for task definition web:1: TimeoutError: /
    )
    expect(proxy.operations()).toEqual(Array(3).fill('DescribeTaskDefinition'))
  })

  it('polls that pass then hang: the hung poll fails transient, at the poll deadline', async () => {
    proxy.hangAfter(2)
    const ecs = createEcsApi(process.env, {}, DEADLINES)
    for (let poll = 0; poll < 2; poll++) {
      const { services } = await ecs.describeServices('demo', ['web'], { polling: true })
      expect(services[0]!.name).toBe('web')
    }
    const error = await timed('ECS DescribeServices, third poll', () =>
      ecs.describeServices('demo', ['web'], { polling: true })
    )
    expect(error).toMatchObject({ code: 'DeadlineExceeded', transient: true })
    expect(proxy.operations()).toEqual(Array(3).fill('DescribeServices'))
  })
})

describe('connection resets and 503s are retried, then fail transient', () => {
  it.each([
    ['reset', { kind: 'reset' } as const, /ECONNRESET|socket hang up/],
    [
      '503',
      { kind: 'status', status: 503, type: 'ServiceUnavailableException' } as const,
      /ServiceUnavailableException/
    ]
  ])('every answer a %s: three attempts, one error naming the call', async (_, fault, said) => {
    proxy.otherwise(fault)
    const error = await createEcsApi(process.env, {}, ATTEMPTS)
      .updateService(update)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EcsCallError)
    expect(error).toMatchObject({ operation: 'UpdateService', transient: true })
    expect((error as Error).message).toMatch(
      /^ECS UpdateService failed for service web in cluster demo: /
    )
    expect((error as Error).message).toMatch(said)
    expect(proxy.operations()).toEqual(Array(3).fill('UpdateService'))
  })

  it('a reset then an answer: the call succeeds', async () => {
    proxy.next({ kind: 'reset' })
    const ecr = createEcrApi(process.env, ATTEMPTS)
    expect(await ecr.describeRepository('web')).toMatchObject({ name: 'web' })
    expect(proxy.operations()).toEqual(['DescribeRepositories', 'DescribeRepositories'])
  })
})

describe('lost replies: the work was done, the answer never came', () => {
  async function revisions(ecs: EcsApi): Promise<number> {
    return (await ecs.describeTaskDefinition('web')).revision
  }

  it('UpdateService: the SDK asks again and the same update is answered', async () => {
    proxy.next({ kind: 'drop-reply' })
    const ecs = createEcsApi(process.env, {}, ATTEMPTS)
    const updated = await ecs.updateService({ ...update, desiredCount: 3 })
    expect(updated.desiredCount).toBe(3)
    expect(proxy.operations()).toEqual(['UpdateService', 'UpdateService'])
  })

  it('RegisterTaskDefinition: the retry registers a second revision (known, harmless)', async () => {
    const ecs = createEcsApi(process.env, {}, ATTEMPTS)
    const before = await revisions(ecs)
    proxy.reset()
    proxy.next({ kind: 'drop-reply' })
    const registered = await ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'web:2', essential: true }]
    })
    expect(proxy.operations()).toEqual(['RegisterTaskDefinition', 'RegisterTaskDefinition'])
    // Revision before+1 was made by the lost attempt; the answer names before+2.
    expect(registered.revision).toBe(before + 2)
  })

  it('CreateService: the retry is refused as "not idempotent", though the service now exists', async () => {
    proxy.next({ kind: 'drop-reply' })
    const ecs = createEcsApi(process.env, {}, ATTEMPTS)
    const error = await ecs
      .createService({ cluster: 'demo', serviceName: 'api', taskDefinition: 'web:1' })
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ operation: 'CreateService', code: 'InvalidParameterException' })
    const { services } = await ecs.describeServices('demo', ['api'])
    expect(services.map(service => service.status)).toEqual(['ACTIVE'])
  })

  it('ECR PutImage: the retry finds the tag already there and says so', async () => {
    const ecr = createEcrApi(process.env, ATTEMPTS)
    const source = await ecr.getManifest('web', '3f786850e387550fdab836ed7e6dc881de23001b')
    proxy.reset()
    proxy.next({ kind: 'drop-reply' })
    expect(await ecr.putImageTag('web', 'v9-prod', source!)).toBe('already-tagged')
    expect(proxy.operations()).toEqual(['PutImage', 'PutImage'])
  })
})
