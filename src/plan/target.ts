import type { EnvironmentConfig, ServiceConfig, Settings, Target } from '../settings/types.js'
import { SETTING_ROWS, type SETTINGS, type SettingName } from '../settings/table.js'
import { expressServiceName } from '../aws/express-service.js'
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
  const targets = services.map(service =>
    target(settings, environment, cluster, service, env, env?.services?.[service])
  )
  assertNoHookBesideExpress(settings, targets)
  return targets
}

/**
 * A one-off task runs the revision register hands it; an Express service's is registered by ECS
 * only on deploy, so a before-deploy or after-deploy task beside one would run its old image.
 */
function assertNoHookBesideExpress(settings: Settings, targets: readonly Target[]): void {
  const first = targets[0]
  for (const hook of ['before-deploy', 'after-deploy'] as const) {
    const task = first?.[hook === 'before-deploy' ? 'beforeDeploy' : 'afterDeploy']
    if (!task || !first) continue
    const beside = targets.find(target => target.service === (task.service ?? first.service))
    if (!beside?.expressService) continue
    throw new InputError(
      `${settings.config.path ?? 'config'}: environments.${first.environment}.${hook}`,
      `runs beside Express service ${beside.service}, whose revision ECS registers only when it deploys it: the task would run the old image`,
      `Set ${hook}.service to a classic service of the environment, or remove ${hook}.`
    )
  }
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
  const express = env?.expressService
  const service =
    settings.service ?? env?.service ?? (express ? expressServiceName(express) : undefined)
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
  // The one key whose file shape differs from the Target's: a list, the first the main container.
  const containers = own?.containers
  const merged = mergedByTable(settings, env, own)
  const resolved: Target = {
    environment,
    cluster,
    // An Express service's name is the name of the ECS service behind it.
    service: merged.expressService ? expressServiceName(merged.expressService) : service,
    container: settings.containerName ?? containers?.[0] ?? env?.container,
    sidecars: containers ? containers.slice(1) : (env?.sidecars ?? []),
    ...merged
  }
  if (merged.expressService) assertExpressTarget(settings, resolved, env, own !== undefined)
  return resolved
}

/**
 * An Express service gets the image in its one container from ECS's own revision: the keys that
 * shape a task definition or create a service do not apply, and an environment's express-service
 * names one service, never each of its `services:`. Every problem in one error.
 */
function assertExpressTarget(
  settings: Settings,
  target: Target,
  env: EnvironmentConfig | undefined,
  listed: boolean
): void {
  const where = `${settings.config.path ?? 'config'}: environments.${target.environment}${listed ? `.services.${target.service}` : ''}`
  const problems: string[] = []
  if (listed && env?.expressService !== undefined)
    problems.push(
      'express-service is set for the whole environment, which lists services: set it under the one service it names'
    )
  if (target.taskDefinition || target.revision)
    problems.push('task-definition does not apply (ECS registers an Express service’s revisions)')
  if (target.serviceDefinition)
    problems.push('service-definition does not apply (ecs-flow does not create Express services)')
  if (target.sidecars.length > 0)
    problems.push('an Express service has one container: list only one under container')
  if (target.codeDeployApplication || target.codeDeployDeploymentGroup || target.codeDeployHooks)
    problems.push('the codedeploy-* keys do not apply (ECS deploys an Express service itself)')
  if (problems.length === 0) return
  throw new InputError(
    `${where}.express-service`,
    problems.join('; '),
    'Remove those keys from the Express service’s settings; its image, variables and secrets are all ecs-flow changes.'
  )
}

/** A Target field the settings table fills. */
type MergedField = {
  [N in SettingName]: (typeof SETTINGS)[N] extends { target: object; field: infer F } ? F : never
}[SettingName]
/** Fails to compile when the table names a field the Target does not have. */
const MERGED_FIELDS_ARE_TARGET_FIELDS: MergedField extends keyof Target ? true : never = true
void MERGED_FIELDS_ARE_TARGET_FIELDS

/**
 * Every Target field of the settings table, from the layers the table says it may be set at:
 * `first` takes the input, else the service's, else the environment's, else the fallback;
 * `union` lays the environment's map, the service's and the input's over each other.
 */
function mergedByTable(
  settings: Settings,
  env: EnvironmentConfig | undefined,
  own: ServiceConfig | undefined
): Pick<Target, MergedField> {
  const merged: Record<string, unknown> = {}
  for (const row of SETTING_ROWS) {
    if (!row.target || !row.field) continue
    const at = row.config?.at
    const layers = [
      row.input ? field(settings, row.field) : undefined,
      at === 'service' ? field(own, row.field) : undefined,
      at === 'service' || at === 'environment' ? field(env, row.field) : undefined
    ]
    merged[row.field] =
      row.target.merge === 'union'
        ? Object.assign({}, ...layers.reverse())
        : (layers.find(value => value !== undefined && value !== null) ?? row.target.fallback)
  }
  return merged as Pick<Target, MergedField>
}

function field(layer: object | undefined, name: string): unknown {
  return layer && (layer as Record<string, unknown>)[name]
}
