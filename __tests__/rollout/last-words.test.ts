import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeLogs } from '../../__fixtures__/fake-logs.js'
import type { EcsApi, TaskInfo } from '../../src/aws/ecs-api.js'
import { LATE_LINES_MS, LastWords } from '../../src/rollout/last-words.js'

// awslogs ships a container's last lines a moment after it exits: an empty read before they
// are due is no evidence that there are none.

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
const ecs = {
  describeTaskDefinition: async (arn: string) => ({
    arn,
    definition: {
      family: 'web',
      containerDefinitions: [
        {
          name: 'web',
          image: 'web:2',
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }
          }
        }
      ]
    }
  })
} as unknown as EcsApi

function crashedTask(clock: FakeClock, stoppedAt: number | undefined): TaskInfo {
  return {
    arn: 'arn:aws:ecs:us-east-1:123456789012:task/demo/task1',
    taskDefinitionArn: TD,
    stoppedAt,
    containers: [{ name: 'web', exitCode: 1 }]
  }
}

describe('LastWords', () => {
  it.each([
    ['ECS gave the stop time', true],
    ['ECS gave no stop time (the time it was seen stopped counts)', false]
  ])(
    'a read before the last lines are due is not settled; the failure block waits and quotes them (%s)',
    async (_, withStopTime) => {
      const clock = new FakeClock()
      const logs = new FakeLogs(clock)
      const stoppedAt = clock.now()
      // The line was written as the container exited, and arrives a second later.
      logs.write('/ecs/web', 'ecs/web/task1', 'Error: connect ECONNREFUSED', stoppedAt, 1000)
      const words = new LastWords(ecs, logs, clock)
      clock.advance(100)
      const early = await words.add(crashedTask(clock, withStopTime ? stoppedAt : undefined))
      expect(early).toMatchObject({ read: { lines: [] }, settled: false })
      const block = await words.block()
      expect(clock.now()).toBeGreaterThanOrEqual(stoppedAt + LATE_LINES_MS)
      expect(block).toEqual([
        'Last log lines of container web (task task1):',
        '  Error: connect ECONNREFUSED'
      ])
    }
  )

  it('a read after the lines were due is settled: only then may it say there are none', async () => {
    const clock = new FakeClock()
    const logs = new FakeLogs(clock)
    const stoppedAt = clock.now()
    logs.write('/ecs/web', 'ecs/web/task1', 'started', stoppedAt - 5000)
    clock.advance(LATE_LINES_MS)
    const words = new LastWords(ecs, logs, clock)
    expect(await words.add(crashedTask(clock, stoppedAt))).toMatchObject({
      read: { lines: ['started'] },
      settled: true
    })
  })
})
