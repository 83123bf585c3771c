import type { IncomingMessage, ServerResponse } from 'node:http'
import { LoopbackServers } from '../../__fixtures__/loopback-server.js'
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ElbApi, ListenerInfo } from '../../src/aws/elb-api.js'
import { executePlan } from '../../src/release/execute.js'
import { failedStep, type ReleaseImage, type Registration } from '../../src/core/state.js'
import { STEPS } from '../../src/steps/index.js'
import {
  VERIFY_INTERVAL_SECONDS,
  VERIFY_REQUEST_TIMEOUT_SECONDS,
  verify,
  verifyCommandEnv
} from '../../src/steps/verify.js'
import { ReleaseError, VerificationError } from '../../src/util/errors.js'
import { baseUrl, findLoadBalancerUrl } from '../../src/verify/load-balancer-url.js'
import { excerpt, waitForUrl } from '../../src/verify/url-check.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { SHA, stepContext } from '../../__fixtures__/step-context.js'

// ---- a real HTTP server on loopback, answering from a script -------------------------------

type Answer = { status: number; body?: string } | 'hang'

interface TestServer {
  url: string
  requests: { method: string; path: string; userAgent?: string; authorization?: string }[]
}

const servers = new LoopbackServers()

/** Answers the i-th request with answers[i] (the last one repeats); 'hang' never answers. */
async function serve(answers: Answer[]): Promise<TestServer> {
  const requests: TestServer['requests'] = []
  const url = await servers.start((request: IncomingMessage, response: ServerResponse) => {
    requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      userAgent: request.headers['user-agent'],
      authorization: request.headers.authorization
    })
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!
    if (answer === 'hang') return
    response.writeHead(answer.status, { 'content-type': 'text/plain' })
    response.end(answer.body ?? '')
  })
  return { url, requests }
}

afterEach(() => servers.closeAll())

// ---- a step context from a real push payload -----------------------------------------------

