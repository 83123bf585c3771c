import { existsSync } from 'node:fs'
import type { z } from 'zod'
import { suggestion } from '../util/did-you-mean.js'
import { InputError } from '../util/errors.js'
import { printable } from '../util/printable.js'
import { readBoundedText } from '../util/user-file.js'
import { linePosition, parseBoundedYaml, YAML_LIMITS } from './bounded-yaml.js'
import { absentConfig } from './absent-config.js'
import {
  CODEDEPLOY_HOOKS,
  configSchema,
  environmentSchema,
  ruleSchema,
  serviceSchema,
  type RawConfig
} from './config-schema.js'
import { taskHookSchema } from './task-hook-schema.js'
import { configKey, SETTING_ROWS } from './table.js'
import { TASK_HOOKS } from './task-hooks.js'
import type { ConfigFile, EnvironmentConfig, Rule, ServiceConfig } from './types.js'

/**
 * Loads and validates the config file. An absent file at the default path means "inputs
 * only"; an absent file the user named explicitly is an error.
 */
export function loadConfigFile(path: string, explicit: boolean): ConfigFile {
  if (!existsSync(path)) return absentConfig(path, explicit)
  const text = readBoundedText(path, `config file ${printable(path, 200)}`, {
    maxBytes: MAX_CONFIG_FILE_BYTES,
    fixTooLarge:
      'Give the config file itself: a config is a few KiB (environments, rules, hooks); keep long scripts in files of the repository.'
  })
  return parseConfig(text, path)
}

/**
 * A config is a few KiB; this bounds what the YAML parser is given (with the bounds of
 * `bounded-yaml.ts`) so parsing stays well within the cancellation grace on a slow runner.
 */
export const MAX_CONFIG_FILE_BYTES = 128 * 1024

export function parseConfig(source: string, path: string): ConfigFile {
  const yaml = parseBoundedYaml(source)
  if ('problem' in yaml) {
    const { problem } = yaml
    const { line, col } = linePosition(source, problem.offset)
    throw problem.kind === 'syntax'
      ? new InputError(
          `${path}:${line}:${col}`,
          `is not valid YAML (${problem.message})`,
          'Fix the YAML syntax.'
        )
      : new InputError(
          `${path}:${line}:${col}`,
          `has ${problem.message}, over the limit for a config file (${YAML_LIMITS.flowDepth} levels of [ or {, ${YAML_LIMITS.indicatorsPerLine} of "-", "?" or ":" on a line, ${YAML_LIMITS.anchors} anchors, ${YAML_LIMITS.aliases} aliases)`,
          'Write the config plainly: a few levels of nesting, a few anchors; a config is a few KiB.'
        )
  }
  const { document } = yaml
  if (document.errors.length > 0) {
    const first = document.errors[0]!
    const line = first.linePos?.[0]
    const where = line ? `${path}:${line.line}:${line.col}` : path
    throw new InputError(
      where,
      `is not valid YAML (${first.message.split('\n')[0]})`,
      'Fix the YAML syntax.'
    )
  }
  const value = toPlainValue(document, path)
  const parsed = configSchema.safeParse(value)
  if (!parsed.success) throw configError(path, parsed.error.issues)
  return toConfigFile(parsed.data, path)
}

/** The document as plain data; an alias that expands past the parser's own bound is refused. */
function toPlainValue(document: { toJS(options?: object): unknown }, path: string): unknown {
  try {
    return document.toJS({ maxAliasCount: YAML_LIMITS.aliases }) ?? {}
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error
    throw new InputError(
      path,
      `has aliases that expand too far (${printable(error.message, 200)})`,
      'Write the values out, or use an alias for a small value only.'
    )
  }
}

