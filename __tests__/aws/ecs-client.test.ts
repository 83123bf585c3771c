import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  ClusterNotFoundException,
  CreateServiceCommand,
  ConflictException,
  InvalidParameterException,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTagsForResourceCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  ServerException,
  StopServiceDeploymentCommand,
  ContinueServiceDeploymentCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  DescribeExpressGatewayServiceCommand,
  UpdateExpressGatewayServiceCommand,
  ResourceNotFoundException
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import {
  EcsCallError,
  primaryDeployment,
  startedDeployment,
  type ServiceSnapshot
} from '../../src/aws/ecs-api.js'
import { createEcsApi } from '../../src/aws/ecs-client.js'
import { regionFrom } from '../../src/aws/region.js'

const meta = { $metadata: {} }
const ecsMock = mockClient(ECSClient)
const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7'
const created = new Date('2026-01-01T00:00:00Z')

function api() {
  return createEcsApi(
    {},
    {
      client: new ECSClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'k', secretAccessKey: 's' },
        maxAttempts: 1
      })
    }
  )
}

beforeEach(() => {
  ecsMock.reset()
})

const sdkService = {
  serviceName: 'web',
  serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/demo/web',
  status: 'ACTIVE',
  taskDefinition: TD,
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  deployments: [
    {
      id: 'ecs-svc/1',
      status: 'PRIMARY',
      taskDefinition: TD,
      desiredCount: 2,
      pendingCount: 0,
      runningCount: 2,
      failedTasks: 1,
      rolloutState: 'COMPLETED' as const,
      rolloutStateReason: 'ECS deployment completed.',
      createdAt: created,
      updatedAt: created
    }
  ],
  events: [{ id: 'e1', createdAt: created, message: '(service web) has reached a steady state.' }]
}

