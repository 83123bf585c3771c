import { nameFromArn } from '../aws/ecs-api.js'
import type { ConfigFile, Target } from '../settings/types.js'

/** The services the config file names, cluster by cluster (cluster names, not ARNs). */
export interface ConfiguredServices {
  /** Cluster name → the names of its services the config file (or the release) names. */
  byCluster: Map<string, Set<string>>
  /** `cluster/service` of every environment's service: each one's rollback target is kept too. */
  environments: Set<string>
}

/**
 * Every service of every environment, in both shapes (`service:` and each key of `services:`),
 * with the released target's: one family often serves several environments and services, in
 * clusters of their own. An environment without a cluster takes it from the `cluster` input,
 * as the released target did.
 */
export function configuredServices(target: Target, config: ConfigFile): ConfiguredServices {
  const byCluster = new Map<string, Set<string>>()
  const environments = new Set<string>()
  const add = (clusterRef: string, service: string) => {
    const cluster = nameFromArn(clusterRef)
    const names = byCluster.get(cluster) ?? new Set<string>()
    names.add(service)
    byCluster.set(cluster, names)
    environments.add(`${cluster}/${service}`)
  }
  add(target.cluster, target.service)
  for (const env of Object.values(config.environments)) {
    const cluster = env.cluster ?? target.cluster
    if (env.service) add(cluster, env.service)
    for (const service of Object.keys(env.services ?? {})) add(cluster, service)
  }
  return { byCluster, environments }
}
