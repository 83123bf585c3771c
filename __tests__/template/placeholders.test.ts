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
