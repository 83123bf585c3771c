import type {
  CodeDeploySnapshot,
  EcsDeploymentTarget,
  LifecycleEventInfo
} from '../aws/codedeploy-api.js'
import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { RollbackAdvice } from '../rollout/verdict.js'
import { formatSeconds } from '../util/duration.js'
import { escapeForLog } from '../util/escape.js'
import { ECS_LIFECYCLE_EVENTS, FINAL_EVENT_STATUSES } from './lifecycle.js'

// Where one CodeDeploy deployment of an ECS service stands after one poll: pure, table-tested;
// the poll loop (watch.ts) only acts on it.

/** The CodeDeploy deployment being watched, and how long it may take. */
export interface TrackedCodeDeployment {
  cluster: string
  service: string
  deploymentId: string
  taskDefinitionArn: string
  /** When watching started (ms), and how long it may take. */
  startedAt: number
  timeoutSeconds: number
}

/** One poll: GetDeployment, and the ECS target's lifecycle events once CodeDeploy lists it. */
export interface CodeDeployPoll {
  at: number
  deployment: CodeDeploySnapshot
  target?: EcsDeploymentTarget
}

export type CodeDeployCause =
  'lifecycle-event-failed' | 'deployment-failed' | 'deployment-stopped' | 'timeout'

export type CodeDeployAssessment =
  | { status: 'done'; summary: string }
  | { status: 'in-progress'; progress: string }
  | {
      status: 'failed'
      cause: CodeDeployCause
      message: string
      /** codedeploy: CodeDeploy rolled back itself; ours: ecs-flow's way back applies; none: hands off. */
      rollback: RollbackAdvice
      /** The lifecycle event it failed in, when CodeDeploy names one. */
      lifecycleEvent?: string
    }

export function assessCodeDeployment(
  poll: CodeDeployPoll,
  tracked: TrackedCodeDeployment
): CodeDeployAssessment {
  const { deployment, target } = poll
  const subject = `CodeDeploy deployment ${escapeForLog(tracked.deploymentId)} of service ${tracked.service} in cluster ${tracked.cluster}`
  const revision = shortTaskDefinition(tracked.taskDefinitionArn)
  const events = target?.lifecycleEvents ?? []
  if (deployment.status === 'Succeeded')
    return {
      status: 'done',
      summary: `${subject} Succeeded: ${revision} serves the production traffic`
    }
  if (deployment.status === 'Failed' || deployment.status === 'Stopped') {
    const failedEvent = events.find(event => event.status === 'Failed')
    const where = failedEvent ? ` at lifecycle event ${escapeForLog(failedEvent.name)}` : ''
    const reasons = [errorText(deployment.error), failedEvent && diagnosticsText(failedEvent)]
      .filter((reason): reason is string => Boolean(reason))
      .join('; ')
    const rolledBack = deployment.rollback?.deploymentId
    const manualStop = deployment.error?.code === 'MANUAL_STOP'
    const after = rolledBack
      ? `; CodeDeploy rolled back (rollback deployment ${escapeForLog(rolledBack)}${deployment.rollback?.message ? `: ${escapeForLog(deployment.rollback.message)}` : ''})`
      : manualStop
        ? '; someone stopped it, so ecs-flow leaves the service as it is'
        : ''
    return {
      status: 'failed',
      cause: failedEvent
        ? 'lifecycle-event-failed'
        : deployment.status === 'Stopped'
          ? 'deployment-stopped'
          : 'deployment-failed',
      message: `${subject} ${deployment.status}${where}${reasons ? `: ${reasons}` : ''}${after}`,
      rollback: rolledBack ? 'codedeploy' : manualStop ? 'none' : 'ours',
      ...(failedEvent ? { lifecycleEvent: failedEvent.name } : {})
    }
  }
  const elapsed = (poll.at - tracked.startedAt) / 1000
  const now = currentEvent(events)
  if (elapsed >= tracked.timeoutSeconds)
    return {
      status: 'failed',
      cause: 'timeout',
      message: `${subject} did not finish within ${formatSeconds(tracked.timeoutSeconds)} (input timeout): it is ${deployment.status}${now ? `, lifecycle event ${escapeForLog(now.name)} ${now.status}` : ''}`,
      rollback: 'ours',
      ...(now ? { lifecycleEvent: now.name } : {})
    }
  return { status: 'in-progress', progress: progressText(deployment, events, now) }
}

