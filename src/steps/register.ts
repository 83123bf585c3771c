import {
  primaryDeployment,
  shortTaskDefinition,
  type EcsApi,
  type RegisteredTaskDefinition,
  type ServiceSnapshot,
  type TaskDefinition
} from '../aws/ecs-api.js'
import type { Settings, Target } from '../settings/types.js'
import { InputError, ReleaseError } from '../util/errors.js'
import { readUserFile, requireTarget } from './release-target.js'
import { describeService } from './rollout.js'
import { loadServiceDefinition } from './service.js'
import {
  asTaskDefinition,
  parseTaskDefinitionFile,
  renderTaskDefinition,
  sameTaskDefinition
} from './task-definition.js'
import type { ReleaseState, StepContext } from './types.js'

/** The live service, its current revision and the definition this release would register. */
export interface PreparedTaskDefinition {
  service: ServiceSnapshot | undefined
  live: RegisteredTaskDefinition | undefined
  rendered: TaskDefinition
}

/** The `register` step: render the definition and register it, or reuse the live revision. */
export async function registerStep({
  settings,
  plan,
  state,
  services
}: StepContext): Promise<void> {
  const target = requireTarget(plan, 'register')
  const image = releaseImage(settings, state)
  const ecs = services.aws.ecs()
  const prepared = await prepareTaskDefinition(ecs, target, image, services.env)
  state.image ??= image
  if (prepared.service) state.previousTaskDefinitionArn = currentTaskDefinition(prepared.service)

  if (prepared.live && sameTaskDefinition(prepared.live.definition, prepared.rendered)) {
    state.taskDefinitionArn = prepared.live.arn
    state.unchanged = true
    services.logger.info(
      `task definition unchanged: reusing ${shortTaskDefinition(prepared.live.arn)} (${prepared.live.arn})`
    )
    return
  }
  const registered = await ecs.registerTaskDefinition(prepared.rendered)
  state.taskDefinitionArn = registered.arn
  services.logger.info(
    `registered ${shortTaskDefinition(registered.arn)} (${registered.arn}) with image ${image}`
  )
}

/** The image this release runs: built/resolved by earlier steps, else the `image` input. */
export function releaseImage(settings: Settings, state: ReleaseState): string {
  const image = state.image ?? settings.image
  if (!image) {
    throw new InputError(
      'input image',
      'there is no image to deploy (no earlier step built or resolved one and the input image is empty)',
      'Set the input image to a pre-built image, or ecr-repository so that the flow builds, pushes or resolves one.'
    )
  }
  return image
}

/** Fetches the live service and revision (when there is one) and renders the new definition. */
export async function prepareTaskDefinition(
  ecs: EcsApi,
  target: Target,
  image: string,
  env: NodeJS.ProcessEnv
): Promise<PreparedTaskDefinition> {
  // The file first: a bad file is the user's to fix and needs no AWS call to find.
  const file = target.taskDefinition
    ? parseTaskDefinitionFile(
        readUserFile(target.taskDefinition, 'task definition', env),
        target.taskDefinition
      )
    : undefined
  const service = await describeLiveService(ecs, target)
  if (service) assertRollingUpdates(service, target)
  // A missing service is created by deploy: check its definition now, before registering.
  else if (target.taskDefinition) loadServiceDefinition(target, env)
  const current = service ? currentTaskDefinition(service) : undefined
  const live = current ? await ecs.describeTaskDefinition(current) : undefined

  let base: TaskDefinition
  let source: string
  if (file) {
    base = file
    source = `task definition file ${target.taskDefinition}`
  } else if (live) {
    base = asTaskDefinition(live.definition, `task definition ${live.arn}`)
    source = `the service's current task definition ${shortTaskDefinition(live.arn)}`
  } else {
    throw new ReleaseError(
      `service ${target.service} does not exist in cluster ${target.cluster} and no task-definition file is given to start from. ` +
        `Set the input task-definition (or environments.${target.environment}.task-definition) and a service-definition to create the service.`,
      'register'
    )
  }
  const rendered = renderTaskDefinition(base, {
    image,
    container: target.container,
    variables: target.variables,
    secrets: target.secrets,
    source
  })
  return { service, live, rendered }
}

/** The service when it exists and is ACTIVE; undefined when ECS reports it missing or deleted. */
export async function describeLiveService(
  ecs: EcsApi,
  target: Target
): Promise<ServiceSnapshot | undefined> {
  const service = await describeService(ecs, target.cluster, target.service)
  return service && service.status === 'ACTIVE' ? service : undefined
}

/** The revision the service runs now: its PRIMARY deployment's (ECS's service field as a fallback). */
export function currentTaskDefinition(service: ServiceSnapshot): string | undefined {
  return primaryDeployment(service)?.taskDefinition ?? service.taskDefinition
}

/** Blue/green (CODE_DEPLOY) and EXTERNAL controllers need another flow; fail before writing anything. */
export function assertRollingUpdates(service: ServiceSnapshot, target: Target): void {
  if (service.deploymentController !== 'ECS') {
    throw new ReleaseError(
      `service ${target.service} in cluster ${target.cluster} uses the ${service.deploymentController} deployment controller; ` +
        'ecs-flow deploys services with the ECS (rolling update) controller only for now',
      'register'
    )
  }
}