describe('describeServices', () => {
  it('maps services to our type and reports missing ones by name', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [sdkService],
      failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/demo/api', reason: 'MISSING' }]
    })
    const result = await api().describeServices('demo', ['web', 'api'])
    expect(result.missing).toEqual([{ service: 'api', reason: 'MISSING' }])
    expect(result.services).toEqual([
      {
        name: 'web',
        arn: sdkService.serviceArn,
        status: 'ACTIVE',
        taskDefinition: TD,
        desiredCount: 2,
        runningCount: 2,
        pendingCount: 0,
        deploymentController: 'ECS',
        circuitBreaker: { enable: true, rollback: true },
        deployments: [
          {
            id: 'ecs-svc/1',
            status: 'PRIMARY',
            taskDefinition: TD,
            desiredCount: 2,
            pendingCount: 0,
            runningCount: 2,
            failedTasks: 1,
            rolloutState: 'COMPLETED',
            rolloutStateReason: 'ECS deployment completed.',
            createdAt: created.getTime(),
            updatedAt: created.getTime()
          }
        ],
        events: [
          {
            id: 'e1',
            createdAt: created.getTime(),
            message: '(service web) has reached a steady state.'
          }
        ],
        targetGroupArns: [],
        launch: {}
      }
    ])
  })

  it("reads the circuit breaker's threshold configuration and resetOnHealthyTask as ECS returns them", async () => {
    const breakers = [
      {
        enable: true,
        rollback: false,
        resetOnHealthyTask: false,
        thresholdConfiguration: { type: 'COUNT' as const, value: 2 }
      },
      {
        enable: true,
        rollback: true,
        thresholdConfiguration: { type: 'UNBOUNDED_PERCENT' as const, value: 25 }
      },
      { enable: true, rollback: true, resetOnHealthyTask: true }
    ]
    ecsMock.on(DescribeServicesCommand).resolves({
      services: breakers.map((deploymentCircuitBreaker, index) => ({
        ...sdkService,
        serviceName: `web${index}`,
        deploymentConfiguration: { deploymentCircuitBreaker }
      }))
    })
    const result = await api().describeServices('demo', ['web0', 'web1', 'web2'])
    expect(result.services.map(service => service.circuitBreaker)).toEqual([
      {
        enable: true,
        rollback: false,
        resetOnHealthyTask: false,
        threshold: { type: 'COUNT', value: 2 }
      },
      { enable: true, rollback: true, threshold: { type: 'UNBOUNDED_PERCENT', value: 25 } },
      { enable: true, rollback: true, resetOnHealthyTask: true }
    ])
  })

  it("keeps the service's launch settings, network and tag propagation, for one-off tasks", async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        {
          ...sdkService,
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
          platformVersion: '1.4.0',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: ['subnet-1'],
              securityGroups: ['sg-1'],
              assignPublicIp: 'DISABLED'
            }
          },
          propagateTags: 'SERVICE',
          enableECSManagedTags: true
        }
      ]
    })
    const [service] = (await api().describeServices('demo', ['web'])).services
    expect(service!.launch).toEqual({
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
      platformVersion: '1.4.0',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-1'],
          securityGroups: ['sg-1'],
          assignPublicIp: 'DISABLED'
        }
      },
      propagateTags: 'SERVICE',
      enableECSManagedTags: true
    })
  })

  it("lists the service's distinct target groups, from its load balancers", async () => {
    const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc'
    const OTHER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-grpc/def'
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        {
          ...sdkService,
          loadBalancers: [
            { targetGroupArn: TG, containerName: 'web', containerPort: 80 },
            { targetGroupArn: TG, containerName: 'web', containerPort: 8080 },
            { targetGroupArn: OTHER, containerName: 'web', containerPort: 50051 },
            { loadBalancerName: 'classic-elb', containerName: 'web', containerPort: 80 }
          ]
        }
      ]
    })
    const [service] = (await api().describeServices('demo', ['web'])).services
    expect(service!.targetGroupArns).toEqual([TG, OTHER])
    // A CodeDeploy AppSpec needs each one's container and port, as ECS lists them.
    expect(service!.loadBalancers).toEqual([
      { targetGroupArn: TG, containerName: 'web', containerPort: 80 },
      { targetGroupArn: TG, containerName: 'web', containerPort: 8080 },
      { targetGroupArn: OTHER, containerName: 'web', containerPort: 50051 },
      { targetGroupArn: undefined, containerName: 'web', containerPort: 80 }
    ])
  })

  it("a CODE_DEPLOY service's task sets: status and revision (its deployments are empty)", async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: 'web',
          status: 'ACTIVE',
          deploymentController: { type: 'CODE_DEPLOY' },
          deployments: [],
          taskSets: [
            { status: 'PRIMARY', taskDefinition: 'arn:td/web:1' },
            { status: 'ACTIVE', taskDefinition: 'arn:td/web:2' }
          ]
        },
        { serviceName: 'api', status: 'ACTIVE' }
      ]
    })
    const [web, other] = (await api().describeServices('demo', ['web', 'api'])).services
    expect(web!.taskSets).toEqual([
      { status: 'PRIMARY', taskDefinition: 'arn:td/web:1' },
      { status: 'ACTIVE', taskDefinition: 'arn:td/web:2' }
    ])
    expect(other!.taskSets).toBeUndefined()
  })

  it('asks for at most 10 services per call', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [] })
    const names = Array.from({ length: 23 }, (_, i) => `svc${i}`)
    await api().describeServices('demo', names)
    const batches = ecsMock
      .commandCalls(DescribeServicesCommand)
      .map(call => call.args[0].input.services)
    expect(batches.map(batch => batch?.length)).toEqual([10, 10, 3])
    expect(batches.flat()).toEqual(names)
  })

  it('polls with its own single-attempt client: the watcher, not the SDK, retries a poll', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [sdkService] })
    const config = { region: 'us-east-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } }
    const client = new ECSClient(config)
    const pollClient = new ECSClient({ ...config, maxAttempts: 1 })
    const ecs = createEcsApi({}, { client, polls: pollClient })
    await ecs.describeServices('demo', ['web'])
    await ecs.describeServices('demo', ['web'], { polling: true })
    const used = ecsMock.commandCalls(DescribeServicesCommand).map(call => call.thisValue)
    expect(used).toEqual([client, pollClient])
  })

  it.each([
    [
      'a missing cluster: permanent',
      new ClusterNotFoundException({ message: 'Cluster not found.', ...meta }),
      'ClusterNotFoundException',
      false
    ],
    [
      'a 5xx: transient',
      new ServerException({ message: 'internal', $metadata: { httpStatusCode: 500 } }),
      'ServerException',
      true
    ],
    [
      'throttling: transient',
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 }
      }),
      'ThrottlingException',
      true
    ],
    [
      'a connection reset: transient',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      'ECONNRESET',
      true
    ]
  ])(
    'turns %s into an error naming the operation, cluster and service',
    async (_name, error, code, transient) => {
      ecsMock.on(DescribeServicesCommand).rejects(error)
      // As a poll: one attempt (a read that is throttled is asked again, below).
      const caught = await api()
        .describeServices('demo', ['web'], { polling: code === 'ThrottlingException' })
        .catch((e: unknown) => e)
      expect(caught).toBeInstanceOf(EcsCallError)
      expect(caught).toMatchObject({ operation: 'DescribeServices', code, transient })
      expect((caught as Error).message).toMatch(
        new RegExp(`^ECS DescribeServices failed for service web in cluster demo: ${code}: `)
      )
    }
  )
})

