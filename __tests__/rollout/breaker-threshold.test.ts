import { describe, expect, it } from '@jest/globals'
import type { CircuitBreakerSettings, ServiceSnapshot } from '../../src/aws/ecs-api.js'
import {
  breakerTally,
  breakerThreshold,
  describeBreakerTally
} from '../../src/rollout/breaker-threshold.js'
import { assessRollout, type TrackedRollout } from '../../src/rollout/verdict.js'

const ON: CircuitBreakerSettings = { enable: true, rollback: true }
const withThreshold = (type: string, value: number): CircuitBreakerSettings => ({
  ...ON,
  threshold: { type, value }
})

describe('breakerThreshold', () => {
  it.each([
    [1, 3], // 0.5 → at least 3
    [4, 3], // 2 → at least 3
    [5, 3], // 2.5 rounds up to 3
    [6, 3],
    [7, 4], // 3.5 rounds up
    [10, 5],
    [400, 200],
    [500, 200] // 250 → at most 200
  ])('default: %i desired tasks → %i (50%%, at least 3, at most 200)', (desired, limit) => {
    expect(breakerThreshold(ON, desired)).toEqual({
      limit,
      basis: `ECS's default threshold for ${desired} desired task${desired === 1 ? '' : 's'}`
    })
  })

  it('COUNT: the value as is, whatever the desired count', () => {
    const service = "the service's circuit-breaker threshold"
    expect(breakerThreshold(withThreshold('COUNT', 2), 10)).toEqual({ limit: 2, basis: service })
    expect(breakerThreshold(withThreshold('COUNT', 1), 500)).toEqual({ limit: 1, basis: service })
    expect(breakerThreshold(withThreshold('COUNT', 250), 4)).toEqual({ limit: 250, basis: service })
  })

  it('BOUNDED_PERCENT: the share of the desired count, rounded up, within 3..200', () => {
    expect(breakerThreshold(withThreshold('BOUNDED_PERCENT', 25), 10).limit).toBe(3)
    expect(breakerThreshold(withThreshold('BOUNDED_PERCENT', 25), 30).limit).toBe(8)
    expect(breakerThreshold(withThreshold('BOUNDED_PERCENT', 100), 1000).limit).toBe(200)
  })

  it("BOUNDED_PERCENT 50, as ECS may echo its default, is reported as ECS's default", () => {
    expect(breakerThreshold(withThreshold('BOUNDED_PERCENT', 50), 4)).toEqual({
      limit: 3,
      basis: "ECS's default threshold for 4 desired tasks"
    })
  })

  it('UNBOUNDED_PERCENT: the share of the desired count, rounded up, at least 1, no cap', () => {
    expect(breakerThreshold(withThreshold('UNBOUNDED_PERCENT', 10), 4).limit).toBe(1)
    expect(breakerThreshold(withThreshold('UNBOUNDED_PERCENT', 25), 10).limit).toBe(3)
    expect(breakerThreshold(withThreshold('UNBOUNDED_PERCENT', 100), 1000).limit).toBe(1000)
  })
})

describe('breakerTally', () => {
  it('counts the failed tasks while no task of the deployment runs', () => {
    const tally = breakerTally(withThreshold('COUNT', 5), { failedTasks: 3, runningCount: 0 }, 4)
    expect(tally).toMatchObject({ counted: 3, reset: false, threshold: { limit: 5 } })
    expect(describeBreakerTally(tally, 3)).toBe(
      "3/5 failed tasks, the service's circuit-breaker threshold"
    )
  })

  it('resetOnHealthyTask (absent or true): a healthy task resets the count to 0', () => {
    for (const breaker of [ON, { ...ON, resetOnHealthyTask: true }]) {
      const tally = breakerTally(breaker, { failedTasks: 2, runningCount: 1 }, 4)
      expect(tally).toMatchObject({ counted: 0, reset: true, threshold: { limit: 3 } })
      expect(describeBreakerTally(tally, 2)).toBe(
        "0/3 failed tasks since a task turned healthy (2 before, the count reset), ECS's default threshold for 4 desired tasks"
      )
    }
  })

  it('resetOnHealthyTask false: the failures keep counting while tasks run', () => {
    const breaker = { ...withThreshold('COUNT', 5), resetOnHealthyTask: false }
    const tally = breakerTally(breaker, { failedTasks: 2, runningCount: 1 }, 4)
    expect(tally).toMatchObject({ counted: 2, reset: false })
    expect(describeBreakerTally(tally, 2)).toBe(
      "2/5 failed tasks, the service's circuit-breaker threshold"
    )
  })
})

