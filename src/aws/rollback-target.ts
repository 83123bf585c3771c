import {
  primaryDeployment,
  shortTaskDefinition,
  type EcsApi,
  type ServiceSnapshot
} from './ecs-api.js'
import { errorMessage } from '../util/errors.js'

/** How far back the service's history is searched for a revision that completed. */
const HISTORY_DEPTH = 10

/** The revision a rollback returns to, and how ecs-flow knows it completed. */
export interface RollbackTarget {
  taskDefinitionArn: string
  /** For the log and the summary: where the target came from. */
  why: string
}

/**
 * The newest revision whose deployment COMPLETED on this service, other than `ours`: the PRIMARY
 * when its rollout COMPLETED and nothing else is under way, else from the service deployments
 * ECS keeps (status SUCCESSFUL), falling back to the PRIMARY before the release when there is no
 * history (or it cannot be read) — never a revision that is known not to have completed.
 * Undefined when there is nothing to return to.
 */
export async function findRollbackTarget(
  ecs: Pick<EcsApi, 'listSuccessfulDeployments'>,
  cluster: string,
  service: ServiceSnapshot,
  ours: string
): Promise<{ target?: RollbackTarget; note?: string }> {
  const primary = primaryDeployment(service)
  // The PRIMARY completed and nothing else is under way: it is the newest revision that
  // completed, and the history would only say so again (a read fewer for every release).
  if (
    primary &&
    primary.taskDefinition !== ours &&
    primary.rolloutState === 'COMPLETED' &&
    unfinishedDeployments(service).length === 0
  )
    return {
      target: {
        taskDefinitionArn: primary.taskDefinition,
        why: 'the revision PRIMARY before the release, its rollout COMPLETED'
      }
    }
  let note: string | undefined
  try {
    const completed = await ecs.listSuccessfulDeployments(cluster, service.name, HISTORY_DEPTH)
    const last = completed.find(deployment => deployment.taskDefinition !== ours)
    if (last) {
      return {
        target: {
          taskDefinitionArn: last.taskDefinition,
          why: `the last revision that completed on the service (service deployment ${last.arn.split('/').pop()})`
        }
      }
    }
  } catch (error) {
    // Best effort: older accounts and narrow policies may not have the history.
    note = `the service's deployment history could not be read (${errorMessage(error)})`
  }
  const viaCodeDeploy = codeDeployCompletedRevision(service)
  if (!primary && viaCodeDeploy && viaCodeDeploy !== ours)
    return {
      target: {
        taskDefinitionArn: viaCodeDeploy,
        why: 'the revision CodeDeploy last made primary'
      },
      note
    }
  if (!primary || primary.taskDefinition === ours) return { note }
  if (primary.rolloutState && primary.rolloutState !== 'COMPLETED') {
    return {
      note: `${note ? `${note}; ` : ''}the revision PRIMARY before the release, ${shortTaskDefinition(primary.taskDefinition)}, had not completed (${primary.rolloutState}), so there is no revision known to be good to roll back to`
    }
  }
  return {
    target: {
      taskDefinitionArn: primary.taskDefinition,
      why: 'the revision PRIMARY before the release'
    },
    note
  }
}

/** Deployments other than a completed PRIMARY: another release is under way on the service. */
export function unfinishedDeployments(service: ServiceSnapshot): string[] {
  return service.deployments
    .filter(
      deployment =>
        deployment.status !== 'INACTIVE' &&
        !(
          deployment.status === 'PRIMARY' &&
          (deployment.rolloutState ?? 'COMPLETED') === 'COMPLETED'
        )
    )
    .map(
      deployment =>
        `deployment ${deployment.id} (${shortTaskDefinition(deployment.taskDefinition)}, ${deployment.status}${deployment.rolloutState ? ` ${deployment.rolloutState}` : ''})`
    )
}

/**
 * A CODE_DEPLOY service's revision before the release: CodeDeploy makes a task set primary only
 * once its deployment succeeded, so the one the service runs completed. Undefined while a task
 * set other than the primary one is still there (a deployment under way).
 */
export function codeDeployCompletedRevision(service: ServiceSnapshot): string | undefined {
  if (service.deploymentController !== 'CODE_DEPLOY') return undefined
  const unfinished = service.deployments.some(
    deployment => deployment.status !== 'PRIMARY' && deployment.status !== 'INACTIVE'
  )
  return unfinished ? undefined : service.taskDefinition
}