it('a read that ECS keeps throttling is asked again after a pause, until it answers', async () => {
  const throttled = Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 }
  })
  ecsMock
    .on(DescribeServicesCommand)
    .rejectsOnce(throttled)
    .rejectsOnce(throttled)
    .resolves({ services: [], failures: [] })
  const pauses: number[] = []
  const client = new ECSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'k', secretAccessKey: 's' }
  })
  const ecs = createEcsApi({}, { client }, undefined, {
    pause: async ms => void pauses.push(ms),
    random: () => 0.5
  })
  const answer = await ecs.describeServices('demo', ['web'])
  expect(answer.services).toEqual([])
  expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(3)
  // 3 s then 6 s, each jittered to three quarters.
  expect(pauses).toEqual([2250, 4500])
})

describe('task definitions', () => {
  const described = {
    taskDefinitionArn: TD,
    family: 'web',
    revision: 7,
    status: 'ACTIVE' as const,
    containerDefinitions: [{ name: 'web', image: 'nginx:1' }],
    registeredAt: created
  }

  it('describes a revision as plain JSON (dates as ISO strings)', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand, { taskDefinition: 'web:7' })
      .resolves({ taskDefinition: described })
    expect(await api().describeTaskDefinition('web:7')).toEqual({
      arn: TD,
      family: 'web',
      revision: 7,
      definition: { ...described, registeredAt: '2026-01-01T00:00:00.000Z' }
    })
  })

  it('registers the definition it is given, passing the fields through', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({
      taskDefinition: { ...described, revision: 8, taskDefinitionArn: TD.replace(':7', ':8') }
    })
    const definition = {
      family: 'web',
      cpu: '256',
      containerDefinitions: [
        { name: 'web', image: 'nginx:2', portMappings: [{ containerPort: 80 }] }
      ]
    }
    const registered = await api().registerTaskDefinition(definition)
    expect(registered.arn).toBe(TD.replace(':7', ':8'))
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input).toEqual(
      definition
    )
  })

  it('names the family when registering fails', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(
        Object.assign(new Error('Invalid setting for container'), { name: 'ClientException' })
      )
    await expect(
      api().registerTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web' }] })
    ).rejects.toThrow(
      'ECS RegisterTaskDefinition failed for task definition family web: ClientException: Invalid setting for container'
    )
  })
})

describe('services', () => {
  it('updates the service and returns it', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({ service: sdkService })
    const updated = await api().updateService({
      cluster: 'demo',
      service: 'web',
      taskDefinition: TD,
      desiredCount: 3,
      forceNewDeployment: true
    })
    expect(updated.deployments[0]!.id).toBe('ecs-svc/1')
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'demo',
      service: 'web',
      taskDefinition: TD,
      desiredCount: 3,
      forceNewDeployment: true
    })
  })

  it('creates a service from a definition', async () => {
    ecsMock.on(CreateServiceCommand).resolves({ service: sdkService })
    await api().createService({
      cluster: 'demo',
      serviceName: 'web',
      taskDefinition: TD,
      desiredCount: 1,
      launchType: 'FARGATE'
    })
    expect(ecsMock.commandCalls(CreateServiceCommand)[0]!.args[0].input).toMatchObject({
      serviceName: 'web',
      launchType: 'FARGATE'
    })
  })

  it('names cluster and service when UpdateService fails', async () => {
    ecsMock
      .on(UpdateServiceCommand)
      .rejects(Object.assign(new Error('Service not found.'), { name: 'ServiceNotFoundException' }))
    await expect(
      api().updateService({ cluster: 'demo', service: 'web', taskDefinition: TD })
    ).rejects.toThrow(
      'ECS UpdateService failed for service web in cluster demo: ServiceNotFoundException: Service not found.'
    )
  })
})

