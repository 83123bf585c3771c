import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../__fixtures__/run-action.js'
import { compatibilityProblems, platformOf } from '../src/definitions/compatibility.js'
import { parseTaskDefinitionText } from '../src/definitions/load.js'
import { renderTemplate } from '../src/template/index.js'

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

describe("the README's task-definition examples are what ECS takes", () => {
  /** Every ```json block of the README that is a task definition. */
  const examples = [...readme.matchAll(/```json\n([\s\S]*?)\n```/g)]
    .map(match => match[1]!)
    .filter(block => block.includes('"containerDefinitions"'))

  it('finds the template example', () => {
    expect(examples.length).toBeGreaterThan(0)
  })

  it.each(examples.map((text, index) => [index, text] as const))(
    'example %i renders, passes the file checks and runs on a FARGATE service',
    async (_index, text) => {
      const rendered = await renderTemplate(text, {
        file: 'ecs/task-definition.json',
        values: { BASE_PATH: '/dev', CPU: '512', MEMORY: '1024', PORT: '80' },
        builtins: {
          ECS_FLOW_ENVIRONMENT: 'dev',
          ECS_FLOW_SERVICE: 'web',
          ECS_FLOW_SHA: 'a'.repeat(40),
          ECS_FLOW_IMAGE: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1',
          AWS_REGION: 'us-east-1',
          AWS_ACCOUNT_ID: '123456789012'
        },
        env: {}
      })
      if (!rendered.ok) throw new Error(JSON.stringify(rendered.problems))
      const { definition } = parseTaskDefinitionText(rendered.text, 'ecs/task-definition.json')
      for (const service of [
        { launchType: 'FARGATE' },
        { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }
      ])
        expect(
          compatibilityProblems(definition, platformOf(service)!, 'service web in cluster dev')
        ).toEqual([])
    }
  )
})
