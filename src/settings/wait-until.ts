import type { Settings, Target } from './types.js'

/**
 * Where a service's wait-until was set, for an error that tells the user what to change: the
 * input, the service's own key under `services:`, or the environment's key (`FILE: PATH`).
 */
export function waitUntilSource(
  settings: Pick<Settings, 'waitUntil' | 'config'>,
  target: Pick<Target, 'environment' | 'service'>
): string {
  if (settings.waitUntil !== undefined) return 'input wait-until'
  const { config } = settings
  const env = config.environments[target.environment]
  const file = config.path ?? 'the config file'
  const path =
    env?.services?.[target.service]?.waitUntil !== undefined
      ? `environments.${target.environment}.services.${target.service}.wait-until`
      : `environments.${target.environment}.wait-until`
  return `${file}: ${path}`
}
