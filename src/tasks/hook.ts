import { randomUUID } from 'node:crypto'
import {
  nameFromArn,
  shortTaskDefinition,
  type ContainerDefinition,
  type EcsApi,
  type ServiceLaunch,
  type ResourceTag,
  type TaskDefinition,
  type TaskInfo
} from '../aws/ecs-api.js'
import { describeLiveService } from '../aws/services.js'
import { loadServiceDefinition } from '../definitions/service-definition.js'
import { asTaskDefinition, chooseContainer } from '../definitions/task-definition.js'
import type { StepContext } from '../core/context.js'
import { recordTouched, type Registration } from '../core/state.js'
import type { TaskHook, TaskHookName } from '../settings/task-hooks.js'
import type { Target } from '../settings/types.js'
import { escapeForLog } from '../util/escape.js'
import { InputError } from '../util/errors.js'
import { logSourceOf } from './log-source.js'
import { runOneOffTask, type OneOffOutcome } from './one-off.js'
import { clientTokenFor, runTaskRequest, startedByFor } from './run-task-request.js'

/** Tells this process's one-off tasks from another run's where no GitHub run id does. */
const PROCESS_NONCE = randomUUID()

export interface HookInput {
  target: Target
  registration: Registration
  /** Every service the release updates: a hook's `service` must be one of them. */
  services: readonly string[]
  /** Told of the running task, so that a cancelled job stops it. */
  onTask?: (task: { cluster: string; taskArn: string } | undefined) => void
}

/** What a hook step reports: the outcome, or nothing in a dry run (the task was not started). */
export type HookResult = { outcome: OneOffOutcome; taskId: string; container: string } | undefined

/**
 * Runs the target's `before-deploy` or `after-deploy` task with the newly registered revision,
 * beside the service: its network, launch settings and tags. The step decides what a failure
 * means (before-deploy: nothing is deployed; after-deploy: like a failed verify).
 */
export async function runTaskHook(
  { settings, plan, services, state }: StepContext,
  name: TaskHookName,
  hook: TaskHook,
  { target, registration, services: released, onTask }: HookInput
): Promise<HookResult> {
  assertHookService(hook, target.environment, released)
  const ecs = services.aws.ecs()
  const definition = await revisionDefinition(ecs, registration)
  const container = hookContainer(hook, target, definition)
  const { launch, serviceTags } = await serviceLaunch(ecs, services.env, target)
  const request = runTaskRequest({
    cluster: target.cluster,
    taskDefinitionArn: registration.taskDefinitionArn,
    container,
    command: hook.command,
    launch,
    serviceTags,
    startedBy: startedByFor(name, services.env)
  })
  if (plan.dryRun) {
    await ecs.runTask(request)
    return undefined
  }
  const containerDefinition: ContainerDefinition | undefined =
    definition?.containerDefinitions.find(c => c.name === container)
  const outcome = await runOneOffTask(
    { ecs, logs: services.aws.logs(), clock: services.clock, logger: services.logger },
    {
      label: name,
      request: { ...request, clientToken: clientTokenOf(name, target, registration, services.env) },
      container,
      logSource: taskId => logSourceOf(containerDefinition, taskId),
      timeoutSeconds: hook.timeoutSeconds,
      pollIntervalSeconds: settings.pollIntervalSeconds,
      onTask
    }
  )
  const taskId = nameFromArn(outcome.task.arn)
  recordTouched(state, {
    kind: 'task',
    name: `${name} ${taskId}`,
    before: '',
    after: registration.taskDefinitionArn,
    note: outcome.kind
  })
  return { outcome, taskId, container }
}

/** The RunTask client token of this hook of this release (the dry run sends none). */
function clientTokenOf(
  hook: TaskHookName,
  target: Target,
  registration: Registration,
  env: NodeJS.ProcessEnv
): string {
  return clientTokenFor(
    {
      hook,
      cluster: target.cluster,
      service: target.service,
      taskDefinitionArn: registration.taskDefinitionArn,
      processNonce: PROCESS_NONCE
    },
    env
  )
}

/** A hook runs beside one of the services the release updates, never another one. */
export function assertHookService(
  hook: TaskHook,
  environment: string,
  released: readonly string[]
): void {
  if (hook.service !== undefined && !released.includes(hook.service)) {
    throw new InputError(
      `${hook.where}.service`,
      `is "${hook.service}", but environment ${environment} releases ${released.join(', ')}`,
      `Set it to one of those, or remove it to use the first (${released[0]}).`
    )
  }
}