describe('tasks', () => {
  it('lists stopped tasks by the deployment that started them and describes them', async () => {
    ecsMock.on(ListTasksCommand).resolves({ taskArns: ['arn:t/1'] })
    ecsMock.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'arn:t/1',
          taskDefinitionArn: TD,
          startedBy: 'ecs-svc/1',
          lastStatus: 'STOPPED',
          stopCode: 'TaskFailedToStart',
          stoppedReason: 'CannotPullContainerError: not found',
          stoppedAt: created,
          containers: [{ name: 'web', exitCode: 137, reason: 'OOMKilled', lastStatus: 'STOPPED' }]
        }
      ]
    })
    const arns = await api().listStoppedTasks('demo', { startedBy: 'ecs-svc/1' })
    expect(ecsMock.commandCalls(ListTasksCommand)[0]!.args[0].input).toEqual({
      cluster: 'demo',
      startedBy: 'ecs-svc/1',
      desiredStatus: 'STOPPED'
    })
    expect(await api().describeTasks('demo', arns)).toEqual([
      {
        arn: 'arn:t/1',
        taskDefinitionArn: TD,
        startedBy: 'ecs-svc/1',
        lastStatus: 'STOPPED',
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'CannotPullContainerError: not found',
        stoppedAt: created.getTime(),
        containers: [{ name: 'web', exitCode: 137, reason: 'OOMKilled', lastStatus: 'STOPPED' }]
      }
    ])
  })
})

describe('one-off tasks', () => {
  const request = {
    cluster: 'demo',
    taskDefinition: TD,
    startedBy: 'ecs-flow/1-1/before',
    launchType: 'FARGATE',
    overrides: { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }] }
  }

  it('runs one task with the request as given and returns it', async () => {
    ecsMock.on(RunTaskCommand).resolves({
      tasks: [{ taskArn: 'arn:aws:ecs:us-east-1:1:task/demo/abc', lastStatus: 'PROVISIONING' }]
    })
    const task = await api().runTask(request)
    expect(task).toMatchObject({
      arn: 'arn:aws:ecs:us-east-1:1:task/demo/abc',
      lastStatus: 'PROVISIONING'
    })
    expect(ecsMock.commandCalls(RunTaskCommand)[0]!.args[0].input).toEqual({ ...request, count: 1 })
  })

  it("turns RunTask's failures (no task placed) into an error naming the reason", async () => {
    ecsMock.on(RunTaskCommand).resolves({
      tasks: [],
      failures: [{ reason: 'RESOURCE:ENI', detail: 'no free address in subnet-1' }]
    })
    const error = await api()
      .runTask(request)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EcsCallError)
    expect((error as Error).message).toBe(
      `ECS RunTask started no task for a task of ${TD} in cluster demo: RESOURCE:ENI: no free address in subnet-1`
    )
  })

  it('stops a task with the reason given', async () => {
    ecsMock.on(StopTaskCommand).resolves({
      task: { taskArn: 'arn:aws:ecs:us-east-1:1:task/demo/abc', desiredStatus: 'STOPPED' }
    })
    const task = await api().stopTask('demo', 'arn:aws:ecs:us-east-1:1:task/demo/abc', 'timed out')
    expect(task.desiredStatus).toBe('STOPPED')
    expect(ecsMock.commandCalls(StopTaskCommand)[0]!.args[0].input).toEqual({
      cluster: 'demo',
      task: 'arn:aws:ecs:us-east-1:1:task/demo/abc',
      reason: 'timed out'
    })
  })

  // The SDK's own retries reuse it: __tests__/integration/run-once.test.ts sees them on the wire.
  it('sends its client token as given', async () => {
    ecsMock
      .on(RunTaskCommand)
      .resolves({ tasks: [{ taskArn: 'arn:aws:ecs:us-east-1:1:task/demo/abc' }] })
    await api().runTask({ ...request, clientToken: 'ecs-flow-0123abcd' })
    expect(ecsMock.commandCalls(RunTaskCommand)[0]!.args[0].input).toEqual({
      ...request,
      clientToken: 'ecs-flow-0123abcd',
      count: 1
    })
  })

  it('lists the tasks a startedBy started, RUNNING or STOPPED, and reads back what started them', async () => {
    ecsMock
      .on(ListTasksCommand, { nextToken: undefined })
      .resolves({ taskArns: ['arn:t/1'], nextToken: 'page2' })
      .on(ListTasksCommand, { nextToken: 'page2' })
      .resolves({ taskArns: ['arn:t/2'] })
    ecsMock.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'arn:t/1',
          createdAt: created,
          overrides: { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }] }
        }
      ]
    })
    expect(await api().listTasksStartedBy('demo', 'ecs-flow/1-1/before', 'RUNNING')).toEqual([
      'arn:t/1',
      'arn:t/2'
    ])
    expect(ecsMock.commandCalls(ListTasksCommand)[0]!.args[0].input).toEqual({
      cluster: 'demo',
      startedBy: 'ecs-flow/1-1/before',
      desiredStatus: 'RUNNING'
    })
    expect(await api().describeTasks('demo', ['arn:t/1'])).toEqual([
      expect.objectContaining({
        createdAt: created.getTime(),
        commandOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }]
      })
    ])
  })

  it('lists the tags of a resource', async () => {
    ecsMock
      .on(ListTagsForResourceCommand)
      .resolves({ tags: [{ key: 'team', value: 'web' }, { value: 'no key' }] })
    expect(await api().listTags(sdkService.serviceArn)).toEqual([{ key: 'team', value: 'web' }])
  })
})

