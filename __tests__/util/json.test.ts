import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/util/errors.js'
import { isRecord, parseJsonObjectFile } from '../../src/util/json.js'

describe('isRecord', () => {
  it.each([
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    ['x', false],
    [1, false],
    [undefined, false]
  ])('%j → %s', (value, expected) => {
    expect(isRecord(value)).toBe(expected)
  })
})

describe('parseJsonObjectFile', () => {
  const parse = (text: string) => parseJsonObjectFile(text, 'thing file t.json', 'thing', 'Fix it.')

  it('returns a bare object, or the one under the wrapper key', () => {
    expect(parse('{"a": 1}')).toEqual({ a: 1 })
    expect(parse('{"thing": {"a": 1}}')).toEqual({ a: 1 })
    // Unwrapped once only, and only when the wrapper holds an object.
    expect(parse('{"thing": {"thing": {"a": 1}}}')).toEqual({ thing: { a: 1 } })
    expect(parse('{"thing": 3}')).toEqual({ thing: 3 })
  })

  it.each([
    ['{"a": ', /^thing file t\.json: is not valid JSON \(.+\)\. Fix the JSON syntax\.$/],
    ['[1]', /^thing file t\.json: is not a JSON object\. Fix it\.$/],
    ['null', /^thing file t\.json: is not a JSON object\. Fix it\.$/]
  ])('%s is an InputError naming the file', (text, message) => {
    expect(() => parse(text)).toThrow(InputError)
    expect(() => parse(text)).toThrow(message)
  })
})
