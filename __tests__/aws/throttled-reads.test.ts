import { describe, expect, it } from '@jest/globals'
import {
  THROTTLED_PAUSE_MS,
  callAws,
  callContext,
  type AwsCall,
  type CallKind
} from '../../src/aws/aws-call.js'
import { EcsCallError } from '../../src/aws/ecs-api.js'

const throttling = () =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 }
  })

const call = (kind: CallKind): AwsCall => ({
  service: 'ECS',
  iamPrefix: 'ecs',
  operation: 'DescribeServices',
  subject: 'service web in cluster demo',
  kind
})

/** A send that is throttled `times` times, then answers; and the pauses callAws made. */
function throttledThen(times: number, random = 0.5) {
  const pauses: number[] = []
  let sent = 0
  const context = callContext(EcsCallError, {
    env: {},
    pause: async ms => void pauses.push(ms),
    random: () => random
  })
  const send = async () => {
    sent++
    if (sent <= times) throw throttling()
    return 'answer'
  }
  return { context, send, pauses, sent: () => sent }
}

describe('a throttled read is asked again by ecs-flow, after pauses of its own', () => {
  it.each([
    [0, 1, []],
    [1, 2, [2250]],
    [3, 4, [2250, 4500, 9000]],
    // The pause stops growing at 12 s (jittered: 9 s).
    [5, 6, [2250, 4500, 9000, 9000, 9000]]
  ])('throttled %i time(s): %i requests, pauses %j ms', async (times, requests, expected) => {
    const { context, send, pauses, sent } = throttledThen(times)
    await expect(callAws(call('read'), context, send)).resolves.toBe('answer')
    expect(sent()).toBe(requests)
    expect(pauses).toEqual(expected)
  })

  it.each([
    [0, THROTTLED_PAUSE_MS[0]! / 2],
    [0.999, THROTTLED_PAUSE_MS[0]! * 0.9995]
  ])('jitter %d: the first pause is %d ms (between half and all of 3 s)', async (r, pause) => {
    const { context, send, pauses } = throttledThen(1, r)
    await callAws(call('read'), context, send)
    expect(pauses).toEqual([pause])
  })

  it.each(['write', 'poll'] as const)(
    'a throttled %s is not asked again here: it fails, transient',
    async kind => {
      const { context, send, pauses, sent } = throttledThen(1)
      const caught = await callAws(call(kind), context, send).catch((e: unknown) => e)
      expect(caught).toMatchObject({ code: 'ThrottlingException', transient: true })
      expect(sent()).toBe(1)
      expect(pauses).toEqual([])
    }
  )

  it('a read that ECS throttles past its deadline fails at the deadline, naming it', async () => {
    const context = callContext(EcsCallError, {
      env: {},
      bounds: {
        connectionTimeoutMs: 50,
        requestTimeoutMs: 50,
        readDeadlineMs: 30,
        writeDeadlineMs: 30,
        pollDeadlineMs: 30
      },
      // The pause never ends: only the deadline can.
      pause: () => new Promise<void>(() => {}),
      random: () => 0
    })
    const caught = await callAws(call('read'), context, async () => {
      throw throttling()
    }).catch((e: unknown) => e)
    expect(caught).toMatchObject({ code: 'DeadlineExceeded', transient: true })
    expect((caught as Error).message).toMatch(
      /^ECS DescribeServices did not answer within 0.03s for service web in cluster demo/
    )
  })
})
