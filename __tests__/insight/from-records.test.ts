import { describe, expect, it } from '@jest/globals'
import type { ServiceSnapshot, TaskInfo } from '../../src/aws/ecs-api.js'
import { timingsFromRecords } from '../../src/insight/from-records.js'
import { phasesOf } from '../../src/insight/timings.js'

const T0 = Date.UTC(2026, 0, 1)
const NEW = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
const at = (seconds: number) => T0 + seconds * 1000

function service(events: [number, string][], rolloutState = 'COMPLETED'): ServiceSnapshot {
  return {
    name: 'web',
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    deploymentController: 'ECS',
    circuitBreaker: { enable: false, rollback: false },
    deployments: [
      {
        id: 'ecs-svc/2',
        status: 'PRIMARY',
        taskDefinition: NEW,
        desiredCount: 2,
        pendingCount: 0,
        runningCount: 2,
        failedTasks: 0,
        rolloutState,
        createdAt: at(0),
        updatedAt: at(400)
      }
    ],
    // Newest first, as ECS lists them; one from before the deployment.
    events: [
      ...events,
      [-50, '(service web) has stopped 2 running tasks: (task old).'] as [number, string]
    ]
      .map(([seconds, message], index) => ({ id: `e${index}`, createdAt: at(seconds), message }))
      .sort((a, b) => b.createdAt - a.createdAt),
    targetGroupArns: []
  }
}

const task = (created: number, pullStart: number, pullStop: number, started: number): TaskInfo => ({
  arn: `arn:task/${created}`,
  taskDefinitionArn: NEW,
  createdAt: at(created),
  pullStartedAt: at(pullStart),
  pullStoppedAt: at(pullStop),
  startedAt: at(started),
  containers: []
})

describe("the phases of a service's last release from ECS's records", () => {
  it('dates every phase by ECS: the deployment, its tasks, then draining, stopped and steady events', () => {
    const timings = timingsFromRecords(
      'prod',
      service([
        [340, '(service web) has reached a steady state.'],
        [335, '(service web) has stopped 2 running tasks: (task a) (task b).'],
        [34, '(service web) has begun draining connections on 2 tasks.']
      ]),
      [task(1, 1.2, 3, 4), task(1.5, 1.6, 2.5, 3)]
    )!
    expect(phasesOf(timings).map(phase => [phase.name, phase.seconds, phase.source])).toEqual([
      ['new tasks placed', 1, 'ecs'],
      ['image pulled', 2, 'ecs'],
      ['containers running', 1, 'ecs'],
      ['healthy', 30, 'ecs'],
      ['old revision drained', 301, 'ecs'],
      ['done', 5, 'ecs']
    ])
  })

  it("ends with the deployment's COMPLETED time when the steady event has scrolled away, and skips tasks of other revisions", () => {
    const other = { ...task(0.5, 0.6, 0.7, 0.8), taskDefinitionArn: 'arn:other:1' }
    const timings = timingsFromRecords('prod', service([]), [task(1, 1.2, 3, 4), other])!
    expect(phasesOf(timings).map(phase => [phase.milestone, phase.seconds])).toEqual([
      ['placed', 1],
      ['pulled', 2],
      ['running', 1],
      ['done', 396]
    ])
    // An IN_PROGRESS deployment has no end yet.
    const going = timingsFromRecords('prod', service([], 'IN_PROGRESS'), [task(1, 1.2, 3, 4)])!
    expect(phasesOf(going).map(phase => phase.milestone)).toEqual(['placed', 'pulled', 'running'])
  })
})
