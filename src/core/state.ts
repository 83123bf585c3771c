import type { ExpressContainer } from '../aws/express-service.js'
import type { EcrRepository } from '../aws/ecr-api.js'
import type { ServiceLoadBalancer } from '../aws/ecs-api.js'
import type { RollbackTarget } from '../aws/rollback-target.js'
import type { StepName } from '../plan/plan.js'
import type { TimingsJournal } from './timings.js'
import type { Target } from '../settings/types.js'
import type { ScheduledTaskRef } from '../settings/scheduled-task-refs.js'

export type Result =
  | 'tested'
  | 'published'
  | 'deployed'
  | 'unchanged'
  | 'failed'
  | 'rolled-back'
  | 'paused'
  | 'planned'
  | 'skipped'

/** The image a release runs, as the step that produced it (push, resolve, or the input) knew it. */
export interface ReleaseImage {
  /** The reference register puts in the task definition: by digest wherever the digest is known. */
  reference: string
  digest?: string
  /** The ECR repository's URI, for images that live in ECR. */
  repositoryUri?: string
  /** The commit SHA tag, for images ecs-flow built or found by commit. */
  shaTag?: string
  /** Tags pointed at the image besides the SHA tag (the input tags, or the release tag). */
  extraTags: string[]
}

/** What dockerize leaves for push. */
export interface ImageBuild {
  repository: EcrRepository
  shaTag: string
  /** The tags besides the SHA tag; push points them at the pushed image through the ECR API. */
  extraTags: string[]
  /** exists: already in ECR (digest known), nothing built; built: in the local image store; pushed: buildx pushed it. */
  status: { kind: 'exists'; digest: string } | { kind: 'built' } | { kind: 'pushed' }
}

/** What register produced. */
export interface Registration {
  taskDefinitionArn: string
  /** The revision PRIMARY on the service before the release; absent when the service does not exist. */
  previousTaskDefinitionArn?: string
  serviceExists: boolean
  /** The rendered definition equalled the live one, which is reused. */
  unchanged: boolean
  /** What the new revision changes against the live one (names only for variables and secrets). */
  changes: string[]
  /** Where a rollback of this release returns to: the last revision that completed. */
  rollbackTarget?: RollbackTarget
  /** Dry-run: the revision was not registered; its ARN is a prediction. */
  predicted: boolean
  /** Set for a CODE_DEPLOY service: what a CodeDeploy deployment of it needs. */
  codeDeployService?: CodeDeployService
  /**
   * Where the service answers, as ECS says (an Express service's endpoint): verify-path is
   * appended to it instead of looking up a load balancer.
   */
  serviceUrl?: string
  /** Set for an Express service: what deploy sends and a rollback sends back. */
  expressService?: ExpressRelease
}

/**
 * An Express service's release: its ARN and the whole primary container deploy sends (ECS
 * replaces it whole), and the one it had.
 */
export interface ExpressRelease {
  arn: string
  container: ExpressContainer
  previousContainer: ExpressContainer
}

/** A CODE_DEPLOY service as register read it: its ARN and load balancers (container, port). */
export interface CodeDeployService {
  arn?: string
  loadBalancers: ServiceLoadBalancer[]
}

/** The application and deployment group a CODE_DEPLOY service is deployed through. */
export interface CodeDeployNames {
  application: string
  deploymentGroup: string
}

/** What deploy started. */
export interface StartedDeployment {
  id: string
  taskDefinitionArn: string
  /** deploy created the service (it did not exist). */
  createdService: boolean
  /** A CODE_DEPLOY service: `id` is a CodeDeploy deployment in this application and group. */
  codeDeploy?: CodeDeployNames
  /** The service's deployment strategy as UpdateService answered (ROLLING, BLUE_GREEN, …; absent: rolling). */
  strategy?: string
  /** Its deployment controller as UpdateService answered (ECS, CODE_DEPLOY, …). */
  deploymentController?: string
  /** The service's current service deployment in UpdateService's answer: the one it started. */
  serviceDeploymentArn?: string
  /** Blue/green, linear and canary: how long ECS bakes the new revision. */
  bakeTimeInMinutes?: number
  /** The deployment strategy (src/strategies/) that started it, watches and rolls it back. */
  via?: string
}