/**
 * Pure: the lifecycle events that reached a final status (Succeeded, Failed, Skipped) and are
 * not in `printed`, in lifecycle order, each with the line to print once.
 */
export function finishedLifecycleEvents(
  target: EcsDeploymentTarget | undefined,
  printed: ReadonlySet<string>
): { name: string; line: string; succeeded: boolean; endedAt?: number }[] {
  return inLifecycleOrder(target?.lifecycleEvents ?? [])
    .filter(event => FINAL_EVENT_STATUSES.has(event.status) && !printed.has(event.name))
    .map(event => {
      const took =
        event.startedAt !== undefined && event.endedAt !== undefined
          ? ` after ${formatSeconds((event.endedAt - event.startedAt) / 1000)}`
          : ''
      const why = event.status === 'Failed' ? diagnosticsText(event) : undefined
      return {
        name: event.name,
        succeeded: event.status === 'Succeeded',
        endedAt: event.endedAt,
        line: `lifecycle event ${escapeForLog(event.name)} ${event.status}${took}${why ? `: ${why}` : ''}`
      }
    })
}

function progressText(
  deployment: CodeDeploySnapshot,
  events: readonly LifecycleEventInfo[],
  now: LifecycleEventInfo | undefined
): string {
  const done = events.filter(event => FINAL_EVENT_STATUSES.has(event.status)).length
  const count = events.length > 0 ? ` (${done}/${events.length} lifecycle events done)` : ''
  if (deployment.status === 'Ready')
    return `CodeDeploy deployment Ready: the replacement task set waits for traffic to be rerouted (ContinueDeployment)${count}`
  if (deployment.status === 'Baking')
    return `CodeDeploy deployment Baking: production traffic is on the replacement task set; CodeDeploy waits before it terminates the original one${count}`
  const at = now ? `, now ${escapeForLog(now.name)} (${now.status})` : ''
  return `CodeDeploy deployment ${escapeForLog(deployment.status)}${at}${count}`
}

/** The first event not yet finished (in progress, else pending). */
function currentEvent(events: readonly LifecycleEventInfo[]): LifecycleEventInfo | undefined {
  const ordered = inLifecycleOrder(events)
  return (
    ordered.find(event => event.status === 'InProgress') ??
    ordered.find(event => !FINAL_EVENT_STATUSES.has(event.status))
  )
}

/** ECS's lifecycle order; events CodeDeploy may add later keep their place at the end. */
function inLifecycleOrder(events: readonly LifecycleEventInfo[]): LifecycleEventInfo[] {
  const rank = (name: string) => {
    const index = (ECS_LIFECYCLE_EVENTS as readonly string[]).indexOf(name)
    return index === -1 ? ECS_LIFECYCLE_EVENTS.length : index
  }
  return [...events].sort((a, b) => rank(a.name) - rank(b.name))
}

function errorText(error: CodeDeploySnapshot['error']): string | undefined {
  if (!error?.code && !error?.message) return undefined
  return escapeForLog([error.code, error.message].filter(Boolean).join(': '))
}

function diagnosticsText(event: LifecycleEventInfo): string | undefined {
  const said = event.diagnostics
  if (!said) return undefined
  const parts = [
    said.errorCode && said.errorCode !== 'Success' ? said.errorCode : undefined,
    said.scriptName ? `hook ${said.scriptName}` : undefined,
    said.message,
    said.logTail ? `log: ${said.logTail.trim().split('\n').slice(-3).join(' / ')}` : undefined
  ].filter(Boolean)
  return parts.length > 0 ? escapeForLog(parts.join(': ')) : undefined
}
