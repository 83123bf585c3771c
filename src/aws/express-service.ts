import { regionFrom } from './region.js'
import type { StsApi } from './sts-api.js'

// An ECS Express Mode service in our own small types: what DescribeExpressGatewayService shows
// of it and what UpdateExpressGatewayService sends back.

/** A name and a value, as an Express service's container holds its environment. */
export interface ExpressVariable {
  name: string
  value: string
}

/** A secret by name and the ARN it comes from. */
export interface ExpressSecret {
  name: string
  valueFrom: string
}

/**
 * The primary container of an Express service. ECS replaces it whole on an update: what is not
 * sent is dropped, so an update sends every field it read back.
 */
export interface ExpressContainer {
  image: string
  containerPort?: number
  command?: string[]
  environment?: ExpressVariable[]
  secrets?: ExpressSecret[]
  awsLogsConfiguration?: { logGroup: string; logStreamPrefix: string }
  repositoryCredentials?: { credentialsParameter?: string }
}

/** An Express service as ECS describes it (its newest active configuration). */
export interface ExpressServiceSnapshot {
  arn: string
  name: string
  cluster: string
  /** ACTIVE, DRAINING or INACTIVE. */
  status: string
  /** The revision its newest active configuration runs (ECS registers it). */
  taskDefinitionArn?: string
  container?: ExpressContainer
  /** Where it answers: the first ingress path's endpoint. */
  endpoint?: string
}

/** The name of an Express service from its ARN (`…:service/cluster/name`), or the name given. */
export function expressServiceName(ref: string): string {
  return ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf('/') + 1) : ref
}

/** The cluster an Express service's ARN names; undefined for a name. */
export function expressServiceCluster(ref: string): string | undefined {
  const match = /:service\/([^/]+)\/[^/]+$/.exec(ref)
  return ref.startsWith('arn:') ? match?.[1] : undefined
}

/** The ARN of the Express service `ref` names (a name: in this cluster, region and account). */
export function expressServiceArn(
  ref: string,
  where: { cluster: string; region: string; account: string }
): string {
  if (ref.startsWith('arn:')) return ref
  const cluster = where.cluster.startsWith('arn:')
    ? where.cluster.slice(where.cluster.lastIndexOf('/') + 1)
    : where.cluster
  return `arn:aws:ecs:${where.region}:${where.account}:service/${cluster}/${ref}`
}

/**
 * The ARN of the Express service a target names: given, or built from its name, the
 * environment's cluster, the region and the account (STS GetCallerIdentity, as templates read it).
 */
export async function expressArnOf(
  services: { aws: { sts(): StsApi }; env: NodeJS.ProcessEnv },
  target: { expressService?: string; service: string; cluster: string }
): Promise<string> {
  const ref = target.expressService ?? target.service
  if (ref.startsWith('arn:')) return ref
  return expressServiceArn(ref, {
    cluster: target.cluster,
    region: regionFrom(services.env),
    account: await services.aws.sts().accountId()
  })
}
