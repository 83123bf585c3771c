import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { awaitStageRollback } from '../../src/rollout/stage-rollback.js'
import { attemptTimeoutSeconds } from '../../src/verify/url-check.js'
import { STOP_WAIT_SECONDS } from '../../src/tasks/stop-task.js'
import { READ_GRACE_MS } from '../../src/util/wait-deadline.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { blueGreen, makeBlueGreen } from '../../__fixtures__/fake-blue-green.js'
import { FakeEcs, failingTasks } from '../../__fixtures__/fake-ecs.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'
import { base, release, type Release } from '../../__fixtures__/release-harness.js'
import type { HungCalls } from '../../__fixtures__/hung-call.js'

// A deadline is a deadline: whole runs on the fake clock whose reads hang once the deployment
// started (the endpoint accepts and never answers). Each hung read ends when its budget does —
// what is left of the timeout plus READ_GRACE_MS — so the wait ends within the timeout and the
// grace, and a release that may well have succeeded is not rolled back.

const TIMEOUT_MS = 10_000
const INTERVAL_MS = 3_000
const INPUTS = { timeout: '10s', 'poll-interval': '3' }

type Run = Awaited<ReturnType<typeof release>>

/** ms from the deployment's start (UpdateService or CreateDeployment) to the end of the run. */
function waited(run: Run, startedAt: number): number {
  return run.clock.now() - startedAt
}

/** Every hung read ended by the deadline plus the grace, and at least one hung. */
function expectBounded(hung: Pick<HungCalls, 'budgets'>, startedAt: number): void {
  expect(hung.budgets.length).toBeGreaterThan(0)
  for (const budget of hung.budgets)
    expect(budget.at + budget.ms).toBeLessThanOrEqual(startedAt + TIMEOUT_MS + READ_GRACE_MS)
}

const firstCall = (calls: { operation: string; at: number }[], operation: string) =>
  calls.find(call => call.operation === operation)!.at

function servicesConfig(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ecs-flow-deadline-')), 'ecs-flow.yml')
  writeFileSync(
    path,
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    services:',
      '      web: { container: web }',
      '      worker: { container: worker }'
    ].join('\n')
  )
  return path
}

async function rolling(options: Release = {}) {
  const run = await release({
    ...options,
    inputs: { ...INPUTS, ...options.inputs },
    before: (ecs, codeDeploy) => {
      options.before?.(ecs, codeDeploy)
      ecs.hangCalls('DescribeServices', () => ecs.count('UpdateService') > 0)
    }
  })
  return { run, startedAt: firstCall(run.ecs.calls, 'UpdateService') }
}

describe('a hung DescribeServices while a rolling update is watched (timeout 10s)', () => {
  it('one service: ends within the timeout and the grace, unreadable, not rolled back', async () => {
    const { run, startedAt } = await rolling()
    expect(run.failures[0]).toMatch(
      /could not read service web in cluster demo for \d+(\.\d)?s \(DeadlineExceeded: .*\); deployment \S+ may well have completed, so it is not rolled back/
    )
    expect(run.updates).toHaveLength(1)
    expect(waited(run, startedAt)).toBeLessThanOrEqual(TIMEOUT_MS + READ_GRACE_MS)
    expectBounded(run.ecs.hung, startedAt)
  })

  it('services: (several): the same bound, each service named, none rolled back', async () => {
    const { run, startedAt } = await rolling({
      inputs: { config: servicesConfig(), cluster: '', service: '', 'container-name': '' },
      before: ecs => {
        const worker = ecs.addTaskDefinition({
          ...base,
          family: 'worker',
          containerDefinitions: [{ name: 'worker', image: 'old' }]
        })
        ecs.addService({ name: 'worker', taskDefinition: worker })
      }
    })
    expect(run.failures[0]).toMatch(/could not read service web in cluster demo/)
    expect(run.failures[0]).toMatch(/could not read service worker in cluster demo/)
    // Not read back again past the deadline: what ECS runs is said to be unknown, and why.
    expect(run.failures[0]).toMatch(
      /service worker: unknown \(it could not be read: ECS did not answer within the deadline of the wait, so it was not read again\)/
    )
    expect(run.updates).toHaveLength(2)
    expect(waited(run, startedAt)).toBeLessThanOrEqual(TIMEOUT_MS + READ_GRACE_MS)
    expectBounded(run.ecs.hung, startedAt)
  })
})