function configError(path: string, issues: readonly z.core.$ZodIssue[]): InputError {
  const lines = issues.map(issue => {
    const at = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'
    return `${at}: ${describeIssue(issue)}`
  })
  const [first, ...rest] = lines
  const problem =
    rest.length > 0 ? `${first} (and ${rest.length} more: ${rest.join('; ')})` : first!
  return new InputError(
    path,
    problem,
    'Fix the config file; the keys are described in the README under "Config file".'
  )
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // A record key that fails its own schema: report the key's problem, not zod's wrapper.
  if (issue.code === 'invalid_key' && issue.issues[0])
    return `invalid name: ${issue.issues[0].message}`
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path)
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(k => `"${k}"${suggestion(k, known)}`).join(', ')}`
  }
  return issue.message
}

/** The keys the schema allows at an issue's path, for did-you-mean (`container-name` → `container`). */
function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(configSchema.shape)
  if (path.length === 2 && path[0] === 'environments') return Object.keys(environmentSchema.shape)
  if (path.length === 4 && path[0] === 'environments' && path[2] === 'services')
    return Object.keys(serviceSchema.shape)
  if (path.length === 2 && path[0] === 'rules') return Object.keys(ruleSchema.shape)
  if (path.at(-1) === 'codedeploy-hooks') return [...CODEDEPLOY_HOOKS]
  if (path.length === 3 && path[0] === 'environments' && TASK_HOOKS.some(hook => hook === path[2]))
    return Object.keys(taskHookSchema.shape)
  return []
}

function toConfigFile(raw: RawConfig, path: string): ConfigFile {
  const environments: Record<string, EnvironmentConfig> = {}
  for (const [name, env] of Object.entries(raw.environments ?? {})) {
    if (env.service !== undefined && env.services !== undefined) {
      throw new InputError(
        `${path}: environments.${name}`,
        'sets both service and services',
        'Keep service for one service, or list every service under services.'
      )
    }
    if (env.services !== undefined && Object.keys(env.services).length === 0) {
      throw new InputError(
        `${path}: environments.${name}.services`,
        'lists no service',
        'Name each ECS service of the release under services (web: {}, worker: {...}).'
      )
    }
    const where = (key: string) => `${path}: environments.${name}.${key}`
    const [container, ...sidecars] = toList(env.container) ?? []
    environments[name] = {
      ...fromTable(env, 'environment', where),
      services: env.services && toServices(env.services, where),
      container,
      sidecars
    } as EnvironmentConfig
  }
  const rules: Rule[] | undefined = raw.rules?.map(rule => ({
    event: rule.event,
    branch: toList(rule.branch),
    tag: toList(rule.tag),
    defaultBranch: rule['default-branch'],
    flow: rule.flow,
    environment: rule.environment
  }))
  return {
    path,
    ecrRepository: raw['ecr-repository'],
    ...(raw['on-pause'] ? { onPause: raw['on-pause'] } : {}),
    ...(raw['default-branch'] ? { defaultBranch: raw['default-branch'] } : {}),
    environments,
    rules
  }
}

function toServices(
  raw: NonNullable<NonNullable<RawConfig['environments']>[string]['services']>,
  where: (key: string) => string
): Record<string, ServiceConfig> {
  const services: Record<string, ServiceConfig> = {}
  for (const [name, service] of Object.entries(raw)) {
    services[name] = {
      ...fromTable(service, 'service', key => where(`services.${name}.${key}`)),
      containers: toList(service.container)
    } as ServiceConfig
  }
  return services
}

/**
 * The settings table's keys of an environment (its own and its services' defaults) or of a
 * service, by their field names: checked, converted, and for an environment, absent ones empty.
 * `container` is left to the caller: a list in the file, a main container and sidecars here.
 */
function fromTable(
  raw: Record<string, unknown>,
  level: 'environment' | 'service',
  where: (key: string) => string
): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const row of SETTING_ROWS) {
    const place = row.config
    if (!place || !row.field || row.name === 'container-name') continue
    if (place.at !== 'service' && (level === 'service' || place.at !== 'environment')) continue
    const key = configKey(row)
    const value = raw[key]
    if (value === undefined) {
      // A fresh empty value per environment: nothing shares the table's.
      const empty = place.absent && (Array.isArray(place.absent) ? [] : {})
      fields[row.field] = level === 'environment' ? empty : undefined
      continue
    }
    place.check?.(value as never, where(key))
    fields[row.field] = place.toValue ? place.toValue(value as never, where(key)) : value
  }
  return fields
}

function toList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}