const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:8'
const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${'b'.repeat(64)}`
const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc'
const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/def'

class FakeElb implements ElbApi {
  readonly calls: string[] = []
  constructor(
    private readonly dnsName: string,
    private readonly listeners: ListenerInfo[] = [{ arn: 'l1', port: 80, protocol: 'HTTP' }],
    private readonly attached = true
  ) {}
  async describeTargetGroups(arns: readonly string[]) {
    this.calls.push(`target-groups ${arns.join(',')}`)
    return arns.map(arn => ({ arn, name: 'web', loadBalancerArns: this.attached ? [LB_ARN] : [] }))
  }
  async describeLoadBalancers(arns: readonly string[]) {
    this.calls.push(`load-balancers ${arns.join(',')}`)
    return [{ arn: LB_ARN, name: 'web-alb', dnsName: this.dnsName, scheme: 'internet-facing' }]
  }
  async describeListeners(arn: string) {
    this.calls.push(`listeners ${arn}`)
    return this.listeners
  }
  async describeTargetGroupAttributes(arn: string) {
    this.calls.push(`attributes ${arn}`)
    return {}
  }
  async describeTargetHealth(arn: string) {
    this.calls.push(`target-health ${arn}`)
    return []
  }
}

const image: ReleaseImage = { reference: IMAGE, extraTags: [] }
const registration: Registration = {
  taskDefinitionArn: TD_ARN,
  previousTaskDefinitionArn: undefined,
  serviceExists: true,
  unchanged: false,
  changes: [],
  predicted: false
}

/**
 * A promote of the `v1.0.0-prod` tag to service web in cluster prod, which runs IMAGE as TD_ARN.
 * `service`: the target groups ECS lists for the service, or 'missing'.
 */
function harness(
  inputs: Record<string, string>,
  elb?: ElbApi,
  service: { targetGroupArns: string[] } | 'missing' = { targetGroupArns: [TG_ARN] }
) {
  const clock = new FakeClock()
  const ecs = new FakeEcs(clock)
  if (service !== 'missing') {
    ecs.addService({
      cluster: 'prod',
      name: 'web',
      taskDefinition: TD_ARN,
      targetGroupArns: service.targetGroupArns
    })
  }
  return stepContext({
    event: 'promote',
    inputs: { cluster: 'prod', service: 'web', ...inputs },
    clock,
    ecs,
    elb,
    env: {}
  })
}
type Harness = ReturnType<typeof harness>

/** The verify step, as the executor calls it: the service URL goes to the release state. */
function verifyIt(h: Harness): Promise<void> {
  return verify(h.context, {
    target: h.plan.targets[0]!,
    image,
    registration,
    command: true,
    onServiceUrl: url => (h.state.serviceUrl = url)
  })
}

async function verifyFails(h: Harness): Promise<Error> {
  const error = await verifyIt(h).then(
    () => undefined,
    (e: unknown) => e as Error
  )
  expect(error).toBeInstanceOf(Error)
  return error!
}

/** The release through the executor, the steps before verify faked: which step failed. */
async function releaseFails(h: Harness): Promise<Error> {
  const error = await executePlan(h.context, {
    ...STEPS,
    resolve: async () => image,
    register: async () => registration,
    deploy: async () => ({ id: 'ecs-svc/8', taskDefinitionArn: TD_ARN, createdService: false }),
    wait: async () => {}
  }).then(
    () => undefined,
    (e: unknown) => e as Error
  )
  expect(error).toBeInstanceOf(Error)
  return error!
}

/** A small real request timeout for the checks that hang; retries cost no time on the fake clock. */
function checkUrl(h: Harness, url: string) {
  return waitForUrl(
    {
      label: 'verify-url',
      url,
      contains: h.plan.targets[0]!.verifyContains,
      timeoutSeconds: h.settings.verifyTimeoutSeconds,
      intervalSeconds: VERIFY_INTERVAL_SECONDS,
      requestTimeoutSeconds: 0.2
    },
    { clock: h.clock, logger: h.logger, fetch: h.services.fetch }
  )
}

// ---- verify-url -----------------------------------------------------------------------------

describe('verify-url', () => {
  it('pauses 5 s between attempts and gives each request 10 s', () => {
    expect(VERIFY_INTERVAL_SECONDS).toBe(5)
    expect(VERIFY_REQUEST_TIMEOUT_SECONDS).toBe(10)
  })

  it('retries a 503 until the URL answers 200, pausing on the injected clock', async () => {
    const server = await serve([
      { status: 503, body: 'starting' },
      { status: 503 },
      { status: 200, body: 'ok' }
    ])
    const h = harness({ 'verify-url': `${server.url}/health` })
    await verifyIt(h)
    expect(server.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /health',
      'GET /health',
      'GET /health'
    ])
    expect(server.requests[0]!.userAgent).toBe('ecs-flow-verify')
    expect(h.clock.sleeps).toEqual([5000, 5000])
    expect(h.context.state.serviceUrl).toBe(`${server.url}/health`)
    // One line for the 503s (printed once, not per attempt), one for the success.
    expect(h.logger.lines.filter(line => line.includes('HTTP 503'))).toHaveLength(1)
    expect(h.logger.text()).toContain(
      `verify-url: GET ${server.url}/health answered 200 (attempt 3, 10s)`
    )
    // verify-url needs no AWS call.
    expect(h.ecs.calls).toEqual([])
  })

  it('passes at once on a 2xx with the expected text', async () => {
    const server = await serve([{ status: 204 }])
    const h = harness({ 'verify-url': `${server.url}/` })
    await verifyIt(h)
    expect(server.requests).toHaveLength(1)
    expect(h.clock.sleeps).toEqual([])
  })

  it('fails after the verify-timeout, naming the URL, the last status and a body excerpt', async () => {
    const server = await serve([{ status: 502, body: '<html>\n  bad gateway\n</html>' }])
    const h = harness({ 'verify-url': `${server.url}/health`, 'verify-timeout': '20s' })
    const error = await verifyFails(h)
    expect(error).toBeInstanceOf(VerificationError)
    expect(error).toBeInstanceOf(ReleaseError)
    expect((error as VerificationError).step).toBe('verify')
    expect((error as VerificationError).check).toBe('url')
    expect(error.message).toBe(
      `verify-url ${server.url}/health did not answer 2xx within 20s (5 attempts); ` +
        'last answer: HTTP 502 Bad Gateway; body: "<html> bad gateway </html>"'
    )
    // Attempts at 0, 5, 10, 15 and 20 s: the last one at the deadline.
    expect(h.clock.sleeps).toEqual([5000, 5000, 5000, 5000])
  })

  it('keeps trying while the body lacks verify-contains, then says the text was missing', async () => {
    const server = await serve([{ status: 200, body: 'version 1 is running' }])
    const h = harness({
      'verify-url': `${server.url}/version`,
      'verify-contains': 'version 2',
      'verify-timeout': '10s'
    })
    const error = await verifyFails(h)
    expect(error).toBeInstanceOf(VerificationError)
    expect(error.message).toBe(
      `verify-url ${server.url}/version did not answer 2xx containing "version 2" within 10s (3 attempts); ` +
        'last answer: HTTP 200 but the body does not contain "version 2"; body: "version 1 is running"'
    )
  })

  it('passes once the new revision serves the expected text', async () => {
    const server = await serve([
      { status: 200, body: 'version 1' },
      { status: 200, body: 'version 2 ok' }
    ])
    const h = harness({ 'verify-url': `${server.url}/`, 'verify-contains': 'version 2' })
    await verifyIt(h)
    expect(server.requests).toHaveLength(2)
    expect(h.logger.text()).toContain('answered 200 containing "version 2"')
  })

  it('gives up on a request that never answers after the per-request timeout', async () => {
    const server = await serve(['hang'])
    const h = harness({ 'verify-url': `${server.url}/slow`, 'verify-timeout': '5s' })
    const started = Date.now()
    // verify waits VERIFY_REQUEST_TIMEOUT_SECONDS per request; the check itself, with 0.2 s.
    const error = (await checkUrl(h, `${server.url}/slow`).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(VerificationError)
    expect(error.message).toBe(
      `verify-url ${server.url}/slow did not answer 2xx within 5s (2 attempts); last answer: no answer within 0.2s`
    )
    expect(server.requests).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('recovers from a request that hung once', async () => {
    const server = await serve(['hang', { status: 200, body: 'ok' }])
    const h = harness({ 'verify-url': `${server.url}/`, 'verify-contains': 'ok' })
    await checkUrl(h, `${server.url}/`)
    expect(h.logger.text()).toContain('no answer within 0.2s (attempt 1); retrying')
  })

  it('names the network error when nothing listens', async () => {
    const server = await serve([{ status: 200 }])
    const { url } = server
    await servers.closeAll()
    const h = harness({ 'verify-url': `${url}/health`, 'verify-timeout': '1s' })
    const error = await verifyFails(h)
    expect(error).toBeInstanceOf(VerificationError)
    expect(error.message).toMatch(
      new RegExp(
        `^verify-url ${url}/health did not answer 2xx within 1s \\(2 attempts\\); last answer: request failed: .*ECONNREFUSED`
      )
    )
  })

  it('sends user:password as Basic auth, and keeps them out of the service URL and the log', async () => {
    const server = await serve([{ status: 503 }, { status: 200, body: 'ok' }])
    const host = server.url.replace('http://', '')
    const h = harness({
      'verify-url': `http://deploy:s%40cret@${host}/health`,
      'verify-command': './smoke.sh'
    })
    await verifyIt(h)
    expect(server.requests.map(r => r.authorization)).toEqual([
      `Basic ${Buffer.from('deploy:s@cret').toString('base64')}`,
      `Basic ${Buffer.from('deploy:s@cret').toString('base64')}`
    ])
    // The environment URL, the summary and ECS_FLOW_SERVICE_URL all come from state.serviceUrl.
    expect(h.context.state.serviceUrl).toBe(`${server.url}/health`)
    expect(h.exec.commands[0]!.options.env!.ECS_FLOW_SERVICE_URL).toBe(`${server.url}/health`)
    expect(h.logger.text()).toContain(`verify-url: GET ${server.url}/health answered 200`)
    expect(h.logger.text()).not.toContain('cret')
    expect(h.logger.text()).not.toContain('deploy:')
  })

  it('keeps user:password out of the failure message', async () => {
    const server = await serve([{ status: 401, body: 'who are you' }])
    const host = server.url.replace('http://', '')
    const h = harness({ 'verify-url': `http://deploy:secret@${host}/`, 'verify-timeout': '1s' })
    const error = await verifyFails(h)
    expect(error).toBeInstanceOf(VerificationError)
    expect(error.message).toMatch(new RegExp(`^verify-url ${server.url}/ did not answer 2xx`))
    expect(error.message).not.toContain('secret')
    expect(h.context.state.serviceUrl).toBe(`${server.url}/`)
    expect(h.logger.text()).not.toContain('secret')
  })

  it('shortens long bodies and neutralises workflow commands in the excerpt', () => {
    expect(excerpt('x'.repeat(500))).toBe(`${'x'.repeat(200)}…`)
    expect(excerpt('::add-mask::secret\n::error::boom')).not.toContain('::')
  })
})

