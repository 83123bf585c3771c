import { startedDeployment, type ServiceSnapshot } from '../aws/ecs-api.js'
import type { StepContext } from '../core/context.js'
import {
  journalOf,
  stageJournalOf,
  type Registration,
  type StageJournal,
  type StartedDeployment
} from '../core/state.js'
import { watchStrategyOf, type WatchStrategy } from '../rollout/strategy.js'
import type { TrackedRollout } from '../rollout/verdict.js'
import { watchStages } from '../rollout/watch-stages.js'
import { watchTogether, type Watch } from '../rollout/watch-together.js'
import { prefixed, watchRollouts } from '../rollout/watch.js'
import type { Target } from '../settings/types.js'
import { codeDeploymentsToWatch } from '../codedeploy/wait.js'
import { watchCodeDeployments } from '../codedeploy/watch.js'

/** A deployment `deploy` started, for `wait`. */
export interface RolloutToWatch {
  target: Target
  registration: Registration
  deployment: StartedDeployment
  /**
   * The service's verify, to run during BAKE_TIME (a blue/green, linear or canary deployment
   * that bakes at least verify-timeout); absent: verify runs after the rollout.
   */
  verifyAtBake?: () => Promise<void>
}

type WatchContext = Pick<StepContext, 'settings' | 'state' | 'services'>

/** What every watch of one release shares. */
interface WatchCommon {
  /** The release has several services: each line names its service. */
  several: boolean
  timeoutSeconds: number
}

/**
 * How each strategy's services are watched: the rolling ones together (one DescribeServices per
 * cluster and poll), each blue/green, linear or canary one by its own service deployment.
 */
const WATCHERS: Record<
  WatchStrategy,
  (context: WatchContext, rollouts: readonly RolloutToWatch[], common: WatchCommon) => Watch[]
> = {
  rolling: (context, rollouts, common) =>
    rollouts.length === 0
      ? []
      : [
          halted =>
            watchServiceDeployments(
              context,
              rollouts.map(({ target, registration, deployment }) => ({
                target,
                deploymentId: deployment.id,
                taskDefinitionArn: deployment.taskDefinitionArn,
                previousTaskDefinitionArn: registration.previousTaskDefinitionArn
              })),
              common.timeoutSeconds,
              { halted, prefixServices: common.several }
            )
        ],
  stages: (context, rollouts, common) =>
    rollouts.map(
      rollout => halted => watchStagedDeployment(context, rollout, { ...common, halted })
    ),
  codedeploy: (context, rollouts, common) =>
    rollouts.length === 0
      ? []
      : [
          halted =>
            watchCodeDeployments(context, codeDeploymentsToWatch(rollouts), common.timeoutSeconds, {
              halted
            })
        ]
}

/**
 * The `wait` step: watch the deployments `deploy` started, each service by its own strategy,
 * all at once, until every one is done or the first fails.
 */
export async function wait(
  context: StepContext,
  rollouts: readonly RolloutToWatch[]
): Promise<void> {
  const common = { several: rollouts.length > 1, timeoutSeconds: context.settings.timeoutSeconds }
  const byStrategy = new Map<WatchStrategy, RolloutToWatch[]>()
  for (const rollout of rollouts) {
    const strategy = watchStrategyOf(rollout.deployment)
    byStrategy.set(strategy, [...(byStrategy.get(strategy) ?? []), rollout])
  }
  await watchTogether(
    [...byStrategy].flatMap(([strategy, group]) => WATCHERS[strategy](context, group, common))
  )
}

/**
 * Follows one blue/green, linear or canary deployment by lifecycle stage (the release's own, or
 * the one a rollback by UpdateService started), recording its stages in the release state.
 */
export async function watchStagedDeployment(
  { settings, state, services }: WatchContext,
  rollout: Pick<RolloutToWatch, 'target' | 'deployment' | 'verifyAtBake'>,
  options: WatchCommon & { halted?: () => boolean; purpose?: StageJournal['purpose'] }
): Promise<void> {
  const { target, deployment } = rollout
  const purpose = options.purpose ?? 'release'
  const stages = stageJournalOf(state, {
    cluster: target.cluster,
    service: target.service,
    purpose,
    rollbackOnCancel: settings.rollback && purpose === 'release'
  })
  await watchStages(
    {
      cluster: target.cluster,
      service: target.service,
      // A rollback is watched until it is complete: it is the release's last word.
      waitUntil: purpose === 'release' ? (target.waitUntil ?? 'complete') : 'complete',
      deploymentId: deployment.id,
      taskDefinitionArn: deployment.taskDefinitionArn,
      serviceDeploymentArn: deployment.serviceDeploymentArn,
      strategy: deployment.strategy,
      startedAt: services.clock.now(),
      timeoutSeconds: options.timeoutSeconds,
      verifyAtBake: rollout.verifyAtBake,
      rollback: settings.rollback,
      rollbackTimeoutSeconds: settings.rollbackTimeoutSeconds
    },
    {
      ecs: services.aws.ecs(),
      clock: services.clock,
      logger: options.several ? prefixed(services.logger, `[${target.service}] `) : services.logger,
      journal: journalOf(state),
      stages,
      halted: options.halted
    },
    { pollIntervalSeconds: settings.pollIntervalSeconds, prefixServices: options.several }
  )
}

/**
 * Follows, by stages, the deployment an UpdateService back to `taskDefinitionArn` started (the
 * way back of a blue/green, linear or canary service whose deployment had finished).
 */
export async function watchStagedRollback(
  context: WatchContext,
  target: Target,
  updated: ServiceSnapshot,
  taskDefinitionArn: string,
  options: WatchCommon
): Promise<void> {
  const primary = startedDeployment(updated, `the rollback of service ${target.service}`)
  await watchStagedDeployment(
    context,
    {
      target,
      deployment: {
        id: primary.id,
        taskDefinitionArn,
        createdService: false,
        strategy: updated.strategy,
        serviceDeploymentArn: updated.currentServiceDeployment
      }
    },
    { ...options, purpose: 'rollback' }
  )
}

/** One deployment of one service, as the watcher follows it. */
export type ServiceDeploymentToWatch = Pick<
  TrackedRollout,
  'deploymentId' | 'taskDefinitionArn' | 'previousTaskDefinitionArn'
> & { target: Target }

/** Watches one deployment of a service with the release's settings (wait, and rollback's wait). */
export async function watchServiceDeployment(
  context: WatchContext,
  target: Target,
  deployment: Omit<ServiceDeploymentToWatch, 'target'>,
  timeoutSeconds = context.settings.timeoutSeconds
): Promise<void> {
  await watchServiceDeployments(context, [{ ...deployment, target }], timeoutSeconds)
}

/** Watches rolling deployments of several services together (one DescribeServices per 10 services). */
export async function watchServiceDeployments(
  { settings, state, services }: WatchContext,
  deployments: readonly ServiceDeploymentToWatch[],
  timeoutSeconds = settings.timeoutSeconds,
  together: { halted?: () => boolean; prefixServices?: boolean } = {}
): Promise<void> {
  const startedAt = services.clock.now()
  await watchRollouts(
    deployments.map(({ target, ...deployment }) => ({
      cluster: target.cluster,
      service: target.service,
      ...deployment,
      maxFailedTasks: settings.maxFailedTasks,
      startedAt,
      timeoutSeconds
    })),
    {
      ecs: services.aws.ecs(),
      clock: services.clock,
      logger: services.logger,
      journal: journalOf(state),
      logs: services.aws.logs(),
      halted: together.halted
    },
    { pollIntervalSeconds: settings.pollIntervalSeconds, prefixServices: together.prefixServices }
  )
}
