import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/util/errors.js'
import { assertOutputName } from '../../src/util/output-name.js'

describe('assertOutputName', () => {
  it('names the kind of name', () => {
    expect(() => assertOutputName('a b', 'input flow', 'flow')).toThrow(
      'input flow: "a b" is not a flow name.'
    )
  })

  it.each(['dev', 'prod-eu.1', 'A_b', 'x'.repeat(64), 'deploy'])('%s is a name', name => {
    expect(assertOutputName(name, 'input environment')).toBe(name)
  })

  it.each([
    '',
    'x'.repeat(65),
    'a b',
    'a/b',
    '..',
    '-rf',
    'prod\n::add-mask::x',
    'ü',
    '$(id)',
    '`id`'
  ])('%j is refused, naming where it came from', name => {
    expect(() => assertOutputName(name, 'rule 2 of .github/ecs-flow.yml')).toThrow(InputError)
    expect(() => assertOutputName(name, 'rule 2 of .github/ecs-flow.yml')).toThrow(
      /^rule 2 of \.github\/ecs-flow\.yml: ".*" is not an environment name\. Use letters, digits, "\.", "_" or "-": 1 to 64 of them, starting with a letter or digit\.$/
    )
  })
})
