import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  ConflictException,
  DescribeTasksCommand,
  InvalidParameterException,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type RunTaskCommandInput,
  type Task
} from '@aws-sdk/client-ecs'
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ResourceNotFoundException
} from '@aws-sdk/client-cloudwatch-logs'
import { credentials, harness, type Harness } from './helpers.js'

const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a1b2c3d'],
    securityGroups: ['sg-0a1b2c3d'],
    assignPublicIp: 'DISABLED' as const
  }
}

let h: Harness
let logs: CloudWatchLogsClient
beforeEach(async () => {
  h = await harness('healthy')
  logs = new CloudWatchLogsClient({
    region: 'us-east-1',
    endpoint: h.sim.url,
    credentials,
    maxAttempts: 1
  })
})
afterEach(async () => {
  logs.destroy()
  await h.stop()
})

/** RunTask of web:1 with `command` at the current time; answers the task. */
async function run(command: string[], extra: Partial<RunTaskCommandInput> = {}): Promise<Task> {
  const out = await h.ecs.send(
    new RunTaskCommand({
      cluster: 'demo',
      taskDefinition: 'web:1',
      networkConfiguration: NETWORK,
      overrides: { containerOverrides: [{ name: 'web', command }] },
      ...extra
    })
  )
  expect(out.failures).toEqual([])
  return out.tasks?.[0] as Task
}

async function describeTask(taskArn: string): Promise<Task> {
  const out = await h.ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: [taskArn] }))
  return out.tasks?.[0] as Task
}

const idOf = (task: Task) => task.taskArn?.split('/').pop() as string
const streamOf = (task: Task) => `ecs/web/${idOf(task)}`

async function lines(task: Task): Promise<string[]> {
  const out = await logs.send(
    new GetLogEventsCommand({
      logGroupName: '/ecs/web',
      logStreamName: streamOf(task),
      startFromHead: true
    })
  )
  return (out.events ?? []).map(e => e.message as string)
}

