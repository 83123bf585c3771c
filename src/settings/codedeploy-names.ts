import { InputError } from '../util/errors.js'
import { quoted } from './inputs.js'

/** CodeDeploy's bounds of an application or deployment group name. */
export const CODEDEPLOY_NAME = /^[^\p{Cc}]{1,100}$/u

export const CODEDEPLOY_NAME_RULE = '1 to 100 characters, no control characters or line breaks'

/** An input naming a CodeDeploy application or deployment group, checked up front. */
export function codeDeployNameInput(name: string, value: string | undefined): string | undefined {
  if (value === undefined || CODEDEPLOY_NAME.test(value)) return value
  throw new InputError(
    `input ${name}`,
    `${quoted(value)} is not a CodeDeploy name (${CODEDEPLOY_NAME_RULE})`,
    'Give the name as the CodeDeploy console shows it, or leave it empty for the ECS console default (AppECS-<cluster>-<service>, DgpECS-<cluster>-<service>).'
  )
}
