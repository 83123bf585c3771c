import {
  EcsCallError,
  nameFromArn,
  shortTaskDefinition,
  startedDeployment,
  type CreateServiceRequest,
  type ServiceSnapshot
} from '../aws/ecs-api.js'
import type { Target } from '../settings/types.js'
import { InputError, ReleaseError, errorMessage } from '../util/errors.js'
import { parseJsonObjectFile } from '../util/json.js'
import { readUserFile, requireTarget } from './release-target.js'
import type { StepContext } from './types.js'

/** Fields DescribeServices returns that CreateService refuses (or that ecs-flow sets itself). */
const SERVICE_READ_ONLY_FIELDS = [
  'serviceArn',
  'clusterArn',
  'status',
  'runningCount',
  'pendingCount',
  'deployments',
  'events',
  'createdAt',
  'createdBy',
  'taskSets',
  'roleArn',
  'currentServiceDeployment',
  'currentServiceRevisions'
]

/** What UpdateService answers for a service that is gone or being deleted. */
const SERVICE_GONE = new Set(['ServiceNotFoundException', 'ServiceNotActiveException'])

/**
 * The `deploy` step: UpdateService to the registered revision (or CreateService from the
 * environment's service definition when the service does not exist), then remember the
 * PRIMARY deployment ECS started, for `wait`. `register` has just described the service (and
 * refused other deployment controllers), so this step does not ask again: one call fewer.
 */
export async function deployStep({ settings, plan, state, services }: StepContext): Promise<void> {
  const target = requireTarget(plan, 'deploy')
  const taskDefinition = state.taskDefinitionArn
  if (!taskDefinition) {
    throw new ReleaseError(
      'deploy: no task definition was registered (the register step did not run)',
      'deploy'
    )
  }
  const ecs = services.aws.ecs()
  const createService = async (): Promise<ServiceSnapshot> => {
    const definition = loadServiceDefinition(target, services.env)
    const created = await ecs.createService(
      renderServiceDefinition(definition, target, taskDefinition)
    )
    services.logger.info(
      `created service ${target.service} in cluster ${target.cluster} from ${target.serviceDefinition}`
    )
    return created
  }

  let updated: ServiceSnapshot
  // register found the live service (and its revision) or found none.
  if (state.previousTaskDefinitionArn === undefined) {
    updated = await createService()
  } else {
    try {
      updated = await ecs.updateService({
        cluster: target.cluster,
        service: target.service,
        taskDefinition,
        desiredCount: target.desiredCount,
        forceNewDeployment: settings.forceNewDeployment
      })
    } catch (error) {
      if (!(error instanceof EcsCallError && SERVICE_GONE.has(error.code))) {
        // Say exactly where things stand: registered, but the service was never touched.
        throw new ReleaseError(
          `${errorMessage(error)}. The service was not updated: it still runs ${shortTaskDefinition(state.previousTaskDefinitionArn)}; ${shortTaskDefinition(taskDefinition)} is registered but not deployed`,
          'deploy'
        )
      }
      state.previousTaskDefinitionArn = undefined
      updated = await createService()
    }
  }

  const primary = startedDeployment(
    updated,
    `service ${target.service} in cluster ${target.cluster}`
  )
  state.deploymentId = primary.id
  const from = state.previousTaskDefinitionArn
    ? ` (was ${shortTaskDefinition(state.previousTaskDefinitionArn)})`
    : ''
  services.logger.info(
    `service ${target.service} in cluster ${target.cluster}: deployment ${primary.id} of ${shortTaskDefinition(primary.taskDefinition)}${from}`
  )
}

/**
 * The service-definition file a missing service is created from, read, parsed and checked
 * against the target. register calls it before writing anything, so a missing or wrong file
 * never leaves a registered revision behind.
 */
export function loadServiceDefinition(
  target: Target,
  env: NodeJS.ProcessEnv
): Record<string, unknown> {
  const path = target.serviceDefinition
  if (!path) {
    throw new ReleaseError(
      `service ${target.service} does not exist in cluster ${target.cluster} (or is no longer ACTIVE). ` +
        `Create it, or give a service-definition file (input service-definition or environments.${target.environment}.service-definition) so ecs-flow creates it.`,
      'deploy'
    )
  }
  const definition = parseServiceDefinition(readUserFile(path, 'service definition', env), path)
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
  return parseJsonObjectFile(
    text,
    `service definition file ${path}`,
    'service',
    'Give the CreateService input as JSON (aws ecs create-service --generate-cli-skeleton).'
  )
}

/** CreateService's input: the file with read-only fields dropped and the release's cluster, name and revision set. */
export function renderServiceDefinition(
  definition: Record<string, unknown>,
  target: Target,
  taskDefinition: string
): CreateServiceRequest {
  const request: Record<string, unknown> = { ...definition }
  for (const field of SERVICE_READ_ONLY_FIELDS) delete request[field]
  delete request.serviceName
  delete request.service
  if (target.desiredCount !== undefined) request.desiredCount = target.desiredCount
  return { ...request, cluster: target.cluster, serviceName: target.service, taskDefinition }
}
