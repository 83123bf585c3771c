import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import {
  adaptivePacer,
  done,
  fail,
  fixedPacer,
  keepPolling,
  noTolerance,
  poll,
  type LastRead,
  type PollLoop,
  type Verdict
} from '../../src/util/poll.js'
import { READ_GRACE_MS } from '../../src/util/wait-deadline.js'
import { reportOnce } from '../../src/util/report-once.js'
import { ProgressReport, HEARTBEAT_MS } from '../../src/util/progress.js'

const START = Date.UTC(2026, 0, 1)

class Transient extends Error {
  constructor(readonly kind: 'throttled' | 'failed' = 'failed') {
    super(`transient ${kind}`)
  }
}

interface Read {
  at: number
  polling: boolean
  withinMs: number
}

/** A loop over a scripted series of readings (a number, or an error to throw), 10 s apart. */
function loop(
  clock: FakeClock,
  script: (number | Error)[],
  options: Partial<PollLoop<number, string>> = {}
) {
  const reads: Read[] = []
  const reported: unknown[] = []
  const expired: unknown[] = []
  let next = 0
  const config: PollLoop<number, string> = {
    clock,
    deadline: START + 60_000,
    pacer: fixedPacer(10_000),
    firstRead: 'after-pause',
    lastRead: 'answered-late',
    read: async bound => {
      reads.push({ at: clock.now() - START, ...bound })
      const step = script[Math.min(next++, script.length - 1)]!
      if (step instanceof Error) throw step
      return step
    },
    verdict: reading => (reading >= 100 ? done(`reached ${reading}`) : keepPolling),
    errors: {
      tolerated: error => (error instanceof Transient ? error.kind : undefined),
      report: error => reported.push(error)
    },
    expired: last => {
      expired.push(last)
      return last.error ? fail(last.error) : done(`timeout at ${String(last.reading)}`)
    },
    ...options
  }
  return { config, reads, reported, expired }
}

