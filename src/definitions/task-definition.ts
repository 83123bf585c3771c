import type { ContainerDefinition, KeyValue, SecretRef, TaskDefinition } from '../aws/ecs-api.js'
import { InputError } from '../util/errors.js'
import { isRecord, unwrapJsonObject } from '../util/json.js'
import { loadTaskDefinitionFile, parseTaskDefinitionText } from './load.js'
import { fromRunner, liveShownByName, runnerVariablesIn } from './shown-by-name.js'
import { TASK_DEFINITION_READ_ONLY } from './shape.js'

/** Fields of a registered revision that RegisterTaskDefinition refuses. */
export const READ_ONLY_FIELDS = TASK_DEFINITION_READ_ONLY

export interface RenderRequest {
  /** The image reference for the container. */
  image: string
  /** Container whose image is set; may be omitted when the definition has exactly one. */
  container?: string
  /** More containers that get the image, variables and secrets (sidecars built from it). */
  sidecars?: readonly string[]
  /** The environment's variables and secrets (secret values are `valueFrom` ARNs). */
  variables: Record<string, string>
  secrets: Record<string, string>
  /** Where the definition came from, for error messages (a file path or the live revision). */
  source: string
}

const NOT_A_TASK_DEFINITION =
  'Give a task definition as RegisterTaskDefinition or describe-task-definition prints it.'

/**
 * Parses a task-definition file. Accepts the plain RegisterTaskDefinition shape and the
 * `{"taskDefinition": {...}}` shape `describe-task-definition` and the console export give.
 */
export function parseTaskDefinitionFile(text: string, path: string): TaskDefinition {
  return checkTaskDefinition(
    parseTaskDefinitionText(text, path).definition,
    `task definition file ${path}`
  )
}

/**
 * Reads a task-definition file from the workspace: strict JSON, every key checked against
 * RegisterTaskDefinition's input, task-level cpu and memory as the strings ECS expects.
 */
export function readTaskDefinitionFile(
  path: string,
  env: NodeJS.ProcessEnv
): { definition: TaskDefinition; notes: string[] } {
  const loaded = loadTaskDefinitionFile(path, env)
  return {
    definition: checkTaskDefinition(loaded.definition, `task definition file ${path}`),
    notes: loaded.notes
  }
}

/** Unwraps and checks the minimum RegisterTaskDefinition needs: a family and named containers. */
export function asTaskDefinition(value: unknown, where: string): TaskDefinition {
  return checkTaskDefinition(
    unwrapJsonObject(value, where, 'taskDefinition', NOT_A_TASK_DEFINITION),
    where
  )
}

function checkTaskDefinition(unwrapped: Record<string, unknown>, where: string): TaskDefinition {
  if (typeof unwrapped.family !== 'string' || unwrapped.family === '') {
    throw new InputError(
      where,
      'has no "family"',
      'Add "family": the task-definition family to register a revision of.'
    )
  }
  const containers = unwrapped.containerDefinitions
  if (!Array.isArray(containers) || containers.length === 0) {
    throw new InputError(
      where,
      'has no "containerDefinitions"',
      'List at least one container under "containerDefinitions".'
    )
  }
  containers.forEach((container, index) => {
    if (!isRecord(container) || typeof container.name !== 'string' || container.name === '') {
      throw new InputError(
        `${where}: containerDefinitions[${index}]`,
        'has no "name"',
        'Give every container a name.'
      )
    }
  })
  return structuredClone(unwrapped) as TaskDefinition
}

/** Drops the fields that belong to a registered revision, not to a definition. */
export function stripReadOnly(definition: TaskDefinition): TaskDefinition {
  const copy: TaskDefinition = { ...definition }
  for (const field of READ_ONLY_FIELDS) delete copy[field]
  return copy
}

/**
 * The definition to register: read-only fields stripped, the container's image set, the
 * environment's variables and secrets laid over the container's own (same name: ours wins).
 * Pure: the input is not changed.
 */
