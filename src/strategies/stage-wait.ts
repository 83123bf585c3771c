import type { ServiceSnapshot } from '../aws/ecs-api.js'
import type { Settings, Target } from '../settings/types.js'
import { isLifecycleStage } from '../settings/vocabulary.js'
import { waitUntilSource } from '../settings/wait-until.js'
import { InputError } from '../util/errors.js'

/**
 * Preflight of a strategy whose deployments have no ECS lifecycle stages (rolling, CodeDeploy):
 * a stage name as the service's wait-until could never be reached, so it is refused before
 * anything runs. `how` says how the service deploys and where its wait ends instead.
 */
export function stageWaitProblems(
  target: Target,
  service: Pick<ServiceSnapshot, 'name'>,
  settings: Pick<Settings, 'waitUntil' | 'config'>,
  how: string
): InputError[] {
  const stage = target.waitUntil
  if (!isLifecycleStage(stage)) return []
  const where = waitUntilSource(settings, target)
  const fix = where.startsWith('input ')
    ? `Leave the input wait-until empty (or set complete) for this service; in a release that mixes strategies, set ${stage} in the config file under services: for the blue/green, linear and canary services only.`
    : `Remove it there (or set complete); in a release that mixes strategies, set ${stage} under environments.${target.environment}.services.NAME.wait-until for the blue/green, linear and canary services only.`
  return [
    new InputError(
      where,
      `"${stage}" is a lifecycle stage of ECS-native blue/green, linear and canary deployments, but service ${service.name} in cluster ${target.cluster} ${how}`,
      fix
    )
  ]
}
