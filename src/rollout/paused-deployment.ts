import type { EcsApi, ServiceSnapshot } from '../aws/ecs-api.js'
import { findService } from '../aws/services.js'
import {
  describeServiceDeploymentArn,
  type ServiceDeploymentSnapshot
} from '../aws/service-deployment.js'
import type { Target } from '../settings/types.js'
import { InputError, ReleaseError } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'
import { awaitingPauseHook, type AwaitingHook } from './pause-hooks.js'

// flow continue: which service deployments of the environment wait at a PAUSE hook, read from
// ECS. The first job's outputs name one (service deployment ARN, hook id); without them every
// service of the environment whose current service deployment awaits action is found. Reads
// only: preflight reports every problem before anything is answered.

/** A service deployment paused at a PAUSE hook, and what it deploys. */
export interface PausedDeployment {
  target: Target
  service: ServiceSnapshot
  deployment: ServiceDeploymentSnapshot
  paused: AwaitingHook
  /** The task definition its target revision runs. */
  taskDefinitionArn: string
}

/** What the continue job was given: the first job's outputs, when passed in. */
export interface PausedRequest {
  environment: string
  serviceDeployment?: string
  hookId?: string
}

/** `arn:…:service-deployment/CLUSTER/SERVICE/ID` → its cluster and service; else undefined. */
export function serviceDeploymentOwner(
  arn: string
): { cluster: string; service: string } | undefined {
  const match = /^arn:aws[\w-]*:ecs:[^:]*:\d*:service-deployment\/([^/]+)\/([^/]+)\/[^/]+$/.exec(
    arn
  )
  return match ? { cluster: match[1]!, service: match[2]! } : undefined
}

/**
 * The paused service deployments the continue job answers, and every problem found (the ARN not
 * a service deployment of this environment's services, a hook not awaiting action, nothing
 * paused). Found is empty whenever there is a problem.
 */
export async function findPausedDeployments(
  ecs: EcsApi,
  targets: readonly Target[],
  request: PausedRequest
): Promise<{ found: PausedDeployment[]; problems: Error[] }> {
  const services = `${targets.map(target => target.service).join(', ')} in cluster ${[...new Set(targets.map(target => target.cluster))].join(', ')}`
  if (request.serviceDeployment === undefined) {
    if (request.hookId !== undefined)
      return {
        found: [],
        problems: [
          new InputError(
            'input hook-id',
            'is set without service-deployment',
            'Pass both outputs of the job that paused (paused-service-deployment as service-deployment, paused-hook as hook-id), or neither to find the paused services.'
          )
        ]
      }
    return discover(ecs, targets, request.environment, services)
  }
  const arn = request.serviceDeployment
  const owner = serviceDeploymentOwner(arn)
  const target =
    owner && targets.find(each => each.cluster === owner.cluster && each.service === owner.service)
  if (!target)
    return {
      found: [],
      problems: [
        new InputError(
          'input service-deployment',
          `"${escapeForLog(arn)}" is not a service deployment of environment ${request.environment}'s services (${services})`,
          'Pass the paused-service-deployment output of the job that paused, with the same environment.'
        )
      ]
    }
  const deployment = await ecs.describeServiceDeployment(arn)
  if (!deployment)
    return {
      found: [],
      problems: [
        new InputError(
          'input service-deployment',
          `ECS knows no service deployment ${escapeForLog(arn)}`,
          'Pass the paused-service-deployment output of the job that paused.'
        )
      ]
    }
  const paused = hookOf(deployment, request.hookId)
  if ('problem' in paused) return { found: [], problems: [paused.problem] }
  const found = await describePaused(ecs, target, deployment, paused)
  return 'problem' in found
    ? { found: [], problems: [found.problem] }
    : { found: [found], problems: [] }
}

/** The hook named, or the one the deployment awaits; a problem when it does not await action. */
function hookOf(
  deployment: ServiceDeploymentSnapshot,
  hookId: string | undefined
): AwaitingHook | { problem: Error } {
  const where = describeServiceDeploymentArn(deployment.arn)
  const state = `${where} is ${escapeForLog(deployment.status)}${deployment.lifecycleStage ? ` in ${escapeForLog(deployment.lifecycleStage)}` : ''}`
  if (hookId === undefined) {
    const awaiting = deployment.status === 'IN_PROGRESS' ? awaitingPauseHook(deployment) : undefined
    return (
      awaiting ?? {
        problem: new InputError(
          'input service-deployment',
          `${state} and awaits action at no PAUSE hook`,
          'Nothing to continue: it was answered already (or timed out); look at it with ecs-flow status.'
        )
      }
    )
  }
  const hook = deployment.pauseHooks?.find(each => each.hookId === hookId)
  if (!hook)
    return {
      problem: new InputError(
        'input hook-id',
        `"${escapeForLog(hookId)}" is not a PAUSE hook of ${where}`,
        'Pass the paused-hook output of the job that paused, with its paused-service-deployment.'
      )
    }
  if (hook.status !== 'AWAITING_ACTION' || deployment.status !== 'IN_PROGRESS')
    return {
      problem: new InputError(
        'input hook-id',
        `PAUSE hook ${escapeForLog(hookId)} is ${escapeForLog(hook.status)} and ${state}; only a hook in AWAITING_ACTION of an IN_PROGRESS deployment can be continued or rolled back`,
        'Nothing to continue: it was answered already (or timed out); look at it with ecs-flow status.'
      )
    }
  return { hook, stage: deployment.lifecycleStage ?? 'an unnamed stage' }
}

/** Every service of the environment whose current service deployment awaits action. */
async function discover(
  ecs: EcsApi,
  targets: readonly Target[],
  environment: string,
  services: string
): Promise<{ found: PausedDeployment[]; problems: Error[] }> {
  const found: PausedDeployment[] = []
  const problems: Error[] = []
  for (const target of targets) {
    const service = findService(
      await ecs.describeServices(target.cluster, [target.service]),
      target.service
    )
    const arn = service?.currentServiceDeployment
    const deployment = arn ? await ecs.describeServiceDeployment(arn) : undefined
    const paused = deployment?.status === 'IN_PROGRESS' ? awaitingPauseHook(deployment) : undefined
    if (!deployment || !paused) continue
    const described = await describePaused(ecs, target, deployment, paused, service)
    if ('problem' in described) problems.push(described.problem)
    else found.push(described)
  }
  if (found.length === 0 && problems.length === 0)
    problems.push(
      new ReleaseError(
        `no service of environment ${environment} (${services}) has a service deployment awaiting action at a PAUSE hook: nothing to continue. Its hook may have been answered already or timed out; look at it with ecs-flow status`
      )
    )
  return problems.length > 0 ? { found: [], problems } : { found, problems }
}

async function describePaused(
  ecs: EcsApi,
  target: Target,
  deployment: ServiceDeploymentSnapshot,
  paused: AwaitingHook,
  known?: ServiceSnapshot
): Promise<PausedDeployment | { problem: Error }> {
  const service =
    known ??
    findService(await ecs.describeServices(target.cluster, [target.service]), target.service)
  const revision = deployment.target
    ? await ecs.describeServiceRevision(deployment.target.arn)
    : undefined
  if (!service || !revision)
    return {
      problem: new ReleaseError(
        `could not read what ${describeServiceDeploymentArn(deployment.arn)} deploys (${service ? 'its target service revision' : `service ${target.service}`} is missing)`
      )
    }
  return { target, service, deployment, paused, taskDefinitionArn: revision.taskDefinition }
}
