import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseServiceDefinitionText, parseTaskDefinitionText } from '../../src/definitions/load.js'
import { InputError } from '../../src/util/errors.js'

// Public task and service definitions (sources and adaptations in
// __fixtures__/task-definitions/SOURCES.md): each passes, or the validator names its real mistake.
const TASKS = join(process.cwd(), '__fixtures__/task-definitions/real-world')
const SERVICES = join(process.cwd(), '__fixtures__/service-definitions/real-world')
const files = (dir: string) =>
  readdirSync(dir)
    .filter(name => name.endsWith('.json'))
    .sort()
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8')

/** The corpus files whose original has a mistake ECS would drop silently: what the validator says. */
const EXPOSED: Record<string, string> = {
  'terraform-firelens-misplaced-option.json':
    'has 1 problem: containerDefinitions[0].firelensConfiguration.enable-ecs-log-metadata: is not a key of FirelensConfiguration'
}

function problemOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof InputError) return error.problem
    throw error
  }
  return ''
}

describe('the real-world corpus', () => {
  it('holds at least 10 task definitions and a service definition', () => {
    expect(files(TASKS).length).toBeGreaterThanOrEqual(10)
    expect(files(SERVICES).length).toBeGreaterThanOrEqual(1)
  })

  it.each(files(TASKS))('task definition %s', name => {
    const problem = problemOf(() => parseTaskDefinitionText(read(TASKS, name), name))
    expect(problem).toBe(EXPOSED[name] ?? '')
  })

  it.each(files(SERVICES))('service definition %s', name => {
    expect(problemOf(() => parseServiceDefinitionText(read(SERVICES, name), name))).toBe('')
  })

  it('the splunk example as the docs print it (a trailing comma) is refused naming the line', () => {
    const printed = read(TASKS, 'aws-docs-splunk-secret-options.json').replace(
      '"tag": "tag_name"',
      '"tag": "tag_name",'
    )
    const error = (() => {
      try {
        parseTaskDefinitionText(printed, 'splunk.json')
      } catch (caught) {
        return caught as InputError
      }
    })()
    expect(error?.where).toMatch(/^task definition file splunk\.json:\d+:\d+$/)
    expect(error?.problem).toMatch(
      /trailing comma in the object at containerDefinitions\[0\]\.logConfiguration\.options/
    )
  })

  it('every corpus file is named in SOURCES.md', () => {
    const sources = readFileSync(
      join(process.cwd(), '__fixtures__/task-definitions/SOURCES.md'),
      'utf8'
    )
    for (const name of [...files(TASKS), ...files(SERVICES)]) expect(sources).toContain(name)
  })
})

describe('misspelled copies of corpus files fail, naming the path and the key meant', () => {
  type Json = Record<string, unknown> & { containerDefinitions: Record<string, unknown>[] }
  const rename = (object: Record<string, unknown>, from: string, to: string) => {
    const entries = Object.entries(object).map(([key, value]) => [key === from ? to : key, value])
    for (const key of Object.keys(object)) delete object[key]
    Object.assign(object, Object.fromEntries(entries))
  }

  it.each([
    [
      'firelens-app-mesh-envoy.json',
      (td: Json) => rename(td, 'executionRoleArn', 'excutionRoleArn'),
      'excutionRoleArn: is not a key of RegisterTaskDefinitionRequest (did you mean "executionRoleArn"?)'
    ],
    [
      'render-action-two-containers-tags.json',
      (td: Json) => rename(td.containerDefinitions[1]!, 'portMappings', 'portMapping'),
      'containerDefinitions[1].portMapping: is not a key of ContainerDefinition (did you mean "portMappings"?)'
    ],
    [
      'aws-docs-fargate-windows-iis.json',
      (td: Json) =>
        rename(
          td.containerDefinitions[0]!.logConfiguration as Record<string, unknown>,
          'options',
          'option'
        ),
      'containerDefinitions[0].logConfiguration.option: is not a key of LogConfiguration (did you mean "options"?)'
    ],
    [
      'ecspresso-describe-with-tags.json',
      (doc: Json) =>
        rename(doc.taskDefinition as Record<string, unknown>, 'proxyConfiguration', 'proxyConfig'),
      'taskDefinition.proxyConfig: is not a key of RegisterTaskDefinitionRequest (did you mean "proxyConfiguration"?)'
    ]
  ])('%s', (name, misspell, expected) => {
    const document = JSON.parse(read(TASKS, name)) as Json
    misspell(document)
    expect(problemOf(() => parseTaskDefinitionText(JSON.stringify(document), name))).toBe(
      `has 1 problem: ${expected}`
    )
  })
})