describe('RunTask: one-off tasks over the timeline', () => {
  it('default: PROVISIONING, PENDING at 1 s, RUNNING at 2 s, exits 0 at 5 s, logs its command line', async () => {
    const task = await run(['npm', 'run', 'migrate'], {
      startedBy: 'ecs-flow',
      group: 'migrations',
      tags: [{ key: 'release', value: 'v1' }]
    })
    expect(task).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      group: 'migrations',
      startedBy: 'ecs-flow',
      launchType: 'FARGATE',
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      overrides: { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }] },
      tags: [{ key: 'release', value: 'v1' }]
    })
    await expect(lines(task)).rejects.toBeInstanceOf(ResourceNotFoundException)

    h.at(1)
    expect((await describeTask(task.taskArn as string)).lastStatus).toBe('PENDING')
    h.at(2)
    const running = await describeTask(task.taskArn as string)
    expect(running.lastStatus).toBe('RUNNING')
    expect(running.startedAt?.getTime()).toBe(h.clock.now())
    expect(await lines(task)).toEqual([]) // the stream exists; the line is not ingested yet
    h.at(3)
    expect(await lines(task)).toEqual(['npm run migrate'])

    h.at(4.999)
    expect((await describeTask(task.taskArn as string)).lastStatus).toBe('RUNNING')
    h.at(5)
    const stopped = await describeTask(task.taskArn as string)
    expect(stopped).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'web', lastStatus: 'STOPPED', exitCode: 0 }]
    })
    expect(stopped.stoppedAt?.getTime()).toBe(h.clock.now())

    const byStarter = await h.ecs.send(
      new ListTasksCommand({ cluster: 'demo', startedBy: 'ecs-flow', desiredStatus: 'STOPPED' })
    )
    expect(byStarter.taskArns).toEqual([task.taskArn])
    // The control plane keeps the request as sent.
    expect(h.sim.state().runTasks).toEqual([
      {
        at: h.clock.now() - 5000,
        request: expect.objectContaining({
          networkConfiguration: NETWORK,
          startedBy: 'ecs-flow',
          tags: [{ key: 'release', value: 'v1' }]
        }),
        taskArns: [task.taskArn]
      }
    ])
  })

  it('sim-exit, sim-runs and sim-log: lines over the run, the last only after STOPPED', async () => {
    const task = await run([
      'sh',
      '-c',
      'migrate sim-exit=3 sim-runs=10s',
      'sim-log=starting migration 42',
      'sim-log=applied 3 changes',
      'sim-log=Error: lock timeout'
    ])
    h.at(3)
    expect(await lines(task)).toEqual(['starting migration 42'])
    h.at(12)
    const stopped = await describeTask(task.taskArn as string)
    expect(stopped.lastStatus).toBe('STOPPED')
    expect(stopped.containers?.[0]?.exitCode).toBe(3)
    expect(await lines(task)).toEqual(['starting migration 42', 'applied 3 changes'])
    h.at(13)
    expect(await lines(task)).toEqual([
      'starting migration 42',
      'applied 3 changes',
      'Error: lock timeout'
    ])

    // Event times: written at 2, 7 and 12 s; ingested a second later.
    const out = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: streamOf(task) })
    )
    const t0 = h.clock.now() - 13000
    expect(out.events?.map(e => [e.timestamp, e.ingestionTime])).toEqual([
      [t0 + 2000, t0 + 3000],
      [t0 + 7000, t0 + 8000],
      [t0 + 12000, t0 + 13000]
    ])
  })

  it('GetLogEvents pages forward and backward; at the end the forward token comes back', async () => {
    const task = await run([
      'sim-runs=4',
      'sim-log=a',
      'sim-log=b',
      'sim-log=c',
      'sim-log=d',
      'sim-log=e'
    ])
    h.at(10)
    const get = (extra: Record<string, unknown>) =>
      logs.send(
        new GetLogEventsCommand({
          logGroupName: '/ecs/web',
          logStreamName: streamOf(task),
          ...extra
        })
      )
    const first = await get({ startFromHead: true, limit: 2 })
    expect(first.events?.map(e => e.message)).toEqual(['a', 'b'])
    const second = await get({ nextToken: first.nextForwardToken, limit: 2 })
    expect(second.events?.map(e => e.message)).toEqual(['c', 'd'])
    const third = await get({ nextToken: second.nextForwardToken, limit: 2 })
    expect(third.events?.map(e => e.message)).toEqual(['e'])
    const end = await get({ nextToken: third.nextForwardToken, limit: 2 })
    expect(end.events).toEqual([])
    expect(end.nextForwardToken).toBe(third.nextForwardToken)

    const latest = await get({ limit: 2 }) // without startFromHead: the newest events
    expect(latest.events?.map(e => e.message)).toEqual(['d', 'e'])
    const before = await get({ nextToken: latest.nextBackwardToken, limit: 2 })
    expect(before.events?.map(e => e.message)).toEqual(['b', 'c'])
    await expect(get({ nextToken: 'nope' })).rejects.toMatchObject({
      name: 'InvalidParameterException'
    })
  })

  it('FilterLogEvents across the group, by terms, with the stream of each event', async () => {
    const a = await run(['sim-log=GET /health 200', 'sim-log=GET /orders 500'])
    const b = await run(['sim-log=GET /orders 200'])
    h.at(10)
    const out = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ecs/web', filterPattern: '"/orders" 500' })
    )
    expect(out.events?.map(e => [e.logStreamName, e.message])).toEqual([
      [streamOf(a), 'GET /orders 500']
    ])
    const onlyB = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ecs/web', logStreamNames: [streamOf(b)] })
    )
    expect(onlyB.events?.map(e => e.message)).toEqual(['GET /orders 200'])
    const paged = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ecs/web', filterPattern: 'GET', limit: 2 })
    )
    expect(paged.events).toHaveLength(2)
    const rest = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ecs/web',
        filterPattern: 'GET',
        nextToken: paged.nextToken
      })
    )
    expect(rest.events).toHaveLength(1)
    expect(rest.nextToken).toBeUndefined()
  })

  it('missing log group or stream: ResourceNotFoundException', async () => {
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/nope', logStreamName: 'x' }))
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.'
    })
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'x' }))
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.'
    })
    await expect(
      logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/nope' }))
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    expect(h.sim.state().calls).toMatchObject({ GetLogEvents: 2, FilterLogEvents: 1 })
  })
})

