import type { InputReader } from '../settings/inputs.js'
import { INPUT_NAMES, SETTING_ROWS, type InputName } from '../settings/table.js'

/**
 * The action's inputs, which `release` and `plan` take as `--name value`: the settings table's,
 * in action.yml's order (a test keeps action.yml in step with the table).
 */
export const ACTION_INPUTS: readonly InputName[] = INPUT_NAMES

/** Inputs whose value is a secret: never shown in `--help` defaults or echoed. */
export const SECRET_INPUTS: readonly string[] = SETTING_ROWS.filter(row => row.secret).map(
  row => row.name
)

/** Inputs the command line also takes bare for true (`--dry-run`). */
export const BARE_FLAG_INPUTS: ReadonlySet<string> = new Set(
  SETTING_ROWS.filter(row => row.input?.kind === 'boolean' && row.input.bareFlag).map(
    row => row.name
  )
)

/** `cluster` → `ECS_FLOW_INPUT_CLUSTER`, `task-definition` → `ECS_FLOW_INPUT_TASK_DEFINITION`. */
export function inputVariable(name: string): string {
  return `ECS_FLOW_INPUT_${name.toUpperCase().replace(/-/g, '_')}`
}

/**
 * An InputReader over the command line: a flag wins, else its ECS_FLOW_INPUT_* variable, else
 * unset (''), as `core.getInput` answers for an input not given.
 */
export function cliInputReader(
  flags: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>
): InputReader {
  return name => flags[name] ?? env[inputVariable(name)] ?? ''
}
