import type { ServiceSnapshot } from '../aws/ecs-api.js'
import type { ReleaseState, StartedDeployment } from '../core/state.js'
import type { Target } from '../settings/types.js'
import { ReleaseError } from '../util/errors.js'
import { codeDeploy } from './codedeploy/index.js'
import { express } from './express/index.js'
import { rolling } from './rolling/index.js'
import { staged } from './staged/index.js'
import type { DeploymentKind, DeploymentStrategy } from './strategy.js'

export type { DeploymentStrategy } from './strategy.js'

/**
 * Every way ecs-flow deploys a service, one line each; the first is the one a service ECS says
 * nothing more of is taken to use (rolling). Adding a strategy: its folder, and a line here.
 */
export const REGISTERED: readonly DeploymentStrategy[] = [rolling, staged, codeDeploy, express]

/** A list of strategies and the lookups every caller of the seam makes. */
export interface StrategyList {
  readonly all: readonly DeploymentStrategy[]
  /** How ECS deploys a service it describes so; undefined: no strategy of the list does. */
  strategyFor(service: DeploymentKind): DeploymentStrategy | undefined
  /** The strategy that started a deployment (as deploy recorded it), else as its kind says. */
  of(deployment: StartedDeployment): DeploymentStrategy
  /** The strategy the target's own settings choose (an Express service), if any. */
  claimedBy(target: Target): DeploymentStrategy | undefined
}

/** The injectable form: the lookups over any list (tests register a strategy of their own). */
export function strategyList(all: readonly DeploymentStrategy[]): StrategyList {
  const strategyFor = (service: DeploymentKind) => all.find(strategy => strategy.matches(service))
  return {
    all,
    strategyFor,
    of: deployment =>
      all.find(strategy => strategy.name === deployment.via) ?? strategyFor(deployment) ?? all[0]!,
    claimedBy: target => all.find(strategy => strategy.claim?.claims(target))
  }
}

/** The strategies this build of ecs-flow knows. */
export const STRATEGIES: StrategyList = strategyList(REGISTERED)

/** Preflight's refusal of a service no strategy deploys (an EXTERNAL controller). */
export function unsupportedService(target: Target, service: ServiceSnapshot): ReleaseError {
  return new ReleaseError(
    `service ${target.service} in cluster ${target.cluster} uses the ${service.deploymentController} deployment controller; ` +
      'ecs-flow deploys services with the ECS controller (rolling, blue/green) or through CodeDeploy (CODE_DEPLOY), not EXTERNAL ones'
  )
}

/** Where preflight's choice for a service is kept: one key per cluster and service. */
function choiceKey(target: Target): string {
  return `${target.cluster}/${target.service}`
}

/** Preflight chose `strategy` for the service as DescribeServices showed it: once per release. */
export function recordChoice(
  state: ReleaseState,
  target: Target,
  strategy: DeploymentStrategy
): void {
  state.chosenStrategies = { ...state.chosenStrategies, [choiceKey(target)]: strategy.name }
}

/** The strategy preflight chose for the service; undefined when it did not exist then. */
export function chosenStrategy(
  state: ReleaseState,
  target: Target,
  strategies: StrategyList
): DeploymentStrategy | undefined {
  const name = state.chosenStrategies?.[choiceKey(target)]
  return name === undefined ? undefined : strategies.all.find(strategy => strategy.name === name)
}

/**
 * The strategy of a deployment `chosen` started, as ECS answered (UpdateService, CreateService):
 * the answer confirms the choice, or the service changed how it deploys since preflight read it,
 * and nothing after this may treat it as the other. A dry run's answer is a prediction: the
 * choice stands. Without a choice (a service created by the release), the answer chooses.
 */
export function confirmedStrategy(
  strategies: StrategyList,
  target: Target,
  chosen: DeploymentStrategy | undefined,
  started: StartedDeployment,
  dryRun: boolean
): DeploymentStrategy {
  const answered = strategies.strategyFor(started)
  // The target's settings chose it (an Express service): ECS's answer is the service behind it.
  if (chosen?.claim?.claims(target)) return chosen
  if (chosen && (dryRun || answered === chosen)) return chosen
  if (!chosen) return answered ?? strategies.all[0]!
  throw new ReleaseError(
    `service ${target.service} in cluster ${target.cluster} changed how it deploys during the release: preflight read it as ${chosen.name}, but ECS answered the deployment as ${answered?.name ?? 'a way ecs-flow does not deploy'} (${describeKind(started)}). ` +
      `Deployment ${started.id} was started; look at the service, then run the release again`
  )
}

/** For messages: the deployment controller and strategy as ECS gave them. */
function describeKind(kind: DeploymentKind): string {
  return `${kind.deploymentController ?? 'ECS'} deployment controller${kind.strategy ? `, strategy ${kind.strategy}` : ''}`
}