describe('poll', () => {
  it('pauses before the first read when asked to, and ends on the verdict with its result', async () => {
    const clock = new FakeClock(START)
    const { config, reads } = loop(clock, [1, 2, 100])
    await expect(poll(config)).resolves.toEqual({ kind: 'done', result: 'reached 100' })
    expect(reads.map(read => read.at)).toEqual([10_000, 20_000, 30_000])
    expect(reads.every(read => read.polling)).toBe(true)
  })

  it('reads at once when asked to', async () => {
    const clock = new FakeClock(START)
    const { config, reads } = loop(clock, [1, 100], { firstRead: 'at-once' })
    await poll(config)
    expect(reads.map(read => read.at)).toEqual([0, 10_000])
  })

  it('throws the reason of a failed verdict', async () => {
    const clock = new FakeClock(START)
    const { config } = loop(clock, [1, -1], {
      verdict: reading => (reading < 0 ? fail(new Error('went negative')) : keepPolling)
    })
    await expect(poll(config)).rejects.toThrow('went negative')
  })

  it('honours the deadline: no pause past it, the read there is the last and not polling', async () => {
    const clock = new FakeClock(START)
    const { config, reads, expired } = loop(clock, [1], {
      deadline: START + 25_000
    })
    await expect(poll(config)).resolves.toEqual({ kind: 'done', result: 'timeout at 1' })
    expect(reads).toEqual([
      { at: 10_000, polling: true, withinMs: 15_000 + READ_GRACE_MS },
      { at: 20_000, polling: true, withinMs: 5_000 + READ_GRACE_MS },
      { at: 25_000, polling: false, withinMs: READ_GRACE_MS }
    ])
    expect(clock.sleeps).toEqual([10_000, 10_000, 5_000])
    expect(expired).toEqual([{ reading: 1, error: undefined }])
  })

  it.each<[LastRead, number]>([
    ['ended-late', 1],
    ['answered-late', 1],
    ['made-late', 2]
  ])(
    'a read made before the deadline and answered after it: %s reads %i times',
    async (lastRead, count) => {
      const clock = new FakeClock(START)
      const { config, reads } = loop(clock, [1], {
        firstRead: 'at-once',
        lastRead,
        read: async bound => {
          reads.push({ at: clock.now() - START, ...bound })
          clock.advance(62_000) // a hung read, answered late
          return 1
        }
      })
      await poll(config)
      expect(reads).toHaveLength(count)
    }
  )

  it.each<[LastRead, number]>([
    ['ended-late', 1],
    ['answered-late', 2],
    ['made-late', 2]
  ])(
    'a read made before the deadline that failed after it: %s reads %i times, never on stale data',
    async (lastRead, count) => {
      const clock = new FakeClock(START)
      const { config, reads } = loop(clock, [new Transient(), 50], {
        firstRead: 'at-once',
        lastRead,
        read: async bound => {
          reads.push({ at: clock.now() - START, ...bound })
          if (reads.length > 1) return 50
          clock.advance(62_000)
          throw new Transient()
        }
      })
      const end = poll(config)
      if (count === 1) await expect(end).rejects.toBeInstanceOf(Transient)
      else await expect(end).resolves.toEqual({ kind: 'done', result: 'timeout at 50' })
      // The last read gets what is left of the grace, with the SDK's retries.
      if (count === 2) expect(reads[1]).toEqual({ at: 62_000, polling: false, withinMs: 3_000 })
    }
  )

  it('without expired, the verdict judges the deadline: a read made past it is always made and judged', async () => {
    const clock = new FakeClock(START)
    const judged: number[] = []
    const { config, reads } = loop(clock, [], {
      firstRead: 'at-once',
      expired: undefined,
      read: async bound => {
        reads.push({ at: clock.now() - START, ...bound })
        // The first read answers past the deadline and its grace.
        if (reads.length === 1) clock.advance(70_000)
        return reads.length
      },
      // Judged on what it saw (the first reading as of before the deadline: it goes on).
      verdict: reading => {
        judged.push(reading)
        return reading === 2 ? done('timeout, judged') : keepPolling
      }
    })
    await expect(poll(config)).resolves.toEqual({ kind: 'done', result: 'timeout, judged' })
    expect(judged).toEqual([1, 2])
    expect(reads[1]).toEqual({ at: 70_000, polling: false, withinMs: 0 })
  })

  it('without expired, a verdict that goes on past the deadline is a bug, said at once', async () => {
    const clock = new FakeClock(START)
    const { config } = loop(clock, [1], { expired: undefined, deadline: START + 15_000 })
    await expect(poll(config)).rejects.toThrow(/verdict judges its deadline went on past it/)
  })

  it('makes no read at the deadline when a hung read used the grace up', async () => {
    const clock = new FakeClock(START)
    const { config, reads, expired } = loop(clock, [], {
      firstRead: 'at-once',
      read: async bound => {
        reads.push({ at: clock.now() - START, ...bound })
        clock.advance(bound.withinMs)
        throw new Transient()
      }
    })
    await expect(poll(config)).rejects.toBeInstanceOf(Transient)
    expect(reads).toHaveLength(1)
    expect(expired).toHaveLength(1)
  })

  it('tolerates transient errors, reporting each, and keeps the last reading seen', async () => {
    const clock = new FakeClock(START)
    const { config, reported, expired } = loop(clock, [7, new Transient(), new Transient()], {
      deadline: START + 30_000
    })
    await expect(poll(config)).rejects.toBeInstanceOf(Transient)
    expect(reported).toHaveLength(2)
    expect(expired).toEqual([{ reading: 7, error: expect.any(Transient) }])
  })

  it('tolerates errors in a row only up to the policy, the count reset by an answer', async () => {
    const clock = new FakeClock(START)
    const script = [new Transient(), new Transient(), 1, new Transient(), new Transient()]
    const boom = new Transient()
    const { config, reads } = loop(clock, [...script, boom], {
      deadline: START + 600_000,
      errors: { tolerated: () => 'failed', maxInARow: 2 }
    })
    await expect(poll(config)).rejects.toBe(boom)
    expect(reads).toHaveLength(6)
  })

  it('makes at most maxReads reads, the last one ending the wait as the deadline would', async () => {
    const clock = new FakeClock(START)
    const { config, reads, expired } = loop(clock, [1, 2, 3, 100], {
      firstRead: 'at-once',
      maxReads: 3,
      deadline: Infinity
    })
    await expect(poll(config)).resolves.toEqual({ kind: 'done', result: 'timeout at 3' })
    expect(reads.map(read => read.at)).toEqual([0, 10_000, 20_000])
    expect(expired).toHaveLength(1)
  })

  it('throws an error the policy does not tolerate at once', async () => {
    const clock = new FakeClock(START)
    const refused = new Error('AccessDenied')
    const { config, reads } = loop(clock, [refused, 1], { errors: noTolerance })
    await expect(poll(config)).rejects.toBe(refused)
    expect(reads).toHaveLength(1)
  })

  it('judges each reading once, with the time it was read, and nothing else', async () => {
    const clock = new FakeClock(START)
    const judged: [number, number][] = []
    const verdict = (reading: number, at: number): Verdict<string> => {
      judged.push([reading, at - START])
      return reading >= 3 ? done('three') : keepPolling
    }
    const { config } = loop(clock, [1, new Transient(), 2, 3], { verdict })
    await poll(config)
    // A failed read is not judged: the verdict never sees stale data twice.
    expect(judged).toEqual([
      [1, 10_000],
      [2, 30_000],
      [3, 40_000]
    ])
  })

  it('stops without a word when halted, before the next read', async () => {
    const clock = new FakeClock(START)
    let halted = false
    const { config, reads } = loop(clock, [1, 2, 3], {
      halted: () => halted,
      verdict: reading => {
        if (reading === 2) halted = true
        return keepPolling
      }
    })
    await expect(poll(config)).resolves.toEqual({ kind: 'halted' })
    expect(reads).toHaveLength(2)
  })

  it('paces adaptively: throttled reads asked again after one interval, answers spaced wider', async () => {
    const clock = new FakeClock(START)
    const { config } = loop(
      clock,
      [new Transient('throttled'), new Transient('throttled'), 1, 2, 100],
      { pacer: adaptivePacer(10, () => 0), deadline: START + 600_000 }
    )
    await poll(config)
    expect(clock.sleeps).toEqual([10_000, 10_000, 10_000, 15_000, 10_000])
  })
})

describe('reportOnce', () => {
  it('says each kind once', () => {
    const said: string[] = []
    const report = reportOnce<string>(
      event => event.split(':')[0]!,
      event => said.push(event)
    )
    for (const event of ['a:1', 'a:2', 'b:1', 'a:3']) report(event)
    expect(said).toEqual(['a:1', 'b:1'])
  })
})

describe('ProgressReport', () => {
  it('prints a change at once and a heartbeat once per quiet stretch', () => {
    const clock = new FakeClock(START)
    const lines: string[] = []
    const notes: string[] = []
    const progress = new ProgressReport(clock, START, {
      say: line => lines.push(line),
      note: what => notes.push(what)
    })
    progress.show('1/2 running')
    for (let second = 5; second <= 65; second += 5) {
      clock.advance(5_000)
      progress.show('1/2 running')
    }
    progress.show('2/2 running')
    expect(HEARTBEAT_MS).toBe(30_000)
    expect(lines).toEqual([
      '[0s] 1/2 running',
      '[30s] still waiting, nothing changed for 30s: 1/2 running',
      '[60s] still waiting, nothing changed for 30s: 1/2 running',
      '[65s] 2/2 running'
    ])
    expect(notes).toEqual(['1/2 running', '2/2 running'])
  })
})
