import { nameFromArn, type CreateServiceRequest } from '../aws/ecs-api.js'
import type { Target } from '../settings/types.js'
import { InputError, ReleaseError } from '../util/errors.js'
import { loadServiceDefinitionFile, parseServiceDefinitionText } from './load.js'
import { SERVICE_READ_ONLY } from './shape.js'

/**
 * The service-definition file a missing service is created from, read, parsed and checked
 * against the target. Preflight reads it before anything runs, so a missing or wrong file
 * never leaves a registered revision behind; deploy reads it again when it creates the service.
 */
export function loadServiceDefinition(
  target: Target,
  env: NodeJS.ProcessEnv,
  /** The file's text already read (a rendered template). */
  text?: string
): Record<string, unknown> {
  const path = target.serviceDefinition
  if (!path) {
    throw new ReleaseError(
      `service ${target.service} does not exist in cluster ${target.cluster} (or is no longer ACTIVE). ` +
        `Create it, or give a service-definition file (input service-definition or environments.${target.environment}.service-definition) so ecs-flow creates it.`,
      'deploy'
    )
  }
  const definition = (
    text === undefined
      ? loadServiceDefinitionFile(path, env)
      : parseServiceDefinitionText(text, path)
  ).definition
  const expected = { cluster: target.cluster, serviceName: target.service }
  for (const [field, wanted] of Object.entries(expected)) {
    const given = definition[field]
    if (given !== undefined && (typeof given !== 'string' || nameFromArn(given) !== wanted)) {
      throw new InputError(
        `service definition file ${path}: ${field}`,
        `is ${JSON.stringify(given)}, but environment ${target.environment} deploys to ${field === 'cluster' ? 'cluster' : 'service'} ${wanted}`,
        `Remove "${field}" from the file (ecs-flow sets it from the environment), or point the environment at that ${field === 'cluster' ? 'cluster' : 'service'}.`
      )
    }
  }
  return definition
}

/** Parses a service-definition file: CreateService's input, or `{"service": {...}}` as describe-services prints one. */
export function parseServiceDefinition(text: string, path: string): Record<string, unknown> {
  return parseServiceDefinitionText(text, path).definition
}

/** CreateService's input: the file with read-only fields dropped and the release's cluster, name and revision set. */
export function renderServiceDefinition(
  definition: Record<string, unknown>,
  target: Target,
  taskDefinition: string
): CreateServiceRequest {
  const request: Record<string, unknown> = { ...definition }
  for (const field of SERVICE_READ_ONLY) delete request[field]
  delete request.serviceName
  delete request.service
  if (target.desiredCount !== undefined) request.desiredCount = target.desiredCount
  return { ...request, cluster: target.cluster, serviceName: target.service, taskDefinition }
}
