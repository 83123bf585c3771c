import type { ServiceSnapshot } from '../aws/ecs-api.js'
import type { PreflightReads } from '../aws/read-hand-off.js'
import type { Services, StepContext } from '../core/context.js'
import type {
  Registration,
  ReleaseImage,
  ReleaseState,
  ServiceRelease,
  StartedDeployment
} from '../core/state.js'
import type { RolloutObserver } from '../insight/observer.js'
import type { Watch } from '../rollout/watch-together.js'
import type { Target } from '../settings/types.js'

// The one seam between a release and the way ECS deploys one of its services. The steps, the
// recovery, the command line's rollback, dry-run, preflight and cancellation ask the service's
// strategy; none of them tells the strategies apart. A strategy is a folder beside this file and
// one line in the list (index.ts).

/** What ECS says of how a service deploys (DescribeServices, or UpdateService's answer). */
export interface DeploymentKind {
  /** ECS, CODE_DEPLOY or EXTERNAL. */
  deploymentController?: string
  /** deploymentConfiguration.strategy: ROLLING, BLUE_GREEN, LINEAR, CANARY (absent: rolling). */
  strategy?: string
}

/** The part of a release a watcher may touch. */
export type WatchContext = Pick<StepContext, 'settings' | 'state' | 'services'>

/** What every watch of one release shares. */
export interface WatchCommon {
  /** The release has several services: each line names its service. */
  several: boolean
  timeoutSeconds: number
  /** Told what the watches see, for where the time went. */
  observer?: RolloutObserver
}

/** A deployment `deploy` started, for `wait`. */
export interface RolloutToWatch {
  target: Target
  registration: Registration
  deployment: StartedDeployment
  /**
   * The service's verify, to run while the deployment still holds the old revision (a staged
   * deployment that bakes at least verify-timeout); absent: verify runs after the rollout.
   */
  verifyAtBake?: () => Promise<void>
  /** The service's verify, for on-pause: verify (absent: nothing to verify). */
  verify?: () => Promise<void>
}

/** What a rollback may touch: a release's context, or the command line's (no plan). */
export type RollbackContext = WatchContext & { plan: Pick<StepContext['plan'], 'dryRun'> }

/**
 * One service to put back on `to`, the last revision that completed: a service of a failed
 * release (its deployment is what goes back), or, from the command line, a service as it runs.
 */
export interface RollbackRequest {
  /** Its `rollback` is set once the way back is known. */
  release: ServiceRelease
  to: string
  /** The revision the service moves away from: the release's, or the one it runs. */
  from?: string
  /** The service as last read, when the caller read it (the command line). */
  service?: ServiceSnapshot
}

/** How the rollbacks of one release are watched. */
export interface RollbackCommon {
  timeoutSeconds: number
  /** The release has several services. */
  several: boolean
  /** Only one service of it goes back. */
  alone: boolean
}

/** What a strategy's rollback leaves for its caller. */
export interface RollbackStart {
  /** Watched together with the other strategies' (each sets its release's `rollback`). */
  watches: Watch[]
  /** The way back was already asked for (ECS acts on it); false: the watches ask for it. */
  started: boolean
  /** Dry-run: what watching would do, printed instead. */
  dryRunWatch: string
  /** How the log names the deployment that puts the revision back. */
  deploymentLabel: string
}

/** A warning preflight prints about a service, and its annotation title. */
export interface PreflightWarning {
  message: string
  title: string
}

/** What preflight knows of one service's release when it checks the live service. */
export interface ServiceCheck {
  target: Target
  /** Where a claimed target's check keeps what it read, for register (see PreflightReads). */
  reads?: PreflightReads
  /** Something verifies the service (verify-url, verify-path, or verify-command). */
  verifies: boolean
}

/**
 * A strategy the target's own settings choose, whatever DescribeServices shows of the service
 * behind it (an Express service, which `express-service` names): preflight asks `check` instead
 * of `checkService`, and deploy's answer cannot contradict the choice.
 */
export interface TargetClaim {
  claims(target: Target): boolean
  /** Preflight, read-only: every problem of what the target names, all in one list. */
  check(
    services: Services,
    target: Target,
    settings: StepContext['settings'],
    check: ServiceCheck
  ): Promise<Error[]>
}

/** One way ECS deploys a service, from preflight to cancellation. */
export interface DeploymentStrategy {
  /** How the release records it (`StartedDeployment.via`) and logs name it. */
  readonly name: string
  /** Whether ECS deploys a service it describes so this way. */
  matches(service: DeploymentKind): boolean
  /** Set when targets choose this strategy by their settings (see TargetClaim). */
  readonly claim?: TargetClaim
  /**
   * Set when ECS registers the revision itself on deploy (an Express service): `register` asks
   * this instead of registering a task definition. The registration names the revision the
   * service runs until deploy sets the one ECS registered.
   */
  register?(
    context: StepContext,
    request: { target: Target; image: ReleaseImage; handed?: PreflightReads }
  ): Promise<Registration>
  /**
   * Preflight, read-only: every problem the live service has for this way of deploying, and the
   * settings this way cannot honour (a lifecycle stage as wait-until where there is none).
   */
  checkService(
    services: Services,
    target: Target,
    service: ServiceSnapshot,
    settings: StepContext['settings'],
    check: ServiceCheck
  ): Promise<Error[]>
  /** Preflight: what to warn about (nothing stops). */
  warnings(
    service: ServiceSnapshot,
    check: ServiceCheck,
    settings: StepContext['settings']
  ): PreflightWarning[]
  /** Whether verify runs during the deployment, before the old revision goes. */
  verifiesDuring(deployment: StartedDeployment, verifyTimeoutSeconds: number): boolean
  /** Starts the deployment of the registered revision (not watched yet). */
  deploy(
    context: StepContext,
    request: { target: Target; registration: Registration }
  ): Promise<StartedDeployment>
  /** The watches of this strategy's deployments of the release, run beside the others'. */
  watch(context: WatchContext, rollouts: readonly RolloutToWatch[], common: WatchCommon): Watch[]
  /** Dry-run: what `wait` would do for these services (their deployments are predictions). */
  dryRunWait(context: StepContext, releases: readonly ServiceRelease[]): string
  /** Puts each request's service back on its revision; sets each release's `rollback`. */
  rollBack(
    context: RollbackContext,
    requests: readonly RollbackRequest[],
    common: RollbackCommon
  ): Promise<RollbackStart>
  /**
   * A cancelled job: asks AWS to stop or roll back what this strategy started and is not done,
   * without waiting (the runner's grace is seconds). The sentence the message adds, if any.
   */
  stopOnCancel(
    state: ReleaseState,
    services: Pick<Services, 'aws' | 'clock'>,
    options: { rollback: boolean }
  ): Promise<string | undefined>
}