describe('listStoppedTasks', () => {
  const arns = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => `arn:t/${from + i}`)

  it('follows nextToken through the pages', async () => {
    ecsMock
      .on(ListTasksCommand, { nextToken: undefined })
      .resolves({ taskArns: arns(0, 100), nextToken: 'page2' })
      .on(ListTasksCommand, { nextToken: 'page2' })
      .resolves({ taskArns: arns(100, 100), nextToken: 'page3' })
      .on(ListTasksCommand, { nextToken: 'page3' })
      .resolves({ taskArns: arns(200, 7) })
    const listed = await api().listStoppedTasks('demo', { startedBy: 'ecs-svc/1' })
    expect(listed).toEqual(arns(0, 207))
    const calls = ecsMock.commandCalls(ListTasksCommand).map(call => call.args[0].input)
    expect(calls.map(input => input.nextToken)).toEqual([undefined, 'page2', 'page3'])
    for (const input of calls) {
      expect(input).toMatchObject({
        cluster: 'demo',
        startedBy: 'ecs-svc/1',
        desiredStatus: 'STOPPED'
      })
    }
  })

  it('stops after 5 pages: explaining stopped tasks never turns into an endless listing', async () => {
    let page = 0
    ecsMock.on(ListTasksCommand).callsFake(() => {
      page++
      return { taskArns: arns(page * 100, 100), nextToken: `page${page + 1}` }
    })
    const listed = await api().listStoppedTasks('demo', { startedBy: 'ecs-svc/1' })
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(5)
    expect(listed).toHaveLength(500)
  })

  it('names the deployment and cluster when a page fails', async () => {
    ecsMock
      .on(ListTasksCommand, { nextToken: undefined })
      .resolves({ taskArns: arns(0, 100), nextToken: 'page2' })
      .on(ListTasksCommand, { nextToken: 'page2' })
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))
    await expect(api().listStoppedTasks('demo', { startedBy: 'ecs-svc/1' })).rejects.toThrow(
      'ECS ListTasks failed for stopped tasks of ecs-svc/1 in cluster demo: AccessDeniedException: denied'
    )
  })
})

describe('listRunningTasks', () => {
  const arns = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => `arn:t/${from + i}`)

  it('lists the family’s tasks whose desired status is RUNNING, page by page', async () => {
    ecsMock
      .on(ListTasksCommand, { nextToken: undefined })
      .resolves({ taskArns: arns(0, 100), nextToken: 'page2' })
      .on(ListTasksCommand, { nextToken: 'page2' })
      .resolves({ taskArns: arns(100, 3) })
    expect(await api().listRunningTasks('demo', 'web')).toEqual(arns(0, 103))
    for (const call of ecsMock.commandCalls(ListTasksCommand))
      expect(call.args[0].input).toMatchObject({
        cluster: 'demo',
        family: 'web',
        desiredStatus: 'RUNNING'
      })
  })

  it('past 50 pages it fails rather than answer a partial list', async () => {
    let page = 0
    ecsMock.on(ListTasksCommand).callsFake(() => {
      page++
      return { taskArns: arns(page * 100, 100), nextToken: `page${page + 1}` }
    })
    await expect(api().listRunningTasks('demo', 'web')).rejects.toThrow(
      'ECS ListTasks returned more than 50 pages of running tasks of family web in cluster demo'
    )
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(50)
  })
})

