import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  SERVICE_DEFINITION_SHAPE,
  SERVICE_READ_ONLY,
  SHAPES,
  TASK_DEFINITION_READ_ONLY,
  TASK_DEFINITION_SHAPE,
  type FieldKind
} from '../../src/definitions/shape.js'

// The SDK's own type declarations: the shapes in src/definitions/shape.ts must say what they say.
const MODELS = join(process.cwd(), 'node_modules/@aws-sdk/client-ecs/dist-types/models')
const declarations = readdirSync(MODELS)
  .filter(name => /^models_\d+\.d\.ts$/.test(name))
  .map(name => readFileSync(join(MODELS, name), 'utf8'))
  .join('\n')
// Enums are string constants there: `export type NetworkMode = (typeof NetworkMode)[keyof ...]`.
const enums = readFileSync(join(MODELS, 'enums.d.ts'), 'utf8')

/** interface name → property name → declared type (without `| undefined`). */
function interfaces(text: string): Map<string, Map<string, string>> {
  const found = new Map<string, Map<string, string>>()
  for (const match of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const properties = new Map<string, string>()
    for (const property of match[2]!.matchAll(/^ {4}(\w+)\??: ([^;]+);$/gm))
      properties.set(property[1]!, property[2]!.replace(/ \| undefined$/, ''))
    found.set(match[1]!, properties)
  }
  return found
}

const sdk = interfaces(declarations)

/** The FieldKind a declared type means; enums (type aliases of string literals) are strings. */
function kindOf(declared: string): FieldKind {
  const list = declared.endsWith('[]')
  const base = list ? declared.slice(0, -2) : declared
  if (sdk.has(base)) return list ? { list: base } : { shape: base }
  if (base === 'number' || base === 'boolean') return list ? `${base}[]` : base
  if (base === 'Record<string, string>') return 'map'
  if (base === '__DocumentType') return 'document'
  if (
    base === 'string' ||
    new RegExp(`^export type ${base} = \\(typeof ${base}\\)`, 'm').test(enums)
  )
    return list ? 'string[]' : 'string'
  throw new Error(`unexpected declared type ${declared}`)
}

const shapes: Record<string, Record<string, FieldKind>> = SHAPES

describe('the shapes match the SDK type declarations', () => {
  it('finds the declarations', () => {
    expect(sdk.get('ContainerDefinition')?.has('portMappings')).toBe(true)
    expect(sdk.size).toBeGreaterThan(100)
  })

  it.each(Object.keys(shapes))(
    '%s has exactly the SDK interface keys, each of the declared kind',
    name => {
      const declared = sdk.get(name)
      expect(declared).toBeDefined()
      const keys = Object.keys(shapes[name]!)
      const missing = [...declared!.keys()].filter(key => !keys.includes(key))
      const extra = keys.filter(key => !declared!.has(key))
      expect({ missing, extra }).toEqual({ missing: [], extra: [] })
      for (const [key, kind] of Object.entries(shapes[name]!))
        expect({ key, kind }).toEqual({ key, kind: kindOf(declared!.get(key)!) })
    }
  )

  it('holds every structure reachable from RegisterTaskDefinition and CreateService input', () => {
    const reached = new Set<string>()
    const visit = (name: string): void => {
      if (reached.has(name)) return
      reached.add(name)
      for (const declared of sdk.get(name)!.values()) {
        const kind = kindOf(declared)
        if (typeof kind === 'object') visit('shape' in kind ? kind.shape : kind.list)
      }
    }
    visit(TASK_DEFINITION_SHAPE)
    visit(SERVICE_DEFINITION_SHAPE)
    expect([...reached].sort()).toEqual(Object.keys(shapes).sort())
  })

  it.each([
    ['TaskDefinition', TASK_DEFINITION_SHAPE, TASK_DEFINITION_READ_ONLY],
    ['Service', SERVICE_DEFINITION_SHAPE, SERVICE_READ_ONLY]
  ])(
    'the read-only keys are those %s (describe output) has and %s does not',
    (described, input, readOnly) => {
      const inputKeys = sdk.get(input)!
      const expected = [...sdk.get(described)!.keys()].filter(key => !inputKeys.has(key))
      expect([...readOnly].sort()).toEqual(expected.sort())
    }
  )
})
