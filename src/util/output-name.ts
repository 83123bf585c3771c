import { escapeForLog } from './escape.js'
import { InputError } from './errors.js'

/**
 * What a name written to an output (`environment`, `flow`) may be: safe in any shell, URL or
 * path. It starts with a letter or digit, so it is never an option (`-rf`) nor `..`.
 */
export const OUTPUT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

/**
 * Checks a name before it becomes an output that later steps paste into commands, URLs and
 * paths. `where` names where it came from (`input environment`, `rule 3 of
 * .github/ecs-flow.yml`, `dispatch input environment`); `kind` what it is (`environment`).
 */
export function assertOutputName(value: string, where: string, kind = 'environment'): string {
  if (!OUTPUT_NAME.test(value)) {
    throw new InputError(
      where,
      `"${escapeForLog(value, 80)}" is not ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} name`,
      'Use letters, digits, ".", "_" or "-": 1 to 64 of them, starting with a letter or digit.'
    )
  }
  return value
}