describe('the PRIMARY deployment', () => {
  const deployment = (id: string, status: string) => ({
    id,
    status,
    taskDefinition: TD,
    desiredCount: 1,
    pendingCount: 0,
    runningCount: 1,
    failedTasks: 0
  })
  const service = (statuses: string[]) =>
    ({ deployments: statuses.map((status, i) => deployment(`d${i}`, status)) }) as ServiceSnapshot

  it('is the deployment ECS marks PRIMARY, wherever it is in the list', () => {
    expect(primaryDeployment(service(['ACTIVE', 'PRIMARY']))?.id).toBe('d1')
    expect(primaryDeployment(service(['ACTIVE', 'INACTIVE']))).toBeUndefined()
  })

  it('is what UpdateService started; its absence is an error naming the call', () => {
    expect(startedDeployment(service(['PRIMARY', 'ACTIVE']), 'service web').id).toBe('d0')
    expect(() => startedDeployment(service(['ACTIVE']), 'the rollback of service web')).toThrow(
      'ECS returned no PRIMARY deployment for the rollback of service web'
    )
  })
})

describe('region', () => {
  it.each([
    [{ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-1' }, 'eu-west-1'],
    [{ AWS_DEFAULT_REGION: 'us-east-2' }, 'us-east-2']
  ])('comes from %j', (env, region) => {
    expect(regionFrom(env)).toBe(region)
  })

  it('is a clear error when unset', () => {
    expect(() => regionFrom({})).toThrow(/no AWS region is set: set AWS_REGION/)
  })
})

describe('service deployments (blue/green)', () => {
  const ARN =
    'arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/r9i43YFjvgF_xlg7m2eJ1r'
  const REVISION = 'arn:aws:ecs:us-east-1:123456789012:service-revision/demo/web/1234'
  const BLUE = 'arn:aws:ecs:us-east-1:123456789012:service-revision/demo/web/1000'
  const at = (s: number) => new Date(created.getTime() + s * 1000)

  it('describes one as our snapshot: status, stage, times, revisions, alarms, breaker, rollback', async () => {
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        {
          serviceDeploymentArn: ARN,
          status: 'ROLLBACK_IN_PROGRESS',
          statusReason: 'rolled back: web-5xx',
          lifecycleStage: 'BAKE_TIME',
          createdAt: at(0),
          startedAt: at(1),
          updatedAt: at(30),
          targetServiceRevision: {
            arn: REVISION,
            requestedTaskCount: 2,
            runningTaskCount: 2,
            pendingTaskCount: 0
          },
          sourceServiceRevisions: [
            { arn: BLUE, requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 }
          ],
          alarms: {
            status: 'TRIGGERED',
            alarmNames: ['web-5xx', 'web-latency'],
            triggeredAlarmNames: ['web-5xx']
          },
          deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 },
          rollback: { reason: 'rolled back: web-5xx', startedAt: at(30), serviceRevisionArn: BLUE }
        }
      ],
      failures: []
    })
    expect(await api().describeServiceDeployment(ARN)).toEqual({
      arn: ARN,
      status: 'ROLLBACK_IN_PROGRESS',
      statusReason: 'rolled back: web-5xx',
      lifecycleStage: 'BAKE_TIME',
      createdAt: at(0).getTime(),
      startedAt: at(1).getTime(),
      updatedAt: at(30).getTime(),
      target: { arn: REVISION, requested: 2, running: 2, pending: 0 },
      sources: [{ arn: BLUE, requested: 2, running: 2, pending: 0 }],
      alarms: { status: 'TRIGGERED', names: ['web-5xx', 'web-latency'], triggered: ['web-5xx'] },
      circuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 },
      rollback: { reason: 'rolled back: web-5xx', startedAt: at(30).getTime(), revisionArn: BLUE }
    })
    expect(ecsMock.commandCalls(DescribeServiceDeploymentsCommand)[0]?.args[0].input).toEqual({
      serviceDeploymentArns: [ARN]
    })
  })

  it('fills what ECS leaves out with DISABLED monitors and no revisions', async () => {
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({
      serviceDeployments: [{ status: 'PENDING' }]
    })
    expect(await api().describeServiceDeployment(ARN)).toEqual({
      arn: ARN,
      status: 'PENDING',
      sources: [],
      alarms: { status: 'DISABLED', names: [], triggered: [] },
      circuitBreaker: { status: 'DISABLED', failureCount: 0, threshold: 0 }
    })
  })

  it('is undefined when ECS reports it MISSING, and polls with the single-attempt client', async () => {
    ecsMock
      .on(DescribeServiceDeploymentsCommand)
      .resolves({ serviceDeployments: [], failures: [{ arn: ARN, reason: 'MISSING' }] })
    const config = { region: 'us-east-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } }
    const client = new ECSClient(config)
    const pollClient = new ECSClient({ ...config, maxAttempts: 1 })
    const ecs = createEcsApi({}, { client, polls: pollClient })
    expect(await ecs.describeServiceDeployment(ARN, { polling: true })).toBeUndefined()
    expect(ecsMock.commandCalls(DescribeServiceDeploymentsCommand)[0]?.thisValue).toBe(pollClient)
  })

  it('stops one with stopType ROLLBACK, and names it when ECS refuses', async () => {
    ecsMock.on(StopServiceDeploymentCommand).resolvesOnce({ serviceDeploymentArn: ARN })
    await api().stopServiceDeployment(ARN, 'ROLLBACK')
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)[0]?.args[0].input).toEqual({
      serviceDeploymentArn: ARN,
      stopType: 'ROLLBACK'
    })
    ecsMock
      .on(StopServiceDeploymentCommand)
      .rejects(new ConflictException({ message: 'It is SUCCESSFUL.', ...meta }))
    const caught = await api()
      .stopServiceDeployment(ARN, 'ROLLBACK')
      .catch((e: unknown) => e)
    expect(caught).toBeInstanceOf(EcsCallError)
    expect(caught).toMatchObject({
      operation: 'StopServiceDeployment',
      code: 'ConflictException',
      transient: false
    })
    expect((caught as Error).message).toMatch(
      /^ECS StopServiceDeployment failed for service deployment web\/r9i43YFjvgF_xlg7m2eJ1r in cluster demo: ConflictException: It is SUCCESSFUL\./
    )
  })

  it('reads its PAUSE hooks (Lambda hooks left out) and continues or rolls back one by hook id', async () => {
    ecsMock.on(DescribeServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        {
          status: 'IN_PROGRESS',
          lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
          lifecycleHookDetails: [
            { hookId: 'lambda-1', targetType: 'AWS_LAMBDA', status: 'IN_PROGRESS' },
            {
              hookId: 'pause-1',
              targetType: 'PAUSE',
              status: 'AWAITING_ACTION',
              expiresAt: at(3600),
              timeoutAction: 'CONTINUE'
            }
          ]
        }
      ]
    })
    expect((await api().describeServiceDeployment(ARN))?.pauseHooks).toEqual([
      {
        hookId: 'pause-1',
        status: 'AWAITING_ACTION',
        expiresAt: at(3600).getTime(),
        timeoutAction: 'CONTINUE'
      }
    ])
    ecsMock.on(ContinueServiceDeploymentCommand).resolvesOnce({ serviceDeploymentArn: ARN })
    await api().continueServiceDeployment(ARN, 'pause-1', 'ROLLBACK')
    expect(ecsMock.commandCalls(ContinueServiceDeploymentCommand)[0]?.args[0].input).toEqual({
      serviceDeploymentArn: ARN,
      hookId: 'pause-1',
      action: 'ROLLBACK'
    })
    ecsMock
      .on(ContinueServiceDeploymentCommand)
      .rejects(new InvalidParameterException({ message: 'Hook is SUCCEEDED.', ...meta }))
    const caught = await api()
      .continueServiceDeployment(ARN, 'pause-1', 'CONTINUE')
      .catch((e: unknown) => e)
    expect(caught).toMatchObject({
      operation: 'ContinueServiceDeployment',
      code: 'InvalidParameterException',
      transient: false
    })
    expect((caught as Error).message).toMatch(
      /^ECS ContinueServiceDeployment failed for service deployment web\/r9i43YFjvgF_xlg7m2eJ1r in cluster demo \(hook pause-1\): InvalidParameterException: Hook is SUCCEEDED\./
    )
  })

  it("reads the service's current service deployment and strategy from DescribeServices", async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        {
          ...sdkService,
          currentServiceDeployment: ARN,
          deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }
        }
      ]
    })
    const [service] = (await api().describeServices('demo', ['web'])).services
    expect(service).toMatchObject({
      currentServiceDeployment: ARN,
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 5
    })
  })

  it("reads a rolling service's early success criteria when enabled, nothing when disabled", async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        {
          ...sdkService,
          deploymentConfiguration: {
            earlySuccessCriteria: {
              enable: true,
              healthyPercent: 100,
              sourceServiceRevisionCleanup: 'DEFERRED'
            }
          }
        },
        {
          ...sdkService,
          serviceName: 'api',
          serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/demo/api',
          deploymentConfiguration: {
            earlySuccessCriteria: { enable: false, sourceServiceRevisionCleanup: 'DEFERRED' }
          }
        }
      ]
    })
    const [early, plain] = (await api().describeServices('demo', ['web', 'api'])).services
    expect(early!.earlySuccess).toEqual({
      healthyPercent: 100,
      sourceServiceRevisionCleanup: 'DEFERRED'
    })
    expect(plain!.name).toBe('api')
    expect(plain!.earlySuccess).toBeUndefined()
  })

  it('reads the task definition a service revision runs, undefined when ECS has none', async () => {
    ecsMock
      .on(DescribeServiceRevisionsCommand)
      .resolvesOnce({
        serviceRevisions: [{ serviceRevisionArn: REVISION, taskDefinition: 'arn:td/web:2' }]
      })
      .resolvesOnce({ serviceRevisions: [], failures: [{ arn: REVISION, reason: 'MISSING' }] })
    expect(await api().describeServiceRevision(REVISION)).toEqual({
      arn: REVISION,
      taskDefinition: 'arn:td/web:2'
    })
    expect(ecsMock.commandCalls(DescribeServiceRevisionsCommand)[0]?.args[0].input).toEqual({
      serviceRevisionArns: [REVISION]
    })
    expect(await api().describeServiceRevision(REVISION)).toBeUndefined()
  })
})