export function renderTaskDefinition(base: TaskDefinition, request: RenderRequest): TaskDefinition {
  assertNoNameClash(request.variables, request.secrets)
  const definition = stripReadOnly(structuredClone(base))
  const names = new Set([
    chooseContainer(definition, request.container, request.source),
    ...(request.sidecars ?? []).map(sidecar => chooseContainer(definition, sidecar, request.source))
  ])
  definition.containerDefinitions = definition.containerDefinitions.map(container =>
    names.has(container.name) ? withReleaseSettings(container, request) : container
  )
  return definition
}

/** ECS refuses a name that is both a variable and a secret of one container. */
export function assertNoNameClash(
  variables: Record<string, string>,
  secrets: Record<string, string>
): void {
  const clash = Object.keys(variables).find(name => Object.hasOwn(secrets, name))
  if (clash !== undefined) {
    throw new InputError(
      `environment variable ${clash}`,
      'is set both as a variable and as a secret',
      'Keep it in one of variables or secrets.'
    )
  }
}

/** The named container, or the only one; anything else is an error listing the containers. */
export function chooseContainer(
  definition: TaskDefinition,
  wanted: string | undefined,
  source: string
): string {
  const names = definition.containerDefinitions.map(container => container.name)
  if (wanted !== undefined) {
    // One name, one container: duplicates, or names that differ only in case, are ambiguous.
    const alike = names.filter(name => name.toLowerCase() === wanted.toLowerCase())
    if (alike.length > 1) {
      throw new InputError(
        'input container-name',
        `"${wanted}" matches ${alike.length} containers in ${source} (${alike.map(n => `"${n}"`).join(', ')})`,
        'Give every container of the task definition its own name (names that differ only in case count as the same), then name the one that runs the image.'
      )
    }
    if (names.includes(wanted)) return wanted
    throw new InputError(
      'input container-name',
      `there is no container "${wanted}" in ${source} (it has ${names.map(n => `"${n}"`).join(', ')})`,
      'Set container-name (or environments.<name>.container in the config file) to one of those.'
    )
  }
  if (names.length === 1) return names[0]!
  throw new InputError(
    'input container-name',
    `${source} has ${names.length} containers (${names.map(n => `"${n}"`).join(', ')}) and no container name says which one runs the image`,
    'Set container-name (or environments.<name>.container in the config file).'
  )
}

function withReleaseSettings(
  container: ContainerDefinition,
  request: RenderRequest
): ContainerDefinition {
  const variableNames = new Set(Object.keys(request.variables))
  const secretNames = new Set(Object.keys(request.secrets))
  // ECS refuses a name that is both a variable and a secret: what the environment sets wins.
  const environment: KeyValue[] = [
    ...(container.environment ?? []).filter(
      entry => !variableNames.has(entry.name) && !secretNames.has(entry.name)
    ),
    ...Object.entries(request.variables).map(([name, value]) => ({ name, value }))
  ]
  const secrets: SecretRef[] = [
    ...(container.secrets ?? []).filter(
      entry => !secretNames.has(entry.name) && !variableNames.has(entry.name)
    ),
    ...Object.entries(request.secrets).map(([name, valueFrom]) => ({ name, valueFrom }))
  ]
  const updated: ContainerDefinition = { ...container, image: request.image }
  if (environment.length > 0 || container.environment !== undefined)
    updated.environment = environment
  if (secrets.length > 0 || container.secrets !== undefined) updated.secrets = secrets
  return updated
}

/**
 * The definition in a canonical form for comparison: read-only fields gone, empty values
 * and ECS's defaults dropped, name-keyed lists sorted. Two definitions that normalise to the
 * same JSON register the same revision, so the live one can be reused.
 */
