import { z } from 'zod'
import { ECS_HOOK_EVENTS } from '../aws/codedeploy-api.js'
import { CODEDEPLOY_NAME, CODEDEPLOY_NAME_RULE } from './codedeploy-names.js'
import { taskHookSchema } from './task-hook-schema.js'

// The zod pieces the settings table's config keys are built from. The table itself imports no
// zod: its schemas are functions of these pieces, called by config-schema.ts, so the parser
// is loaded only when there is a config file.

const text = z.string({ error: 'expected a text value' }).trim().min(1, 'must not be empty')
const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name (letters, digits, _)')
const variableValue = z
  .union([z.string(), z.number(), z.boolean()], {
    error: 'expected a text, number or boolean value'
  })
  .transform(value => String(value))
const secretArn = z
  .string({ error: 'expected the ARN of a Secrets Manager secret or SSM parameter' })
  .regex(
    /^arn:aws[\w-]*:(secretsmanager|ssm):/,
    'expected an ARN like arn:aws:ssm:REGION:ACCOUNT:parameter/NAME or arn:aws:secretsmanager:...'
  )
const codeDeployName = z
  .string({ error: 'expected a CodeDeploy name' })
  .regex(CODEDEPLOY_NAME, `expected a CodeDeploy name (${CODEDEPLOY_NAME_RULE})`)

/** The AppSpec's hook events, as the AppSpec builder knows them. */
export const CODEDEPLOY_HOOKS = ECS_HOOK_EVENTS

export const configPieces = {
  z,
  text,
  variableName,
  variableValue,
  secretArn,
  codeDeployName,
  codeDeployHooks: z.partialRecord(
    z.enum(CODEDEPLOY_HOOKS, {
      error: `expected an AppSpec hook: ${CODEDEPLOY_HOOKS.join(', ')}`
    }),
    text,
    { error: 'expected a mapping of lifecycle event to Lambda function name or ARN' }
  ),
  taskHook: taskHookSchema
}

export type ConfigPieces = typeof configPieces
