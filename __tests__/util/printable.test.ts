import { describe, expect, it } from '@jest/globals'
import { jsonPath, printable } from '../../src/util/printable.js'

describe('printable', () => {
  it('escapes control, bidi and BOM characters and neutralises workflow commands', () => {
    expect(printable('a\nb\r\tc\u0000\u001b[31m\u007f\u0085')).toBe(
      'a\\nb\\r\\tc\\u0000\\u001b[31m\\u007f\\u0085'
    )
    expect(printable('\u202eevil\u2066\u2028\ufeff')).toBe('\\u202eevil\\u2066\\u2028\\ufeff')
    expect(printable('::set-output name=x::y')).toBe(':\u200b:set-output name=x:\u200b:y')
  })

  it('cuts long text to the limit, counting characters, not UTF-16 units', () => {
    expect(printable('x'.repeat(100))).toBe(`${'x'.repeat(40)}…`)
    expect(printable('😀'.repeat(10), 5)).toBe(`${'😀'.repeat(5)}…`)
    expect(printable('short')).toBe('short')
  })
})

describe('jsonPath', () => {
  it.each([
    [[], '(top level)'],
    [['family'], 'family'],
    [['containerDefinitions', 0, 'portMapping'], 'containerDefinitions[0].portMapping'],
    [['environments', 'dev', 'container-name'], 'environments.dev.container-name'],
    [['a', 'with space', 2], 'a["with space"][2]'],
    [['x', 'line\nbreak::'], 'x["line\\nbreak:\u200b:"]']
  ])('%j → %s', (segments, expected) => {
    expect(jsonPath(segments)).toBe(expected)
  })
})
