import type { EcrApi, EcrImageDetail } from '../../aws/ecr-api.js'
import { primaryDeployment, type EcsApi, type RegisteredTaskDefinition } from '../../aws/ecs-api.js'
import { resolveTargets } from '../../plan/target.js'
import type { Settings, Target } from '../../settings/types.js'
import { InputError, errorMessage } from '../../util/errors.js'
import { isCommitSha, isEcrImage, parseImageReference } from '../image-reference.js'
import { readRevisionLabel, type RevisionLookup } from './image-revision.js'
import {
  chosenContainer,
  serviceStatus,
  type ServiceFacts,
  type ServiceStatus
} from './service-status.js'

/** How long one image config download may take. */
const LABEL_TIMEOUT_MS = 10_000

/**
 * The targets `status` looks at: every environment of the config file (or the one named), or
 * the inputs' cluster and service when there is no config file.
 */
export function statusTargets(settings: Settings, only: string | undefined): Target[] {
  const defined = Object.keys(settings.config.environments)
  // Every service of an environment with several.
  if (only !== undefined) return resolveTargets(settings, only)
  if (defined.length > 0) return defined.flatMap(name => resolveTargets(settings, name))
  if (settings.cluster && settings.service) return resolveTargets(settings, 'default')
  throw new InputError(
    settings.config.path ?? '--config',
    settings.config.path ? 'defines no environments' : 'no config file was found',
    'Give --config FILE with environments, or --cluster and --service.'
  )
}

/**
 * Looks everything up, read-only: one DescribeServices per cluster (the adapter batches ten
 * services a call), each revision's task definition once, each ECR repository's images once;
 * for an image no SHA tag names, its OCI revision label (once per image).
 */
export async function collectStatus(
  targets: readonly Target[],
  aws: {
    ecs: EcsApi
    ecr: EcrApi
    fetch: typeof fetch
    labelTimeoutMs?: number
    /** The ARN of an Express service a target names (a name needs the account). */
    expressArn?: (target: Target) => Promise<string>
  }
): Promise<ServiceStatus[]> {
  const lookup: RevisionLookup = {
    ecr: aws.ecr,
    fetch: aws.fetch,
    timeoutMs: aws.labelTimeoutMs ?? LABEL_TIMEOUT_MS
  }
  const labels = new Map<string, ReturnType<typeof readRevisionLabel>>()
  const byCluster = new Map<string, Target[]>()
  for (const target of targets)
    byCluster.set(target.cluster, [...(byCluster.get(target.cluster) ?? []), target])

  const definitions = new Map<string, Promise<RegisteredTaskDefinition>>()
  const repositories = new Map<string, Promise<EcrImageDetail[]>>()
  const facts = new Map<Target, ServiceFacts>()
  for (const [cluster, members] of byCluster) {
    const names = [...new Set(members.map(target => target.service))]
    const answer = await aws.ecs.describeServices(cluster, names)
    for (const target of members) {
      const notes: string[] = []
      const service = answer.services.find(found => found.name === target.service)
      const missing = answer.missing.find(entry => entry.service === target.service)
      const fact: ServiceFacts = {
        target,
        ...(service ? { service } : {}),
        ...(missing ? { missingReason: missing.reason } : {}),
        notes
      }
      facts.set(target, fact)
      // Only a service with PAUSE hooks can be waiting at one: one read more for it alone.
      if (service?.pauseStages?.length && service.currentServiceDeployment)
        try {
          const current = await aws.ecs.describeServiceDeployment(service.currentServiceDeployment)
          if (current) fact.serviceDeployment = current
        } catch (error) {
          notes.push(`service deployment not read: ${errorMessage(error)}`)
        }
      if (target.expressService !== undefined) await readExpress(aws, target, fact)
      const revision = service
        ? (primaryDeployment(service)?.taskDefinition ?? service.taskDefinition)
        : undefined
      if (!service || service.status !== 'ACTIVE' || !revision) continue
      try {
        if (!definitions.has(revision))
          definitions.set(revision, aws.ecs.describeTaskDefinition(revision))
        fact.taskDefinition = await definitions.get(revision)!
      } catch (error) {
        notes.push(`task definition not read: ${errorMessage(error)}`)
        continue
      }
      const image = chosenContainer(fact.taskDefinition, target.container)?.image
      if (!image) {
        notes.push(
          target.container
            ? `no container ${target.container} in ${revision}`
            : 'no container with an image'
        )
        continue
      }
      fact.image = parseImageReference(image)
      if (!isEcrImage(fact.image)) continue
      const repository = fact.image.repository
      try {
        if (!repositories.has(repository))
          repositories.set(repository, aws.ecr.listImages(repository))
        const images = await repositories.get(repository)!
        const { tag, digest } = fact.image
        const found = images.find(candidate =>
          digest ? candidate.digest === digest : tag !== undefined && candidate.tags.includes(tag)
        )
        if (found) fact.ecrImage = found
        else notes.push(`image not found in ECR repository ${repository}`)
      } catch (error) {
        notes.push(`ECR repository ${repository} not read: ${errorMessage(error)}`)
      }
      if (fact.ecrImage && !taggedWithCommit(fact.image.tag, fact.ecrImage)) {
        const key = `${repository}@${fact.ecrImage.digest}`
        if (!labels.has(key))
          labels.set(key, readRevisionLabel(lookup, repository, fact.ecrImage.digest))
        try {
          const label = await labels.get(key)!
          if ('commit' in label) fact.labelCommit = label.commit
          else notes.push(label.note)
        } catch (error) {
          notes.push(`revision label not read: ${errorMessage(error)}`)
        }
      }
    }
  }
  return targets.map(target => serviceStatus(facts.get(target)!))
}

/** An Express service's endpoint, as DescribeExpressGatewayService shows it. */
async function readExpress(
  aws: Pick<Parameters<typeof collectStatus>[1], 'ecs' | 'expressArn'>,
  target: Target,
  fact: ServiceFacts
): Promise<void> {
  fact.express = {}
  try {
    const arn = aws.expressArn ? await aws.expressArn(target) : target.expressService!
    const found = await aws.ecs.describeExpressService(arn)
    if (!found) fact.notes.push(`Express service ${arn} not found`)
    else fact.express.url = found.endpoint
  } catch (error) {
    fact.notes.push(`Express service not read: ${errorMessage(error)}`)
  }
}

/** Whether a SHA tag (the reference's, or another tag of the same image) names the commit. */
function taggedWithCommit(tag: string | undefined, image: EcrImageDetail): boolean {
  return isCommitSha(tag) || image.tags.some(other => isCommitSha(other))
}
