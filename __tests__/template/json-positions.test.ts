import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  JsonSyntaxError,
  parseJsonWithPositions,
  type JsonNode
} from '../../src/template/json-positions.js'
import { lineAndColumn } from '../../src/util/json-scanner.js'

/** The plain value of a positioned tree, to compare with JSON.parse. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'scalar':
    case 'string':
      return node.value
    case 'array':
      return node.items.map(plain)
    case 'object':
      return Object.fromEntries(node.entries.map(({ key, value }) => [key.value, plain(value)]))
  }
}

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJsonWithPositions(text)
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error
    throw error
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`)
}

describe('parseJsonWithPositions', () => {
  const fixture = readFileSync(join('__fixtures__', 'task-definitions', 'web.json'), 'utf8')

  it.each([
    ['fixture task definition', fixture],
    ['scalars', '[1, -2.5, 3e2, 0, true, false, null, ""]'],
    ['escapes', '"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"'],
    ['nested', '{"a": {"b": [[], {}, [{"c": "d"}]]}}'],
    ['whitespace', ' \n\t{ "a" : 1 } \r\n']
  ])('reads %s as JSON.parse does', (_name, text) => {
    expect(plain(parseJsonWithPositions(text))).toEqual(JSON.parse(text))
  })

  it('maps each decoded character to its offset in the source', () => {
    const text = '{"k": "a\\nb\\u00e9c"}'
    const root = parseJsonWithPositions(text)
    if (root.kind !== 'object') throw new Error('expected an object')
    const value = root.entries[0]!.value
    if (value.kind !== 'string') throw new Error('expected a string')
    expect(value.value).toBe('a\nbéc')
    // a at 7, \n at 8-9, b at 10, \u00e9 at 11-16, c at 17, closing quote at 18.
    expect(value.offsets).toEqual([7, 8, 10, 11, 17, 18])
    expect(text[value.offsets[4]!]).toBe('c')
  })

  it('skips a byte-order mark and does not count it as a column', () => {
    expect(plain(parseJsonWithPositions('\ufeff{"a": 1}'))).toEqual({ a: 1 })
    const text = '\ufeff{"a": x}'
    expect(lineAndColumn(text, syntaxError(text).offset)).toEqual({ line: 1, column: 7 })
  })

  it.each([
    ['{"a": 1,}', 'unexpected "}", expected a key in double quotes', 1, 9],
    ['{"a" 1}', 'unexpected "1", expected ":" after the key', 1, 6],
    ['[1 2]', 'unexpected "2", expected "," or "]"', 1, 4],
    ['{\n  "a": 1\n  "b": 2\n}', 'unexpected "\\"", expected "," or "}"', 3, 3],
    ['{"a": "x', 'unterminated string', 1, 9],
    ['"a\nb"', 'control character U+000a inside a string must be escaped', 1, 3],
    ['"\\x"', 'bad escape \\x inside a string', 1, 2],
    ['"\\{{ X }}"', 'bad escape \\{ inside a string: for a literal {{ write \\\\{{', 1, 2],
    ['"\\u12"', 'bad \\u escape, expected 4 hex digits', 1, 2],
    ['{"a": tru}', 'unexpected "t", expected a value', 1, 7],
    ['01', 'unexpected text after the JSON value', 1, 2],
    ['', 'unexpected end of the file, expected a value', 1, 1],
    ['{"a": 1} x', 'unexpected text after the JSON value', 1, 10]
  ])('%j: %s at %i:%i', (text, message, line, column) => {
    const error = syntaxError(text)
    expect(error.message).toBe(message)
    expect(lineAndColumn(text, error.offset)).toEqual({ line, column })
    // JSON.parse agrees the text is not JSON.
    expect(() => JSON.parse(text)).toThrow()
  })

  it('locates offsets on every line, past the end and on a CRLF file', () => {
    const text = 'ab\ncd\r\n\nef'
    expect([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 99].map(offset => lineAndColumn(text, offset))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 2, column: 3 },
      { line: 2, column: 4 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
      { line: 4, column: 3 },
      { line: 4, column: 92 }
    ])
  })

  it('refuses nesting deeper than 200 levels instead of overflowing the stack', () => {
    expect(() => parseJsonWithPositions('['.repeat(201) + ']'.repeat(201))).toThrow(
      'nested more than 200 levels deep'
    )
    expect(() => parseJsonWithPositions('['.repeat(200) + ']'.repeat(200))).not.toThrow()
  })
})
