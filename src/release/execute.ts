import type { PreflightReads } from '../aws/read-hand-off.js'
import type { BuildSource, GivenSource, ReleasePlan, StepName } from '../plan/plan.js'
import type { StepSet } from '../steps/index.js'
import { ServiceStepError, errorMessage } from '../util/errors.js'
import { STRATEGIES, type StrategyList } from '../strategies/index.js'
import type { StepContext } from '../core/context.js'
import { adoptRevision } from './as-is.js'
import { dryRunIntent } from './dry-run.js'
import {
  pausedServices,
  releaseStages,
  type ReleaseImage,
  type ReleaseState,
  type Registration,
  type ServiceRelease,
  type StepRecord
} from '../core/state.js'

/**
 * Runs the plan's steps in order, each in a log group with its duration, handing each step what
 * the earlier ones produced and storing it in the release state; stops at the first failure,
 * which it records once, on the step's record. `preflightReads`: what preflight read of ECS,
 * handed to register (or the adoption of a revision as it is) while no step ran since.
 */
export async function executePlan(
  context: StepContext,
  steps: StepSet,
  preflightReads?: PreflightReads,
  strategies: StrategyList = STRATEGIES
): Promise<void> {
  const { plan, state } = context
  const run = stepRunner(context, strategies)
  // Still what ECS says only while no step ran: a test or build may take minutes, and anyone
  // may deploy meanwhile.
  const handed = () => (state.steps.length === 0 ? preflightReads : undefined)
  if (plan.flow === 'none') return
  if (plan.flow !== 'promote') {
    await run('test', () => steps.test(context))
    await run('build', () => steps.build(context))
  }
  if (plan.flow === 'test') return

  if (plan.flow === 'publish') {
    state.image = await buildImage(context, steps, plan.image)
    return
  }
  if (plan.flow === 'continue') {
    const continued = await run('continue', () => steps.continue({ ...context, plan }, strategies))
    if (!continued) return
    state.services = continued.releases
    state.image = continued.image
    // decision rollback: ECS rolled the paused deployments back; nothing is left to watch.
    if (continued.releases.some(release => release.rollback)) return
    await afterDeploy(context, steps, continued.releases, run, strategies)
    return
  }
  const released = await releaseImage(context, steps, plan, handed())
  if (!released.image) return
  const { image } = released
  state.image = image

  // Register every revision, then update every service, then one watcher for all of them.
  const releases: ServiceRelease[] = plan.targets.map(target => ({ target }))
  state.services = releases
  const first = releases[0]!
  // A revision deployed as it is (one service) comes registered.
  if (released.registration) first.registration = released.registration
  else {
    const reads = handed()
    const registered = await run('register', async () => {
      for (const release of releases) {
        release.registration = await inService(release.target.service, releases.length, () =>
          steps.register(context, { target: release.target, image, handed: reads }, strategies)
        )
      }
      return true
    })
    if (!registered) return
  }
  // One-off tasks run once per release, beside the service they name (the first by default).
  const onTask = (task: ReleaseState['oneOffTask']) => (state.oneOffTask = task)
  const hookRelease = (hook: 'beforeDeploy' | 'afterDeploy') => {
    const wanted = first.target[hook]?.service
    return releases.find(release => release.target.service === wanted) ?? first
  }
  const before = hookRelease('beforeDeploy')
  await run('before-deploy', () =>
    steps.beforeDeploy(context, {
      target: before.target,
      registration: before.registration!,
      services: plan.targets.map(target => target.service),
      onTask
    })
  )
  const deployed = await run('deploy', async () => {
    await forEachLimited(releases, DEPLOY_CONCURRENCY, async release => {
      release.deploying = true
      release.deployment = await inService(release.target.service, releases.length, () =>
        steps.deploy(
          context,
          { target: release.target, registration: release.registration! },
          strategies
        )
      )
    })
    return true
  })
  if (!deployed) return
  await afterDeploy(context, steps, releases, run, strategies)
}

/**
 * What follows the deploy (or the continue of a paused one): the watch, then scheduled-tasks,
 * after-deploy, verify and keep-revisions; a watch that ended at a PAUSE hook ends the run.
 */
