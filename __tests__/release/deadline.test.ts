import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { READ_GRACE_MS } from '../../src/util/wait-deadline.js'
import { blueGreen, makeBlueGreen } from '../../__fixtures__/fake-blue-green.js'
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
function expectBounded(hung: HungCalls, startedAt: number): void {
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
    expect(run.updates).toHaveLength(2)
    expect(waited(run, startedAt)).toBeLessThanOrEqual(TIMEOUT_MS + READ_GRACE_MS)
    expectBounded(run.ecs.hung, startedAt)
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

describe('the figures', () => {
  it('a run that hangs from the first poll takes no longer than timeout + interval + grace', async () => {
    const { run, startedAt } = await rolling()
    // The bound the README promises; the watcher keeps the tighter timeout + grace.
    expect(waited(run, startedAt)).toBeLessThanOrEqual(TIMEOUT_MS + INTERVAL_MS + READ_GRACE_MS)
  })
})
