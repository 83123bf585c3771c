import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  ENUMS,
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

/** enum name → its values: `export declare const NetworkMode: { readonly AWSVPC: "awsvpc"; ... };`. */
function enumDeclarations(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const match of text.matchAll(/^export declare const (\w+): \{\n([\s\S]*?)^\};/gm))
    found.set(
      match[1]!,
      [...match[2]!.matchAll(/^ {4}readonly \w+: "([^"]*)";$/gm)].map(value => value[1]!)
    )
  return found
}

const sdkEnums = enumDeclarations(enums)

/** The FieldKind a declared type means; an enum (a type alias of string literals) by its name. */
function kindOf(declared: string): FieldKind {
  const list = declared.endsWith('[]')
  const base = list ? declared.slice(0, -2) : declared
  if (sdk.has(base)) return list ? { list: base } : { shape: base }
  if (base === 'number' || base === 'boolean') return list ? `${base}[]` : base
  if (base === 'Record<string, string>') return 'map'
  if (base === '__DocumentType') return 'document'
  if (base === 'string') return list ? 'string[]' : 'string'
  if (new RegExp(`^export type ${base} = \\(typeof ${base}\\)`, 'm').test(enums))
    return list ? { enumList: base } : { enum: base }
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
        if (typeof kind === 'object' && 'shape' in kind) visit(kind.shape)
        else if (typeof kind === 'object' && 'list' in kind) visit(kind.list)
      }
    }
    visit(TASK_DEFINITION_SHAPE)
    visit(SERVICE_DEFINITION_SHAPE)
    expect([...reached].sort()).toEqual(Object.keys(shapes).sort())
  })

  it('each enumeration holds exactly the values the SDK declares, and each is named by a shape', () => {
    expect(sdkEnums.get('NetworkMode')).toEqual(['awsvpc', 'bridge', 'host', 'none'])
    const named = new Set<string>()
    for (const fields of Object.values(shapes))
      for (const kind of Object.values(fields))
        if (typeof kind === 'object' && 'enum' in kind) named.add(kind.enum)
        else if (typeof kind === 'object' && 'enumList' in kind) named.add(kind.enumList)
    expect([...named].sort()).toEqual(Object.keys(ENUMS).sort())
    for (const [name, values] of Object.entries(ENUMS))
      expect({ name, values: [...values].sort() }).toEqual({
        name,
        values: [...(sdkEnums.get(name) ?? [])].sort()
      })
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
