import { describe, expect, it } from '@jest/globals'
import type { Advice } from '../../src/insight/advice.js'
import { timingsLog, timingsMarkdown } from '../../src/insight/render.js'
import {
  newServiceTimings,
  type Milestone,
  type ServiceTimings
} from '../../src/insight/timings.js'

const START = Date.UTC(2026, 0, 1)

function measured(service: string, seconds: Partial<Record<Milestone, number>>): ServiceTimings {
  const timings = newServiceTimings('prod', service, 'rolling', START)
  for (const [milestone, at] of Object.entries(seconds))
    timings.seen[milestone as Milestone] = {
      at: START + at * 1000,
      source: milestone === 'pulled' ? 'ecs' : 'poll'
    }
  return timings
}

const DRAIN: Advice = {
  service: 'web',
  resource: 'target group web-tg',
  setting: 'deregistration_delay.timeout_seconds',
  change: '300 → 30: the old tasks drained for 300 s, waiting out the delay',
  savedSeconds: 270,
  formula: 'min(drain 300 s − 30 s, delay 300 s − 30 s)'
}

describe('the timings renderer', () => {
  const web = measured('web', {
    placed: 1,
    pulled: 3,
    running: 5,
    healthy: 10,
    drained: 310,
    done: 311
  })
  const api = measured('api', { placed: 1, running: 4, done: 6 })

  it('shows the phases of several services side by side, in a table and in bars on one scale', () => {
    const markdown = timingsMarkdown({ services: [web, api], advice: [DRAIN], notes: [] }).join(
      '\n'
    )
    expect(markdown).toContain('### Where the time went')
    expect(markdown).toContain('| phase | `web` | `api` |')
    expect(markdown).toContain('| new tasks placed | 1.0 s ¹ | 1.0 s ¹ |')
    expect(markdown).toContain('| image pulled | 2.0 s | — |')
    expect(markdown).toContain('| old revision drained | 300 s ¹ | — |')
    expect(markdown).toContain('| **total** | **311 s** | **6.0 s** |')
    const bars = markdown.split('\n').filter(line => /^(web|api) +\|/.test(line))
    expect(bars).toHaveLength(2)
    // The longest rollout fills the width; the drain is most of it.
    expect(bars[0]!.match(/D/g)!.length).toBeGreaterThan(40)
    expect(bars[1]!.replace(/[^PIRHTDF]/g, '').length).toBeLessThan(5)
    expect(markdown).toContain('P new tasks placed · I image pulled')
    expect(markdown).toContain('#### How to get it back')
    expect(markdown).toContain(
      '- `web`: target group web-tg, `deregistration_delay.timeout_seconds` 300 → 30: the old tasks drained for 300 s, waiting out the delay — would have saved **270 s** (min(drain 300 s − 30 s, delay 300 s − 30 s))'
    )
  })

  it('leaves the advice out when it is off, and says so when nothing would have helped', () => {
    const off = timingsMarkdown({ services: [web], notes: ['a note'] }).join('\n')
    expect(off).toContain('### Where the time went')
    expect(off).not.toContain('How to get it back')
    expect(off).not.toContain('a note')
    expect(timingsLog({ services: [web], notes: ['a note'] }).join('\n')).not.toMatch(
      /advice|a note/
    )
    const none = timingsMarkdown({
      services: [api],
      advice: [],
      notes: ['no drain advice for target group x: refused']
    }).join('\n')
    expect(none).toContain(
      'Nothing this release measured would have been faster with other settings.'
    )
    expect(none).toContain('- no drain advice for target group x: refused')
  })

  it('says nothing when no service was measured', () => {
    expect(
      timingsMarkdown({ services: [newServiceTimings('prod', 'web', 'rolling', START)], notes: [] })
    ).toEqual([])
  })

  it('escapes what AWS names: a target group name never renders as Markdown', () => {
    const hostile = { ...DRAIN, resource: 'target group <img src=x>[a](b)|' }
    const markdown = timingsMarkdown({ services: [web], advice: [hostile], notes: [] }).join('\n')
    expect(markdown).not.toContain('<img')
    expect(markdown).not.toContain('[a](b)')
  })

  it('logs each service on one line and each piece of advice with its saving and formula', () => {
    expect(timingsLog({ services: [web, api], advice: [DRAIN], notes: [] })).toEqual([
      'where the time went in web: new tasks placed 1.0 s · image pulled 2.0 s · containers running 2.0 s · healthy 5.0 s · old revision drained 300 s · done 1.0 s (total 311 s)',
      'where the time went in api: new tasks placed 1.0 s · containers running 3.0 s · done 2.0 s (total 6.0 s)',
      'advice for web: target group web-tg, deregistration_delay.timeout_seconds 300 → 30: the old tasks drained for 300 s, waiting out the delay; would have saved 270 s (min(drain 300 s − 30 s, delay 300 s − 30 s))'
    ])
  })
})
