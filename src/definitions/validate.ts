import { suggestion } from '../util/did-you-mean.js'
import { InputError } from '../util/errors.js'
import { isRecord } from '../util/json.js'
import { jsonPath, printable } from '../util/printable.js'
import { SIZE_FIELDS } from './coerce.js'
import type { DefinitionProblem } from './problem.js'
import {
  enumValues,
  fieldOf,
  isShapeName,
  keysOf,
  SERVICE_DEFINITION_SHAPE,
  SERVICE_READ_ONLY,
  TASK_DEFINITION_READ_ONLY,
  TASK_DEFINITION_SHAPE,
  type FieldKind,
  type ShapeName
} from './shape.js'

export type { DefinitionProblem } from './problem.js'

type Path = readonly (string | number)[]

/** The keys `aws ecs describe-task-definition --include TAGS` prints around the definition. */
const DESCRIBED_TASK_DEFINITION_KEYS = ['taskDefinition', 'tags']

/**
 * Every unknown key, misplaced value, value of the wrong type (`"essential": "true"`) and value
 * an enumeration does not hold (`"networkMode": "vpc"`) of a task-definition file, at every
 * level: the plain
 * RegisterTaskDefinition input, or `{"taskDefinition": {...}, "tags": [...]}` as
 * describe-task-definition prints it. Read-only fields of a registered revision are accepted.
 */
export function validateTaskDefinitionDocument(document: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  if (isRecord(document) && isRecord(document.taskDefinition)) {
    checkKeys(
      document,
      DESCRIBED_TASK_DEFINITION_KEYS,
      [],
      problems,
      'the describe-task-definition output'
    )
    if (document.tags !== undefined) checkField(document.tags, { list: 'Tag' }, ['tags'], problems)
    checkShape(document.taskDefinition, TASK_DEFINITION_SHAPE, ['taskDefinition'], problems)
  } else if (isRecord(document) && document.taskDefinition !== undefined) {
    problems.push({
      path: 'taskDefinition',
      problem:
        'is not an object: give the task definition itself under "taskDefinition", as describe-task-definition prints it, or the RegisterTaskDefinition input without the wrapper'
    })
  } else {
    checkShape(document, TASK_DEFINITION_SHAPE, [], problems)
  }
  return problems
}

/**
 * Every unknown key, misplaced value, wrong type and value outside its enumeration of a
 * service-definition file: the CreateService input, or
 * `{"service": {...}}` as create-service and update-service print it. Read-only fields of a
 * described service are accepted.
 */
export function validateServiceDefinitionDocument(document: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  if (isRecord(document) && isRecord(document.service)) {
    checkKeys(document, ['service'], [], problems, 'the create-service output')
    checkShape(document.service, SERVICE_DEFINITION_SHAPE, ['service'], problems)
  } else if (isRecord(document) && Array.isArray(document.services)) {
    problems.push({
      path: 'services',
      problem:
        'is a list of services as describe-services prints it; a service definition holds one service: give its fields, or {"service": {...}}'
    })
  } else {
    checkShape(document, SERVICE_DEFINITION_SHAPE, [], problems)
  }
  return problems
}

/** Shown at most: a hostile file with thousands of bad keys still gets a short message. */
const MAX_PROBLEMS_SHOWN = 20

/** One InputError listing all problems of a file (`what`: "task definition"). */
export function definitionError(
  what: string,
  path: string,
  problems: readonly DefinitionProblem[]
): InputError {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map(p => `${p.path}: ${p.problem}`)
  const more = problems.length - shown.length
  const list = shown.join('; ') + (more > 0 ? `; and ${more} more` : '')
  const request = what === 'service definition' ? 'CreateService' : 'RegisterTaskDefinition'
  return new InputError(
    `${what} file ${printable(path, 200)}`,
    `has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${list}`,
    `Fix the file: keys, their types and their values are those of ${request}'s input (aws ecs ${request === 'CreateService' ? 'create-service' : 'register-task-definition'} --generate-cli-skeleton); the AWS SDK drops a key it does not know without a word, so ECS would run without it, and sends a wrong value unchecked, so ECS would refuse it only after the image is built and pushed.`
  )
}

function checkShape(
  value: unknown,
  shape: ShapeName,
  path: Path,
  problems: DefinitionProblem[]
): void {
  if (!isRecord(value)) {
    problems.push({
      path: jsonPath(path),
      problem: `expected an object (${shape}), not ${describe(value)}`
    })
    return
  }
  const known = [...keysOf(shape), ...readOnlyKeys(shape, path)]
  // One pass in the file's order: a key's own problem, then those inside it.
  for (const [key, member] of Object.entries(value)) {
    const field = fieldOf(shape, key)
    // cpu and memory sizes: coerce.ts converts or refuses them, with its own messages.
    const sized = SIZE_FIELDS[shape]?.includes(key) ?? false
    if (field !== undefined) checkField(member, field, [...path, key], problems, sized)
    else if (!known.includes(key))
      problems.push(unknownKey(key, known, path, shape, misplacedHint(shape, key)))
  }
}

function unknownKey(
  key: string,
  known: readonly string[],
  path: Path,
  what: string,
  hint = ''
): DefinitionProblem {
  return {
    path: jsonPath([...path, key]),
    problem: `is not a key of ${what}${suggestion(key, known) || hint}`
  }
}

function checkKeys(
  value: Record<string, unknown>,
  known: readonly string[],
  path: Path,
  problems: DefinitionProblem[],
  what: string
): void {
  for (const key of Object.keys(value))
    if (!known.includes(key)) problems.push(unknownKey(key, known, path, what))
}

