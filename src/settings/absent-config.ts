import { InputError } from '../util/errors.js'
import { SETTINGS } from './table.js'
import type { ConfigFile } from './types.js'

export const DEFAULT_CONFIG_PATH = SETTINGS.config.default

export type ConfigLoader = (path: string, explicit: boolean) => ConfigFile

/**
 * An absent file at the default path means "inputs only"; an absent file the user named
 * explicitly is an error. Apart from the loader and the parser, which both answer it.
 */
export function absentConfig(path: string, explicit: boolean): ConfigFile {
  if (explicit) {
    throw new InputError(
      'input config',
      `the file "${path}" does not exist`,
      'Fix the path, or leave the input empty to use inputs only.'
    )
  }
  return { environments: {} }
}
