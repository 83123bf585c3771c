import { describe, expect, it } from '@jest/globals'
import { SIZE_FIELDS } from '../../src/definitions/coerce.js'
import { parseTaskDefinitionText } from '../../src/definitions/load.js'
import {
  ENUMS,
  SERVICE_DEFINITION_SHAPE,
  SHAPES,
  TASK_DEFINITION_SHAPE,
  type FieldKind
} from '../../src/definitions/shape.js'
import {
  validateServiceDefinitionDocument,
  validateTaskDefinitionDocument
} from '../../src/definitions/validate.js'
import { jsonPath } from '../../src/util/printable.js'

// Every field of the shape model, reached from the file it belongs to: a table of the types and
// enumerations the SDK declares, each checked with a value that fits and one that does not.

const shapes: Record<string, Record<string, FieldKind>> = SHAPES
type Segment = string | number

interface Field {
  root: 'task' | 'service'
  shape: string
  key: string
  kind: FieldKind
  /** Where the structure holding the key sits in the file. */
  at: Segment[]
}

/** Each shape once, by the shortest path from a file's root (task definitions first). */
function fields(): Field[] {
  const found: Field[] = []
  const seen = new Set<string>()
  const queue: { root: Field['root']; shape: string; at: Segment[] }[] = [
    { root: 'task', shape: TASK_DEFINITION_SHAPE, at: [] },
    { root: 'service', shape: SERVICE_DEFINITION_SHAPE, at: [] }
  ]
  while (queue.length > 0) {
    const { root, shape, at } = queue.shift()!
    if (seen.has(shape)) continue
    seen.add(shape)
    for (const [key, kind] of Object.entries(shapes[shape]!)) {
      found.push({ root, shape, key, kind, at })
      if (typeof kind === 'object' && 'shape' in kind)
        queue.push({ root, shape: kind.shape, at: [...at, key] })
      if (typeof kind === 'object' && 'list' in kind)
        queue.push({ root, shape: kind.list, at: [...at, key, 0] })
    }
  }
  return found
}

/** A document holding only `value` at the path (objects and one-item lists around it). */
function documentWith(path: readonly Segment[], value: unknown): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path
  const inner = documentWith(rest, value)
  return typeof head === 'number' ? [inner] : { [head!]: inner }
}

function problemsOf(field: Field, path: readonly Segment[], value: unknown) {
  const document = documentWith(path, value)
  return field.root === 'task'
    ? validateTaskDefinitionDocument(document)
    : validateServiceDefinitionDocument(document)
}

const all = fields()
const label = (field: Field) => `${field.root} ${jsonPath([...field.at, field.key])}`

const enumFields = all.flatMap(field => {
  const kind = field.kind
  if (typeof kind !== 'object') return []
  if ('enum' in kind) return [{ ...field, name: kind.enum, list: false }]
  if ('enumList' in kind) return [{ ...field, name: kind.enumList, list: true }]
  return []
})

const sized = (field: Field) => SIZE_FIELDS[field.shape]?.includes(field.key) ?? false
const scalarFields = all.filter(
  field => ['string', 'number', 'boolean'].includes(field.kind as string) && !sized(field)
)
const scalarListFields = all.filter(field =>
  ['string[]', 'number[]', 'boolean[]'].includes(field.kind as string)
)
const mapFields = all.filter(field => field.kind === 'map')

/** A value of the type, and one of another type, for each scalar type. */
const RIGHT: Record<string, unknown> = { string: 'a', number: 1, boolean: true }
const WRONG: Record<string, unknown[]> = {
  string: [1, true, { a: 'b' }],
  number: ['3000', 'many', false],
  boolean: ['true', 1, 'yes']
}