/** The deployment ecs-flow started to put a previous revision back, after a failure. */
export interface RollbackRecord {
  deploymentId: string
  taskDefinitionArn: string
}

/** One service of the release and what the release did to it. */
export interface ServiceRelease {
  target: Target
  registration?: Registration
  /** deploy has sent (or is sending) its UpdateService or CreateService. */
  deploying?: boolean
  deployment?: StartedDeployment
  rollback?: RollbackRecord
  /** What ECS runs, read back when the release failed or was cancelled after deploy started. */
  live?: LiveRevision
}

/**
 * The revision a service runs as read back from ECS (its PRIMARY deployment's or task set's) and
 * the others it still runs or is deploying beside it; or why it could not be read.
 */
export type LiveRevision = { taskDefinitionArn: string; alongside: string[] } | { unknown: string }

/**
 * What the release has produced so far, one typed field per hand-off, stored by the executor
 * from what each step returned; reported as outputs even when a later step fails.
 */
export interface ReleaseState {
  steps: StepRecord[]
  /**
   * How each existing service deploys, as preflight read it (`cluster/service` → strategy
   * name): chosen once, confirmed by deploy's answer.
   */
  chosenStrategies?: Record<string, string>
  image?: ReleaseImage
  /** Every service of the release, in the plan's order; one service is a list of one. */
  services?: ServiceRelease[]
  /** The URL verify checks (verify-url, or the load balancer's address + verify-path). */
  serviceUrl?: string
  /** What the rollout watcher saw, for the job summary. */
  rollout?: RolloutJournal
  /** Blue/green, linear and canary service deployments followed by lifecycle stage. */
  stages?: StageJournal[]
  /** Where each service's rollout spent its time, and the advice that follows (wait). */
  timings?: TimingsJournal
  /** The before-deploy or after-deploy task running now: a cancelled job stops it. */
  oneOffTask?: { cluster: string; taskArn: string }
  /** Registries `docker login` ran for; the post step logs out of them. */
  registryLogins?: string[]
  /** The scheduled-task targets the release moved, to move back on rollback and report. */
  scheduledTargets?: MovedTargets
  /**
   * Targets of other kinds the release touched (one-off tasks, and any kind added later), each
   * appended once by the step that touched it (`recordTouched`). Services and scheduled tasks
   * are read from their own fields; the report lists all of them as one record.
   */
  touched?: TouchedTarget[]
  /** What keep-revisions deregistered (and deleted), kept or could not do. */
  revisionCleanup?: RevisionCleanupReport
  /** Set once, by main, from releaseResult(). */
  result?: Result
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

/** One blue/green, linear or canary service deployment as the stage watcher followed it. */
export interface StageJournal {
  cluster: string
  service: string
  /** The release's own deployment, or the one a rollback by UpdateService started. */
  purpose: 'release' | 'rollback'
  /** Known once the watcher confirmed it deploys our revision. */
  serviceDeploymentArn?: string
  /** Each stage once, when ECS entered it (ms); `between`: passed between two polls, by `at`. */
  stages: { stage: string; at: number; between?: boolean }[]
  /** Verify ran, and passed, during BAKE_TIME: not again after SUCCESSFUL. */
  verifiedAtBake?: boolean
  /** A cancelled job asks ECS to roll back (rollback: true). */
  rollbackOnCancel: boolean
  /** ecs-flow asked ECS to roll it back (StopServiceDeployment ROLLBACK), why, and when. */
  rollbackRequested?: { at: number; why: string }
  /** The PAUSE hooks it stopped at, and who or what answered each (absent: unanswered). */
  pauses?: PauseRecord[]
  end?:
    | { at: number; status: 'successful' | 'traffic-shifted' }
    /** wait-until named a lifecycle stage and the deployment reached it (`now`: ECS's stage then). */
    | { at: number; status: 'stage-reached'; stage: string; now: string }
    | { at: number; status: 'failed'; failedIn?: string; reason: string }
    | { at: number; status: 'rolled-back' | 'rollback-failed' }
    /** on-pause approve: the job ends at this PAUSE hook; a later job answers it. */
    | {
        at: number
        status: 'paused'
        stage: string
        hookId: string
        expiresAt?: number
        timeoutAction: string
      }
}

/** One PAUSE hook as the watch met it, and its answer: by whom, which action, when. */
export interface PauseRecord {
  hookId: string
  stage: string
  at: number
  /** verify, on-pause continue, ECS's timeout action, or the continue job (actor and run URL). */
  answeredBy?: string
  /** The continue job's run (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID). */
  runUrl?: string
  action?: string
  answeredAt?: number
}

/** The services of the release whose watch ended at a PAUSE hook (on-pause approve). */
export function pausedServices(state: ReleaseState): StageJournal[] {
  return (state.stages ?? []).filter(
    journal => journal.purpose === 'release' && journal.end?.status === 'paused'
  )
}

/**
 * The stage journal of one service deployment, started on first use. The release's own is
 * started once: the continue job's journal (the pause it answered) is the watch's too.
 */
export function stageJournalOf(
  state: ReleaseState,
  entry: Omit<StageJournal, 'stages'>
): StageJournal {
  const started = entry.purpose === 'release' ? releaseStages(state, entry.service) : undefined
  if (started && !started.end && started.cluster === entry.cluster) return started
  const journal: StageJournal = { ...entry, stages: [] }
  state.stages = [...(state.stages ?? []), journal]
  return journal
}

/** The journal of the release's own service deployment of `service`, if it is staged. */
export function releaseStages(state: ReleaseState, service: string): StageJournal | undefined {
  return state.stages?.find(entry => entry.purpose === 'release' && entry.service === service)
}

export interface StepRecord {
  step: StepName
  startedAt: number
  seconds: number
  outcome: 'running' | 'success' | 'failure' | 'cancelled'
  detail?: string
}

export function newReleaseState(): ReleaseState {
  return { steps: [], services: [] }
}

/** The release's rollout journal, started on first use. */
export function journalOf(state: ReleaseState): RolloutJournal {
  state.rollout ??= { timeline: [], events: [] }
  return state.rollout
}

/** The step that failed, as the executor recorded it. */
export function failedStep(state: ReleaseState): StepName | undefined {
  return state.steps.find(record => record.outcome === 'failure')?.step
}

/** One ECS target of a rule or schedule moved from one revision to another. */
export interface MovedTarget {
  /** The `scheduled-tasks` entry: an EventBridge rule or a Scheduler schedule. */
  ref: ScheduledTaskRef
  /** The rule's target Id; a schedule has one target and none. */
  id?: string
  from: string
  to: string
}

/** What the scheduled-tasks step did: the targets it moved, and whether they were moved back. */
export interface MovedTargets {
  moved: MovedTarget[]
  /** Set by the rollback: the targets pointed back at the revision they ran before. */
  movedBack?: MovedTarget[]
}

/** What keep-revisions did, family by family; `warning` when it could not finish. */
export interface RevisionCleanupReport {
  families: {
    family: string
    deregistered: string[]
    deleted: string[]
    kept: { revision: string; reasons: string[] }[]
  }[]
  warning?: string
  /** Dry-run: nothing was deregistered; the lists say what would go. */
  predicted: boolean
}

/**
 * One target a release touched, as the outputs, the summary and the GitHub deployment status
 * list it: its kind (`service`, `rule`, `schedule`, `task`, ...), its name, and the revision it
 * ran before and runs after ('' where there was none); `note` says what happened when the
 * revisions alone do not (rolled back, failed, dry-run).
 */
export interface TouchedTarget {
  kind: string
  name: string
  before: string
  after: string
  note?: string
}

/** Adds a target to the release's record. */
export function recordTouched(state: ReleaseState, entry: TouchedTarget): void {
  state.touched = [...(state.touched ?? []), entry]
}
