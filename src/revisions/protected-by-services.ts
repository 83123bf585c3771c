import { nameFromArn, type EcsApi } from '../aws/ecs-api.js'
import { findRollbackTarget } from '../aws/rollback-target.js'
import { currentTaskDefinition } from '../aws/services.js'
import { escapeForLog } from '../util/escape.js'
import type { ConfiguredServices } from './config-clusters.js'
import { ProtectionReadError, protectionRead } from './read-failure.js'
import type { ProtectedRevision } from './select.js'

const DESCRIBE_SERVICES_LIMIT = 10

/**
 * What the services run and would roll back to: every revision any deployment of each service
 * runs (all services of the released cluster, and every service the config file names, in
 * their clusters), and for each environment's service the revision its rollback would return to
 * (its last completed deployment before the current one). `released` is the service the
 * release just deployed: its rollback target is known already.
 */
export async function protectedByServices(
  ecs: EcsApi,
  configured: ConfiguredServices,
  released: { cluster: string; service: string }
): Promise<ProtectedRevision[]> {
  const found: ProtectedRevision[] = []
  const byCluster = new Map([...configured.byCluster].map(([c, names]) => [c, new Set(names)]))
  const releasedCluster = nameFromArn(released.cluster)
  const listed = await protectionRead(
    `the services of cluster ${releasedCluster} (ListServices)`,
    () => ecs.listServices(releasedCluster)
  )
  const own = byCluster.get(releasedCluster) ?? new Set<string>()
  for (const arn of listed) own.add(nameFromArn(arn))
  byCluster.set(releasedCluster, own)

  for (const [cluster, names] of byCluster) {
    const list = [...names]
    for (let i = 0; i < list.length; i += DESCRIBE_SERVICES_LIMIT) {
      const batch = list.slice(i, i + DESCRIBE_SERVICES_LIMIT)
      const { services } = await protectionRead(
        `service ${batch.join(', ')} in cluster ${cluster} (DescribeServices)`,
        () => ecs.describeServices(cluster, batch)
      )
      for (const service of services) {
        const name = escapeForLog(service.name)
        const running = new Set([
          ...(service.taskDefinition ? [service.taskDefinition] : []),
          ...service.deployments.map(deployment => deployment.taskDefinition)
        ])
        for (const arn of running)
          if (arn) found.push({ arn, reason: `runs on service ${name} in cluster ${cluster}` })
        const current = currentTaskDefinition(service)
        const isReleased = cluster === releasedCluster && service.name === released.service
        if (!current || isReleased || !configured.environments.has(`${cluster}/${service.name}`))
          continue
        const back = await strictRollbackTarget(ecs, cluster, service, current)
        if (back)
          found.push({
            arn: back,
            reason: `the rollback target of service ${name} in cluster ${cluster}`
          })
      }
    }
  }
  return found
}

/**
 * The service's rollback target, but a history that cannot be read is a failed read: the
 * rollback would fall back to a guess, and keep-revisions never deregisters on one.
 */
async function strictRollbackTarget(
  ecs: EcsApi,
  cluster: string,
  service: Parameters<typeof findRollbackTarget>[2],
  current: string
): Promise<string | undefined> {
  const read = `the deployment history of service ${escapeForLog(service.name)} in cluster ${cluster} (ListServiceDeployments)`
  let failure: unknown
  const history = {
    listSuccessfulDeployments: async (c: string, s: string, limit: number) => {
      try {
        return await ecs.listSuccessfulDeployments(c, s, limit)
      } catch (error) {
        failure = error
        throw error
      }
    }
  }
  const back = await findRollbackTarget(history, cluster, service, current)
  if (failure !== undefined) throw new ProtectionReadError(read, failure)
  return back.target?.taskDefinitionArn
}
