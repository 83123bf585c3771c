import type { BuildSource, GivenSource, ReleasePlan, StepName } from '../plan/plan.js'
import type { StepSet } from '../steps/index.js'
import { errorMessage } from '../util/errors.js'
import type { StepContext } from './context.js'
import { adoptRevision } from './as-is.js'
import { dryRunIntent } from './dry-run.js'
import type { ReleaseImage, Registration, StepRecord } from './state.js'

/**
 * Runs the plan's steps in order, each in a log group with its duration, handing each step what
 * the earlier ones produced and storing it in the release state; stops at the first failure,
 * which it records once, on the step's record.
 */
export async function executePlan(context: StepContext, steps: StepSet): Promise<void> {
  const { plan, state } = context
  const run = stepRunner(context)
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
  const { target } = plan
  const released = await releaseImage(context, steps, plan)
  if (!released.image) return
  const { image } = released
  state.image = image

  const registration =
    released.registration ??
    (await run('register', () => steps.register(context, { target, image })))
  if (!registration) return
  state.registration = registration
  const deployment = await run('deploy', () => steps.deploy(context, { target, registration }))
  if (!deployment) return
  state.deployment = deployment
  await run('wait', () => steps.wait(context, { target, registration, deployment }))
  state.scheduledTargets = await run('scheduled-tasks', () =>
    steps['scheduled-tasks'](context, { target, registration })
  )
  await run('verify', () =>
    steps.verify(context, {
      target,
      image,
      registration,
      onServiceUrl: url => (state.serviceUrl = url)
    })
  )
  state.revisionCleanup = await run('keep-revisions', () =>
    steps['keep-revisions'](context, { target, registration })
  )
}

/**
 * The image of a release and, for a revision deployed as it is, its registration (nothing is
 * registered then).
 */
async function releaseImage(
  context: StepContext,
  steps: StepSet,
  plan: ReleasePlan
): Promise<{ image?: ReleaseImage; registration?: Registration }> {
  const run = stepRunner(context)
  const source = plan.image
  switch (source.kind) {
    case 'as-is':
      return adoptRevision(context, plan.target, source)
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
function stepRunner(context: StepContext): StepRunner {
  const { plan, state, services } = context
  return async (name, body) => {
    if (!plan.steps.includes(name)) return undefined
    const startedAt = services.clock.now()
    const record: StepRecord = { step: name, startedAt, seconds: 0, outcome: 'running' }
    state.steps.push(record)
    try {
      const result = await services.logger.group(`ecs-flow: ${name}`, async () => {
        try {
          const intent = plan.dryRun ? dryRunIntent(name, context) : undefined
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
