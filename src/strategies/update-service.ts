import {
  EcsCallError,
  primaryDeployment,
  shortTaskDefinition,
  startedDeployment,
  type EcsApi,
  type ServiceSnapshot
} from '../aws/ecs-api.js'
import { describeLiveService } from '../aws/services.js'
import { liveRevisionOf } from '../core/live-revision.js'
import { templateScope } from '../core/template-scope.js'
import { renderServiceDefinition } from '../definitions/service-definition.js'
import { readTemplatedServiceDefinition } from '../definitions/templated.js'
import type { StepContext } from '../core/context.js'
import type { LiveRevision, Registration, StartedDeployment } from '../core/state.js'
import type { Target } from '../settings/types.js'
import { ReleaseError, errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { tagService } from './tag-service.js'

/** What UpdateService answers for a service that is gone or being deleted. */
const SERVICE_GONE = new Set(['ServiceNotFoundException', 'ServiceNotActiveException'])

/**
 * The deploy of a service on the ECS controller (rolling, and the staged strategies): UpdateService
 * to the registered revision (or CreateService from the environment's service definition when
 * the service does not exist), and hand on the PRIMARY deployment ECS started, for `wait`.
 * `register` has just described the service, so this does not ask again: one call fewer.
 */
export async function deployByUpdateService(
  context: StepContext,
  { target, registration }: { target: Target; registration: Registration }
): Promise<StartedDeployment> {
  const { settings, plan, services, state } = context
  const taskDefinition = registration.taskDefinitionArn
  const ecs = services.aws.ecs()
  const createService = async (): Promise<ServiceSnapshot> => {
    const definition = await readTemplatedServiceDefinition(
      target,
      templateScope(context, target, state.image?.reference),
      services.env
    )
    const created = await ecs
      .createService(renderServiceDefinition(definition, target, taskDefinition))
      .catch(async (error: unknown) => {
        // A lost reply: the service may exist now (a retry is refused as not idempotent).
        const found = await serviceRunning(ecs, target, taskDefinition)
        if (found) {
          services.logger.warning(
            `CreateService failed (${errorMessage(error)}), but ECS shows service ${target.service} with ${shortTaskDefinition(taskDefinition)}: carrying on with it`
          )
          return found
        }
        throw error
      })
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
        forceNewDeployment: settings.forceNewDeployment,
        propagateTags: settings.propagateTags,
        enableECSManagedTags: settings.enableEcsManagedTags
      })
    } catch (error) {
      if (error instanceof EcsCallError && SERVICE_GONE.has(error.code)) {
        updated = await createService()
        createdService = true
      } else {
        // Know what happened before saying it: the update may have gone through (a lost reply,
        // a timeout, a 5xx), so ask ECS what the service runs now.
        updated = await afterFailedUpdate(
          ecs,
          target,
          taskDefinition,
          error,
          services.logger,
          live => {
            const release = state.services?.find(found => found.target === target)
            if (release) release.live = live
          }
        )
      }
    }
  }

  const primary = startedDeployment(
    updated,
    `service ${target.service} in cluster ${target.cluster}`
  )
  await tagService(context, target, updated.arn)
  const from = previous && !createdService ? ` (was ${shortTaskDefinition(previous)})` : ''
  if (!plan.dryRun)
    services.logger.info(
      `service ${target.service} in cluster ${target.cluster}: deployment ${primary.id} of ${shortTaskDefinition(primary.taskDefinition)}${from}`
    )
  return {
    id: primary.id,
    taskDefinitionArn: taskDefinition,
    createdService,
    strategy: updated.strategy,
    deploymentController: updated.deploymentController,
    serviceDeploymentArn: updated.currentServiceDeployment,
    bakeTimeInMinutes: updated.bakeTimeInMinutes
  }
}

/** The service when it is ACTIVE and its PRIMARY deployment runs `taskDefinition`. */
async function serviceRunning(
  ecs: EcsApi,
  target: Target,
  taskDefinition: string
): Promise<ServiceSnapshot | undefined> {
  const service = await describeLiveService(ecs, target.cluster, target.service).catch(
    () => undefined
  )
  return service && primaryDeployment(service)?.taskDefinition === taskDefinition
    ? service
    : undefined
}

/**
 * UpdateService failed: when ECS nevertheless runs our revision as PRIMARY, the update went
 * through and the release goes on with that deployment; otherwise say what the service runs,
 * as read back, or that it could not be read.
 */
async function afterFailedUpdate(
  ecs: EcsApi,
  target: Target,
  taskDefinition: string,
  error: unknown,
  logger: Logger,
  readBack: (live: LiveRevision) => void
): Promise<ServiceSnapshot> {
  const ours = shortTaskDefinition(taskDefinition)
  let service: ServiceSnapshot | undefined
  try {
    service = await describeLiveService(ecs, target.cluster, target.service)
  } catch (readError) {
    readBack({ unknown: errorMessage(readError) })
    throw new ReleaseError(
      `${errorMessage(error)}. Whether the service was updated is unknown: it could not be read either (${errorMessage(readError)}); ${ours} is registered. Look at service ${target.service} in cluster ${target.cluster} before re-running`
    )
  }
  const primary = service && primaryDeployment(service)
  // The record says what ECS runs: this read is the release's read-back of the service.
  readBack(service ? liveRevisionOf(service) : { unknown: 'the service is not ACTIVE' })
  if (service && primary?.taskDefinition === taskDefinition) {
    logger.warning(
      `UpdateService failed (${errorMessage(error)}), but ECS shows deployment ${primary.id} of ${ours} as PRIMARY: the update went through, and the release watches it`
    )
    return service
  }
  const runs = primary ? shortTaskDefinition(primary.taskDefinition) : 'no PRIMARY deployment'
  throw new ReleaseError(
    `${errorMessage(error)}. The service was not updated (read back from ECS): it runs ${runs}; ${ours} is registered but not deployed`
  )
}