describe('a hung ListTasks while the watcher explains failed tasks', () => {
  it('each explanation is bounded by the wait too; the verdict and the rollback still come', async () => {
    const run = await release({
      inputs: { ...INPUTS, 'rollback-timeout': '2m' },
      behaviours: [failingTasks()],
      before: ecs => ecs.hangCalls('ListTasks', () => ecs.count('UpdateService') > 0)
    })
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.ecs.hung.budgets.length).toBeGreaterThan(0)
    for (const budget of run.ecs.hung.budgets)
      expect(budget.ms).toBeLessThanOrEqual(TIMEOUT_MS + READ_GRACE_MS)
  })
})

describe('a hung DescribeServiceDeployments while a blue/green deployment is watched by stage', () => {
  it('ends within the timeout and the grace, unreadable, no StopServiceDeployment', async () => {
    const run = await release({
      inputs: INPUTS,
      behaviours: [blueGreen()],
      before: ecs => {
        makeBlueGreen(ecs, ecs.service(), { bakeTimeInMinutes: 2 })
        ecs.hangCalls('DescribeServiceDeployments', () => ecs.count('UpdateService') > 0)
      }
    })
    const startedAt = firstCall(run.ecs.calls, 'UpdateService')
    expect(run.failures[0]).toMatch(
      /could not read the blue\/green deployment \S+ \(web:2\) of service web for \d+(\.\d)?s \(DeadlineExceeded: .*\); it may well have completed, so it is not rolled back/
    )
    expect(run.ecs.count('StopServiceDeployment')).toBe(0)
    expect(run.updates).toHaveLength(1)
    expect(waited(run, startedAt)).toBeLessThanOrEqual(TIMEOUT_MS + READ_GRACE_MS)
    expectBounded(run.ecs.hung, startedAt)
  })
})

describe('a hung GetDeployment while a CodeDeploy deployment is watched', () => {
  it('ends within the timeout and the grace, unreadable, not stopped nor rolled back', async () => {
    const run = await release({
      inputs: INPUTS,
      deploymentController: 'CODE_DEPLOY',
      before: (_ecs, codeDeploy) => {
        codeDeploy.addGroup()
        codeDeploy.hung.hang('GetDeployment', () => codeDeploy.count('CreateDeployment') > 0)
      }
    })
    const startedAt = firstCall(run.codeDeploy.calls, 'CreateDeployment')
    expect(run.failures[0]).toMatch(
      /could not read CodeDeploy deployment d-FAKE00001 of service web for \d+(\.\d)?s \(DeadlineExceeded: .*\); it may well have succeeded, so it is not rolled back/
    )
    expect(run.codeDeploy.count('StopDeployment')).toBe(0)
    expect(run.codeDeploy.count('CreateDeployment')).toBe(1)
    expect(waited(run, startedAt)).toBeLessThanOrEqual(TIMEOUT_MS + READ_GRACE_MS)
    expectBounded(run.codeDeploy.hung, startedAt)
  })
})