export function normaliseTaskDefinition(definition: TaskDefinition): unknown {
  const stripped = stripReadOnly(definition)
  for (const field of ['cpu', 'memory'] as const) {
    if (typeof stripped[field] === 'number') stripped[field] = String(stripped[field])
  }
  stripped.containerDefinitions = [...stripped.containerDefinitions]
    .map(normaliseContainer)
    .sort((a, b) => a.name.localeCompare(b.name))
  // Tags are a set of keys: their order never makes two revisions differ.
  if (Array.isArray(stripped.tags)) {
    stripped.tags = [...(stripped.tags as { key?: string }[])].sort((a, b) =>
      String(a.key).localeCompare(String(b.key))
    )
  }
  return dropEmpty(stripped)
}

function normaliseContainer(container: ContainerDefinition): ContainerDefinition {
  const copy: ContainerDefinition = { ...container }
  if (copy.essential === undefined) copy.essential = true
  if (copy.cpu === 0) delete copy.cpu
  if (copy.environment) copy.environment = sortByName(copy.environment)
  if (copy.secrets) copy.secrets = sortByName(copy.secrets)
  if (Array.isArray(copy.portMappings)) {
    copy.portMappings = copy.portMappings.map(mapping =>
      isRecord(mapping) ? { protocol: 'tcp', ...mapping } : mapping
    )
  }
  return copy
}

export function sameTaskDefinition(a: TaskDefinition, b: TaskDefinition): boolean {
  return canonicalJson(normaliseTaskDefinition(a)) === canonicalJson(normaliseTaskDefinition(b))
}

/** JSON with object keys sorted, so key order never makes two definitions differ. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map(key => [key, inner[key]])
        )
      : inner
  )
}

/**
 * A readable diff of the live revision and the definition to register. Variable values are
 * never printed (names only) and neither are secrets; other fields show old -> new. `shown`
 * is `rendered`'s display copy (runner variables as `{{ env.NAME }}`): what changed is decided
 * on the real values, what is printed comes from the display copy, on both sides.
 */
export function diffTaskDefinitions(
  live: TaskDefinition,
  rendered: TaskDefinition,
  shown: TaskDefinition = rendered
): string[] {
  const before = normaliseTaskDefinition(live) as TaskDefinition
  const after = normaliseTaskDefinition(rendered) as TaskDefinition
  const lines: string[] = []
  const { containerDefinitions: oldContainers = [], ...oldTask } = before
  const { containerDefinitions: newContainers = [], ...newTask } = after
  const { containerDefinitions: _shownContainers, ...shownTask } = displayCopy(shown)
  lines.push(...diffValues('', oldTask, newTask, shownTask))
  const oldByName = new Map(oldContainers.map(c => [c.name, c]))
  const shownByName = displayContainersByName(rendered, shown)
  for (const container of newContainers) {
    const { name } = container
    const display = shownByName.get(name) ?? container
    const previous = oldByName.get(name)
    if (!previous) {
      lines.push(`+ container ${display.name} (image ${display.image ?? '(none)'})`)
      continue
    }
    lines.push(...diffContainer(display.name, previous, container, display))
  }
  const newNames = new Set(newContainers.map(c => c.name))
  for (const name of oldByName.keys()) {
    if (!newNames.has(name)) lines.push(`- container ${name}`)
  }
  return lines
}

/** The display copy normalised as the definitions it is shown beside. */
function displayCopy(shown: TaskDefinition): TaskDefinition {
  return normaliseTaskDefinition(shown) as TaskDefinition
}

/**
 * Each display container under its rendered name: the two copies list their containers in the
 * same order (one template, rendered twice), whatever a name renders to.
 */
function displayContainersByName(
  rendered: TaskDefinition,
  shown: TaskDefinition
): Map<string, ContainerDefinition> {
  const byName = new Map<string, ContainerDefinition>()
  rendered.containerDefinitions.forEach((container, index) => {
    const display = shown.containerDefinitions[index]
    if (display) byName.set(container.name, normaliseContainerForDiff(display))
  })
  return byName
}

