import { existsSync } from 'node:fs'
import { InputError } from '../util/errors.js'
import type { InputReader } from './inputs.js'
import type { ConfigFile } from './types.js'

export const DEFAULT_CONFIG_PATH = '.github/ecs-flow.yml'

export type ConfigLoader = (path: string, explicit: boolean) => ConfigFile

/**
 * An absent file at the default path means "inputs only"; an absent file the user named
 * explicitly is an error.
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

/**
 * The loader for this run's config file. Its parser (YAML and the schema) is loaded only when
 * there is a file to parse: a run with inputs only, like most pull requests, never loads it.
 */
export async function configLoaderFor(read: InputReader): Promise<ConfigLoader> {
  const path = read('config').trim() || DEFAULT_CONFIG_PATH
  if (!existsSync(path)) return absentConfig
  const { loadConfigFile } = await import('./config-file.js')
  return loadConfigFile
}