describe('StopTask', () => {
  it('a running task gets SIGTERM and exits 143 a second later', async () => {
    const task = await run(['sim-runs=60'])
    h.at(3)
    const out = await h.ecs.send(
      new StopTaskCommand({ cluster: 'demo', task: task.taskArn, reason: 'release cancelled' })
    )
    expect(out.task).toMatchObject({
      lastStatus: 'DEACTIVATING',
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'release cancelled'
    })
    h.at(4)
    expect(await describeTask(task.taskArn as string)).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      containers: [{ exitCode: 143 }]
    })
  })

  it('sim-hang ignores SIGTERM: killed with 137 after the stop timeout; its log stops', async () => {
    const task = await run(['sim-hang', 'sim-log=tick 1', 'sim-log=tick 2', 'sim-log=tick 3'])
    h.at(2.5)
    await h.ecs.send(new StopTaskCommand({ cluster: 'demo', task: idOf(task) }))
    h.at(32.4)
    expect((await describeTask(task.taskArn as string)).lastStatus).toBe('DEACTIVATING')
    h.at(32.5)
    expect(await describeTask(task.taskArn as string)).toMatchObject({
      lastStatus: 'STOPPED',
      stoppedReason: 'Task stopped by user',
      containers: [{ exitCode: 137 }]
    })
    // It wrote a line each second while running (2, 3, 4 s): all before it was killed.
    expect(await lines(task)).toEqual(['tick 1', 'tick 2', 'tick 3'])
  })

  it('a task stopped before it runs has no exit code and no log stream', async () => {
    const task = await run(['sim-log=never'])
    h.at(0.5)
    await h.ecs.send(new StopTaskCommand({ cluster: 'demo', task: task.taskArn }))
    h.at(10)
    const t = await describeTask(task.taskArn as string)
    expect(t.lastStatus).toBe('STOPPED')
    expect(t.startedAt).toBeUndefined()
    expect(t.containers?.[0]?.exitCode).toBeUndefined()
    await expect(lines(task)).rejects.toBeInstanceOf(ResourceNotFoundException)
  })
})

describe('RunTask validation, as ECS answers', () => {
  const cases: [string, Partial<RunTaskCommandInput>, RegExp][] = [
    ['propagateTags SERVICE', { propagateTags: 'SERVICE' }, /propagateTags: SERVICE/],
    ['no network configuration for awsvpc', { networkConfiguration: undefined }, /awsvpc/],
    [
      'launch type and capacity providers',
      { launchType: 'FARGATE', capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] },
      /both/
    ],
    [
      'an override for an unknown container',
      { overrides: { containerOverrides: [{ name: 'sidecar', command: ['x'] }] } },
      /sidecar is not a container/
    ],
    ['count above 10', { count: 11 }, /count/]
  ]
  for (const [name, extra, message] of cases) {
    it(name, async () => {
      const p = run(['x'], extra)
      await expect(p).rejects.toBeInstanceOf(InvalidParameterException)
      await expect(p).rejects.toMatchObject({ message: expect.stringMatching(message) })
    })
  }

  it('tags: propagated from the task definition, ECS-managed, then the request’s', async () => {
    await h.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'job',
        containerDefinitions: [{ name: 'job', image: 'img/job:1' }],
        tags: [{ key: 'team', value: 'db' }]
      })
    )
    const out = await h.ecs.send(
      new RunTaskCommand({
        cluster: 'demo',
        taskDefinition: 'job',
        propagateTags: 'TASK_DEFINITION',
        enableECSManagedTags: true,
        tags: [{ key: 'release', value: 'v2' }],
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
      })
    )
    expect(out.tasks?.[0]?.tags).toEqual([
      { key: 'team', value: 'db' },
      { key: 'release', value: 'v2' },
      { key: 'aws:ecs:clusterName', value: 'demo' }
    ])
    expect(out.tasks?.[0]?.capacityProviderName).toBe('FARGATE_SPOT')
    expect(out.tasks?.[0]?.launchType).toBeUndefined()
  })
})

