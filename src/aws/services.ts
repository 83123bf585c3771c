import {
  nameFromArn,
  primaryDeployment,
  type DescribeServicesResult,
  type EcsApi,
  type ServiceSnapshot
} from './ecs-api.js'
import type { WaitRead } from '../util/wait-deadline.js'

// Lookups of a service that several steps share.

/** The service, or undefined when ECS reports it missing. */
export async function describeService(
  ecs: EcsApi,
  cluster: string,
  service: string,
  options: WaitRead = {}
): Promise<ServiceSnapshot | undefined> {
  return findService(await ecs.describeServices(cluster, [service], options), service)
}

/** One service of a DescribeServices answer, by name; undefined when ECS reports it missing. */
export function findService(
  answer: DescribeServicesResult,
  service: string
): ServiceSnapshot | undefined {
  return answer.services.find(
    found =>
      found.name === service || (found.arn !== undefined && nameFromArn(found.arn) === service)
  )
}

/** The service when it exists and is ACTIVE; undefined when ECS reports it missing or deleted. */
export async function describeLiveService(
  ecs: EcsApi,
  cluster: string,
  service: string
): Promise<ServiceSnapshot | undefined> {
  return activeService(await describeService(ecs, cluster, service))
}

/** A service ECS described, when it is ACTIVE (DRAINING and INACTIVE ones are deleted). */
export function activeService(found: ServiceSnapshot | undefined): ServiceSnapshot | undefined {
  return found && found.status === 'ACTIVE' ? found : undefined
}

/** The revision the service runs now: its PRIMARY deployment's (ECS's service field as a fallback). */
export function currentTaskDefinition(service: ServiceSnapshot): string | undefined {
  return primaryDeployment(service)?.taskDefinition ?? service.taskDefinition
}
