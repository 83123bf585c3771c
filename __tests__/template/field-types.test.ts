import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fieldTypeAt, TYPED_FIELDS } from '../../src/template/field-types.js'

/**
 * Every number and boolean field reachable from the requests a definition file feeds, read
 * from the ECS client's type declarations: the table in field-types.ts must equal it.
 */
function modelTypedFields(): Map<string, string> {
  const dir = join('node_modules', '@aws-sdk', 'client-ecs', 'dist-types', 'models')
  const text = ['models_0.d.ts', 'models_1.d.ts']
    .map(file => readFileSync(join(dir, file), 'utf8'))
    .join('\n')
  const interfaces = new Map<string, Map<string, string>>()
  for (const [, name, body] of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const fields = new Map<string, string>()
    for (const [, field, type] of body!.matchAll(/^ {4}(\w+)\??: (.+?);$/gm))
      fields.set(field!, type!.replace(/ \| undefined$/, ''))
    interfaces.set(name!, fields)
  }
  const found = new Map<string, string>()
  const visit = (type: string, path: string[], seen: ReadonlySet<string>): void => {
    if (type.endsWith('[]')) return visit(type.slice(0, -2), [...path, '[]'], seen)
    if (type === 'number' || type === 'boolean') {
      found.set(path.join('.'), type)
      return
    }
    const fields = interfaces.get(type)
    if (!fields || seen.has(type)) return
    for (const [field, fieldType] of fields)
      visit(fieldType, [...path, field], new Set([...seen, type]))
  }
  for (const request of [
    'RegisterTaskDefinitionRequest',
    'CreateServiceRequest',
    'UpdateServiceRequest'
  ]) {
    expect(interfaces.has(request)).toBe(true)
    visit(request, [], new Set())
  }
  return found
}

describe('fieldTypeAt', () => {
  it('knows exactly the number and boolean fields of the ECS model', () => {
    const model = modelTypedFields()
    expect(model.size).toBeGreaterThan(50)
    expect(Object.fromEntries([...TYPED_FIELDS].sort())).toEqual(
      Object.fromEntries([...model].sort())
    )
  })

  it.each([
    [['containerDefinitions', '[]', 'cpu'], 'number'],
    [['containerDefinitions', '[]', 'memory'], 'number'],
    [['cpu'], undefined], // task level: a string in the API
    [['memory'], undefined],
    [['taskDefinition', 'cpu'], undefined],
    [['taskDefinition', 'containerDefinitions', '[]', 'essential'], 'boolean'],
    [['service', 'desiredCount'], 'number'],
    [['desiredCount'], 'number'],
    [['containerDefinitions', '[]', 'portMappings', '[]', 'containerPort'], 'number'],
    [['containerDefinitions', '[]', 'environment', '[]', 'value'], undefined],
    [['containerDefinitions', '[]', 'restartPolicy', 'ignoredExitCodes', '[]'], 'number'],
    [['other', 'desiredCount'], undefined], // only the CLI wrappers are looked through
    [['enableExecuteCommand'], 'boolean'],
    [[], undefined]
  ] as const)('%j → %s', (path, type) => {
    expect(fieldTypeAt(path)).toBe(type)
  })
})