describe('crash-looping service tasks log before they exit', () => {
  it('circuit-breaker: ECONNREFUSED then the exit line, readable after the task STOPPED', async () => {
    await h.sim.reset({ scenario: 'circuit-breaker' })
    const reg = await h.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [
          {
            name: 'web',
            image: 'img/web:broken',
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }
            }
          }
        ]
      })
    )
    await h.update(reg.taskDefinition?.taskDefinitionArn as string)
    h.at(2)
    const stopped = await h.ecs.send(
      new ListTasksCommand({ cluster: 'demo', serviceName: 'web', desiredStatus: 'STOPPED' })
    )
    const failed = (
      await h.ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: stopped.taskArns ?? [] }))
    ).tasks?.find(t => t.stopCode === 'EssentialContainerExited') as Task
    expect(failed.containers?.[0]?.exitCode).toBe(1)
    expect(await lines(failed)).toEqual([]) // written 1.5-2 s, ingested a second later
    h.at(2.5)
    expect(await lines(failed)).toEqual(['Error: connect ECONNREFUSED 10.0.0.5:5432'])
    h.at(3)
    expect(await lines(failed)).toEqual([
      'Error: connect ECONNREFUSED 10.0.0.5:5432',
      'process exited with code 1'
    ])
    h.at(7)
    const all = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ecs/web', filterPattern: 'ECONNREFUSED' })
    )
    expect(all.events).toHaveLength(3) // failures at 2, 4 and 6 s
  })
})

describe('RunTask clientToken, as ECS keeps it', () => {
  const started = () =>
    (h.sim.state().runTasks as { taskArns: string[] }[]).flatMap(r => r.taskArns)

  it('the same token and parameters answer the task already started: no second task', async () => {
    const first = await run(['migrate'], { clientToken: 'ecs-flow-token-1', startedBy: 'job' })
    h.clock.advance(3000)
    const again = await run(['migrate'], { clientToken: 'ecs-flow-token-1', startedBy: 'job' })
    expect(again.taskArn).toBe(first.taskArn)
    // It is the task as it is now, not the first answer.
    expect(again.lastStatus).toBe('RUNNING')
    expect(started()).toEqual([first.taskArn])
    const listed = await h.ecs.send(new ListTasksCommand({ cluster: 'demo', startedBy: 'job' }))
    expect(listed.taskArns).toEqual([first.taskArn])
  })

  it('a reused token with other parameters is refused with ConflictException', async () => {
    await run(['migrate'], { clientToken: 'ecs-flow-token-2' })
    const p = run(['migrate', '--force'], { clientToken: 'ecs-flow-token-2' })
    await expect(p).rejects.toBeInstanceOf(ConflictException)
    expect(started()).toHaveLength(1)
  })

  it('another token, or none (the SDK makes one per request), starts another task', async () => {
    await run(['migrate'], { clientToken: 'ecs-flow-token-3' })
    await run(['migrate'], { clientToken: 'ecs-flow-token-4' })
    await run(['migrate'])
    await run(['migrate'])
    expect(new Set(started()).size).toBe(4)
  })

  it('is forgotten after 24 hours', async () => {
    const first = await run(['migrate'], { clientToken: 'ecs-flow-token-5' })
    h.clock.advance(24 * 3600 * 1000)
    const later = await run(['migrate'], { clientToken: 'ecs-flow-token-5' })
    expect(later.taskArn).not.toBe(first.taskArn)
  })

  it.each([
    ['longer than 64 characters', 'x'.repeat(65)],
    ['with a space', 'ecs flow']
  ])('a token %s is refused', async (_name, clientToken) => {
    await expect(run(['migrate'], { clientToken })).rejects.toBeInstanceOf(
      InvalidParameterException
    )
    expect(started()).toEqual([])
  })
})
