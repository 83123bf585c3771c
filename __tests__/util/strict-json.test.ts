import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/util/errors.js'
import { parseStrictJson } from '../../src/util/strict-json.js'

const parse = (text: string) => parseStrictJson(text, 'task definition file td.json')

function failure(text: string, maxDepth?: number): InputError {
  try {
    parseStrictJson(text, 'task definition file td.json', { maxDepth })
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`expected ${JSON.stringify(text.slice(0, 80))} to be refused`)
}

describe('parseStrictJson: what JSON.parse accepts, it accepts alike', () => {
  it.each([
    '{}',
    '[]',
    ' \t\r\n{"a": [1, -2.5e3, 0, true, false, null, "x"]}\n',
    '"text with \\"escapes\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00"',
    '[[[]], {"a": {"b": {}}}, [{}]]',
    '{"": 1, "a b": 2, "é": 3}',
    '-0',
    '1E+2',
    '"lone \\ud800 surrogate"'
  ])('%s', text => {
    expect(parse(text)).toEqual(JSON.parse(text))
  })

  it('keeps "__proto__" as an own key, as JSON.parse does, without touching the prototype', () => {
    const value = parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['__proto__', 'a'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(value).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'))
  })
})

describe('parseStrictJson: errors name the line, column, path and an escaped excerpt', () => {
  it('a duplicate key names the key, its path and both lines', () => {
    const text = [
      '{',
      '  "family": "web",',
      '  "containerDefinitions": [',
      '    {"name": "web", "image": "a"},',
      '    {"name": "worker",',
      '     "image": "b",',
      '     "image": "c"}',
      '  ]',
      '}'
    ].join('\n')
    const error = failure(text)
    expect(error.where).toBe('task definition file td.json:7:6')
    expect(error.problem).toMatch(
      /^is not valid JSON: it gives the key "image" twice at containerDefinitions\[1\]\.image \(first on line 6\) near /
    )
    expect(error.fix).toMatch(/Keep one of them/)
  })

  it('a duplicate top-level key', () => {
    expect(failure('{"family": "a",\n "family": "b"}').message).toMatch(
      /td\.json:2:2: is not valid JSON: it gives the key "family" twice at family \(first on line 1\)/
    )
  })

  it.each([
    ['{"a": 1,}', '1:8', /trailing comma in the object at \(top level\)/],
    ['{"a": [1, 2,]}', '1:12', /trailing comma in the list at a/],
    ['{"a": 1 "b": 2}', '1:9', /expected "," or "}" in the object/],
    ['{\n  "a": {\n    "b": 1\n', '4:1', /ends inside the object at a/],
    ['{a: 1}', '1:2', /expected a key in double quotes/],
    ["{'a': 1}", '1:2', /expected a key in double quotes/],
    ['{"a" 1}', '1:6', /expected ":" after the key "a"/],
    ['{"a": tru}', '1:7', /unexpected character at a/],
    ['{"a": 01}', '1:8', /expected "," or "}"/],
    ['{"a": NaN}', '1:7', /unexpected character/],
    ['{"a": "x\ny"}', '1:9', /control character/],
    ['{"a": "x', '1:7', /never ends/],
    ['{"a": "\\x"}', '1:8', /unknown escape/],
    ['{"a": "\\u12"}', '1:8', /bad \\u escape/],
    ['{"a": 1} {"b": 2}', '1:10', /more after the end/],
    ['// comment\n{}', '1:1', /has a comment/],
    ['{"a": \'x\'}', '1:7', /single quotes/],
    ['{"a": ]', '1:7', /"]" where a value was expected at a/],
    ['', '1:1', /ends where a value was expected/],
    ['\ufeff{}', '1:1', /byte order mark .* near "\\ufeff\{\}"/],
    ['{"a":\u00a01}', '1:6', /unexpected character at a near "\{"a":\u00a01\}"/]
  ])('%j → line:column %s', (text, position, problem) => {
    const error = failure(text)
    expect(error.where).toBe(`task definition file td.json:${position}`)
    expect(error.problem).toMatch(problem)
  })

  it('the excerpt is short, escaped, and never the whole content', () => {
    const secret = 'S3CRET'.repeat(1000)
    const error = failure(`{"a": "${secret}", "b": x, "c": "${secret}"}`)
    const near = /near "(.*)"$/.exec(error.problem)?.[1] ?? ''
    expect([...near.replace(/…$/, '')].length).toBeLessThanOrEqual(40)
    expect(error.message.length).toBeLessThan(300)
  })

  it('control characters and workflow commands in the excerpt are neutralised', () => {
    const error = failure('{"a": 1, ::error::pwned\u001b[31m}')
    expect(error.message).not.toContain('::error::')
    expect(error.message).not.toContain('\u001b')
    expect(error.message).toContain('\\u001b')
  })
})

describe('parseStrictJson: bounded and linear', () => {
  it('refuses nesting deeper than the limit with a clear error, without recursing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const error = failure(deep)
    expect(error.where).toBe('task definition file td.json:1:201')
    expect(error.problem).toMatch(/nests objects and lists deeper than 200 levels/)
    expect(failure('{"a": {"b": {"c": 1}}}', 2).problem).toMatch(/deeper than 2 levels/)
    expect(parseStrictJson('[[1]]', 'f', { maxDepth: 2 })).toEqual([[1]])
  })

  it('parses a 1 MiB file of nested arrays (time printed, not asserted)', () => {
    const unit = '[[[[1,2,3],[4,5,6]],[["a","b"],[true,null]]],{"k":[0.5,-1e3]}]'
    const parts: string[] = []
    let size = 2
    while (size < 1024 * 1024) {
      parts.push(unit)
      size += unit.length + 1
    }
    const text = `[${parts.join(',')}]`
    const started = performance.now()
    const value = parseStrictJson(text, 'big.json')
    const elapsed = performance.now() - started
    console.log(
      `strict JSON: ${(text.length / 1024 / 1024).toFixed(2)} MiB of nested arrays parsed in ${elapsed.toFixed(0)} ms`
    )
    expect(value).toEqual(JSON.parse(text))
  })
})
