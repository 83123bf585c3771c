import type { Server } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createEcrApi } from '../../src/aws/ecr-client.js'
import { createEcsApi } from '../../src/aws/ecs-client.js'
import { explainAwsError } from '../../src/aws/explain-errors.js'
import { listenOnLoopback } from '../../__fixtures__/loopback-server.js'

// Faults injected at the HTTP level, under the real SDK clients ecs-flow builds (adaptive
// retries, the error explanations), from a fault server on loopback.

type Fault = { kind: 'error'; status: number; type: string; message: string } | { kind: 'reset' }
type Answer = Fault | { kind: 'ok'; body: unknown }

let server: Server
let url = ''
const script: Answer[] = []
const received: string[] = []

beforeAll(async () => {
  const started = await listenOnLoopback((request, response) => {
    request.resume()
    request.on('end', () => {
      received.push(String(request.headers['x-amz-target']).split('.').pop()!)
      const answer = script.shift() ?? { kind: 'ok', body: {} }
      if (answer.kind === 'reset') {
        request.socket.destroy()
        return
      }
      const json =
        answer.kind === 'ok' ? answer.body : { __type: answer.type, message: answer.message }
      response.writeHead(answer.kind === 'ok' ? 200 : answer.status, {
        'content-type': 'application/x-amz-json-1.1'
      })
      response.end(JSON.stringify(json))
    })
  })
  server = started.server
  url = started.url
  process.env.AWS_ENDPOINT_URL_ECS = url
  process.env.AWS_ENDPOINT_URL_ECR = url
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE'
  process.env.AWS_SECRET_ACCESS_KEY = 'not-a-secret'
  process.env.AWS_REGION = 'us-east-1'
})
afterEach(() => {
  script.length = 0
  received.length = 0
})
afterAll(async () => {
  for (const name of [
    'AWS_ENDPOINT_URL_ECS',
    'AWS_ENDPOINT_URL_ECR',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_REGION'
  ]) {
    delete process.env[name]
  }
  await new Promise(done => server.close(done))
})

const service = {
  serviceName: 'web',
  status: 'ACTIVE',
  desiredCount: 1,
  deployments: [
    {
      id: 'ecs-svc/1',
      status: 'PRIMARY',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
    }
  ]
}
const error = (status: number, type: string, message = type): Fault => ({
  kind: 'error',
  status,
  type,
  message
})

describe('transient faults are retried and the call still succeeds', () => {
  it.each([
    [
      'throttling',
      [
        error(400, 'ThrottlingException', 'Rate exceeded'),
        error(400, 'ThrottlingException', 'Rate exceeded')
      ]
    ],
    ['a 500', [error(500, 'ServerException', 'Internal failure')]],
    ['a 503', [error(503, 'ServiceUnavailableException', 'Service unavailable')]],
    ['a connection reset', [{ kind: 'reset' } as Fault]],
    ['a reset then throttling', [{ kind: 'reset' } as Fault, error(400, 'ThrottlingException')]]
  ])('UpdateService after %s', async (_, faults) => {
    script.push(...faults, { kind: 'ok', body: { service } })
    const updated = await createEcsApi().updateService({
      cluster: 'demo',
      service: 'web',
      taskDefinition: 'web:2'
    })
    expect(updated.deployments[0]!.id).toBe('ecs-svc/1')
    expect(received).toEqual(Array(faults.length + 1).fill('UpdateService'))
  })

  it('ECR PutImage after throttling', async () => {
    script.push(error(400, 'ThrottlingException'), {
      kind: 'ok',
      body: { image: { imageId: { imageDigest: 'sha256:1', imageTag: 'v1-prod' } } }
    })
    await expect(
      createEcrApi().putImageTag('web', 'v1-prod', {
        digest: 'sha256:1',
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        manifest: '{}'
      })
    ).resolves.toBe('tagged')
    expect(received).toEqual(['PutImage', 'PutImage'])
  })
})

