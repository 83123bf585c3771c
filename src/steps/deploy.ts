import {
  EcsCallError,
  shortTaskDefinition,
  startedDeployment,
  type ServiceSnapshot
} from '../aws/ecs-api.js'
import {
  loadServiceDefinition,
  renderServiceDefinition
} from '../definitions/service-definition.js'
import type { StepContext } from '../release/context.js'
import type { Registration, StartedDeployment } from '../release/state.js'
import type { Target } from '../settings/types.js'
import { ReleaseError, errorMessage } from '../util/errors.js'

/** What UpdateService answers for a service that is gone or being deleted. */
const SERVICE_GONE = new Set(['ServiceNotFoundException', 'ServiceNotActiveException'])

/**
 * The `deploy` step: UpdateService to the registered revision (or CreateService from the
 * environment's service definition when the service does not exist), and hand on the PRIMARY
 * deployment ECS started, for `wait`. `register` has just described the service, so this step
 * does not ask again: one call fewer.
 */
export async function deploy(
  { settings, plan, services }: StepContext,
  { target, registration }: { target: Target; registration: Registration }
): Promise<StartedDeployment> {
  const taskDefinition = registration.taskDefinitionArn
  const ecs = services.aws.ecs()
  const createService = async (): Promise<ServiceSnapshot> => {
    const definition = loadServiceDefinition(target, services.env)
    const created = await ecs.createService(
      renderServiceDefinition(definition, target, taskDefinition)
    )
    if (!plan.dryRun)
      services.logger.info(
        `created service ${target.service} in cluster ${target.cluster} from ${target.serviceDefinition}`
      )
    return created
  }

  let updated: ServiceSnapshot
  let createdService = false
  const previous = registration.previousTaskDefinitionArn
  if (!registration.serviceExists) {
    updated = await createService()
    createdService = true
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
          `${errorMessage(error)}. The service was not updated: it still runs ${shortTaskDefinition(previous)}; ${shortTaskDefinition(taskDefinition)} is registered but not deployed`
        )
      }
      updated = await createService()
      createdService = true
    }
  }

  const primary = startedDeployment(
    updated,
    `service ${target.service} in cluster ${target.cluster}`
  )
  const from = previous && !createdService ? ` (was ${shortTaskDefinition(previous)})` : ''
  if (!plan.dryRun)
    services.logger.info(
      `service ${target.service} in cluster ${target.cluster}: deployment ${primary.id} of ${shortTaskDefinition(primary.taskDefinition)}${from}`
    )
  return { id: primary.id, taskDefinitionArn: taskDefinition, createdService }
}