describe('a hung DescribeTasks while a one-off task is awaited (hook timeout 10s)', () => {
  it('stops the task within the timeout and the grace, and says it timed out and may still run', async () => {
    const config = `environments:\n  dev:\n    cluster: demo\n    service: web\n    before-deploy:\n      command: [sleep, infinity]\n      timeout: 10s\n`
    const run = await release({
      config,
      inputs: INPUTS,
      before: ecs => {
        ecs.service().launch = { launchType: 'FARGATE' }
        ecs.oneOffBehaviours = [{ hang: true }]
        ecs.hangCalls('DescribeTasks', () => ecs.count('RunTask') > 0)
      }
    })
    const startedAt = firstCall(run.ecs.calls, 'RunTask')
    // StopTask went out in time; ECS never answered a read after it, so the task is named as
    // last seen (RUNNING) and may still run, never as stopped.
    expect(run.failures[0]).toMatch(
      /^before-deploy did not finish within 10s, and its task oneoff\w+ in cluster demo may still be running \(last seen RUNNING\): ECS was asked to stop it \(StopTask\), but did not answer DescribeTasks for it within 2m30s/
    )
    expect(run.failures[0]).toMatch(/aws ecs stop-task --cluster demo --task oneoff\w+/)
    expect(firstCall(run.ecs.calls, 'StopTask') - startedAt).toBeLessThanOrEqual(
      TIMEOUT_MS + READ_GRACE_MS
    )
    expect(run.updates).toEqual([])
    // Reads before the stop end by the hook's deadline and the grace; those that read the task
    // back after StopTask by the documented read-back time and the grace.
    const stoppedAt = firstCall(run.ecs.calls, 'StopTask')
    const before = run.ecs.hung.budgets.filter(budget => budget.at < stoppedAt)
    const after = run.ecs.hung.budgets.filter(budget => budget.at >= stoppedAt)
    expectBounded({ budgets: before }, startedAt)
    expect(after.length).toBeGreaterThan(0)
    for (const budget of after)
      expect(budget.at + budget.ms).toBeLessThanOrEqual(
        stoppedAt + STOP_WAIT_SECONDS * 1000 + READ_GRACE_MS
      )
  })
})

describe('a hung DescribeServiceDeployments while ECS rolls a stage back (rollback-timeout 10s)', () => {
  it('ends as a timeout within the deadline and the grace, with the last status seen', async () => {
    const clock = new FakeClock()
    const ecs = new FakeEcs(clock).hangCalls('DescribeServiceDeployments')
    const startedAt = clock.now()
    const end = await awaitStageRollback(
      'arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/sd1',
      { ecs, clock, logger: new RecordingLogger() },
      { pollIntervalSeconds: 3, deadline: startedAt + TIMEOUT_MS }
    )
    expect(end).toEqual({ outcome: 'timeout', status: 'ROLLBACK_REQUESTED' })
    expect(clock.now() - startedAt).toBeLessThanOrEqual(TIMEOUT_MS + READ_GRACE_MS)
    expectBounded(ecs.hung, startedAt)
  })
})

describe('verify-url attempts near verify-timeout', () => {
  it('each attempt gets its own timeout, the last one only what is left and the grace', () => {
    const clock = new FakeClock()
    const deadline = clock.now() + TIMEOUT_MS
    expect(attemptTimeoutSeconds({ requestTimeoutSeconds: 10 }, clock, deadline)).toBe(10)
    clock.advance(TIMEOUT_MS - 1_000)
    expect(attemptTimeoutSeconds({ requestTimeoutSeconds: 10 }, clock, deadline)).toBe(
      1 + READ_GRACE_MS / 1000
    )
    clock.advance(1_000)
    expect(attemptTimeoutSeconds({ requestTimeoutSeconds: 10 }, clock, deadline)).toBe(
      READ_GRACE_MS / 1000
    )
  })
})

describe('the figures', () => {
  it('a run that hangs from the first poll takes no longer than timeout + interval + grace', async () => {
    const { run, startedAt } = await rolling()
    // The bound the README promises; the watcher keeps the tighter timeout + grace.
    expect(waited(run, startedAt)).toBeLessThanOrEqual(TIMEOUT_MS + INTERVAL_MS + READ_GRACE_MS)
  })
})
