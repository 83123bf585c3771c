import type { EnvironmentConfig, ServiceConfig, Settings, Target } from '../settings/types.js'
import { InputError } from '../util/errors.js'

/**
 * The ECS services one release targets: the environment's config with the inputs laid over it
 * (an input given wins). With `services:` each service's own keys win over the environment's,
 * and the input `service` picks one of them for this run.
 */
export function resolveTargets(settings: Settings, environment: string): Target[] {
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
  if (cluster === undefined) {
    throw new InputError(
      env ? `${config.path}: environments.${environment}.cluster` : 'input cluster',
      `no ECS cluster is set for environment "${environment}"`,
      `Set the input cluster, or environments.${environment}.cluster in the config file.`
    )
  }
  const services = serviceNames(settings, env, environment)
  return services.map(service =>
    target(settings, environment, cluster, service, env, env?.services?.[service])
  )
}

/** The first service of the release: the one the single-service outputs describe. */
export function resolveTarget(settings: Settings, environment: string): Target {
  return resolveTargets(settings, environment)[0]!
}

function serviceNames(
  settings: Settings,
  env: EnvironmentConfig | undefined,
  environment: string
): string[] {
  const listed = env?.services ? Object.keys(env.services) : undefined
  if (listed && settings.service !== undefined) {
    if (!listed.includes(settings.service)) {
      throw new InputError(
        'input service',
        `"${settings.service}" is not one of the services of environment ${environment} (${listed.join(', ')})`,
        'Name one of those, or leave the input empty to release them all.'
      )
    }
    return [settings.service]
  }
  if (listed) return listed
  const service = settings.service ?? env?.service
  if (service === undefined) {
    throw new InputError(
      env ? `${settings.config.path}: environments.${environment}.service` : 'input service',
      `no ECS service is set for environment "${environment}"`,
      `Set the input service, or environments.${environment}.service (or services) in the config file.`
    )
  }
  return [service]
}

function target(
  settings: Settings,
  environment: string,
  cluster: string,
  service: string,
  env: EnvironmentConfig | undefined,
  own: ServiceConfig | undefined
): Target {
  const containers = own?.containers
  return {
    environment,
    cluster,
    service,
    taskDefinition: settings.taskDefinition ?? own?.taskDefinition ?? env?.taskDefinition,
    container: settings.containerName ?? containers?.[0] ?? env?.container,
    sidecars: containers ? containers.slice(1) : (env?.sidecars ?? []),
    serviceDefinition:
      settings.serviceDefinition ?? own?.serviceDefinition ?? env?.serviceDefinition,
    desiredCount: settings.desiredCount ?? own?.desiredCount ?? env?.desiredCount,
    variables: { ...env?.variables, ...own?.variables },
    secrets: { ...env?.secrets, ...own?.secrets },
    verifyUrl: settings.verifyUrl ?? own?.verifyUrl ?? env?.verifyUrl,
    verifyContains: settings.verifyContains ?? own?.verifyContains ?? env?.verifyContains,
    verifyPath: settings.verifyPath ?? own?.verifyPath ?? env?.verifyPath,
    waitUntil: settings.waitUntil ?? env?.waitUntil ?? 'complete',
    values: env?.values ?? {},
    keepRevisions: settings.keepRevisions ?? env?.keepRevisions,
    deleteRevisions: settings.deleteRevisions ?? env?.deleteRevisions ?? false,
    resourceTags: { ...env?.resourceTags, ...settings.resourceTags },
    scheduledTasks: env?.scheduledTasks ?? [],
    beforeDeploy: settings.beforeDeploy ?? env?.beforeDeploy,
    afterDeploy: settings.afterDeploy ?? env?.afterDeploy,
    codeDeployApplication:
      settings.codeDeployApplication ?? own?.codeDeployApplication ?? env?.codeDeployApplication,
    codeDeployDeploymentGroup:
      settings.codeDeployDeploymentGroup ??
      own?.codeDeployDeploymentGroup ??
      env?.codeDeployDeploymentGroup,
    codeDeployHooks: own?.codeDeployHooks ?? env?.codeDeployHooks
  }
}