function normaliseContainerForDiff(container: ContainerDefinition): ContainerDefinition {
  return dropEmpty(normaliseContainer(container)) as ContainerDefinition
}

function diffContainer(
  name: string,
  before: ContainerDefinition,
  after: ContainerDefinition,
  shown: ContainerDefinition
): string[] {
  const { environment: oldEnv, secrets: oldSecrets, ...oldRest } = before
  const { environment: newEnv, secrets: newSecrets, ...newRest } = after
  const { environment: _shownEnv, secrets: _shownSecrets, ...shownRest } = shown
  const lines = diffValues(`container ${name}: `, oldRest, newRest, shownRest)
  // Names only, compared on the real values: a runner variable that kept its value is no change.
  const env = diffNamed(oldEnv ?? [], newEnv ?? [], entry => entry.value)
  if (env) lines.push(`~ container ${name}: environment ${env} (values not shown)`)
  const secrets = diffNamed(oldSecrets ?? [], newSecrets ?? [], entry => entry.valueFrom)
  if (secrets) lines.push(`~ container ${name}: secrets ${secrets} (values not shown)`)
  return lines
}

/** `+ADDED, ~CHANGED, -REMOVED` by name, or '' when the lists agree. */
function diffNamed<T extends { name: string }>(
  before: T[],
  after: T[],
  value: (entry: T) => string
): string {
  const old = new Map(before.map(entry => [entry.name, value(entry)]))
  const now = new Map(after.map(entry => [entry.name, value(entry)]))
  const parts: string[] = []
  for (const [name, current] of now) {
    if (!old.has(name)) parts.push(`+${name}`)
    else if (old.get(name) !== current) parts.push(`~${name}`)
  }
  for (const name of old.keys()) if (!now.has(name)) parts.push(`-${name}`)
  return parts.join(', ')
}

/**
 * One line per field that changed (compared on the real values); a field filled from runner
 * variables is printed from the display copy on both sides, never by value.
 */
function diffValues(
  prefix: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  shown: Record<string, unknown>
): string[] {
  const lines: string[] = []
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  for (const key of keys) {
    const old = canonicalJson(before[key])
    const now = canonicalJson(after[key])
    if (old === now) continue
    const nowShown = canonicalJson(shown[key] ?? after[key])
    if (before[key] === undefined) lines.push(`+ ${prefix}${key}: ${nowShown}`)
    else if (after[key] === undefined) lines.push(`- ${prefix}${key}: ${old}`)
    else if (!fromRunner(after[key], shown[key] ?? after[key]))
      lines.push(`~ ${prefix}${key}: ${old} -> ${now}`)
    else lines.push(`~ ${prefix}${key}: ${byNameChange(before[key], after[key], shown[key])}`)
  }
  return lines
}

/** `old -> new` of a field filled from runner variables, both sides by name. */
function byNameChange(before: unknown, after: unknown, shown: unknown): string {
  const nowShown = canonicalJson(shown)
  const names = runnerVariablesIn(nowShown).join(', ')
  const oldShown = liveShownByName(before, after, shown)
  if (oldShown === undefined)
    return `(earlier value not shown: this field is filled from ${names}) -> ${nowShown}`
  const old = canonicalJson(oldShown)
  if (old === nowShown) return `${nowShown} (the value of ${names} changed; values not shown)`
  return `${old} -> ${nowShown}`
}

function sortByName<T extends { name: string }>(entries: T[]): T[] {
  return [...entries].sort((a, b) => a.name.localeCompare(b.name))
}

/** Removes undefined, null, empty arrays and empty objects, recursively. */
function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty)
  if (!isRecord(value)) return value
  const result: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    const cleaned = dropEmpty(inner)
    if (cleaned === undefined || cleaned === null) continue
    if (Array.isArray(cleaned) && cleaned.length === 0) continue
    if (isRecord(cleaned) && Object.keys(cleaned).length === 0) continue
    result[key] = cleaned
  }
  return result
}
