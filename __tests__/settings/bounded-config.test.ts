import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { yamlBoundProblem, YAML_LIMITS } from '../../src/settings/bounded-yaml.js'
import {
  loadConfigFile,
  MAX_CONFIG_FILE_BYTES,
  parseConfig
} from '../../src/settings/config-file.js'
import { InputError } from '../../src/util/errors.js'

function failure(action: () => unknown): InputError {
  try {
    action()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('the config file size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-bounded-'))

  it('refuses a file over the limit before parsing, naming the file, its size, the limit and what to do', () => {
    const file = join(dir, 'big.yml')
    // Valid YAML all through: only the limit can refuse it.
    const head = 'environments: {}\n'
    writeFileSync(file, head + '#'.repeat(5 * 1024 * 1024 - head.length))
    const error = failure(() => loadConfigFile(file, true))
    expect(error.where).toBe(`config file ${file}`)
    expect(error.problem).toBe(
      'is 5.0 MiB (5242880 bytes), larger than 128 KiB (the limit for this file; refused before reading it)'
    )
    expect(error.fix).toMatch(/a config is a few KiB/)
  })

  it('reads a file at the limit', () => {
    const file = join(dir, 'at-limit.yml')
    const head = 'environments:\n  dev: {cluster: c, service: s}\n'
    writeFileSync(file, head + '#'.repeat(MAX_CONFIG_FILE_BYTES - head.length))
    expect(loadConfigFile(file, true).environments.dev?.cluster).toBe('c')
    writeFileSync(file, head + '#'.repeat(MAX_CONFIG_FILE_BYTES - head.length + 1))
    expect(failure(() => loadConfigFile(file, true)).problem).toMatch(/^is 128.0 KiB/)
  })

  it('refuses a config that is not UTF-8, as the definition files are', () => {
    const file = join(dir, 'utf16.yml')
    writeFileSync(file, Buffer.from('\ufeffenvironments: {}\n', 'utf16le'))
    expect(failure(() => loadConfigFile(file, true)).problem).toMatch(/is UTF-16/)
  })
})

describe('bounded YAML', () => {
  it('refuses an alias bomb before building it', () => {
    let bomb = 'a: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
    for (let level = 1; level <= 9; level++)
      bomb += `a${level}: &a${level} [${Array(10)
        .fill(`*a${level - 1}`)
        .join(', ')}]\n`
    // 90 aliases, under the count bound: the expansion bound refuses it.
    expect(failure(() => parseConfig(bomb, 'f.yml')).problem).toMatch(
      /^has aliases that expand too far/
    )
    const many = `x: &v 1\n${Array.from({ length: 101 }, (_, i) => `k${i}: *v`).join('\n')}\n`
    const error = failure(() => parseConfig(many, 'f.yml'))
    expect(error.where).toBe('f.yml:102:7')
    expect(error.problem).toMatch(/^has more than 100 aliases \(\*name\), over the limit/)
  })

  it('refuses more anchors than the bound', () => {
    const yaml = Array.from({ length: 101 }, (_, i) => `k${i}: &a${i} v`).join('\n')
    expect(failure(() => parseConfig(yaml, 'f.yml')).problem).toMatch(/^has more than 100 anchors/)
  })

  it.each([
    [
      'flow nesting',
      `a: ${'['.repeat(1_000_000)}`,
      /flow collections \(\[ or \{\) nested more than 64/
    ],
    ['flow maps', `a: ${'{b: '.repeat(65)}1${'}'.repeat(65)}`, /nested more than 64/],
    [
      'compact sequences',
      `${'- '.repeat(500_000)}x`,
      /more than 32 nested "-", "\?" or ":" on one line/
    ]
  ])('refuses %s before the parser recurses', (_, yaml, message) => {
    expect(failure(() => parseConfig(yaml, 'f.yml')).problem).toMatch(message)
  })

  it('counts only structure: brackets, dashes and ampersands in strings, comments and block scalars are text', () => {
    const yaml = [
      `a: "${'['.repeat(100)}"`,
      `b: '${'{'.repeat(100)}'`,
      `# ${'[ & * - '.repeat(100)}`,
      'c: |',
      ...Array.from({ length: 100 }, () => '  [ - - & *'),
      `d: x${'-'.repeat(100)}`
    ].join('\n')
    expect(yamlBoundProblem(yaml)).toBeUndefined()
  })

  it('accepts the nesting, anchors and aliases a config uses', () => {
    const yaml = [
      'x-defaults: &defaults {cluster: c, variables: {A: "1"}}',
      'environments:',
      '  dev: {<<: *defaults, service: web}',
      '  prod:',
      '    <<: *defaults',
      '    services:',
      '      web: {container: [app, proxy]}'
    ].join('\n')
    expect(yamlBoundProblem(yaml)).toBeUndefined()
    expect(yamlBoundProblem(`a: ${'['.repeat(YAML_LIMITS.flowDepth)}${']'.repeat(64)}`)).toBe(
      undefined
    )
  })

  it('finds a duplicate key among many in one pass, naming its line', () => {
    const keys = Array.from({ length: 5_000 }, (_, i) => `  k${i}: {cluster: c}`)
    keys.push('  k7: {cluster: d}')
    const error = failure(() => parseConfig(`environments:\n${keys.join('\n')}\n`, 'f.yml'))
    expect(error.where).toBe('f.yml:5002:3')
    expect(error.problem).toBe('is not valid YAML (Map keys must be unique ("k7" is repeated))')
  })
})
