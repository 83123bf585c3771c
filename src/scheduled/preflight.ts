import type { EcsApi } from '../aws/ecs-api.js'
import type { EventsApi } from '../aws/events-api.js'
import { currentTaskDefinition, describeLiveService } from '../aws/services.js'
import type { Target } from '../settings/types.js'
import { InputError } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'
import { familyOf, targetsOfFamily } from './targets.js'

/**
 * Preflight of scheduled-tasks: every rule exists and has an ECS target running the family the
 * release deploys. One problem per rule, all reported together by preflight. `family` is
 * undefined when nothing tells it yet (a new service from a file is checked by its file).
 */
export async function scheduledTaskProblems(
  events: EventsApi,
  target: Target,
  family: string | undefined,
  where: string
): Promise<Error[]> {
  const problems: Error[] = []
  for (const rule of target.scheduledTasks ?? []) {
    const targets = await events.listTargetsByRule(rule)
    const name = escapeForLog(rule)
    if (!targets) {
      problems.push(
        new InputError(
          `${where}: scheduled-tasks`,
          `EventBridge rule ${name} does not exist on the default event bus`,
          'Give the name of an existing rule (aws events list-rules), or remove it from scheduled-tasks.'
        )
      )
      continue
    }
    if (family && targetsOfFamily(targets, family).length === 0) {
      const ecs = targets
        .filter(found => found.taskDefinitionArn)
        .map(found => escapeForLog(found.id))
      problems.push(
        new InputError(
          `${where}: scheduled-tasks`,
          `EventBridge rule ${name} has no ECS target running task-definition family ${family} (its ECS targets: ${ecs.length > 0 ? ecs.join(', ') : 'none'})`,
          `Add a target of family ${family} to the rule, or remove the rule from scheduled-tasks.`
        )
      )
    }
  }
  return problems
}

/** The family the release deploys, from what preflight already knows or the live service. */
export async function releasedFamily(
  ecs: EcsApi,
  target: Target,
  fileFamily: string | undefined
): Promise<string | undefined> {
  if (fileFamily) return fileFamily
  if (target.revision)
    return familyOf(target.revision) ?? (await ecs.describeTaskDefinition(target.revision)).family
  const service = await describeLiveService(ecs, target.cluster, target.service)
  const current = service ? currentTaskDefinition(service) : undefined
  return current ? familyOf(current) : undefined
}
