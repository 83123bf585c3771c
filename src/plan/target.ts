import type { Settings, Target } from '../settings/types.js'
import { InputError } from '../util/errors.js'

/** The environment's config with the step's inputs laid over it (an input given wins). */
export function resolveTarget(settings: Settings, environment: string): Target {
  const { config } = settings
  const env = config.environments[environment]
  const defined = Object.keys(config.environments)
  if (!env && defined.length > 0 && !(settings.cluster && settings.service)) {
    throw new InputError(
      `environment "${environment}"`,
      `is not defined in ${config.path} (it defines ${defined.join(', ')})`,
      `Add environments.${environment} to the config file, choose another with the input environment, or set the inputs cluster and service.`
    )
  }
  const cluster = settings.cluster ?? env?.cluster
  const service = settings.service ?? env?.service
  for (const [key, value] of [
    ['cluster', cluster],
    ['service', service]
  ] as const) {
    if (value === undefined) {
      const where = env ? `${config.path}: environments.${environment}.${key}` : `input ${key}`
      throw new InputError(
        where,
        `no ECS ${key} is set for environment "${environment}"`,
        `Set the input ${key}, or environments.${environment}.${key} in the config file.`
      )
    }
  }
  return {
    environment,
    cluster: cluster!,
    service: service!,
    taskDefinition: settings.taskDefinition ?? env?.taskDefinition,
    container: settings.containerName ?? env?.container,
    serviceDefinition: settings.serviceDefinition ?? env?.serviceDefinition,
    desiredCount: settings.desiredCount ?? env?.desiredCount,
    variables: env?.variables ?? {},
    secrets: env?.secrets ?? {},
    verifyUrl: settings.verifyUrl ?? env?.verifyUrl,
    verifyContains: settings.verifyContains ?? env?.verifyContains,
    verifyPath: settings.verifyPath ?? env?.verifyPath,
    values: env?.values ?? {},
    keepRevisions: settings.keepRevisions ?? env?.keepRevisions,
    deleteRevisions: settings.deleteRevisions ?? env?.deleteRevisions ?? false,
    resourceTags: { ...env?.resourceTags, ...settings.resourceTags },
    scheduledTasks: env?.scheduledTasks ?? []
  }
}