describe('reads: the SDK retries errors, ecs-flow paces throttling', () => {
  const pauses: number[] = []
  const ecs = () =>
    createEcsApi(process.env, {}, undefined, {
      pause: async ms => void pauses.push(ms),
      random: () => 0
    })
  afterEach(() => {
    pauses.length = 0
  })

  it.each([
    ['a 503', [error(503, 'ServiceUnavailableException', 'Service unavailable')]],
    ['a connection reset', [{ kind: 'reset' } as Fault]]
  ])('DescribeTaskDefinition after %s: retried by the SDK, no pause', async (_, faults) => {
    script.push(...faults, {
      kind: 'ok',
      body: { taskDefinition: { taskDefinitionArn: 'arn:td/web:1', family: 'web', revision: 1 } }
    })
    await expect(ecs().describeTaskDefinition('web:1')).resolves.toMatchObject({ revision: 1 })
    expect(received).toEqual(Array(faults.length + 1).fill('DescribeTaskDefinition'))
    expect(pauses).toEqual([])
  })

  it('AWS_MAX_ATTEMPTS sets the attempts on errors, as for the other clients', async () => {
    const unavailable = error(503, 'ServiceUnavailableException', 'Service unavailable')
    script.push(unavailable, unavailable, { kind: 'ok', body: { services: [], failures: [] } })
    const twoAttempts = createEcsApi({ ...process.env, AWS_MAX_ATTEMPTS: '2' })
    await expect(twoAttempts.describeServices('demo', ['web'])).rejects.toMatchObject({
      code: 'ServiceUnavailableException',
      transient: true
    })
    expect(received).toEqual(['DescribeServices', 'DescribeServices'])
  })

  it('DescribeServices throttled twice: each throttled request handed back at once, asked again after 1.5 s, then 3 s', async () => {
    script.push(error(400, 'ThrottlingException', 'Rate exceeded'))
    script.push(error(400, 'ThrottlingException', 'Rate exceeded'))
    script.push({ kind: 'ok', body: { services: [service], failures: [] } })
    const answer = await ecs().describeServices('demo', ['web'])
    expect(answer.services.map(s => s.name)).toEqual(['web'])
    // Three requests in all: the SDK sent each throttled one once (it would have sent three).
    expect(received).toEqual(Array(3).fill('DescribeServices'))
    expect(pauses).toEqual([1500, 3000])
  })
})

describe('faults that need a person say what to do', () => {
  it('expired credentials: the session expired, raise role-duration-seconds', async () => {
    script.push(
      error(400, 'ExpiredTokenException', 'The security token included in the request is expired')
    )
    await expect(
      createEcsApi().updateService({ cluster: 'demo', service: 'web', taskDefinition: 'web:2' })
    ).rejects.toThrow(
      /UpdateService failed for service web in cluster demo: ExpiredTokenException: .* the AWS session has expired: .*raise role-duration-seconds/
    )
    expect(received).toEqual(['UpdateService'])
  })

  it('AccessDenied: names the IAM action and the resource', async () => {
    script.push(
      error(
        400,
        'AccessDeniedException',
        'User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ecs:UpdateService on resource: arn:aws:ecs:us-east-1:123456789012:service/demo/web because no identity-based policy allows the ecs:UpdateService action'
      )
    )
    await expect(
      createEcsApi().updateService({ cluster: 'demo', service: 'web', taskDefinition: 'web:2' })
    ).rejects.toThrow(
      /the role is not allowed ecs:UpdateService on arn:aws:ecs:us-east-1:123456789012:service\/demo\/web: add that action and resource to the role's policy/
    )
  })

  it('AccessDenied without details: names the action of the call', async () => {
    script.push(error(400, 'AccessDeniedException', 'Access denied'))
    await expect(createEcrApi().getAuthorization()).rejects.toThrow(
      /the role is not allowed ecr:GetAuthorizationToken on the resource it names/
    )
  })

  it('refused credentials', async () => {
    script.push(
      error(
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.'
      )
    )
    await expect(createEcsApi().describeTaskDefinition('web:1')).rejects.toThrow(
      /the AWS credentials were refused/
    )
  })

  it('a missing service is not retried and keeps its name for the caller', async () => {
    script.push(error(400, 'ServiceNotFoundException', 'Service not found.'))
    await expect(
      createEcsApi().updateService({ cluster: 'demo', service: 'web', taskDefinition: 'web:2' })
    ).rejects.toMatchObject({ code: 'ServiceNotFoundException' })
    expect(received).toEqual(['UpdateService'])
  })
})

describe('explainAwsError', () => {
  it.each([
    [
      {
        name: 'CredentialsProviderError',
        message: 'Could not load credentials from any providers'
      },
      'run aws-actions/configure-aws-credentials'
    ],
    [{ name: 'ExpiredToken', message: 'expired' }, 'role-duration-seconds'],
    [{ name: 'RequestExpired', message: 'Request has expired.' }, 'role-duration-seconds'],
    [{ name: 'AccessDenied', message: 'denied' }, 'not allowed ecr:PutImage'],
    [{ name: 'InvalidSignatureException', message: 'bad signature' }, 'credentials were refused']
  ])('%j', (fields, hint) => {
    const sdkError = Object.assign(new Error(fields.message), { name: fields.name })
    expect(explainAwsError(sdkError, 'ecr:PutImage').message).toContain(hint)
    expect(explainAwsError(sdkError, 'ecr:PutImage').name).toBe(fields.name)
  })

  it('leaves other errors as they are', () => {
    const other = Object.assign(new Error('Repository not found'), {
      name: 'RepositoryNotFoundException'
    })
    expect(explainAwsError(other, 'ecr:DescribeImages').message).toBe('Repository not found')
  })
})
