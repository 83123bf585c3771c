import { configLoaderFor } from '../settings/config-loader.js'
import { readSettings } from '../settings/settings.js'
import type { Settings } from '../settings/types.js'
import { cliInputReader } from './inputs.js'

/** The action's Settings from the command line's flags and ECS_FLOW_INPUT_* variables. */
export async function cliSettings(
  flags: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>
): Promise<Settings> {
  const read = cliInputReader(flags, env)
  return readSettings(read, await configLoaderFor(read))
}
