import { nameFromArn, type EcsApi } from '../aws/ecs-api.js'
import { findRollbackTarget } from '../aws/rollback-target.js'
import { currentTaskDefinition } from '../aws/services.js'
import type { ConfigFile, Target } from '../settings/types.js'
import type { ProtectedRevision } from './select.js'

const DESCRIBE_SERVICES_LIMIT = 10

/**
 * Every revision keep-revisions must leave standing, with why: the one the release deployed,
 * the one a rollback would return to, and every revision any deployment of a service runs —
 * each service of the released cluster and each environment's service in the config file
 * (one family often serves dev, staging and production), and the revision each environment's
 * service would roll back to (its last completed deployment before the current one). A
 * service that cannot be described
 * fails the whole cleanup: a revision it may run is never deregistered on a guess.
 */
export async function protectedRevisions(
  ecs: EcsApi,
  target: Target,
  config: ConfigFile,
  release: { deployed: string; rollbackTarget?: string }
): Promise<ProtectedRevision[]> {
  const found: ProtectedRevision[] = [
    { arn: release.deployed, reason: `deployed now on service ${target.service}` }
  ]
  if (release.rollbackTarget)
    found.push({
      arn: release.rollbackTarget,
      reason: `the rollback target of service ${target.service}`
    })

  const byCluster = new Map<string, Set<string>>()
  const add = (cluster: string, service: string) => {
    const names = byCluster.get(cluster) ?? new Set<string>()
    names.add(service)
    byCluster.set(cluster, names)
  }
  for (const arn of await ecs.listServices(target.cluster)) add(target.cluster, nameFromArn(arn))
  const environments = new Set<string>()
  for (const env of Object.values(config.environments))
    if (env.cluster && env.service) {
      add(env.cluster, env.service)
      environments.add(`${env.cluster}/${env.service}`)
    }

  for (const [cluster, names] of byCluster) {
    const list = [...names]
    for (let i = 0; i < list.length; i += DESCRIBE_SERVICES_LIMIT) {
      const { services } = await ecs.describeServices(
        cluster,
        list.slice(i, i + DESCRIBE_SERVICES_LIMIT)
      )
      for (const service of services) {
        const running = new Set([
          ...(service.taskDefinition ? [service.taskDefinition] : []),
          ...service.deployments.map(deployment => deployment.taskDefinition)
        ])
        for (const arn of running)
          if (arn)
            found.push({ arn, reason: `runs on service ${service.name} in cluster ${cluster}` })
        const current = currentTaskDefinition(service)
        const released = cluster === target.cluster && service.name === target.service
        if (current && !released && environments.has(`${cluster}/${service.name}`)) {
          const back = await findRollbackTarget(ecs, cluster, service, current)
          if (back.target)
            found.push({
              arn: back.target.taskDefinitionArn,
              reason: `the rollback target of service ${service.name} in cluster ${cluster}`
            })
        }
      }
    }
  }
  return found
}
