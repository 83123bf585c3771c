import { describe, expect, it } from '@jest/globals'
import MarkdownIt from 'markdown-it'
import {
  codeBlock,
  DEFAULT_TEXT_LIMIT,
  escapeJsonForLog,
  escapeForLog,
  escapeMarkdown,
  fenceFor,
  inlineCode,
  showControls,
  truncate
} from '../../src/util/escape.js'
import { escapeForLog as fromLogger } from '../../src/util/logger.js'
import { HOSTILE_LIST, runnerCommandLines } from '../../__fixtures__/hostile-strings.js'

// GitHub renders summaries as GFM; markdown-it with HTML and linkify on is as permissive.
const markdown = new MarkdownIt({ html: true, linkify: true })
// eslint-disable-next-line no-control-regex -- no control character may be left
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('escapeForLog', () => {
  it('is the one escaper the logger exports', () => {
    expect(fromLogger).toBe(escapeForLog)
  })

  it.each(HOSTILE_LIST)('%s: no runner command, no control character, one line', (_, hostile) => {
    const escaped = escapeForLog(hostile)
    expect(runnerCommandLines(escaped)).toEqual([])
    expect(escaped).not.toContain('::')
    expect(escaped).not.toMatch(CONTROLS)
    // Wherever it lands: at the start of a line, indented, or after our own text.
    for (const line of [escaped, `   ${escaped}`, `event: ${escaped}`]) {
      expect(runnerCommandLines(line)).toEqual([])
    }
    expect(escapeForLog(escaped)).toBe(
      escaped.length <= DEFAULT_TEXT_LIMIT ? escaped : escapeForLog(escaped)
    )
  })

  it.each([
    ['::set-output name=x::y', ':\u200b:set-output name=x:\u200b:y'],
    ['  ::error::x', '  :\u200b:error:\u200b:x'],
    ['a ##[error]b', 'a #\u200b#[error]b'],
    ['a\r\nb\nc\rd', 'a\\nb\\nc\\rd'],
    ['\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
    ['bell\u0007 nul\u0000 csi\u009b', 'bell\\x07 nul\\x00 csi\\x9b'],
    ['ls\u2028ps\u2029nel\u0085', 'ls\\u2028ps\\u2029nel\\x85'],
    ['tab\tstays', 'tab\tstays'],
    // ARNs keep their "::": it is never a line start.
    ['arn:aws:iam::123456789012:role/deploy', 'arn:aws:iam::123456789012:role/deploy'],
    ['User: arn:aws-cn:sts::1:assumed-role/x', 'User: arn:aws-cn:sts::1:assumed-role/x'],
    ['x\n::add-mask::y', 'x\\n:\u200b:add-mask:\u200b:y'],
    [':::', ':\u200b:\u200b:']
  ])('%j → %j', (text, expected) => {
    expect(escapeForLog(text)).toBe(expected)
  })

  it('is idempotent', () => {
    for (const [, hostile] of HOSTILE_LIST) {
      const once = escapeForLog(hostile, 1_000_000)
      expect(escapeForLog(once, 1_000_000)).toBe(once)
    }
  })

  it('cuts very long text and says how much', () => {
    const escaped = escapeForLog('y'.repeat(10_000))
    expect(escaped).toBe(`${'y'.repeat(DEFAULT_TEXT_LIMIT)}… (6000 more characters)`)
  })
})

describe('truncate', () => {
  it('never splits a surrogate pair', () => {
    expect(truncate('😀😀', 3)).toBe('😀… (2 more characters)')
    expect(truncate('short', 10)).toBe('short')
  })
})

describe('showControls', () => {
  it('puts a line break of the caller choice in place of every one', () => {
    expect(showControls('a\r\nb\u2028c', ' ')).toBe('a b c')
  })
})

/** Every HTML tag markdown-it makes of the text, when it is all there is in a paragraph. */
function tags(rendered: string): string[] {
  return [...rendered.matchAll(/<\/?([a-z0-9]+)/gi)].map(match => match[1]!.toLowerCase())
}

describe('escapeMarkdown', () => {
  it.each(HOSTILE_LIST)('%s renders as plain text, on one line', (_, hostile) => {
    const escaped = escapeMarkdown(hostile)
    expect(escaped).not.toMatch(/[<>\n\r]/)
    expect(escaped).not.toMatch(CONTROLS)
    const html = markdown.render(escaped)
    expect(tags(html)).toEqual(['p', 'p'])
    // And in a table cell it stays in its cell.
    const table = markdown.render(`| a | b |\n|---|---|\n| ${escaped} | end |\n`)
    expect([...table.matchAll(/<td>/g)]).toHaveLength(2)
    expect(
      tags(table).filter(tag => !['table', 'thead', 'tbody', 'tr', 'th', 'td'].includes(tag))
    ).toEqual([])
  })

  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['a | b', 'a \\| b'],
    ['![x](https://e.example/x.png)', '\\!\\[x\\](https:\u200b//e.example/x.png)'],
    ['line one\nline two', 'line one line two'],
    ['&amp;', '&amp;amp;'],
    ['- item', '\\- item'],
    ['12. item', '12\\. item'],
    ['=== and a-b+c=d', '\\=== and a-b+c=d']
  ])('%j → %j', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected)
  })

  it('shows the text as written', () => {
    const text = 'deploy <web> *now* [v1](x) | ok & done `1` ~~2~~ #3 $4$'
    expect(markdown.renderInline(escapeMarkdown(text))).toBe(markdown.utils.escapeHtml(text))
  })
})

