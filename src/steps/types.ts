import type { EcrRepository } from '../aws/ecr-api.js'
import type { AwsServices } from '../aws/index.js'
import type { Plan, StepName } from '../plan/plan.js'
import type { Settings } from '../settings/types.js'
import type { Clock } from '../util/clock.js'
import type { CommandRunner } from '../util/exec.js'
import type { Logger } from '../util/logger.js'
import type { RunnerHooks } from '../util/runner-hooks.js'

export type Result =
  | 'tested'
  | 'published'
  | 'deployed'
  | 'unchanged'
  | 'failed'
  | 'rolled-back'
  | 'planned'
  | 'skipped'

/** What the release has produced so far; reported as outputs even when a later step fails. */
export interface ReleaseState {
  image?: string
  taskDefinitionArn?: string
  previousTaskDefinitionArn?: string
  deploymentId?: string
  /** The deployment ecs-flow started to put the previous revision back, after a failure. */
  rollbackDeploymentId?: string
  /** The URL verify checks (verify-url, or the load balancer's address + verify-path). */
  serviceUrl?: string
  /** The task definition was equal to the live one and was reused. */
  unchanged?: boolean
  result?: Result
  steps: StepRecord[]
  /** Handed from dockerize to push. */
  imageBuild?: ImageBuild
  /** What the rollout watcher saw, for the job summary. */
  rollout?: RolloutJournal
  /** Registries `docker login` ran for; the post step logs out of them. */
  registryLogins?: string[]
}

export interface TimelineEntry {
  /** Milliseconds since the epoch. */
  at: number
  what: string
}

/** The rollout as the watcher saw it: when things changed, and the service events it printed. */
export interface RolloutJournal {
  timeline: TimelineEntry[]
  events: string[]
}

/** What dockerize leaves for push. */
export interface ImageBuild {
  repository: EcrRepository
  /** Full references: the commit SHA tag (the one pushed) first; extra tags are added through the ECR API. */
  references: string[]
  /** exists: already in ECR, nothing built; built: in the local image store; pushed: buildx pushed it. */
  status: 'exists' | 'built' | 'pushed'
}

export interface StepRecord {
  step: StepName
  startedAt: number
  seconds: number
  outcome: 'success' | 'failure'
  detail?: string
}

/** The world a step may touch; passed in, so steps are tested with fakes and a fake clock. */
export interface Services {
  exec: CommandRunner
  clock: Clock
  logger: Logger
  env: NodeJS.ProcessEnv
  aws: AwsServices
  /** Masking secrets and saving state for the post step; the action's own when absent. */
  runner?: RunnerHooks
}

export interface StepContext {
  settings: Settings
  plan: Plan
  state: ReleaseState
  services: Services
}

export type Step = (context: StepContext) => Promise<void>
