import type { PreflightReads } from '../aws/read-hand-off.js'
import type { BuildSource, ContinuePlan, GivenSource, ResolveSource } from '../plan/plan.js'
import type { StepContext } from '../core/context.js'
import type {
  ImageBuild,
  MovedTargets,
  ReleaseImage,
  Registration,
  RevisionCleanupReport,
  StartedDeployment
} from '../core/state.js'
import type { Target } from '../settings/types.js'
import type { StrategyList } from '../strategies/index.js'
import type { HookInput } from '../tasks/hook.js'
import { afterDeploy } from './after-deploy.js'
import { beforeDeploy } from './before-deploy.js'
import { build } from './build.js'
import { continuePaused, type ContinuedRelease } from './continue.js'
import { deploy } from './deploy.js'
import { dockerize } from './dockerize.js'
import { keepRevisions } from './keep-revisions.js'
import { push } from './push.js'
import { register } from './register.js'
import { resolve } from './resolve.js'
import { scheduledTasks } from './scheduled-tasks.js'
import { test } from './test.js'
import { verify, type VerifyInput } from './verify.js'
import { wait, type RolloutToWatch } from './wait.js'

/**
 * Every step: a function of the context and what earlier steps produced, returning what it
 * produced. The executor hands the results on; tests replace steps by name.
 */
export interface StepSet {
  test(context: StepContext): Promise<void>
  build(context: StepContext): Promise<void>
  dockerize(context: StepContext, source: BuildSource): Promise<ImageBuild>
  push(context: StepContext, build: ImageBuild): Promise<ReleaseImage>
  resolve(context: StepContext, source: ResolveSource | GivenSource): Promise<ReleaseImage>
  /** `strategies`: a strategy may register the revision its own way (default: every registered one). */
  register(
    context: StepContext,
    input: { target: Target; image: ReleaseImage; handed?: PreflightReads },
    strategies?: StrategyList
  ): Promise<Registration>
  beforeDeploy(context: StepContext, input: HookInput): Promise<void>
  /** `strategies`: the ways services deploy (default: every registered one). */
  deploy(
    context: StepContext,
    input: { target: Target; registration: Registration },
    strategies?: StrategyList
  ): Promise<StartedDeployment>
  /** flow continue: answer the paused hooks; the services answered, as deploy hands them on. */
  continue(context: StepContext<ContinuePlan>, strategies?: StrategyList): Promise<ContinuedRelease>
  wait(
    context: StepContext,
    input: readonly RolloutToWatch[],
    strategies?: StrategyList
  ): Promise<void>
  afterDeploy(context: StepContext, input: HookInput): Promise<void>
  verify(context: StepContext, input: VerifyInput): Promise<void>
  'scheduled-tasks'(
    context: StepContext,
    input: { target: Target; registration: Registration }
  ): Promise<MovedTargets>
  'keep-revisions'(
    context: StepContext,
    input: { target: Target; registration: Registration }
  ): Promise<RevisionCleanupReport>
}

export const STEPS: StepSet = {
  test,
  build,
  dockerize,
  push,
  resolve,
  register,
  beforeDeploy,
  deploy,
  continue: continuePaused,
  wait,
  afterDeploy,
  verify,
  'scheduled-tasks': scheduledTasks,
  'keep-revisions': keepRevisions
}
