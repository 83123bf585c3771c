import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { lastWordsLines } from '../../src/rollout/last-words.js'
import { parseConfig } from '../../src/settings/config-file.js'
import { stopOneOffTaskOnCancel } from '../../src/tasks/cancel.js'
import { logSourceOf } from '../../src/tasks/log-source.js'
import { runTaskRequest, startedByFor } from '../../src/tasks/run-task-request.js'

const spec = {
  cluster: 'prod',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/web:8',
  container: 'web',
  command: ['npm', 'run', 'migrate'],
  serviceTags: [
    { key: 'team', value: 'payments' },
    { key: 'aws:ecs:serviceName', value: 'web' }
  ],
  startedBy: 'ecs-flow/1-1/before'
}

describe('the RunTask request', () => {
  it('prefers the capacity provider strategy to a launch type (ECS refuses both)', () => {
    const request = runTaskRequest({
      ...spec,
      launch: {
        launchType: 'FARGATE',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        propagateTags: 'TASK_DEFINITION',
        enableECSManagedTags: true
      }
    })
    expect(request).toEqual({
      cluster: 'prod',
      taskDefinition: spec.taskDefinitionArn,
      startedBy: spec.startedBy,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      enableECSManagedTags: true,
      propagateTags: 'TASK_DEFINITION',
      overrides: { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }] }
    })
  })

  it("copies the service's tags when it propagates SERVICE tags, leaving out aws: ones", () => {
    expect(runTaskRequest({ ...spec, launch: { propagateTags: 'SERVICE' } }).tags).toEqual([
      { key: 'team', value: 'payments' }
    ])
    expect(runTaskRequest({ ...spec, launch: { propagateTags: 'NONE' } }).tags).toBeUndefined()
  })

  it.each([
    [{ GITHUB_RUN_ID: '16789012345', GITHUB_RUN_ATTEMPT: '2' }, 'ecs-flow/16789012345-2/before'],
    [{}, 'ecs-flow/local-1/before'],
    [{ GITHUB_RUN_ID: '1'.repeat(40) }, `ecs-flow/${'1'.repeat(20)}/before`],
    [{ GITHUB_RUN_ID: 'a b;c' }, 'ecs-flow/a_b_c-1/before']
  ])('startedBy names ecs-flow and the run in 36 allowed characters (%j)', (env, expected) => {
    const startedBy = startedByFor('before-deploy', env)
    expect(startedBy).toBe(expected)
    expect(startedBy).toMatch(/^[A-Za-z0-9\-/_]{1,36}$/)
  })
})

describe('where a container logs', () => {
  const awslogs = (options: Record<string, string>) => ({
    name: 'web',
    logConfiguration: { logDriver: 'awslogs', options }
  })

  it('awslogs with a prefix: group, region and stream <prefix>/<container>/<task id>', () => {
    expect(
      logSourceOf(
        awslogs({
          'awslogs-group': '/ecs/web',
          'awslogs-region': 'eu-west-1',
          'awslogs-stream-prefix': 'ecs'
        }),
        'abc123'
      )
    ).toEqual({ kind: 'awslogs', group: '/ecs/web', stream: 'ecs/web/abc123', region: 'eu-west-1' })
  })

  it.each([
    [awslogs({ 'awslogs-group': '/ecs/web' }), 'without awslogs-stream-prefix'],
    [{ name: 'web', logConfiguration: { logDriver: 'splunk', options: {} } }, 'the splunk driver'],
    [{ name: 'web' }, 'no logConfiguration']
  ])('otherwise says where the lines are (%#)', (container, said) => {
    const source = logSourceOf(container, 'abc123')
    expect(source.kind).toBe('elsewhere')
    expect(source.kind === 'elsewhere' && source.where).toContain(said)
  })
})

describe('last words of crashed tasks', () => {
  const words = (taskId: string, lines: string[], note?: string) => ({
    taskId,
    container: 'web',
    read: { lines, note },
    settled: true
  })

  it('shares 20 lines between the tasks that said different things, newest kept', () => {
    const many = (tag: string) => Array.from({ length: 15 }, (_, i) => `${tag} ${i}`)
    const lines = lastWordsLines([words('a', many('a')), words('b', many('b'))])
    expect(lines.filter(line => line.startsWith('  '))).toHaveLength(20)
    expect(lines[0]).toBe('Last log lines of container web (task a):')
    expect(lines[1]).toBe('  a 5')
    expect(lines.at(-1)).toBe('  b 14')
  })

  it('escapes what the container printed', () => {
    expect(lastWordsLines([words('a', ['::error::forged'])])[1]).not.toMatch(/^\s*::/)
  })
})

describe('before-deploy and after-deploy in the config file', () => {
  const config = (hook: string) =>
    parseConfig(`environments:\n  prod:\n    cluster: c\n    service: web\n${hook}`, 'ecs-flow.yml')

  it('take a list (exec form) or a string (sh -c), a timeout (default 10m)', () => {
    const env = config(
      '    before-deploy:\n      command: [npm, run, migrate]\n      timeout: 90s\n    after-deploy:\n      command: npm run smoke\n'
    ).environments.prod!
    expect(env.beforeDeploy).toEqual({
      command: ['npm', 'run', 'migrate'],
      timeoutSeconds: 90,
      where: 'ecs-flow.yml: environments.prod.before-deploy'
    })
    expect(env.afterDeploy).toMatchObject({
      command: ['sh', '-c', 'npm run smoke'],
      timeoutSeconds: 600
    })
  })

  it('report every problem with its path at once', () => {
    expect(() =>
      config('    before-deploy:\n      command: []\n      timeout: 7h\n      containr: web\n')
    ).toThrow(
      /^ecs-flow\.yml: environments\.prod\.before-deploy\.command: expected at least one word \(and 2 more: environments\.prod\.before-deploy\.timeout: must be from 1s to 6h \(GitHub stops a job after 6h\); environments\.prod\.before-deploy: unknown key "containr" \(did you mean "container"\?\)\)/
    )
  })
})

describe('a cancelled job', () => {
  it('stops the one-off task it started, and says so', async () => {
    const clock = new FakeClock()
    const ecs = new FakeEcs(clock)
    const arn = ecs.addTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web' }] })
    const task = await ecs.runTask({
      cluster: 'demo',
      taskDefinition: arn,
      startedBy: 'ecs-flow/1-1/before',
      overrides: { containerOverrides: [{ name: 'web', command: ['migrate'] }] }
    })
    const state = { steps: [], oneOffTask: { cluster: 'demo', taskArn: task.arn } }
    const said = await stopOneOffTaskOnCancel(state, { aws: { ecs: () => ecs } as never })
    expect(said).toBe('the one-off task oneoff0001 was stopped (StopTask)')
    expect(ecs.calls.at(-1)).toMatchObject({
      operation: 'StopTask',
      args: { cluster: 'demo', taskArn: task.arn, reason: 'ecs-flow: the job was cancelled' }
    })
    expect(state.oneOffTask).toBeUndefined()
    expect(
      await stopOneOffTaskOnCancel(state, { aws: { ecs: () => ecs } as never })
    ).toBeUndefined()
  })
})
