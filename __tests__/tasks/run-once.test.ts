import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'
import { EcsCallError, type RunTaskRequest } from '../../src/aws/ecs-api.js'
import { clientTokenFor, type ClientTokenParts } from '../../src/tasks/run-task-request.js'
import { startTaskOnce } from '../../src/tasks/start-task.js'
import { STOP_WAIT_SECONDS, stopAndReadBack } from '../../src/tasks/stop-task.js'

// A one-off task runs once: RunTask's client token, the look-up after a lost reply, and a
// timed-out task stopped and read back, against the fake ECS on a fake clock.

const RUN = { GITHUB_RUN_ID: '16789012345', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy' }
const PARTS: ClientTokenParts = {
  hook: 'before-deploy',
  cluster: 'prod',
  service: 'web',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:8',
  processNonce: 'nonce-1'
}

describe("RunTask's client token", () => {
  it('fits ECS: at most 64 ASCII characters from 33 to 126, the same for the same run', () => {
    const token = clientTokenFor(PARTS, RUN)
    expect(token).toMatch(/^[\x21-\x7e]{1,64}$/)
    expect(token).toHaveLength(64)
    expect(clientTokenFor(PARTS, RUN)).toBe(token)
    // Within a GitHub run the process does not count: the run, job and step name it.
    expect(clientTokenFor({ ...PARTS, processNonce: 'other' }, RUN)).toBe(token)
  })

  it.each<[string, Partial<ClientTokenParts>, NodeJS.ProcessEnv]>([
    ['another attempt', {}, { ...RUN, GITHUB_RUN_ATTEMPT: '2' }],
    ['another job', {}, { ...RUN, GITHUB_JOB: 'deploy-eu' }],
    ['another step of the job', {}, { ...RUN, GITHUB_ACTION: '__acme_ecs-flow_2' }],
    ['another service (matrix jobs share the run)', { service: 'worker' }, RUN],
    ['another cluster', { cluster: 'staging' }, RUN],
    ['the other hook', { hook: 'after-deploy' }, RUN],
    ['another revision', { taskDefinitionArn: `${PARTS.taskDefinitionArn.slice(0, -1)}9` }, RUN]
  ])('differs for %s', (_name, parts, env) => {
    expect(clientTokenFor({ ...PARTS, ...parts }, env)).not.toBe(clientTokenFor(PARTS, RUN))
  })

  it('without a GitHub run (the command line), differs from one process to the next', () => {
    expect(clientTokenFor(PARTS, {})).not.toBe(clientTokenFor({ ...PARTS, processNonce: 'n2' }, {}))
    expect(clientTokenFor(PARTS, {})).toBe(clientTokenFor(PARTS, {}))
  })
})

function world() {
  const clock = new FakeClock()
  const ecs = new FakeEcs(clock)
  const logger = new RecordingLogger()
  const taskDefinition = ecs.addTaskDefinition({
    family: 'web',
    containerDefinitions: [{ name: 'web' }]
  })
  const request: RunTaskRequest = {
    cluster: 'demo',
    taskDefinition,
    startedBy: 'ecs-flow/16789012345-1/before',
    overrides: { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }] },
    clientToken: clientTokenFor(PARTS, RUN)
  }
  return { clock, ecs, logger, request, deps: { ecs, clock, logger } }
}

const serverError = () =>
  new EcsCallError(
    'ECS RunTask failed for a task of web:1 in cluster demo: ServerException: Service Unavailable',
    'RunTask',
    'ServerException',
    true
  )
const count = (ecs: FakeEcs, operation: string) =>
  ecs.calls.filter(call => call.operation === operation).length

