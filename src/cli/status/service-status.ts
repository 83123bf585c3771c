import type { EcrImageDetail } from '../../aws/ecr-api.js'
import {
  primaryDeployment,
  shortTaskDefinition,
  type RegisteredTaskDefinition,
  type ServiceSnapshot
} from '../../aws/ecs-api.js'
import type { ServiceDeploymentSnapshot } from '../../aws/service-deployment.js'
import { awaitingPauseHook } from '../../rollout/pause-hooks.js'
import type { Target } from '../../settings/types.js'
import { isCommitSha, type ImageReference } from '../image-reference.js'

/** What one environment's service runs now: the rows of `status` and its `--json`. */
export interface ServiceStatus {
  environment: string
  cluster: string
  service: string
  /** false: ECS does not know the service (missingReason says why) or it is not ACTIVE. */
  found: boolean
  missingReason?: string
  serviceStatus?: string
  /** `family:revision` of the PRIMARY deployment. */
  revision?: string
  container?: string
  image?: { reference: string; tag?: string; digest?: string }
  /** The commit the image was built from: its SHA tag, else its OCI revision label. */
  commit?: string
  /** Where `commit` comes from. */
  commitFrom?: 'tag' | 'label'
  rollout?: {
    /** COMPLETED, IN_PROGRESS, FAILED, or UNKNOWN when ECS gives none. */
    state: string
    reason?: string
    inProgress: boolean
    /** The revisions of the other deployments still running (the one being replaced). */
    replacing: string[]
    /**
     * Rolling with early success criteria: ECS declared the deployment COMPLETED while the
     * revisions in `replacing` still drain.
     */
    earlySuccess?: boolean
  }
  /** Its current service deployment waits at a PAUSE hook (answer it with `ecs-flow continue`). */
  paused?: {
    serviceDeployment: string
    stage: string
    hookId: string
    /** ISO 8601. */
    expiresAt?: string
    timeoutAction: string
  }
  running?: number
  desired?: number
  pending?: number
  /** When the PRIMARY deployment started (ISO 8601). */
  since?: string
  /** An Express service: `express`, and where ECS says it answers. */
  kind?: 'express'
  url?: string
  /** Why a part could not be looked up (an ECR permission, an image in another account). */
  notes: string[]
}

export interface ServiceFacts {
  target: Target
  service?: ServiceSnapshot
  missingReason?: string
  taskDefinition?: RegisteredTaskDefinition
  image?: ImageReference
  /** The ECR image the reference names, when it was found. */
  ecrImage?: EcrImageDetail
  /** The commit the image's OCI revision label names (read when no tag is a commit SHA). */
  labelCommit?: string
  /** Its current service deployment, read when the service has PAUSE hooks. */
  serviceDeployment?: ServiceDeploymentSnapshot
  /** Set for an Express service: its endpoint, when it was read. */
  express?: { url?: string }
  notes: string[]
}

/** Pure: the status row of what was looked up. */
export function serviceStatus(facts: ServiceFacts): ServiceStatus {
  const { target, service } = facts
  const base = {
    environment: target.environment,
    cluster: target.cluster,
    service: target.service,
    ...(facts.express
      ? { kind: 'express' as const, ...(facts.express.url ? { url: facts.express.url } : {}) }
      : {}),
    notes: facts.notes
  }
  if (!service || service.status !== 'ACTIVE')
    return {
      ...base,
      found: false,
      ...(service ? { serviceStatus: service.status } : {}),
      missingReason: service
        ? `the service is ${service.status}`
        : (facts.missingReason ?? 'MISSING')
    }
  const primary = primaryDeployment(service)
  const image = facts.image
  const digest = image?.digest ?? facts.ecrImage?.digest
  const tagCommit = isCommitSha(image?.tag)
    ? image.tag
    : facts.ecrImage?.tags.find(tag => isCommitSha(tag))
  const commit = tagCommit ?? facts.labelCommit
  const commitFrom = tagCommit ? 'tag' : 'label'
  const others = service.deployments.filter(deployment => deployment !== primary)
  const state = primary?.rolloutState ?? 'UNKNOWN'
  return {
    ...base,
    found: true,
    serviceStatus: service.status,
    revision: shortTaskDefinition(primary?.taskDefinition ?? service.taskDefinition),
    ...(facts.taskDefinition && image ? { container: containerOf(facts) } : {}),
    ...(image
      ? {
          image: {
            reference: image.reference,
            ...(image.tag ? { tag: image.tag } : {}),
            ...(digest ? { digest } : {})
          }
        }
      : {}),
    ...(commit ? { commit, commitFrom } : {}),
    rollout: {
      state,
      ...(primary?.rolloutStateReason ? { reason: primary.rolloutStateReason } : {}),
      inProgress: state === 'IN_PROGRESS' || others.length > 0,
      replacing: others.map(deployment => shortTaskDefinition(deployment.taskDefinition)),
      ...(service.earlySuccess && state === 'COMPLETED' && others.length > 0
        ? { earlySuccess: true }
        : {})
    },
    ...pausedOf(facts.serviceDeployment),
    running: service.runningCount,
    desired: service.desiredCount,
    pending: service.pendingCount,
    ...(primary?.createdAt !== undefined
      ? { since: new Date(primary.createdAt).toISOString() }
      : {})
  }
}

/** The container `status` reports: the target's, else the first with an image. */
export function chosenContainer(
  definition: RegisteredTaskDefinition,
  container: string | undefined
): { name: string; image?: string } | undefined {
  const containers = definition.definition.containerDefinitions
  return container
    ? containers.find(candidate => candidate.name === container)
    : containers.find(candidate => typeof candidate.image === 'string')
}

function containerOf(facts: ServiceFacts): string | undefined {
  return facts.taskDefinition
    ? chosenContainer(facts.taskDefinition, facts.target.container)?.name
    : undefined
}

/** The PAUSE hook an IN_PROGRESS service deployment awaits action at, if any. */
function pausedOf(deployment: ServiceDeploymentSnapshot | undefined): Partial<ServiceStatus> {
  const awaiting = deployment?.status === 'IN_PROGRESS' ? awaitingPauseHook(deployment) : undefined
  if (!deployment || !awaiting) return {}
  const { hook, stage } = awaiting
  return {
    paused: {
      serviceDeployment: deployment.arn,
      stage,
      hookId: hook.hookId,
      ...(hook.expiresAt !== undefined
        ? { expiresAt: new Date(hook.expiresAt).toISOString() }
        : {}),
      timeoutAction: hook.timeoutAction
    }
  }
}
