import { InputError } from '../util/errors.js'
import { isRecord } from '../util/json.js'
import { printable } from '../util/printable.js'
import { parseStrictJson } from '../util/strict-json.js'
import { readUserFile, type UserFileOptions } from '../util/user-file.js'
import { coerceTaskDefinition } from './coerce.js'
import { unwrapServiceDefinitionDocument, unwrapTaskDefinitionDocument } from './document.js'
import {
  definitionError,
  validateServiceDefinitionDocument,
  validateTaskDefinitionDocument
} from './validate.js'

export interface LoadedDefinition {
  /** The definition as RegisterTaskDefinition / CreateService take it (read-only fields still in: the renderer strips them). */
  definition: Record<string, unknown>
  /** What was converted (task-level cpu given as a number), for the log. */
  notes: string[]
  /** Where a task definition sits in its file: `["taskDefinition"]` in the describe shape. */
  at?: string[]
}

/**
 * A task-definition file, read, parsed strictly, checked against RegisterTaskDefinition's input
 * and converted to the types ECS expects. Every problem of the file is in one InputError.
 */
export function loadTaskDefinitionFile(
  path: string,
  env: NodeJS.ProcessEnv,
  options: UserFileOptions = {}
): LoadedDefinition {
  return parseTaskDefinitionText(readUserFile(path, 'task definition', env, options), path)
}

/** The checks of loadTaskDefinitionFile on text already read (for tests and the dry run). */
export function parseTaskDefinitionText(text: string, path: string): LoadedDefinition {
  const document = parseObject(text, 'task definition', path)
  const problems = validateTaskDefinitionDocument(document)
  const wrapped = isRecord(document.taskDefinition)
  const coerced = coerceTaskDefinition(
    unwrapTaskDefinitionDocument(document),
    wrapped ? ['taskDefinition'] : []
  )
  problems.push(...coerced.problems)
  if (problems.length > 0) throw definitionError('task definition', path, problems)
  return {
    definition: coerced.definition,
    notes: coerced.notes.map(note => `task definition file ${printable(path, 200)}: ${note}`),
    at: wrapped ? ['taskDefinition'] : []
  }
}

/** A service-definition file, read, parsed strictly and checked against CreateService's input. */
export function loadServiceDefinitionFile(
  path: string,
  env: NodeJS.ProcessEnv,
  options: UserFileOptions = {}
): LoadedDefinition {
  return parseServiceDefinitionText(readUserFile(path, 'service definition', env, options), path)
}

export function parseServiceDefinitionText(text: string, path: string): LoadedDefinition {
  const document = parseObject(text, 'service definition', path)
  const problems = validateServiceDefinitionDocument(document)
  if (problems.length > 0) throw definitionError('service definition', path, problems)
  return { definition: unwrapServiceDefinitionDocument(document), notes: [] }
}

function parseObject(text: string, what: string, path: string): Record<string, unknown> {
  const where = `${what} file ${printable(path, 200)}`
  const value = parseStrictJson(text, where)
  if (!isRecord(value)) {
    throw new InputError(
      where,
      `holds ${Array.isArray(value) ? 'a list' : 'no object'}, not a ${what}`,
      what === 'task definition'
        ? 'Give one task definition as an object, as RegisterTaskDefinition or describe-task-definition prints it.'
        : 'Give one service as an object: CreateService\'s input, or {"service": {...}}.'
    )
  }
  return value
}