// ---- verify-path -----------------------------------------------------------------------------

describe('verify-path', () => {
  it('finds the load balancer from the service target group and checks http://<dns><path>', async () => {
    const server = await serve([{ status: 200, body: 'healthy' }])
    // The "DNS name" of the fake load balancer is the local server's host:port.
    const elb = new FakeElb(server.url.replace('http://', ''), [])
    const h = harness({ 'verify-path': '/health', 'verify-contains': 'healthy' }, elb)
    await verifyIt(h)
    // The target groups come from one DescribeServices through the release's ECS adapter.
    expect(h.ecs.calls.map(call => [call.operation, call.args])).toEqual([
      ['DescribeServices', { cluster: 'prod', names: ['web'] }]
    ])
    expect(elb.calls).toEqual([
      `target-groups ${TG_ARN}`,
      `load-balancers ${LB_ARN}`,
      `listeners ${LB_ARN}`
    ])
    expect(server.requests.map(r => r.path)).toEqual(['/health'])
    expect(h.context.state.serviceUrl).toBe(`${server.url}/health`)
    expect(h.logger.text()).toContain(`verify-path: load balancer web-alb → ${server.url}/health`)
  })

  it('fails with a setup error when the service has no load balancer', async () => {
    const h = harness({ 'verify-path': '/health' }, new FakeElb('x'), { targetGroupArns: [] })
    const error = await verifyFails(h)
    expect(error).toBeInstanceOf(ReleaseError)
    expect(error).not.toBeInstanceOf(VerificationError)
    expect(error.message).toBe(
      'verify-path: service web in cluster prod has no load balancer (DescribeServices lists no target group). Use verify-url, or attach the service to a load balancer target group.'
    )
  })

  it('fails with a setup error, not a failed check, when ECS reports the service missing', async () => {
    const elb = new FakeElb('x')
    const h = harness({ 'verify-path': '/health' }, elb, 'missing')
    const error = await verifyFails(h)
    expect(error).toBeInstanceOf(ReleaseError)
    expect(error).not.toBeInstanceOf(VerificationError)
    expect(error.message).toBe(
      'verify-path: ECS reports service web in cluster prod missing, so its load balancer cannot be found'
    )
    expect(elb.calls).toEqual([])
    // The executor records the failure as verify's.
    const release = harness({ 'verify-path': '/health' }, elb, 'missing')
    expect((await releaseFails(release)).message).toBe(error.message)
    expect(failedStep(release.state)).toBe('verify')
  })

  it('lets a failed DescribeServices through as it is: not a failed check', async () => {
    const h = harness({ 'verify-path': '/health' }, new FakeElb('x'))
    const denied = new Error(
      'AccessDeniedException: not authorized to perform ecs:DescribeServices'
    )
    h.ecs.failCalls('DescribeServices', denied)
    const error = await verifyFails(h)
    expect(error).toBe(denied)
    expect(error).not.toBeInstanceOf(VerificationError)
  })

  it('fails naming the target group when no load balancer routes to it', async () => {
    const elb = new FakeElb('x', [], false)
    await expect(
      findLoadBalancerUrl(elb, [TG_ARN], '/h', { cluster: 'prod', service: 'web' })
    ).rejects.toThrow(
      `verify-path: no load balancer routes to the target group(s) of service web in cluster prod: ${TG_ARN}`
    )
  })

  it.each<[string, ListenerInfo[], string]>([
    ['HTTPS on 443 wins', [l('HTTP', 80), l('HTTPS', 443)], 'https://lb.example'],
    ['TLS on 443 (network load balancer)', [l('TLS', 443)], 'https://lb.example'],
    ['plain HTTP on 80', [l('HTTP', 80)], 'http://lb.example'],
    ['HTTP on another port', [l('HTTP', 8080)], 'http://lb.example:8080'],
    ['HTTPS on another port only', [l('HTTPS', 8443)], 'https://lb.example:8443'],
    ['HTTP 80 beats HTTPS 8443', [l('HTTPS', 8443), l('HTTP', 80)], 'http://lb.example'],
    ['no listeners', [], 'http://lb.example']
  ])('scheme and port: %s', (_name, listeners, expected) => {
    expect(baseUrl('lb.example', listeners)).toBe(expected)
  })
})

