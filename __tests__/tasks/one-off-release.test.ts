import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { circuitBreaker, failingTasks } from '../../__fixtures__/fake-ecs.js'
import { TD, release } from '../../__fixtures__/release-harness.js'
import { EcsCallError, type RunTaskRequest } from '../../src/aws/ecs-api.js'

// before-deploy and after-deploy through a whole run(), against the fake ECS and CloudWatch Logs
// on a fake clock; and the crashed containers' last words in a failed rollout.

const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-private-a'],
    securityGroups: ['sg-web'],
    assignPublicIp: 'DISABLED'
  }
}

function inService(ecs: FakeEcs) {
  ecs.service().launch = {
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    networkConfiguration: NETWORK,
    propagateTags: 'SERVICE'
  }
  ecs.tags.set(ecs.service().arn!, [
    { key: 'team', value: 'payments' },
    { key: 'aws:cloudformation:stack-name', value: 'web' }
  ])
}

const operations = (run: Awaited<ReturnType<typeof release>>) =>
  run.ecs.calls
    .map(call => call.operation)
    .filter(op => ['RegisterTaskDefinition', 'RunTask', 'StopTask', 'UpdateService'].includes(op))

describe('before-deploy', () => {
  it("runs the new revision in the service's network, streams its output, then deploys", async () => {
    const run = await release({
      awslogs: true,
      inputs: { 'before-deploy-command': 'npm run migrate' },
      before: ecs => {
        inService(ecs)
        ecs.oneOffBehaviours = [
          { exitCode: 0, runsSeconds: 8, lines: ['migrating 3 tables', 'migrations done'] }
        ]
      }
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(operations(run)).toEqual(['RegisterTaskDefinition', 'RunTask', 'UpdateService'])
    const request = run.ecs.calls.find(call => call.operation === 'RunTask')!.args as RunTaskRequest
    expect(request).toEqual({
      cluster: 'demo',
      taskDefinition: TD(2),
      startedBy: 'ecs-flow/local-1/before',
      // ECS starts no second task for it, whatever retries the request.
      clientToken: expect.stringMatching(/^ecs-flow-[0-9a-f]{55}$/),
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: NETWORK,
      overrides: {
        containerOverrides: [{ name: 'web', command: ['sh', '-c', 'npm run migrate'] }]
      },
      tags: [{ key: 'team', value: 'payments' }]
    })
    expect(run.text).toContain('  [web] migrating 3 tables\n')
    expect(run.text).toContain('  [web] migrations done')
    expect(run.text).toContain('before-deploy: task oneoff0001 exited with code 0')
    expect(run.state.steps.map(step => step.step)).toEqual([
      'register',
      'before-deploy',
      'deploy',
      'wait'
    ])
    expect(run.state.oneOffTask).toBeUndefined()
  })

  it('fails before any service is touched, with the exit code, the stop reason and the last lines', async () => {
    const run = await release({
      awslogs: true,
      inputs: { 'before-deploy-command': 'npm run migrate' },
      before: ecs => {
        inService(ecs)
        ecs.oneOffBehaviours = [
          {
            exitCode: 3,
            runsSeconds: 6,
            lines: ['migrating', 'error: relation "users" already exists'],
            // The driver ships lines late: the last one is only there after the task stopped.
            logDelayMs: 1500
          }
        ]
      }
    })
    expect(operations(run)).toEqual(['RegisterTaskDefinition', 'RunTask'])
    expect(run.titles).toEqual(['ecs-flow: before-deploy failed'])
    expect(run.failures[0]).toBe(
      'before-deploy failed: task oneoff0001: container web exit code 3; EssentialContainerExited: Essential container in task exited. ' +
        'Nothing was deployed: service web still runs web:1; web:2 is registered but not deployed.\n' +
        'Last log lines of container web:\n' +
        '  migrating\n' +
        '  error: relation "users" already exists'
    )
    expect(run.outputs.result).toBe('failed')
    expect(run.summaries[0]).toContain('> Last log lines of container web:')
  })

  it('stops a task that outlives its timeout, reads it back STOPPED, and says so', async () => {
    const config = `environments:\n  dev:\n    cluster: demo\n    service: web\n    before-deploy:\n      command: [sleep, infinity]\n      timeout: 30s\n`
    const run = await release({
      config,
      before: ecs => {
        inService(ecs)
        ecs.oneOffBehaviours = [{ hang: true }]
      }
    })
    expect(operations(run)).toEqual(['RegisterTaskDefinition', 'RunTask', 'StopTask'])
    const stop = run.ecs.calls.find(call => call.operation === 'StopTask')!
    expect(stop.args).toMatchObject({ reason: 'ecs-flow: before-deploy did not finish within 30s' })
    // Read back after StopTask: the exit code and stop reason are ECS's, not assumed.
    const readBack = run.ecs.calls.filter(
      call => call.operation === 'DescribeTasks' && call.at > stop.at
    )
    expect(readBack.length).toBeGreaterThan(0)
    expect(run.failures[0]).toMatch(
      /^before-deploy did not finish within 30s: its task was stopped \(StopTask\) and ECS shows it STOPPED; task oneoff0001: container web exit code 143; UserInitiated: ecs-flow: before-deploy did not finish within 30s\. Nothing was deployed/
    )
    // The container has no awslogs configuration: the message says why there are no lines.
    expect(run.failures[0]).toContain('(container web has no logConfiguration')
  })

  it('a timed-out task ECS does not show STOPPED: the error says it still runs and names it', async () => {
    const config = `environments:\n  dev:\n    cluster: demo\n    service: web\n    before-deploy:\n      command: [sleep, infinity]\n      timeout: 30s\n`
    const run = await release({
      config,
      before: ecs => {
        inService(ecs)
        ecs.oneOffBehaviours = [{ hang: true, ignoresStop: true }]
      }
    })
    expect(operations(run)).toEqual(['RegisterTaskDefinition', 'RunTask', 'StopTask'])
    expect(run.failures[0]).toMatch(
      /^before-deploy did not finish within 30s, and its task oneoff0001 in cluster demo is still running \(RUNNING\): ECS was asked to stop it \(StopTask\), but shows it RUNNING 2m30s later\. Stop it in the ECS console or with aws ecs stop-task --cluster demo --task oneoff0001\. Nothing was deployed/
    )
  })

  it('a lost RunTask reply: the task is found by startedBy, watched, and run once', async () => {
    const run = await release({
      inputs: { 'before-deploy-command': 'npm run migrate' },
      before: ecs => {
        inService(ecs)
        ecs.loseReplies(
          'RunTask',
          new EcsCallError(
            'ECS RunTask failed: ECONNRESET: socket hang up',
            'RunTask',
            'ECONNRESET',
            true
          )
        )
      }
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.ecs.tasks).toHaveLength(1)
    expect(operations(run)).toEqual(['RegisterTaskDefinition', 'RunTask', 'UpdateService'])
    expect(run.text).toContain('before-deploy: task oneoff0001 exited with code 0')
  })

  it('in a dry run prints the RunTask request, network included, and starts nothing', async () => {
    const run = await release({
      awslogs: true,
      inputs: { 'before-deploy-command': 'npm run migrate', 'dry-run': 'true' },
      before: inService
    })
    expect(run.failures).toEqual([])
    expect(operations(run)).toEqual([])
    expect(run.text).toContain(
      'dry-run: would run a task of arn:aws:ecs:::task-definition/web:dry-run in cluster demo (RunTask):'
    )
    expect(run.text).toContain('"subnets": [\n')
    expect(run.text).toContain('"subnet-private-a"')
  })
})

describe('the RunTask request a dry run prints', () => {
  it('is JSON a user can copy: JSON escapes, no display characters, and no workflow command', async () => {
    const command = 'echo ::set-output name=x::y ##[error] a\u2028b \u202e'
    const run = await release({
      awslogs: true,
      inputs: { 'before-deploy-command': command, 'dry-run': 'true' },
      before: inService
    })
    expect(run.failures).toEqual([])
    const header = '(RunTask):\n'
    const start = run.text.indexOf(header) + header.length
    const json = run.text.slice(start, run.text.indexOf('\n}', start) + 2)
    expect(json).not.toMatch(/[\u200b\u2028\u202e]/)
    expect(json).toContain('\\u003a')
    expect(json).not.toMatch(/^\s*::/m)
    expect(json).not.toContain('##[')
    const request = JSON.parse(json) as {
      overrides: { containerOverrides: { command: string[] }[] }
    }
    expect(request.overrides.containerOverrides[0]!.command.join(' ')).toContain(command)
  })
})

describe('a hook container that the revision lacks', () => {
  it.each([
    [
      'the live revision',
      undefined,
      /the service's current task definition web:1 \(it has "web"\)/
    ],
    [
      'a task-definition file',
      'file',
      /task definition file .*td\.json \(it has "web", "migrate"\)/
    ]
  ])(
    'is a preflight error (%s), with the other problems, before any command',
    async (_name, file, where) => {
      const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-hook-'))
      const taskDefinition = join(dir, 'td.json')
      writeFileSync(
        taskDefinition,
        JSON.stringify({
          family: 'web',
          containerDefinitions: [
            { name: 'web', image: 'x' },
            { name: 'migrate', image: 'x' }
          ]
        })
      )
      const run = await release({
        config: [
          'environments:',
          '  dev:',
          '    cluster: demo',
          '    service: web',
          '    container: web',
          ...(file ? [`    task-definition: ${taskDefinition}`] : []),
          '    before-deploy:',
          '      command: npm run migrate',
          '      container: migrat',
          '    after-deploy:',
          '      command: npm run smoke',
          '      service: api'
        ].join('\n'),
        inputs: { cluster: '', service: '', 'container-name': '', 'test-command': 'npm test' }
      })
      expect(run.failures).toEqual([
        expect.stringMatching(/^2 problems were found before anything ran/)
      ])
      expect(run.failures[0]).toMatch(
        /before-deploy\.container: there is no container "migrat" in /
      )
      expect(run.failures[0]).toMatch(where)
      expect(run.failures[0]).toMatch(
        /after-deploy\.service: is "api", but environment dev releases web/
      )
      expect(run.exec.commands).toEqual([])
      expect(operations(run)).toEqual([])
    }
  )
})

describe('after-deploy', () => {
  it('runs after the rollout and before verify; a failure rolls back like a failed verify', async () => {
    const run = await release({
      awslogs: true,
      inputs: { 'after-deploy-command': './smoke.sh' },
      before: ecs => {
        inService(ecs)
        ecs.oneOffBehaviours = [{ exitCode: 1, runsSeconds: 3, lines: ['GET /orders -> 500'] }]
      }
    })
    expect(operations(run)).toEqual([
      'RegisterTaskDefinition',
      'UpdateService',
      'RunTask',
      'UpdateService'
    ])
    expect(run.updates.map(update => update.taskDefinition)).toEqual([TD(2), TD(1)])
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.failures[0]).toMatch(
      /^after-deploy failed: task oneoff0001: container web exit code 1; .*Rolled back: service web runs web:1 again .*\nLast log lines of container web:\n {2}GET \/orders -> 500$/
    )
  })

  it('is skipped when wait is false: there is no finished rollout to check', async () => {
    const run = await release({ inputs: { 'after-deploy-command': './smoke.sh', wait: 'false' } })
    expect(operations(run)).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    expect(run.text).toContain('after-deploy')
  })
})

describe("a failed rollout quotes the crashed containers' last log lines", () => {
  it('once for tasks that said the same, in the message and the summary', async () => {
    const run = await release({
      awslogs: true,
      circuitBreaker: { enable: true, rollback: true },
      behaviours: [circuitBreaker()],
      before: ecs => {
        ecs.crashLines = ['Error: connect ECONNREFUSED 10.0.0.5:5432', 'process exited with code 1']
      }
    })
    const [failure] = run.failures
    expect(failure).toMatch(
      /^ECS's circuit breaker rolled deployment .*ECS and does not roll back a second time\.\n/
    )
    expect(failure).toMatch(
      /\nLast log lines of container web \(tasks task0001, task0002, task0003\):\n {2}Error: connect ECONNREFUSED 10\.0\.0\.5:5432\n {2}process exited with code 1$/
    )
    expect(run.summaries[0]).toContain('\n> Error: connect ECONNREFUSED 10.0.0.5:5432\n')
    expect(run.text).toContain('  its container web said last:\n    Error: connect ECONNREFUSED')
    // At most 3 tasks are read: the first time each is explained, and once more for the message.
    expect(run.logs.calls.length).toBe(6)
  })

  it('says in one line why there are none, never failing because of it', async () => {
    const run = await release({
      awslogs: true,
      behaviours: [failingTasks()],
      inputs: { 'max-failed-tasks': '0', rollback: 'false' }
    })
    expect(run.failures[0]).toMatch(
      /\nContainer web \(task task0001\): no log lines: CloudWatch Logs group \/ecs\/web, stream ecs\/web\/task0001 \(us-east-1\) does not exist \(the container may never have started\)$/
    )
  })
})