describe('assessRollout: failed tasks against the breaker threshold', () => {
  const TD = (revision: number) =>
    `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`
  const tracked: TrackedRollout = {
    cluster: 'demo',
    service: 'web',
    deploymentId: 'ecs-svc/2',
    taskDefinitionArn: TD(2),
    previousTaskDefinitionArn: TD(1),
    maxFailedTasks: 1,
    startedAt: 0,
    timeoutSeconds: 600
  }
  const snapshot = (
    circuitBreaker: ServiceSnapshot['circuitBreaker'],
    ours: { failedTasks: number; runningCount?: number; rolloutState?: string; status?: string },
    desiredCount = 4,
    primaryIsPrevious = false
  ) => ({
    at: 1000,
    service: {
      name: 'web',
      status: 'ACTIVE',
      desiredCount,
      runningCount: desiredCount,
      pendingCount: 0,
      deploymentController: 'ECS',
      circuitBreaker,
      events: [],
      targetGroupArns: [],
      deployments: [
        ...(primaryIsPrevious
          ? [
              {
                id: 'ecs-svc/3',
                status: 'PRIMARY',
                taskDefinition: TD(1),
                desiredCount,
                pendingCount: desiredCount,
                runningCount: 0,
                failedTasks: 0,
                rolloutState: 'IN_PROGRESS'
              }
            ]
          : []),
        {
          id: 'ecs-svc/2',
          status: ours.status ?? 'PRIMARY',
          taskDefinition: TD(2),
          desiredCount,
          pendingCount: desiredCount,
          runningCount: ours.runningCount ?? 0,
          failedTasks: ours.failedTasks,
          rolloutState: ours.rolloutState ?? 'IN_PROGRESS',
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
        },
        {
          id: 'ecs-svc/1',
          status: 'ACTIVE',
          taskDefinition: TD(1),
          desiredCount,
          pendingCount: 0,
          runningCount: desiredCount,
          failedTasks: 0,
          rolloutState: 'COMPLETED'
        }
      ]
    }
  })

  it('progress: failed tasks against the service threshold, past max-failed-tasks without failing', () => {
    const assessment = assessRollout(
      snapshot(withThreshold('COUNT', 5), { failedTasks: 3 }),
      tracked
    )
    expect(assessment).toEqual({
      status: 'in-progress',
      progress: expect.stringContaining(
        "0/4 running, 4 pending, 3/5 failed tasks, the service's circuit-breaker threshold; still draining: web:1"
      )
    })
  })

  it("progress: ECS's default threshold for the desired count", () => {
    const assessment = assessRollout(snapshot(ON, { failedTasks: 2 }), tracked)
    expect(assessment).toMatchObject({
      progress: expect.stringContaining(
        "2/3 failed tasks, ECS's default threshold for 4 desired tasks"
      )
    })
  })

  it('progress: PERCENTAGE of the desired count', () => {
    const assessment = assessRollout(
      snapshot(withThreshold('UNBOUNDED_PERCENT', 50), { failedTasks: 4 }, 20),
      tracked
    )
    expect(assessment).toMatchObject({
      progress: expect.stringContaining(
        "4/10 failed tasks, the service's circuit-breaker threshold"
      )
    })
  })

  it('FAILED by the breaker: the message names the count and the threshold, the rollback is ECS’s', () => {
    const assessment = assessRollout(
      snapshot(withThreshold('COUNT', 5), { failedTasks: 5, rolloutState: 'FAILED' }),
      tracked
    )
    expect(assessment).toEqual({
      status: 'failed',
      cause: 'circuit-breaker-rollback',
      rollback: 'ecs',
      message:
        "deployment ecs-svc/2 (web:2) FAILED: ECS deployment circuit breaker: tasks failed to start.; 5/5 failed tasks, the service's circuit-breaker threshold; ECS's circuit breaker is rolling back to web:1"
    })
  })

  it('rolled back by the breaker (the previous revision is PRIMARY): names the count too', () => {
    const assessment = assessRollout(
      snapshot(ON, { failedTasks: 3, rolloutState: 'FAILED', status: 'ACTIVE' }, 4, true),
      tracked
    )
    expect(assessment).toMatchObject({
      cause: 'circuit-breaker-rollback',
      rollback: 'ecs',
      message: expect.stringContaining(
        "back (ECS deployment circuit breaker: tasks failed to start.) at 3/3 failed tasks, ECS's default threshold for 4 desired tasks: deployment ecs-svc/3 (web:1) is PRIMARY now"
      )
    })
  })

  it('without a breaker: max-failed-tasks decides and the line names plain failed tasks', () => {
    const off = { enable: false, rollback: false }
    expect(assessRollout(snapshot(off, { failedTasks: 1 }), tracked)).toMatchObject({
      status: 'in-progress',
      progress: expect.stringContaining('4 pending, 1 failed; still draining')
    })
    expect(assessRollout(snapshot(off, { failedTasks: 2 }), tracked)).toMatchObject({
      status: 'failed',
      cause: 'tasks-failing'
    })
  })
})