function checkField(
  value: unknown,
  field: FieldKind,
  path: Path,
  problems: DefinitionProblem[],
  /** Its scalar type is checked elsewhere. */
  sized = false
): void {
  // An explicit null is how some exports write "not set"; the SDK sends nothing for it.
  if (value === null) return
  if (typeof field === 'object') {
    if ('shape' in field) {
      if (isShapeName(field.shape)) checkShape(value, field.shape, path, problems)
      return
    }
    if ('enum' in field) {
      checkEnum(value, field.enum, path, problems)
      return
    }
    const item = 'list' in field ? field.list : field.enumList
    if (!Array.isArray(value)) {
      problems.push({
        path: jsonPath(path),
        problem:
          'list' in field
            ? `expected a list of ${field.list} objects, not ${describe(value)}`
            : `expected a list of ${quotedValues(field.enumList)}, not ${describe(value)}`
      })
      return
    }
    if ('enumList' in field) {
      value.forEach((member, index) => checkEnum(member, item, [...path, index], problems))
      return
    }
    if (!isShapeName(item)) return
    value.forEach((member, index) => checkShape(member, item, [...path, index], problems))
    return
  }
  if (field.endsWith('[]')) {
    if (!Array.isArray(value)) {
      const example = field === 'string[]' ? ' (["a", "b"])' : ''
      problems.push({
        path: jsonPath(path),
        problem: `expected a list${example}, not ${describe(value)}`
      })
      return
    }
    const scalar = field.slice(0, -2) as Scalar
    value.forEach((member, index) => checkScalar(member, scalar, [...path, index], problems))
  } else if (field === 'map') {
    if (!isRecord(value)) {
      problems.push({
        path: jsonPath(path),
        problem: `expected an object of names to texts, not ${describe(value)}`
      })
      return
    }
    for (const [key, member] of Object.entries(value))
      checkScalar(member, 'string', [...path, key], problems)
  } else if (field !== 'document' && !sized) {
    checkScalar(value, field as Scalar, path, problems)
  }
}

type Scalar = 'string' | 'number' | 'boolean'

/**
 * A scalar of the type the SDK declares. A wrong text is quoted back (it is a number or a flag),
 * a value where a text belongs is not: it may be an environment value someone wants kept out
 * of logs.
 */
function checkScalar(
  value: unknown,
  type: Scalar,
  path: Path,
  problems: DefinitionProblem[]
): void {
  if (typeof value === type) return
  const at = jsonPath(path)
  const name = [...path].reverse().find(segment => typeof segment === 'string') ?? 'it'
  if (type === 'string') {
    const given = value === null ? 'null' : Array.isArray(value) ? 'a list' : `${article(value)}`
    problems.push({
      path: at,
      problem: `expected a text, not ${given}${isRecord(value) || Array.isArray(value) ? '' : ': put the value in quotes'}`
    })
  } else if (type === 'number') {
    const numeric = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)
    problems.push({
      path: at,
      problem: numeric
        ? `is the text "${printable(value)}"; ${printable(name)} is a number: write ${value.trim()} without quotes`
        : `expected a number, not ${describe(value)}`
    })
  } else {
    const flag = typeof value === 'string' && /^\s*(true|false)\s*$/i.test(value)
    problems.push({
      path: at,
      problem: flag
        ? `is the text "${printable(value)}"; ${printable(name)} is true or false: write ${value.trim().toLowerCase()} without quotes`
        : `expected true or false, not ${describe(value)}`
    })
  }
}

/** One of an enumeration's values, exactly as ECS spells it (it compares case-sensitively). */
function checkEnum(value: unknown, name: string, path: Path, problems: DefinitionProblem[]): void {
  const values = enumValues(name)
  if (values === undefined || (typeof value === 'string' && values.includes(value))) return
  const other =
    typeof value === 'string'
      ? values.find(known => known.toLowerCase() === value.trim().toLowerCase())
      : undefined
  const hint =
    other !== undefined
      ? `: write "${other}"`
      : typeof value === 'string'
        ? suggestion(value, values)
        : ''
  problems.push({
    path: jsonPath(path),
    problem: `expected one of ${quotedValues(name)}, not ${describe(value)}${hint}`
  })
}

function quotedValues(name: string): string {
  return (enumValues(name) ?? []).map(value => `"${value}"`).join(', ')
}

function article(value: unknown): string {
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/** Read-only keys are accepted at the top level of a definition only. */
function readOnlyKeys(shape: ShapeName, path: Path): readonly string[] {
  const topLevel = path.length === 0 || (path.length === 1 && typeof path[0] === 'string')
  if (!topLevel) return []
  if (shape === TASK_DEFINITION_SHAPE) return TASK_DEFINITION_READ_ONLY
  if (shape === SERVICE_DEFINITION_SHAPE) return SERVICE_READ_ONLY
  return []
}

/** A container's key at the task's level, or the task's inside a container: say where it goes. */
function misplacedHint(shape: ShapeName, key: string): string {
  if (shape === TASK_DEFINITION_SHAPE && keysOf('ContainerDefinition').includes(key))
    return ' (it is a container key: move it into the container in "containerDefinitions")'
  if (shape === 'ContainerDefinition' && keysOf(TASK_DEFINITION_SHAPE).includes(key))
    return ' (it is a task-definition key: move it to the top level, beside "containerDefinitions")'
  return ''
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  if (typeof value === 'string') return `the text "${printable(value)}"`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${printable(String(value))}`
}