describe('Express Mode services', () => {
  const EXPRESS_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/demo/api'
  const container = {
    image: 'registry/api@sha256:' + 'a'.repeat(64),
    containerPort: 8080,
    environment: [{ name: 'A', value: '1' }],
    secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:secretsmanager:us-east-1:1:secret:t' }],
    awsLogsConfiguration: { logGroup: '/ecs/api', logStreamPrefix: 'ecs' }
  }
  const configuration = (taskDefinitionArn: string) => ({
    taskDefinitionArn,
    primaryContainer: container,
    ingressPaths: [{ accessType: 'PUBLIC' as const, endpoint: 'api.ecs.us-east-1.on.aws' }]
  })

  it('describes one by ARN: status, the newest active configuration’s revision, container and endpoint', async () => {
    ecsMock.on(DescribeExpressGatewayServiceCommand).resolves({
      service: {
        serviceArn: EXPRESS_ARN,
        serviceName: 'api',
        cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
        status: { statusCode: 'ACTIVE' },
        activeConfigurations: [configuration(TD)]
      }
    })
    expect(await api().describeExpressService(EXPRESS_ARN)).toEqual({
      arn: EXPRESS_ARN,
      name: 'api',
      cluster: 'demo',
      status: 'ACTIVE',
      taskDefinitionArn: TD,
      endpoint: 'api.ecs.us-east-1.on.aws',
      container
    })
    expect(ecsMock.commandCalls(DescribeExpressGatewayServiceCommand)[0]!.args[0].input).toEqual({
      serviceArn: EXPRESS_ARN
    })
  })

  it('answers undefined for one ECS does not know (ResourceNotFoundException), and names any other failure', async () => {
    ecsMock
      .on(DescribeExpressGatewayServiceCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'not found', ...meta }))
      .rejectsOnce(new ClusterNotFoundException({ message: 'Cluster not found.', ...meta }))
    expect(await api().describeExpressService(EXPRESS_ARN)).toBeUndefined()
    await expect(api().describeExpressService(EXPRESS_ARN)).rejects.toThrow(
      `ECS DescribeExpressGatewayService failed for Express service ${EXPRESS_ARN}: ClusterNotFoundException: Cluster not found.`
    )
  })

  it('updates one with the whole container and returns the revision ECS registered', async () => {
    const next = TD.replace(':7', ':8')
    ecsMock.on(UpdateExpressGatewayServiceCommand).resolves({
      service: {
        serviceArn: EXPRESS_ARN,
        serviceName: 'api',
        cluster: 'demo',
        status: { statusCode: 'ACTIVE' },
        targetConfiguration: configuration(next)
      }
    })
    const updated = await api().updateExpressService(EXPRESS_ARN, container)
    expect(updated).toMatchObject({ taskDefinitionArn: next, status: 'ACTIVE', container })
    expect(ecsMock.commandCalls(UpdateExpressGatewayServiceCommand)[0]!.args[0].input).toEqual({
      serviceArn: EXPRESS_ARN,
      primaryContainer: container
    })
  })
})
