import { z, type ZodOptional, type ZodType } from 'zod'
import { configPieces, CODEDEPLOY_HOOKS } from './config-pieces.js'
import type { SETTINGS } from './table.js'
import { configKey, SETTING_ROWS, type ConfigPlace, type SettingName } from './table.js'
import { EVENT_KINDS, FLOWS } from './vocabulary.js'

/** The flows a rule may choose: continue answers a paused deployment, which no git event does. */
const RULE_FLOWS = FLOWS.filter(flow => flow !== 'continue')

// The config file's schema. Keys are kebab-case like the action's inputs; every issue
// zod reports carries the path inside the file, which the loader turns into the message.
// The settings' keys come from the settings table (table.ts); this file adds the structure
// around them (environments, services, rules).

export { CODEDEPLOY_HOOKS }

const { text } = configPieces
const globs = z.union([text, z.array(text).min(1, 'expected at least one pattern')], {
  error: 'expected a glob pattern or a list of them'
})
const environmentName = z
  .string({ error: 'expected an environment name' })
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'expected letters, digits, ".", "_" or "-"')

type Rows = typeof SETTINGS
/** A row's key in the file: `config.key`, else its name. */
type FileKey<N extends SettingName> = (typeof SETTINGS)[N] extends {
  config: { key: infer K extends string }
}
  ? K
  : N
/** The zod shape of the table's keys set at `Place`: what z.infer types the parsed file by. */
export type ShapeAt<Place extends ConfigPlace['at']> = {
  [
    N in SettingName as Rows[N] extends { config: { at: Place } } ? FileKey<N> : never
  ]: Rows[N] extends {
    config: { schema: (pieces: never) => infer S extends ZodType }
  }
    ? ZodOptional<S>
    : never
}

/**
 * The order zod checks an environment's keys in, so the order its problems are listed in: the
 * order they have always been listed in. A key of the table not named here is checked last.
 */
const CHECK_ORDER = [
  'cluster',
  'service',
  'express-service',
  'services',
  'rollback-scope',
  'wait-until',
  'task-definition',
  'container',
  'service-definition',
  'desired-count',
  'variables',
  'secrets',
  'verify-url',
  'verify-contains',
  'verify-path',
  'codedeploy-application',
  'codedeploy-deployment-group',
  'codedeploy-hooks',
  'values',
  'keep-revisions',
  'delete-revisions',
  'resource-tags',
  'scheduled-tasks',
  'before-deploy',
  'after-deploy'
]

/** The table's keys set at one of `places`, each optional, in CHECK_ORDER. */
function keysAt<Place extends ConfigPlace['at']>(...places: Place[]): ShapeAt<Place> {
  const shape: Record<string, ZodOptional<ZodType>> = {}
  for (const row of SETTING_ROWS) {
    if (row.config && (places as ConfigPlace['at'][]).includes(row.config.at))
      shape[configKey(row)] = row.config.schema(configPieces).optional()
  }
  return inCheckOrder(shape) as ShapeAt<Place>
}

function inCheckOrder<T>(shape: Record<string, T>): Record<string, T> {
  const position = (key: string) => {
    const at = CHECK_ORDER.indexOf(key)
    return at === -1 ? CHECK_ORDER.length : at
  }
  const keys = Object.keys(shape).sort((a, b) => position(a) - position(b))
  return Object.fromEntries(keys.map(key => [key, shape[key]!]))
}

/** Keys a service may set for itself; they win over the environment's. */
export const serviceSchema = z.strictObject(keysAt('service'), {
  error: 'expected a mapping of service settings (or {} for the defaults)'
})
const serviceName = z
  .string({ error: 'expected an ECS service name' })
  .regex(/^[A-Za-z0-9][\w-]{0,254}$/, 'expected an ECS service name (letters, digits, - and _)')

// The environment's own keys, and its defaults for its services (a service's own keys win).
const environmentKeys = {
  ...keysAt('environment', 'service'),
  services: z
    .record(
      serviceName,
      serviceSchema.nullable().transform(value => value ?? {})
    )
    .optional()
}
export const environmentSchema = z.strictObject(
  inCheckOrder(environmentKeys) as typeof environmentKeys,
  { error: 'expected a mapping of environment settings' }
)

export const ruleSchema = z
  .strictObject(
    {
      event: z.enum(EVENT_KINDS, { error: `expected one of ${EVENT_KINDS.join(', ')}` }).optional(),
      branch: globs.optional(),
      tag: globs.optional(),
      'default-branch': z.boolean({ error: 'expected true or false' }).optional(),
      flow: z.enum([...RULE_FLOWS, 'none'], {
        error: `expected one of ${[...RULE_FLOWS, 'none'].join(', ')}`
      }),
      environment: environmentName.optional()
    },
    { error: 'expected a mapping with flow and conditions (event, branch, tag, default-branch)' }
  )
  .refine(rule => !(rule.branch && rule.tag), {
    message: 'a rule matches a branch or a tag, not both'
  })
  .refine(
    rule => !(rule.event === 'pull_request' && rule.flow !== 'test' && rule.flow !== 'none'),
    {
      message:
        'a pull_request rule can only run the test flow (pull requests never publish or deploy)',
      path: ['flow']
    }
  )

export const configSchema = z.strictObject(
  {
    ...keysAt('top'),
    environments: z.record(environmentName, environmentSchema).optional(),
    rules: z.array(ruleSchema, { error: 'expected a list of rules' }).optional()
  },
  { error: 'expected a mapping with environments and rules' }
)

export type RawConfig = z.infer<typeof configSchema>