/** The registered revision (in a dry run, not registered: the live one stands in for it). */
async function revisionDefinition(
  ecs: EcsApi,
  registration: Registration
): Promise<TaskDefinition | undefined> {
  const ref = registration.predicted
    ? registration.previousTaskDefinitionArn
    : registration.taskDefinitionArn
  if (!ref) return undefined
  const described = await ecs.describeTaskDefinition(ref)
  return asTaskDefinition(described.definition, `task definition ${described.arn}`)
}

function hookContainer(
  hook: TaskHook,
  target: Target,
  definition: TaskDefinition | undefined
): string {
  const wanted = hook.container ?? target.container
  if (!definition) {
    if (wanted) return wanted
    throw new InputError(
      `${hook.where}.container`,
      'is not set and the revision to run is not known yet (dry-run of a new service)',
      'Set container for the task, or container-name for the environment.'
    )
  }
  if (hook.container !== undefined) {
    assertHookContainer(
      hook,
      definition,
      shortTaskDefinition(String(definition.taskDefinitionArn ?? definition.family))
    )
    return hook.container
  }
  return chooseContainer(definition, target.container, `task definition ${definition.family}`)
}

/**
 * A hook that names its container runs in that container of the released revision: it must be
 * there (preflight checks it against the file or the live revision, before anything runs).
 */
export function assertHookContainer(
  hook: TaskHook,
  definition: TaskDefinition,
  described: string
): void {
  if (hook.container === undefined) return
  const names = definition.containerDefinitions.map(container => container.name)
  if (!names.includes(hook.container))
    throw new InputError(
      `${hook.where}.container`,
      `there is no container "${escapeForLog(hook.container)}" in ${described} (it has ${names.map(n => `"${escapeForLog(n)}"`).join(', ')})`,
      'Set container to one of those, or remove it to use the release container.'
    )
}

/** The hooks of a release that run beside `service` (a hook's `service`, else the first). */
export function hooksBeside(
  service: string,
  targets: readonly Pick<Target, 'service' | 'beforeDeploy' | 'afterDeploy'>[]
): TaskHook[] {
  const first = targets[0]
  if (!first) return []
  return [first.beforeDeploy, first.afterDeploy].filter(
    (hook): hook is TaskHook => hook !== undefined && (hook.service ?? first.service) === service
  )
}

/** The live service's launch settings, or those of the service definition deploy creates it from. */
async function serviceLaunch(
  ecs: EcsApi,
  env: NodeJS.ProcessEnv,
  target: Target
): Promise<{ launch: ServiceLaunch; serviceTags: ResourceTag[] }> {
  const live = await describeLiveService(ecs, target.cluster, target.service)
  if (live) {
    const launch = live.launch ?? {}
    const serviceTags =
      launch.propagateTags === 'SERVICE' && live.arn ? await ecs.listTags(live.arn) : []
    return { launch, serviceTags }
  }
  const file = loadServiceDefinition(target, env) as ServiceLaunch & { tags?: ResourceTag[] }
  return {
    launch: {
      launchType: file.launchType,
      capacityProviderStrategy: file.capacityProviderStrategy,
      platformVersion: file.platformVersion,
      networkConfiguration: file.networkConfiguration,
      propagateTags: file.propagateTags,
      enableECSManagedTags: file.enableECSManagedTags
    },
    serviceTags: file.tags ?? []
  }
}

/** `task 1a2b: container web exit code 3; EssentialContainerExited: Essential container in task exited`. */
export function describeTaskEnd(task: TaskInfo, container: string): string {
  const exit = task.containers.find(c => c.name === container)?.exitCode
  const reason = [task.stopCode, task.stoppedReason].filter(Boolean).join(': ')
  return `task ${nameFromArn(task.arn)}: container ${container} ${exit === undefined ? 'has no exit code' : `exit code ${exit}`}${reason ? `; ${escapeForLog(reason)}` : ''}`
}

/** The last lines block of a failure message: `Last log lines of container web:` and the lines. */
export function lastLinesBlock(
  container: string,
  lines: readonly string[],
  note: string | undefined
): string {
  if (lines.length === 0) return note ? `\n(${note})` : ''
  return `\nLast log lines of container ${container}:\n${lines.map(line => `  ${escapeForLog(line)}`).join('\n')}`
}