describe('the value table: every enumerated field of the shapes', () => {
  it('covers every enumeration and the fields the issue names', () => {
    expect(new Set(enumFields.map(field => field.name))).toEqual(new Set(Object.keys(ENUMS)))
    expect(enumFields.map(label)).toEqual(
      expect.arrayContaining([
        'task networkMode',
        'task requiresCompatibilities',
        'task containerDefinitions[0].portMappings[0].protocol',
        'task containerDefinitions[0].logConfiguration.logDriver',
        'task containerDefinitions[0].dependsOn[0].condition',
        'service launchType'
      ])
    )
  })

  it.each(enumFields.map(field => [label(field), field] as const))(
    '%s: every declared value passes, another is refused naming the values',
    (_label, field) => {
      const path = [...field.at, field.key, ...(field.list ? [0] : [])]
      const values = ENUMS[field.name as keyof typeof ENUMS]
      for (const value of values)
        expect(problemsOf(field, [...field.at, field.key], field.list ? [value] : value)).toEqual(
          []
        )
      const wrong = problemsOf(
        field,
        [...field.at, field.key],
        field.list ? ['not-a-value'] : 'not-a-value'
      )
      expect(wrong).toEqual([
        {
          path: jsonPath(path),
          problem: expect.stringContaining(
            `expected one of ${values.map(value => `"${value}"`).join(', ')}, not the text "not-a-value"`
          )
        }
      ])
      // A number is no enumeration value either.
      expect(problemsOf(field, path, 7)).toHaveLength(1)
    }
  )
})

describe('the value table: every scalar field of the shapes', () => {
  it.each(scalarFields.map(field => [label(field), field.kind, field] as const))(
    '%s (%s): the type passes, others are refused at the path',
    (_label, kind, field) => {
      const path = [...field.at, field.key]
      const right = typeof kind === 'object' ? undefined : RIGHT[kind]
      expect(problemsOf(field, path, right)).toEqual([])
      for (const wrong of WRONG[kind as string]!)
        expect({ wrong, problems: problemsOf(field, path, wrong) }).toEqual({
          wrong,
          problems: [{ path: jsonPath(path), problem: expect.any(String) }]
        })
    }
  )

  it.each(scalarListFields.map(field => [label(field), field.kind, field] as const))(
    '%s (%s): each item is of the type',
    (_label, kind, field) => {
      const path = [...field.at, field.key]
      const item = (kind as string).slice(0, -2)
      expect(problemsOf(field, path, [RIGHT[item], RIGHT[item]])).toEqual([])
      expect(problemsOf(field, path, [RIGHT[item], WRONG[item]![0]])).toEqual([
        { path: jsonPath([...path, 1]), problem: expect.any(String) }
      ])
    }
  )

  it.each(mapFields.map(field => [label(field), field] as const))(
    '%s: every value of the map is a text',
    (_label, field) => {
      const path = [...field.at, field.key]
      expect(problemsOf(field, path, { a: 'b' })).toEqual([])
      expect(problemsOf(field, path, { a: 'b', port: 8080, on: true })).toEqual([
        { path: jsonPath([...path, 'port']), problem: expect.any(String) },
        { path: jsonPath([...path, 'on']), problem: expect.any(String) }
      ])
    }
  )
})