describe('RunTask whose reply is lost', () => {
  it('finds the task it started by startedBy, watches it, and starts no second one', async () => {
    const { ecs, logger, request, deps } = world()
    ecs.loseReplies('RunTask', serverError())
    const task = await startTaskOnce(deps, request, 'before-deploy')
    expect(ecs.tasks).toHaveLength(1)
    expect(task.arn).toBe(ecs.tasks[0]!.arn)
    expect(count(ecs, 'RunTask')).toBe(1)
    expect(logger.warnings[0]).toMatch(
      /^before-deploy: ECS RunTask failed .*ServerException.*; the task may have started even so: looking for it \(ListTasks, startedBy ecs-flow\/16789012345-1\/before\)$/
    )
    expect(logger.text()).toContain(
      "before-deploy: RunTask's reply was lost, but ECS shows task oneoff0001 started by ecs-flow/16789012345-1/before in cluster demo"
    )
  })

  it('sent again with its token (a retry at any level), answers the same task', async () => {
    const { ecs, request, deps } = world()
    const first = await startTaskOnce(deps, request, 'before-deploy')
    const again = await startTaskOnce(deps, request, 'before-deploy')
    expect(again.arn).toBe(first.arn)
    expect(ecs.tasks).toHaveLength(1)
  })

  it('that never reached ECS: none listed after 3 looks, so the error says none was started', async () => {
    const { ecs, clock, request, deps } = world()
    ecs.failCalls('RunTask', serverError())
    const started = clock.now()
    await expect(startTaskOnce(deps, request, 'before-deploy')).rejects.toThrow(
      /ServerException: Service Unavailable; ECS lists no task of this revision and command started by ecs-flow\/16789012345-1\/before in cluster demo \(ListTasks, 3 looks\): none was started$/
    )
    expect(ecs.tasks).toHaveLength(0)
    // RUNNING and STOPPED each time, two pauses between the three looks.
    expect(count(ecs, 'ListTasks')).toBe(6)
    expect(clock.now() - started).toBe(4000)
  })

  it('ignores tasks of the same startedBy from another revision or command', async () => {
    const { ecs, request, deps } = world()
    const other = ecs.addTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web' }] })
    await ecs.runTask({ ...request, taskDefinition: other, clientToken: 'a' })
    await ecs.runTask({
      ...request,
      overrides: { containerOverrides: [{ name: 'web', command: ['other'] }] },
      clientToken: 'b'
    })
    ecs.failCalls('RunTask', serverError())
    await expect(startTaskOnce(deps, request, 'before-deploy')).rejects.toThrow(/none was started$/)
  })

  it('with two tasks that match (another job of the same run): names both, watches neither', async () => {
    const { ecs, request, deps } = world()
    await ecs.runTask({ ...request, clientToken: 'other-job' })
    ecs.loseReplies('RunTask', serverError())
    await expect(startTaskOnce(deps, request, 'before-deploy')).rejects.toThrow(
      /ECS shows 2 tasks of this revision and command started by .* \(oneoff0001, oneoff0002\): ecs-flow cannot tell which one this request started, and watches none; look at them before re-running$/
    )
  })

  it('when the look-up fails too, says where to look before re-running', async () => {
    const { ecs, request, deps } = world()
    ecs.loseReplies('RunTask', serverError())
    ecs.failCalls(
      'ListTasks',
      new EcsCallError(
        'ECS ListTasks failed: AccessDeniedException',
        'ListTasks',
        'AccessDeniedException',
        false
      )
    )
    await expect(startTaskOnce(deps, request, 'before-deploy')).rejects.toThrow(
      /looking for it failed too \(ECS ListTasks failed: AccessDeniedException\): look for a task started by ecs-flow\/16789012345-1\/before in cluster demo \(aws ecs list-tasks --cluster demo --started-by ecs-flow\/16789012345-1\/before\) before re-running$/
    )
  })

  it.each([
    ['throttled (refused unprocessed)', 'ThrottlingException', true],
    ['refused (ClientException)', 'ClientException', false]
  ])('%s: reported as it is, nothing looked up', async (_name, code, transient) => {
    const { ecs, request, deps } = world()
    const refused = new EcsCallError(`ECS RunTask failed: ${code}`, 'RunTask', code, transient)
    ecs.failCalls('RunTask', refused)
    await expect(startTaskOnce(deps, request, 'before-deploy')).rejects.toBe(refused)
    expect(count(ecs, 'ListTasks')).toBe(0)
  })

  it('a reused token with other parameters is refused, as ECS refuses it', async () => {
    const { ecs, request } = world()
    await ecs.runTask(request)
    await expect(
      ecs.runTask({
        ...request,
        overrides: { containerOverrides: [{ name: 'web', command: ['x'] }] }
      })
    ).rejects.toMatchObject({ code: 'ConflictException' })
  })
})

describe('a timed-out task', () => {
  const stop = {
    label: 'before-deploy',
    cluster: 'demo',
    reason: 'timed out',
    pollIntervalSeconds: 5
  }

  it('is stopped and read back until ECS shows it STOPPED', async () => {
    const { ecs, request, deps } = world()
    ecs.oneOffBehaviours = [{ hang: true }]
    const task = await ecs.runTask(request)
    const result = await stopAndReadBack(deps, task, stop)
    expect(result).toMatchObject({
      stopped: true,
      task: { lastStatus: 'STOPPED', stopCode: 'UserInitiated', containers: [{ exitCode: 143 }] }
    })
    expect(ecs.calls.map(call => call.operation).slice(-2)).toEqual(['StopTask', 'DescribeTasks'])
  })

  it('whose StopTask fails is still running, and the result says why', async () => {
    const { ecs, request, deps } = world()
    ecs.oneOffBehaviours = [{ hang: true }]
    const task = await ecs.runTask(request)
    ecs.failCalls('StopTask', serverError(), 10)
    const result = await stopAndReadBack(deps, task, stop)
    expect(result).toMatchObject({
      stopped: false,
      task: { arn: task.arn },
      why: expect.stringMatching(/^StopTask failed: ECS RunTask failed .*ServerException/)
    })
  })

  it('whose StopTask reply is lost is read back and found stopping, then STOPPED', async () => {
    const { ecs, request, deps } = world()
    ecs.oneOffBehaviours = [{ hang: true }]
    const task = await ecs.runTask(request)
    ecs.loseReplies('StopTask', serverError())
    const result = await stopAndReadBack(deps, task, stop)
    expect(result).toMatchObject({ stopped: true, task: { lastStatus: 'STOPPED' } })
  })

  it(`that does not stop within ${STOP_WAIT_SECONDS}s is reported as still running`, async () => {
    const { ecs, clock, request, deps } = world()
    ecs.oneOffBehaviours = [{ hang: true, ignoresStop: true }]
    const task = await ecs.runTask(request)
    const asked = clock.now()
    const result = await stopAndReadBack(deps, task, stop)
    expect(clock.now() - asked).toBe(STOP_WAIT_SECONDS * 1000)
    expect(result).toMatchObject({
      stopped: false,
      why: `ECS was asked to stop it (StopTask), but shows it RUNNING 2m30s later`
    })
  })
})