describe('code spans and blocks', () => {
  it('fenceFor is longer than any backtick run', () => {
    expect(fenceFor('no ticks')).toBe('```')
    expect(fenceFor('a ```` b')).toBe('`````')
    expect(fenceFor('a ` b', 1)).toBe('``')
  })

  it.each(HOSTILE_LIST)('%s in an inline code span stays one span in one cell', (_, hostile) => {
    const span = inlineCode(hostile)
    const table = markdown.render(`| a | b |\n|---|---|\n| ${span} | end |\n`)
    expect([...table.matchAll(/<td>/g)]).toHaveLength(2)
    expect(
      tags(table).filter(tag => !['table', 'thead', 'tbody', 'tr', 'th', 'td'].includes(tag))
    ).toEqual(['code', 'code'])
  })

  it('an inline span shows text with backticks verbatim', () => {
    expect(markdown.renderInline(inlineCode('a `b` c'))).toBe('<code>a `b` c</code>')
    expect(markdown.renderInline(inlineCode('`edge`'))).toBe('<code>`edge`</code>')
  })

  it.each(HOSTILE_LIST)('%s in a fenced block cannot close the fence', (_, hostile) => {
    const block = codeBlock(['first', hostile, 'last'])
    const html = markdown.render(`${block}\n\nafter`)
    expect(tags(html)).toEqual(['pre', 'code', 'code', 'pre', 'p', 'p'])
    expect(html).toContain('<p>after</p>')
  })
})

describe('escapeJsonForLog', () => {
  const value = {
    command: ['sh', '-c', 'echo ::error::x ##[group] :::'],
    separators: 'a\u2028b\u2029c\u0085d',
    bidi: 'safe\u202etxt.exe\u2066',
    arn: 'arn:aws:iam::123456789012:role/deploy',
    nested: { 'key::': ['\u007f'] }
  }
  const escaped = escapeJsonForLog(JSON.stringify(value, null, 2))

  it('parses back to the same value', () => {
    expect(JSON.parse(escaped)).toEqual(value)
  })

  it('holds no display character and breaks every :: with \\u003a, keeping ARNs', () => {
    expect(escaped).not.toMatch(/[\u200b\u2028\u2029\u0085\u007f\u202e\u2066]/)
    expect(escaped).not.toMatch(/::(?!123456789012)/)
    expect(escaped).toContain('echo \\u003a:error\\u003a:x')
    expect(escaped).toContain('\\u0023#[group]')
    expect(escaped).toContain('"arn:aws:iam::123456789012:role/deploy"')
    expect(escaped).not.toMatch(/^\s*::/m)
  })

  it('keeps the line structure JSON.stringify gave', () => {
    expect(escaped.split('\n')).toHaveLength(JSON.stringify(value, null, 2).split('\n').length)
  })
})