describe('what a wrong value is told', () => {
  const check = (container: Record<string, unknown>, top: Record<string, unknown> = {}) =>
    validateTaskDefinitionDocument({
      family: 'web',
      ...top,
      containerDefinitions: [{ name: 'web', image: 'x', ...container }]
    }).map(p => `${p.path}: ${p.problem}`)

  it('a flag or a number in quotes: the value to write without them', () => {
    expect(
      check({
        essential: 'true',
        portMappings: [{ containerPort: '3000', hostPort: ' 80 ' }],
        healthCheck: { retries: 'three' }
      })
    ).toEqual([
      'containerDefinitions[0].essential: is the text "true"; essential is true or false: write true without quotes',
      'containerDefinitions[0].portMappings[0].containerPort: is the text "3000"; containerPort is a number: write 3000 without quotes',
      'containerDefinitions[0].portMappings[0].hostPort: is the text " 80 "; hostPort is a number: write 80 without quotes',
      'containerDefinitions[0].healthCheck.retries: expected a number, not the text "three"'
    ])
  })

  it('a number or a flag where a text belongs, without echoing the value', () => {
    const problems = check({
      environment: [{ name: 'PIN', value: 493817 }],
      dockerLabels: { build: 20240101, public: false }
    })
    expect(problems).toEqual([
      'containerDefinitions[0].environment[0].value: expected a text, not a number: put the value in quotes',
      'containerDefinitions[0].dockerLabels.build: expected a text, not a number: put the value in quotes',
      'containerDefinitions[0].dockerLabels.public: expected a text, not a boolean: put the value in quotes'
    ])
    expect(problems.join('\n')).not.toContain('493817')
  })

  it('an enumeration value in another case, or misspelt: the value ECS takes', () => {
    expect(
      check(
        {
          portMappings: [{ containerPort: 80, protocol: 'TCP' }],
          logConfiguration: { logDriver: 'awslog' },
          dependsOn: [{ containerName: 'init', condition: 'healthy' }]
        },
        { networkMode: 'vpc', requiresCompatibilities: ['FARGATE', 'fargate'] }
      )
    ).toEqual([
      'networkMode: expected one of "awsvpc", "bridge", "host", "none", not the text "vpc"',
      'requiresCompatibilities[1]: expected one of "EC2", "EXTERNAL", "FARGATE", "MANAGED_INSTANCES", not the text "fargate": write "FARGATE"',
      'containerDefinitions[0].portMappings[0].protocol: expected one of "tcp", "udp", not the text "TCP": write "tcp"',
      'containerDefinitions[0].logConfiguration.logDriver: expected one of "awsfirelens", "awslogs", "fluentd", "gelf", "journald", "json-file", "splunk", "syslog", not the text "awslog" (did you mean "awslogs"?)',
      'containerDefinitions[0].dependsOn[0].condition: expected one of "COMPLETE", "HEALTHY", "START", "SUCCESS", not the text "healthy": write "HEALTHY"'
    ])
  })

  it('a service definition: the launch type and the strategy', () => {
    expect(
      validateServiceDefinitionDocument({
        launchType: 'fargate',
        desiredCount: '2',
        deploymentConfiguration: { strategy: 'BLUEGREEN' }
      }).map(p => `${p.path}: ${p.problem}`)
    ).toEqual([
      'launchType: expected one of "EC2", "EXTERNAL", "FARGATE", "MANAGED_INSTANCES", not the text "fargate": write "FARGATE"',
      'desiredCount: is the text "2"; desiredCount is a number: write 2 without quotes',
      'deploymentConfiguration.strategy: expected one of "BLUE_GREEN", "CANARY", "LINEAR", "ROLLING", not the text "BLUEGREEN" (did you mean "BLUE_GREEN"?)'
    ])
  })

  it('the cpu and memory rule stays: task-level numbers are converted, container texts refused once', () => {
    const loaded = parseTaskDefinitionText(
      JSON.stringify({
        family: 'web',
        cpu: 256,
        memory: 512,
        containerDefinitions: [{ name: 'web', image: 'x' }]
      }),
      'td.json'
    )
    expect(loaded.definition).toMatchObject({ cpu: '256', memory: '512' })
    expect(() =>
      parseTaskDefinitionText(
        JSON.stringify({
          family: 'web',
          containerDefinitions: [{ name: 'web', image: 'x', memory: '512', essential: 'yes' }]
        }),
        'td.json'
      )
    ).toThrow(
      /has 2 problems: containerDefinitions\[0\]\.essential: expected true or false, not the text "yes"; containerDefinitions\[0\]\.memory: is the text "512"; a container's memory is a whole number of MiB: write 512 without quotes\./
    )
  })

  it('every problem of a file at once, each with its JSON path', () => {
    expect(() =>
      parseTaskDefinitionText(
        JSON.stringify({
          taskDefinition: {
            family: 'web',
            networkMode: 'AWSVPC',
            containerDefinitions: [
              {
                name: 'web',
                image: 'x',
                essential: 'true',
                portMappings: [{ containerPort: '3000', protocol: 'http' }],
                environment: [{ name: 'N', value: 1 }]
              }
            ]
          }
        }),
        'ecs/td.json'
      )
    ).toThrow(
      /^task definition file ecs\/td\.json: has 5 problems: taskDefinition\.networkMode: .*; taskDefinition\.containerDefinitions\[0\]\.essential: .*; taskDefinition\.containerDefinitions\[0\]\.portMappings\[0\]\.containerPort: .*; taskDefinition\.containerDefinitions\[0\]\.portMappings\[0\]\.protocol: .*; taskDefinition\.containerDefinitions\[0\]\.environment\[0\]\.value: .*\. Fix the file: keys, their types and their values/
    )
  })
})