function l(protocol: string, port: number): ListenerInfo {
  return { arn: `${protocol}-${port}`, protocol, port }
}

// ---- verify-command ---------------------------------------------------------------------------

describe('verify-command', () => {
  it('runs in bash with the ECS_FLOW_* variables, after the URL check', async () => {
    const server = await serve([{ status: 200 }])
    const h = harness({
      'verify-url': `${server.url}/health`,
      'verify-command': './smoke.sh "$ECS_FLOW_SERVICE_URL"'
    })
    await verifyIt(h)
    expect(h.exec.commands).toHaveLength(1)
    const [command] = h.exec.commands
    expect(command!.program).toBe('bash')
    expect(command!.args).toEqual(['-eo', 'pipefail', '-c', './smoke.sh "$ECS_FLOW_SERVICE_URL"'])
    expect(command!.options.env).toEqual({
      ECS_FLOW_FLOW: 'promote',
      ECS_FLOW_ENVIRONMENT: 'production',
      ECS_FLOW_SHA: SHA,
      ECS_FLOW_IMAGE: IMAGE,
      ECS_FLOW_TASK_DEFINITION_ARN: TD_ARN,
      ECS_FLOW_SERVICE_URL: `${server.url}/health`,
      ECS_FLOW_CLUSTER: 'prod',
      ECS_FLOW_SERVICE: 'web'
    })
  })

  it('fails naming the command and its exit code', async () => {
    const h = harness({ 'verify-command': 'npm run smoke' })
    h.exec.respond(() => ({ exitCode: 3 }))
    const error = await verifyFails(h)
    expect(error).toBeInstanceOf(VerificationError)
    expect((error as VerificationError).check).toBe('command')
    expect(error.message).toBe('verify-command "npm run smoke" exited with code 3')
  })

  it('is not run when the URL check failed', async () => {
    const server = await serve([{ status: 500 }])
    const h = harness({
      'verify-url': server.url,
      'verify-command': 'true',
      'verify-timeout': '1s'
    })
    await verifyFails(h)
    expect(h.exec.commands).toEqual([])
  })

  it('gets an empty ECS_FLOW_SERVICE_URL when no URL is known', () => {
    const h = harness({ 'verify-command': 'true' })
    expect(
      verifyCommandEnv(h.context, { target: h.plan.targets[0]!, image, registration }, undefined)
        .ECS_FLOW_SERVICE_URL
    ).toBe('')
  })
})
