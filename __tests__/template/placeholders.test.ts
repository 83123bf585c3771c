import { describe, expect, it } from '@jest/globals'
import { splitPlaceholders } from '../../src/template/placeholders.js'

describe('splitPlaceholders', () => {
  it.each([
    ['plain text', [{ kind: 'text', text: 'plain text' }]],
    ['', []],
    [
      '{{CPU}}',
      [{ kind: 'placeholder', name: 'CPU', fromEnv: false, start: 0, source: '{{CPU}}' }]
    ],
    [
      'x={{  CPU  }}!',
      [
        { kind: 'text', text: 'x=' },
        { kind: 'placeholder', name: 'CPU', fromEnv: false, start: 2, source: '{{  CPU  }}' },
        { kind: 'text', text: '!' }
      ]
    ],
    [
      '{{ env.HOME }}',
      [{ kind: 'placeholder', name: 'env.HOME', fromEnv: true, start: 0, source: '{{ env.HOME }}' }]
    ],
    [
      '{{ CPU:-256 }}',
      [
        {
          kind: 'placeholder',
          name: 'CPU',
          fromEnv: false,
          default: '256',
          start: 0,
          source: '{{ CPU:-256 }}'
        }
      ]
    ],
    [
      '{{X:- a b }}',
      [
        {
          kind: 'placeholder',
          name: 'X',
          fromEnv: false,
          default: 'a b',
          start: 0,
          source: '{{X:- a b }}'
        }
      ]
    ],
    [
      '{{X:-}}',
      [{ kind: 'placeholder', name: 'X', fromEnv: false, default: '', start: 0, source: '{{X:-}}' }]
    ],
    // A default may hold a colon, a URL, a single brace.
    [
      '{{ URL:-http://a:8080/{x} }}',
      [
        {
          kind: 'placeholder',
          name: 'URL',
          fromEnv: false,
          default: 'http://a:8080/{x}',
          start: 0,
          source: '{{ URL:-http://a:8080/{x} }}'
        }
      ]
    ],
    // The backslash before {{ makes it literal and is dropped; nothing else is special.
    ['\\{{ CPU }}', [{ kind: 'text', text: '{{ CPU }}' }]],
    ['a\\b \\{{.Name}}', [{ kind: 'text', text: 'a\\b {{.Name}}' }]],
    // Shell and awslogs syntax passes through.
    ['echo ${HOME} $PATH }} {', [{ kind: 'text', text: 'echo ${HOME} $PATH }} {' }]],
    ['{{ foo bar }}', [{ kind: 'malformed', start: 0, source: '{{ foo bar }}' }]],
    [
      'tag {{.Name}} end',
      [
        { kind: 'text', text: 'tag ' },
        { kind: 'malformed', start: 4, source: '{{.Name}}' },
        { kind: 'text', text: ' end' }
      ]
    ],
    ['{{ CPU', [{ kind: 'malformed', start: 0, source: '{{ CPU' }]],
    ['{{ 1X }}', [{ kind: 'malformed', start: 0, source: '{{ 1X }}' }]],
    ['{{ env.}}', [{ kind: 'malformed', start: 0, source: '{{ env.}}' }]],
    // No nesting: a {{ inside a default is malformed.
    [
      '{{ A:-{{ B }} }}',
      [
        { kind: 'malformed', start: 0, source: '{{ A:-{{ B }}' },
        { kind: 'text', text: ' }}' }
      ]
    ]
  ])('%j', (text, segments) => {
    expect(splitPlaceholders(text)).toEqual(segments)
  })

  it('clips a long malformed placeholder in messages', () => {
    const [segment] = splitPlaceholders(`{{ ${'x '.repeat(50)}`)
    expect(segment).toMatchObject({ kind: 'malformed', start: 0 })
    expect((segment as { source: string }).source).toHaveLength(41)
    expect((segment as { source: string }).source.endsWith('…')).toBe(true)
  })
})

describe('splitPlaceholders is linear on every input', () => {
  // Inputs that make a backtracking scanner quadratic; the meter counts every character the
  // scanner looks at, so the bound is proved by the count, not by a stopwatch.
  const hostile: Record<string, (n: number) => string> = {
    'an unclosed default followed by whitespace': n => `{{ A:-${' '.repeat(n)}`,
    'an unclosed default of whitespace, then {{': n => `{{ A:-${' '.repeat(n)}{{`,
    'whitespace after {{, never closed': n => `{{${' '.repeat(n)}`,
    'whitespace after the name, never closed': n => `{{ A${' '.repeat(n)}`,
    'a long name, never closed': n => `{{ ${'A'.repeat(n)}`,
    'many {{ without a close': n => '{{'.repeat(n / 2),
    'many unclosed defaults': n => '{{ A:- '.repeat(n / 7),
    'many malformed placeholders, each closed': n => '{{ A B }}'.repeat(n / 9),
    'many placeholders with whitespace defaults': n => `{{ A:-${' '.repeat(20)}}}`.repeat(n / 28),
    'many escaped {{': n => '\\{{'.repeat(n / 3)
  }

  it.each(Object.keys(hostile))('%s: at most 4 reads per character, at 1e5 and 1e6', name => {
    for (const n of [100_000, 1_000_000]) {
      const text = hostile[name]!(n)
      const meter = { reads: 0 }
      const segments = splitPlaceholders(text, meter)
      expect(segments.length).toBeGreaterThan(0)
      expect(meter.reads).toBeLessThanOrEqual(4 * text.length + 8)
    }
  })

  it('counts every character it looks at: a placeholder is read, not skipped', () => {
    const meter = { reads: 0 }
    splitPlaceholders('{{ NAME:-value }}', meter)
    expect(meter.reads).toBeGreaterThanOrEqual('{{ NAME:-value }}'.length)
  })
})
