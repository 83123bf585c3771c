import { z } from 'zod'
import { taskHookSchema } from './task-hook-schema.js'
import { ECS_HOOK_EVENTS } from '../aws/codedeploy-api.js'
import { CODEDEPLOY_NAME, CODEDEPLOY_NAME_RULE } from './codedeploy-names.js'
import { EVENT_KINDS, FLOWS, WAIT_UNTIL } from './types.js'

// The config file's schema. Keys are kebab-case like the action's inputs; every issue
// zod reports carries the path inside the file, which the loader turns into the message.

const text = z.string({ error: 'expected a text value' }).trim().min(1, 'must not be empty')
const globs = z.union([text, z.array(text).min(1, 'expected at least one pattern')], {
  error: 'expected a glob pattern or a list of them'
})
const secretArn = z
  .string({ error: 'expected the ARN of a Secrets Manager secret or SSM parameter' })
  .regex(
    /^arn:aws[\w-]*:(secretsmanager|ssm):/,
    'expected an ARN like arn:aws:ssm:REGION:ACCOUNT:parameter/NAME or arn:aws:secretsmanager:...'
  )
const variableValue = z
  .union([z.string(), z.number(), z.boolean()], {
    error: 'expected a text, number or boolean value'
  })
  .transform(value => String(value))
const environmentName = z
  .string({ error: 'expected an environment name' })
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'expected letters, digits, ".", "_" or "-"')

const containers = z.union([text, z.array(text).min(1, 'expected at least one container name')], {
  error: 'expected a container name or a list of them'
})
const rollbackScope = z.enum(['all', 'failed'], { error: 'expected all or failed' })
const codeDeployName = z
  .string({ error: 'expected a CodeDeploy name' })
  .regex(CODEDEPLOY_NAME, `expected a CodeDeploy name (${CODEDEPLOY_NAME_RULE})`)
/** The AppSpec's hook events, as the AppSpec builder knows them. */
export const CODEDEPLOY_HOOKS = ECS_HOOK_EVENTS
const codeDeployHooks = z.partialRecord(
  z.enum(CODEDEPLOY_HOOKS, {
    error: `expected an AppSpec hook: ${CODEDEPLOY_HOOKS.join(', ')}`
  }),
  text,
  { error: 'expected a mapping of lifecycle event to Lambda function name or ARN' }
)

/** Keys a service may set for itself; they win over the environment's. */
const serviceKeys = {
  'task-definition': text.optional(),
  container: containers.optional(),
  'service-definition': text.optional(),
  'desired-count': z
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'must be 0 or more')
    .optional(),
  variables: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name (letters, digits, _)'),
      variableValue
    )
    .optional(),
  secrets: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name (letters, digits, _)'),
      secretArn
    )
    .optional(),
  'verify-url': z.url({ error: 'expected an http(s) URL', protocol: /^https?$/ }).optional(),
  'verify-contains': text.optional(),
  'verify-path': z.string().startsWith('/', 'expected a path starting with /').optional(),
  // CODE_DEPLOY services only (see README, CodeDeploy).
  'codedeploy-application': codeDeployName.optional(),
  'codedeploy-deployment-group': codeDeployName.optional(),
  'codedeploy-hooks': codeDeployHooks.optional()
}

export const serviceSchema = z.strictObject(serviceKeys, {
  error: 'expected a mapping of service settings (or {} for the defaults)'
})
const serviceName = z
  .string({ error: 'expected an ECS service name' })
  .regex(/^[A-Za-z0-9][\w-]{0,254}$/, 'expected an ECS service name (letters, digits, - and _)')

export const environmentSchema = z.strictObject(
  {
    cluster: text.optional(),
    service: text.optional(),
    services: z
      .record(
        serviceName,
        serviceSchema.nullable().transform(value => value ?? {})
      )
      .optional(),
    'rollback-scope': rollbackScope.optional(),
    'wait-until': z
      .enum(WAIT_UNTIL, { error: `expected one of ${WAIT_UNTIL.join(', ')}` })
      .optional(),
    // An environment's defaults for its services (a service's own keys win).
    ...serviceKeys,
    values: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a placeholder name (letters, digits, _)'),
        variableValue
      )
      .optional(),
    'keep-revisions': z
      .number({ error: 'expected a whole number of 1 or more' })
      .int('expected a whole number')
      .min(1, 'must be 1 or more (the newest revision is always kept)')
      .optional(),
    'delete-revisions': z.boolean({ error: 'expected true or false' }).optional(),
    'resource-tags': z.record(z.string(), variableValue).optional(),
    'scheduled-tasks': z
      .array(text, { error: 'expected a list of EventBridge rule names' })
      .optional(),
    'before-deploy': taskHookSchema.optional(),
    'after-deploy': taskHookSchema.optional()
  },
  { error: 'expected a mapping of environment settings' }
)

export const ruleSchema = z
  .strictObject(
    {
      event: z.enum(EVENT_KINDS, { error: `expected one of ${EVENT_KINDS.join(', ')}` }).optional(),
      branch: globs.optional(),
      tag: globs.optional(),
      'default-branch': z.boolean({ error: 'expected true or false' }).optional(),
      flow: z.enum([...FLOWS, 'none'], {
        error: `expected one of ${[...FLOWS, 'none'].join(', ')}`
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
    'ecr-repository': text.optional(),
    /** The repository's default branch, for runs outside GitHub (the CLI's `release`). */
    'default-branch': text.optional(),
    environments: z.record(environmentName, environmentSchema).optional(),
    rules: z.array(ruleSchema, { error: 'expected a list of rules' }).optional()
  },
  { error: 'expected a mapping with environments and rules' }
)

export type RawConfig = z.infer<typeof configSchema>
