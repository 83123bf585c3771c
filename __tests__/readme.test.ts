import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../__fixtures__/run-action.js'

interface ActionYml {
  name: string
  description: string
  author?: string
  branding?: { icon?: string; color?: string }
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** Rows of the README table under the given heading: first cell (a `name`) → second cell. */
function tableRows(heading: string): Map<string, string[]> {
  const start = readme.indexOf(`\n## ${heading}\n`)
  expect(start).toBeGreaterThan(-1)
  const section = readme.slice(start + 1).split(/\n## /)[0]!
  const rows = new Map<string, string[]>()
  for (const line of section.split('\n')) {
    const cells = line.split('|').map(cell => cell.trim())
    const name = /^`([a-z-]+)`$/.exec(cells[1] ?? '')?.[1]
    if (name) rows.set(name, cells.slice(2, -1))
  }
  return rows
}

describe('README stays in step with action.yml', () => {
  it('documents every input, and no input that does not exist, with its default', () => {
    const rows = tableRows('Inputs')
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, input] of Object.entries(action.inputs)) {
      const shown = rows.get(name)![0]!.replace(/`/g, '')
      expect({ name, default: shown }).toEqual({
        name,
        default: input.default === '' || input.default === undefined ? '' : input.default
      })
    }
  })

  it('documents every output', () => {
    expect([...tableRows('Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('starts with the two fresh-machine commands', () => {
    const top = readme.slice(0, 1500)
    expect(top).toContain('npm ci && npm run demo')
    expect(top).toContain('npm ci && npm test')
  })
})

describe('action.yml is ready for the Marketplace', () => {
  it('has a name, a short description, an author and branding in the allowed colors', () => {
    expect(action.name).toMatch(/^[\w .-]+$/)
    expect(action.description.length).toBeGreaterThan(20)
    // The Marketplace card shows about 125 characters.
    expect(action.description.length).toBeLessThanOrEqual(125)
    expect(action.author).toBeTruthy()
    expect(action.branding?.icon).toMatch(/^[a-z0-9-]+$/)
    expect([
      'white',
      'black',
      'yellow',
      'blue',
      'green',
      'orange',
      'red',
      'purple',
      'gray-dark'
    ]).toContain(action.branding?.color)
    expect(action.runs).toMatchObject({ main: 'dist/index.js' })
  })
})
