import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { LoopbackServers } from '../../__fixtures__/loopback-server.js'
import { runAction, simulatorEnv, type ActionRun } from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// node dist/index.js against the simulator: EventBridge Scheduler schedules under
// scheduled-tasks, beside a rule, follow the release (every other field as read), go back on a
// rollback, are left alone by a failed rollout and by a dry run; a services: release moves each
// with its own service.

const TIME_SCALE = 0.1
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const TD = (family: string, revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`
const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/demo'

type Simulator = Awaited<ReturnType<typeof startSimulator>>
let sim: Simulator
const servers = new LoopbackServers()

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
})
afterAll(async () => {
  await servers.closeAll()
  await sim.stop()
})

/** A schedule in GetSchedule's shape, with every optional field set. */
function schedule(name: string, taskDefinitionArn: string, group?: string) {
  return {
    Name: name,
    ...(group ? { GroupName: group } : {}),
    ScheduleExpression: 'cron(0 3 * * ? *)',
    ScheduleExpressionTimezone: 'Europe/Berlin',
    StartDate: Date.UTC(2026, 0, 1) / 1000,
    EndDate: Date.UTC(2030, 0, 1) / 1000,
    Description: `${name}: nightly`,
    State: 'ENABLED',
    KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234',
    ActionAfterCompletion: 'NONE',
    FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    Target: {
      Arn: CLUSTER,
      RoleArn: 'arn:aws:iam::123456789012:role/web-dev-scheduler',
      Input: '{"containerOverrides":[{"name":"web","command":["report"]}]}',
      RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
      DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:web-dlq' },
      EcsParameters: { TaskDefinitionArn: taskDefinitionArn, TaskCount: 1, LaunchType: 'FARGATE' }
    }
  }
}

const rule = {
  name: 'web-dev-nightly',
  scheduleExpression: 'cron(0 3 * * ? *)',
  targets: [
    {
      Id: 'report',
      Arn: CLUSTER,
      RoleArn: 'arn:aws:iam::123456789012:role/web-dev-events',
      EcsParameters: { TaskDefinitionArn: TD('web', 1), TaskCount: 1, LaunchType: 'FARGATE' }
    }
  ]
}

function workspace(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-schedules-'))
  writeFileSync(join(dir, 'ecs-flow.yml'), config)
  return dir
}

function run(cwd: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    cwd,
    inputs: {
      flow: 'deploy',
      config: 'ecs-flow.yml',
      timeout: '20s',
      'poll-interval': '0.2s',
      ...inputs
    },
    env: simulatorEnv(sim.url)
  })
}

type Held = ReturnType<typeof schedule> & { GroupName: string }
const held = (name: string): Held =>
  (sim.state() as unknown as { schedules: Held[] }).schedules.find(found => found.Name === name)!
const revisionOf = (name: string) => held(name).Target.EcsParameters.TaskDefinitionArn
const updates = () =>
  (sim.state() as unknown as { updateSchedules: { name: string; body: Held }[] }).updateSchedules

const ONE_SERVICE = `environments:
  dev:
    cluster: demo
    service: web
    scheduled-tasks: [web-dev-nightly, { schedule: web-dev-report }, { schedule: reports/web-dev-digest }]
`

describe('node dist/index.js: scheduled tasks run by Scheduler schedules', () => {
  it('moves a rule and two schedules together, every other field as read; a rollback puts them back', async () => {
    const seeded = [
      schedule('web-dev-report', TD('web', 1)),
      schedule('web-dev-digest', TD('web', 1), 'reports')
    ]
    sim.reset({
      scenario: 'healthy',
      timeScale: TIME_SCALE,
      seed: { rules: [rule], schedules: seeded }
    })
    const dir = workspace(ONE_SERVICE)
    const moved = await run(dir, { image: IMAGE })
    expect(moved.exitCode).toBe(0)
    expect(revisionOf('web-dev-report')).toBe(TD('web', 2))
    expect(revisionOf('web-dev-digest')).toBe(TD('web', 2))
    // Everything but the revision as seeded: UpdateSchedule was sent every field.
    for (const [name, group] of [
      ['web-dev-report', 'default'],
      ['web-dev-digest', 'reports']
    ] as const) {
      const seed = seeded.find(found => found.Name === name)!
      expect(held(name)).toEqual({
        ...seed,
        GroupName: group,
        Target: {
          ...seed.Target,
          EcsParameters: { ...seed.Target.EcsParameters, TaskDefinitionArn: TD('web', 2) }
        }
      })
    }
    const ruleTarget = sim.state().rules[0]!.targets[0] as {
      EcsParameters: { TaskDefinitionArn: string }
    }
    expect(ruleTarget.EcsParameters.TaskDefinitionArn).toBe(TD('web', 2))
    expect(JSON.parse(moved.outputs.targets!)).toEqual([
      { kind: 'service', name: 'web', before: TD('web', 1), after: TD('web', 2) },
      { kind: 'rule', name: 'web-dev-nightly/report', before: TD('web', 1), after: TD('web', 2) },
      {
        kind: 'schedule',
        name: 'default/web-dev-report',
        before: TD('web', 1),
        after: TD('web', 2)
      },
      {
        kind: 'schedule',
        name: 'reports/web-dev-digest',
        before: TD('web', 1),
        after: TD('web', 2)
      }
    ])
    expect(moved.stdout).toContain('schedule reports/web-dev-digest: web:1 -> web:2')

    // A second release whose verification fails: the service goes back to web:2, and so do all.
    const broken = await servers.start((_req, res) => res.writeHead(500).end('down'))
    const rolledBack = await run(dir, {
      image: IMAGE.replace(/:[0-9a-f]+$/, ':broken'),
      'verify-url': broken,
      'verify-timeout': '1s'
    })
    expect(rolledBack.exitCode).toBe(1)
    expect(rolledBack.outputs.result).toBe('rolled-back')
    expect(revisionOf('web-dev-report')).toBe(TD('web', 2))
    expect(revisionOf('web-dev-digest')).toBe(TD('web', 2))
    expect(
      updates()
        .filter(update => update.name === 'web-dev-report')
        .map(update => update.body.Target.EcsParameters.TaskDefinitionArn)
    ).toEqual([TD('web', 2), TD('web', 3), TD('web', 2)])
    expect(held('web-dev-report').ScheduleExpressionTimezone).toBe('Europe/Berlin')
    expect(JSON.parse(rolledBack.outputs.targets!)).toContainEqual({
      kind: 'schedule',
      name: 'default/web-dev-report',
      before: TD('web', 2),
      after: TD('web', 2),
      note: 'moved back'
    })
  })

  it('a failed rollout leaves the schedules untouched', async () => {
    sim.reset({
      scenario: 'failing-no-breaker',
      timeScale: TIME_SCALE,
      seed: {
        rules: [rule],
        schedules: [
          schedule('web-dev-report', TD('web', 1)),
          schedule('web-dev-digest', TD('web', 1), 'reports')
        ]
      }
    })
    const failed = await run(workspace(ONE_SERVICE), { image: IMAGE })
    expect(failed.exitCode).toBe(1)
    expect(updates()).toEqual([])
    expect(revisionOf('web-dev-report')).toBe(TD('web', 1))
  })

  it('dry-run reads the schedules and writes none', async () => {
    sim.reset({
      scenario: 'healthy',
      timeScale: TIME_SCALE,
      seed: {
        rules: [rule],
        schedules: [
          schedule('web-dev-report', TD('web', 1)),
          schedule('web-dev-digest', TD('web', 1), 'reports')
        ]
      }
    })
    const dry = await run(workspace(ONE_SERVICE), { image: IMAGE, 'dry-run': 'true' })
    expect(dry.exitCode).toBe(0)
    expect(sim.state().calls.GetSchedule).toBeGreaterThanOrEqual(2)
    expect(sim.state().calls.UpdateSchedule ?? 0).toBe(0)
    expect(dry.stdout).toMatch(
      /dry-run: would point schedule default\/web-dev-report at .* \(UpdateSchedule\)/
    )
  })

  it('preflight names a schedule of another family and one that does not exist, before anything runs', async () => {
    sim.reset({
      scenario: 'healthy',
      timeScale: TIME_SCALE,
      seed: { schedules: [schedule('web-dev-report', TD('api', 3))] }
    })
    const refused = await run(
      workspace(
        ONE_SERVICE.replace(
          /scheduled-tasks: .*/,
          'scheduled-tasks: [{ schedule: web-dev-report }, { schedule: web-dev-gone }]'
        )
      ),
      { image: IMAGE }
    )
    expect(refused.exitCode).toBe(1)
    expect(refused.stdout).toContain(
      'EventBridge Scheduler schedule default/web-dev-report runs task-definition family api, not web'
    )
    expect(refused.stdout).toContain(
      'EventBridge Scheduler schedule default/web-dev-gone does not exist'
    )
    expect(sim.state().calls.UpdateService ?? 0).toBe(0)
  })

  it('a services: release moves each schedule with the service of its family', async () => {
    sim.reset({
      scenario: 'healthy',
      timeScale: TIME_SCALE,
      seed: {
        services: [{ name: 'web' }, { name: 'worker' }],
        schedules: [
          schedule('web-dev-report', TD('web', 1)),
          schedule('worker-dev-sweep', TD('worker', 1))
        ]
      }
    })
    const config = [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    scheduled-tasks: [{ schedule: web-dev-report }, { schedule: worker-dev-sweep }]',
      '    services:',
      '      web: {}',
      '      worker: {}'
    ].join('\n')
    const released = await run(workspace(config), { image: IMAGE })
    expect(released.exitCode).toBe(0)
    expect(revisionOf('web-dev-report')).toBe(TD('web', 2))
    expect(revisionOf('worker-dev-sweep')).toBe(TD('worker', 2))
    expect(
      JSON.parse(released.outputs.targets!).map(
        (t: { kind: string; name: string }) => `${t.kind} ${t.name}`
      )
    ).toEqual([
      'service web',
      'service worker',
      'schedule default/web-dev-report',
      'schedule default/worker-dev-sweep'
    ])
  })
})
