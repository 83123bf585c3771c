import { isRecord } from '../util/json.js'
import { jsonPath, printable } from '../util/printable.js'
import type { DefinitionProblem } from './problem.js'

export interface Coerced {
  /** The definition with the fixes applied (a copy: the input is not changed). */
  definition: Record<string, unknown>
  /** What was changed, one line each, for the log. */
  notes: string[]
  /** What cannot be fixed safely: the user decides. */
  problems: DefinitionProblem[]
}

const TASK_SIZES = ['cpu', 'memory'] as const
const CONTAINER_SIZES = ['cpu', 'memory', 'memoryReservation'] as const

/** The fields whose type this module checks (and converts): the validator leaves their type alone. */
export const SIZE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  RegisterTaskDefinitionRequest: TASK_SIZES,
  ContainerDefinition: CONTAINER_SIZES
}

/**
 * The types RegisterTaskDefinition expects where files commonly differ. Task-level `cpu` and
 * `memory` are strings in the API ("256", "1 vCPU", "2 GB"): a whole number is converted and
 * noted, since its meaning is plain. A container's `cpu`, `memory` and `memoryReservation` are
 * integers: a string there is a problem, not guessed at, because the container limits decide
 * what gets killed. `path` is where the definition sits in its file (`["taskDefinition"]`).
 */
export function coerceTaskDefinition(
  definition: Record<string, unknown>,
  path: readonly (string | number)[] = []
): Coerced {
  const fixed = structuredClone(definition)
  const notes: string[] = []
  const problems: DefinitionProblem[] = []

  for (const key of TASK_SIZES) {
    const value = fixed[key]
    const at = jsonPath([...path, key])
    if (value === undefined || value === null || typeof value === 'string') continue
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
      fixed[key] = String(value)
      notes.push(
        `${at}: ${value} is registered as the text "${value}" (the API takes task-level ${key} as a string)`
      )
    } else {
      problems.push({
        path: at,
        problem: `expected ${key === 'cpu' ? 'CPU units like "256" or "1 vCPU"' : 'MiB like "512" or "1 GB"'}, not ${shown(value)}`
      })
    }
  }

  const containers = fixed.containerDefinitions
  if (Array.isArray(containers)) {
    containers.forEach((container, index) => {
      if (!isRecord(container)) return
      for (const key of CONTAINER_SIZES) {
        const value = container[key]
        if (value === undefined || value === null) continue
        if (typeof value === 'number' && Number.isInteger(value) && value >= 0) continue
        const at = jsonPath([...path, 'containerDefinitions', index, key])
        const unit = key === 'cpu' ? 'CPU units' : 'MiB'
        problems.push({
          path: at,
          problem:
            typeof value === 'string' && /^\s*\d+\s*$/.test(value)
              ? `is the text "${printable(value)}"; a container's ${key} is a whole number of ${unit}: write ${value.trim()} without quotes`
              : `expected a whole number of ${unit}, not ${shown(value)}`
        })
      }
    })
  }
  return { definition: fixed, notes, problems }
}

function shown(value: unknown): string {
  if (typeof value === 'string') return `the text "${printable(value)}"`
  if (Array.isArray(value)) return 'a list'
  if (isRecord(value)) return 'an object'
  return printable(String(value))
}
