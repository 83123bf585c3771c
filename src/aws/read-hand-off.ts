import type { EcsApi, RegisteredTaskDefinition, ServiceSnapshot } from './ecs-api.js'
import type { ExpressServiceSnapshot } from './express-service.js'
import { activeService, describeLiveService, findService } from './services.js'

/**
 * What preflight read of ECS — each target's service and the revisions it described — handed by
 * the executor to `register` (or to the adoption of a revision as it is) when no step ran in
 * between: nothing this run does can have changed them by then, and ECS throttles reads per
 * account, so every read saved is one another release in the account can make. Each answer is
 * used once; a second reader asks ECS.
 */
export interface PreflightReads {
  /** `cluster/service` → the service as preflight saw it (undefined: ECS reported it missing). */
  services: Map<string, ServiceSnapshot | undefined>
  /** A task-definition reference as given to DescribeTaskDefinition → its answer. */
  taskDefinitions: Map<string, RegisteredTaskDefinition>
  /** An Express service's ARN → DescribeExpressGatewayService's answer (undefined: missing). */
  expressServices: Map<string, ExpressServiceSnapshot | undefined>
}

export function noReads(): PreflightReads {
  return { services: new Map(), taskDefinitions: new Map(), expressServices: new Map() }
}

const serviceKey = (cluster: string, service: string) => `${cluster}/${service}`

/**
 * Preflight's read of a service: DescribeServices, kept in `reads` when ECS answered for it
 * (found or missing); the service when it exists and is ACTIVE.
 */
export async function readLiveService(
  ecs: EcsApi,
  cluster: string,
  service: string,
  reads: PreflightReads
): Promise<ServiceSnapshot | undefined> {
  const answer = await ecs.describeServices(cluster, [service], {})
  const found = findService(answer, service)
  if (found || answer.missing.some(missing => missing.service === service))
    reads.services.set(serviceKey(cluster, service), found)
  return activeService(found)
}

/** Preflight's DescribeTaskDefinition, kept in `reads`. */
export async function readTaskDefinition(
  ecs: EcsApi,
  ref: string,
  reads: PreflightReads
): Promise<RegisteredTaskDefinition> {
  const answer = await ecs.describeTaskDefinition(ref)
  reads.taskDefinitions.set(ref, answer)
  return answer
}

/** The service when it exists and is ACTIVE: from `handed` when preflight read it, else from ECS. */
export async function liveServiceOf(
  ecs: EcsApi,
  cluster: string,
  service: string,
  handed: PreflightReads | undefined
): Promise<ServiceSnapshot | undefined> {
  const key = serviceKey(cluster, service)
  if (handed?.services.has(key)) {
    const found = handed.services.get(key)
    handed.services.delete(key)
    return activeService(found)
  }
  return describeLiveService(ecs, cluster, service)
}

/** DescribeTaskDefinition: from `handed` when preflight read it, else from ECS. */
export async function taskDefinitionOf(
  ecs: EcsApi,
  ref: string,
  handed: PreflightReads | undefined
): Promise<RegisteredTaskDefinition> {
  const found = handed?.taskDefinitions.get(ref)
  if (found) {
    handed!.taskDefinitions.delete(ref)
    return found
  }
  return ecs.describeTaskDefinition(ref)
}

/** DescribeExpressGatewayService: from `handed` when preflight read it, else from ECS. */
export async function expressServiceOf(
  ecs: EcsApi,
  arn: string,
  handed: PreflightReads | undefined
): Promise<ExpressServiceSnapshot | undefined> {
  if (handed?.expressServices.has(arn)) {
    const found = handed.expressServices.get(arn)
    handed.expressServices.delete(arn)
    return found
  }
  return ecs.describeExpressService(arn)
}
