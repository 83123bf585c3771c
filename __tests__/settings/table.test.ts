import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { ROOT } from '../../__fixtures__/run-action.js'
import {
  actionYmlDisagreements,
  readmeDisagreements
} from '../../__fixtures__/settings-table-check.js'

const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

describe('action.yml and the README agree with the settings table', () => {
  it('action.yml has every input of the table, with its description and default, in order', () => {
    expect(actionYmlDisagreements(actionYml)).toEqual([])
  })

  it("the README's inputs table has every input, with its description and default", () => {
    expect(readmeDisagreements(readme)).toEqual([])
  })
})

describe('a disagreement names the input and the file', () => {
  it('an input missing from action.yml', () => {
    const without = actionYml.replace(/\n {2}keep-revisions:\n(?: {4}.*\n)+/, '\n')
    expect(actionYmlDisagreements(without)).toEqual([
      'action.yml: input "keep-revisions" of the settings table (src/settings/table.ts) is missing'
    ])
  })

  it('a default of action.yml that is not the table’s', () => {
    const changed = actionYml.replace("default: '20m'", "default: '10m'")
    expect(actionYmlDisagreements(changed)).toEqual([
      'action.yml: input "timeout" has default "10m", the settings table (src/settings/table.ts) says "20m"'
    ])
  })

  it('a description of action.yml that is not the table’s, and an input the table lacks', () => {
    const changed = actionYml
      .replace('Docker build context.', 'The docker build context.')
      .replace('\n  dockerfile:', "\n  no-such-input:\n    description: 'x'\n  dockerfile:")
    expect(actionYmlDisagreements(changed)).toEqual([
      'action.yml: input "docker-context" has description "The docker build context.", the settings table (src/settings/table.ts) says "Docker build context."',
      'action.yml: input "no-such-input" is not in the settings table (src/settings/table.ts)'
    ])
  })

  it('inputs out of the table’s order', () => {
    const swapped = actionYml.replace(
      /\n( {2}wait:\n(?: {4}.*\n)+)( {2}wait-until:\n(?: {4}.*\n)+)/,
      '\n$2$1'
    )
    expect(swapped).not.toBe(actionYml)
    expect(actionYmlDisagreements(swapped)).toEqual([
      'action.yml: the inputs are not in the order of the settings table (src/settings/table.ts)'
    ])
  })

  it('an input missing from the README, and a default that disagrees', () => {
    const changed = readme
      .replace(/\n\| `keep-revisions` \|.*/, '')
      .replace('| `timeout` | `20m` |', '| `timeout` | `30m` |')
    expect(readmeDisagreements(changed)).toEqual([
      'README.md: input "timeout" has default "30m", the settings table (src/settings/table.ts) says "20m"',
      'README.md: input "keep-revisions" of the settings table (src/settings/table.ts) is missing from the Inputs table'
    ])
  })

  it('a description of the README that is not the table’s', () => {
    const changed = readme.replace('| Docker build context. |', '| Build context. |')
    expect(readmeDisagreements(changed)).toEqual([
      'README.md: input "docker-context" has description "Build context.", the settings table (src/settings/table.ts) says "Docker build context."'
    ])
  })
})
