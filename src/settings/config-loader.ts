import { existsSync } from 'node:fs'
import { absentConfig, DEFAULT_CONFIG_PATH, type ConfigLoader } from './absent-config.js'
import type { InputReader } from './inputs.js'

export { absentConfig, DEFAULT_CONFIG_PATH, type ConfigLoader }

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