async function afterDeploy(
  context: StepContext,
  steps: StepSet,
  releases: ServiceRelease[],
  run: StepRunner,
  strategies: StrategyList
): Promise<void> {
  const { state, services } = context
  const image = state.image
  const first = releases[0]!
  const onTask = (task: ReleaseState['oneOffTask']) => (state.oneOffTask = task)
  const hookRelease = (hook: 'beforeDeploy' | 'afterDeploy') => {
    const wanted = first.target[hook]?.service
    return releases.find(release => release.target.service === wanted) ?? first
  }
  const targets = releases.map(release => release.target)
  const watched = releases.map(release => ({
    target: release.target,
    registration: release.registration!,
    deployment: release.deployment!
  }))
  // verify-command runs once, with the first service; URL checks for every service with one.
  const verifyOf = (index: number): (() => Promise<void>) | undefined => {
    const release = watched[index]!
    const { target } = release
    const command = index === 0 && context.settings.verifyCommand !== undefined
    if (!command && !target.verifyUrl && !target.verifyPath) return undefined
    return () =>
      steps.verify(context, {
        ...release,
        image: image ?? { reference: '', extraTags: [] },
        command,
        onServiceUrl: url => (state.serviceUrl ??= url)
      })
  }
  await run('wait', () =>
    steps.wait(
      context,
      watched.map((release, index) => ({
        ...release,
        verifyAtBake: strategies
          .of(release.deployment)
          .verifiesDuring(release.deployment, context.settings.verifyTimeoutSeconds)
          ? verifyOf(index)
          : undefined,
        verify: verifyOf(index)
      })),
      strategies
    )
  )
  if (endsPaused(context)) return
  await run('scheduled-tasks', async () => {
    for (const { target, registration } of watched) {
      if (!target.scheduledTasks?.length) continue
      const moved = await inService(target.service, releases.length, () =>
        steps['scheduled-tasks'](context, { target, registration })
      )
      state.scheduledTargets = {
        moved: [...(state.scheduledTargets?.moved ?? []), ...moved.moved]
      }
    }
  })
  const after = hookRelease('afterDeploy')
  await run('after-deploy', () =>
    steps.afterDeploy(context, {
      target: after.target,
      registration: after.registration!,
      services: targets.map(target => target.service),
      onTask
    })
  )
  await run('verify', async () => {
    for (const [index, { target }] of watched.entries()) {
      const check = verifyOf(index)
      if (!check) continue
      // Verified during BAKE_TIME, before the old tasks went: not again.
      if (releaseStages(state, target.service)?.verifiedAtBake) {
        services.logger.info(`service ${target.service}: verified during BAKE_TIME`)
        continue
      }
      await inService(target.service, releases.length, check)
    }
  })
  await run('keep-revisions', async () => {
    for (const { target, registration } of watched) {
      if (!target.keepRevisions) continue
      const report = await steps['keep-revisions'](context, { target, registration })
      state.revisionCleanup = state.revisionCleanup
        ? {
            ...state.revisionCleanup,
            families: [...state.revisionCleanup.families, ...report.families],
            warning: state.revisionCleanup.warning ?? report.warning
          }
        : report
    }
  })
}

/**
 * on-pause approve: a service's watch ended at a PAUSE hook, so the job ends paused once the
 * others finished; the steps after the wait run in the job that answers the hook (flow continue).
 */
function endsPaused({ state, services }: StepContext): boolean {
  const paused = pausedServices(state)
  if (paused.length === 0) return false
  const names = paused.map(journal => journal.service).join(', ')
  services.logger.info(
    `paused: ${names} await${paused.length === 1 ? 's' : ''} approval at a PAUSE hook; scheduled-tasks, after-deploy, verify and keep-revisions run in the job that continues it (flow: continue)`
  )
  return true
}

/**
 * The image of a release and, for a revision deployed as it is, its registration (nothing is
 * registered then).
 */
async function releaseImage(
  context: StepContext,
  steps: StepSet,
  plan: ReleasePlan,
  handed: PreflightReads | undefined
): Promise<{ image?: ReleaseImage; registration?: Registration }> {
  const run = stepRunner(context)
  const source = plan.image
  switch (source.kind) {
    case 'as-is':
      return adoptRevision(context, plan.targets[0]!, source, handed)
    case 'resolve':
      return { image: await run('resolve', () => steps.resolve(context, source)) }
    case 'build':
      return { image: await buildImage(context, steps, source) }
    case 'given':
      return {
        image:
          plan.flow === 'promote'
            ? await run('resolve', () => steps.resolve(context, source))
            : await buildImage(context, steps, source)
      }
  }
}

/** How many services are updated at once (ECS throttles writes per account). */
const DEPLOY_CONCURRENCY = 5

/**
 * Runs `body` for every item, at most `limit` at a time; waits for all that started before it
 * rethrows the first failure, so every service that was updated is known to the rollback.
 */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  body: (item: T) => Promise<void>
): Promise<void> {
  let next = 0
  const errors: unknown[] = []
  const worker = async () => {
    while (next < items.length && errors.length === 0) {
      const item = items[next++]!
      await body(item).catch((error: unknown) => errors.push(error))
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (errors.length > 0) throw errors[0]
}

/** A failure of one service's step names the service, when the release has several. */
async function inService<T>(service: string, count: number, body: () => Promise<T>): Promise<T> {
  if (count === 1) return body()
  try {
    return await body()
  } catch (error) {
    throw new ServiceStepError(service, error)
  }
}

/** dockerize then push, or the input image as given. */
async function buildImage(
  context: StepContext,
  steps: StepSet,
  source: BuildSource | GivenSource
): Promise<ReleaseImage | undefined> {
  if (source.kind === 'given') return { reference: source.reference, extraTags: [] }
  const run = stepRunner(context)
  const build = await run('dockerize', () => steps.dockerize(context, source))
  return build && run('push', () => steps.push(context, build))
}

type StepRunner = <T>(name: StepName, body: () => Promise<T>) => Promise<T | undefined>

/**
 * Runs one step when the plan lists it (undefined when the plan skips it): in a log group,
 * timed, recorded. In a dry run, the steps that only watch what a write started print their
 * intent instead (the write did not happen).
 */
function stepRunner(context: StepContext, strategies: StrategyList = STRATEGIES): StepRunner {
  const { plan, state, services } = context
  return async (name, body) => {
    if (!plan.steps.includes(name)) return undefined
    const startedAt = services.clock.now()
    const record: StepRecord = { step: name, startedAt, seconds: 0, outcome: 'running' }
    state.steps.push(record)
    try {
      const result = await services.logger.group(`ecs-flow: ${name}`, async () => {
        try {
          const intent = plan.dryRun ? dryRunIntent(name, context, strategies) : undefined
          if (intent !== undefined) {
            services.logger.info(intent)
            return undefined
          }
          return await body()
        } finally {
          record.seconds = (services.clock.now() - startedAt) / 1000
          services.logger.info(`${name} took ${record.seconds.toFixed(1)}s`)
        }
      })
      record.outcome = 'success'
      return result
    } catch (error) {
      record.outcome = 'failure'
      record.detail = errorMessage(error)
      throw error
    }
  }
}
