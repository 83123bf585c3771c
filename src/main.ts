import * as core from '@actions/core'
import { awsServices } from './aws/clients.js'
import { configuredRegion } from './aws/region.js'
import { workspaceFileExists } from './definitions/workspace-file.js'
import type { GitEvent } from './ci-env/git-event.js'
import { toGitEvent, readEventSource } from './plan/event.js'
import { isServicePlan, makePlan, type Plan } from './plan/plan.js'
import type { Services, StepContext } from './core/context.js'
import { dryRunServices } from './release/dry-run.js'
import { executePlan } from './release/execute.js'
import {
  failureNeedsReadBack,
  failureReadBack,
  readBackServices,
  untilDeadline
} from './release/read-back.js'
import { releaseResult, type Outcome } from './release/outcome.js'
import { preflight } from './release/preflight.js'
import { RolledBackError, recoverFromFailure } from './release/recover.js'
import { newReleaseState, pausedServices, type ReleaseState } from './core/state.js'
import { describeCancellation } from './report/cancellation.js'
import {
  deploymentOutcome,
  deploymentReporter,
  noDeployments,
  runLogUrl
} from './report/deployments.js'
import { describeFailure } from './report/failure.js'
import { describePlan } from './report/plan-log.js'
import { writePlanOutputs, writeReleaseOutputs, type OutputSink } from './report/outputs.js'
import { renderSummary } from './report/summary.js'
import { reportWhatMergingDeploys } from './report/what-merging-deploys.js'
import { stopOneOffTaskOnCancel } from './tasks/cancel.js'
import { configLoaderFor } from './settings/config-loader.js'
import { collectSettings } from './settings/settings.js'
import type { Settings } from './settings/types.js'
import type { InputReader } from './settings/inputs.js'
import { STEPS, type StepSet } from './steps/index.js'
import { STRATEGIES, type StrategyList } from './strategies/index.js'
import { systemClock } from './util/clock.js'
import { errorMessage, throwProblems } from './util/errors.js'
import { actionsCommandRunner } from './util/exec.js'
import { runnerLogger } from './util/logger.js'
import { redactKnownSecrets } from './util/known-secrets.js'
import { maskUrlCredentials } from './util/masking.js'
import { onCancelSignal } from './util/signals.js'
import { actionsRunnerHooks } from './util/runner-hooks.js'

/** Of the cancel grace, what writing the outputs, the summary and the deployment status needs. */
const REPORT_RESERVE_MS = 500

export interface RunDependencies {
  readInput: InputReader
  output: OutputSink
  /** Marks the job failed with an annotation that has a title. */
  fail: (message: string, title: string) => void
  /** Appends Markdown to the job summary. */
  summary: (markdown: string) => Promise<void>
  /**
   * Calls back once on cancellation (SIGINT/SIGTERM) with the time (ms) by which the handler
   * must be done; the process exits after it, or at that time.
   */
  onCancel: (handler: (signal: string, deadline: number) => Promise<void>) => void
  services: Services
  steps: StepSet
  /**
   * The git event of the run: by default GitHub's (GITHUB_* and the payload file); the command
   * line reads the CI system's variables or the checkout instead.
   */
  readEvent?: (settings: Settings) => Promise<GitEvent>
  /** The deployment strategies services are deployed by (default: every registered one). */
  strategies?: StrategyList
}

export function defaultDependencies(): RunDependencies {
  return {
    readInput: name => core.getInput(name),
    output: (name, value) => core.setOutput(name, value),
    fail: (message, title) => {
      core.error(message, { title })
      process.exitCode = 1
    },
    summary: async markdown => {
      // Outside a runner (no GITHUB_STEP_SUMMARY) there is nowhere to write it.
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write()
    },
    // The runner kills the job a few seconds after its signal: report what can be, then go.
    onCancel: handler => onCancelSignal(handler, 1),
    services: {
      exec: actionsCommandRunner,
      clock: systemClock,
      logger: runnerLogger,
      env: process.env,
      aws: awsServices(),
      runner: actionsRunnerHooks,
      fetch: globalThis.fetch
    },
    steps: STEPS
  }
}

/** settings → plan → preflight → steps → report. The one place a failure becomes a failed job. */
export async function run(given: RunDependencies = defaultDependencies()): Promise<ReleaseState> {
  const deps = hidingKnownSecrets(given)
  const startedAt = deps.services.clock.now()
  const state = newReleaseState()
  let services = deps.services
  let plan: Plan | undefined
  let failure: string | undefined
  let deployments = noDeployments
  const strategies = deps.strategies ?? STRATEGIES
  // What a strategy stops on cancel may depend on it: rollback on, rolled back.
  let rollbackOnCancel = false
  const report = async () => {
    const elapsedSeconds = (services.clock.now() - startedAt) / 1000
    writeReleaseOutputs(state, elapsedSeconds, deps.output, plan)
    await writeSummary(deps, {
      plan,
      state,
      elapsedSeconds,
      failure,
      region: configuredRegion(services.env)
    })
  }
  deps.onCancel(async (signal, graceEnd) => {
    // Everything read or stopped fits the grace, leaving time to write the record.
    const deadline = graceEnd - REPORT_RESERVE_MS
    const [stops] = await Promise.all([
      untilDeadline(
        Promise.all([
          stopOneOffTaskOnCancel(state, services),
          ...strategies.all.map(strategy =>
            strategy.stopOnCancel(state, services, { rollback: rollbackOnCancel })
          )
        ]),
        services.clock,
        deadline
      ),
      readBackServices(state, () => services.aws.ecs(), services.clock, {
        dryRun: plan?.dryRun === true,
        deadline
      })
    ])
    failure = describeCancellation(signal, plan, state, services.clock.now())
    const said = stops ?? [
      'the stop requests were not all answered within the cancel grace; look at the release in the ECS console'
    ]
    for (const sentence of said)
      if (sentence) failure = `${failure.replace(/\.$/, '')}; ${sentence}.`
    state.result = releaseResult(plan, { ok: false, rolledBack: false })
    deps.fail(failure, 'ecs-flow: cancelled')
    // The record first: the deployment status is a call to GitHub that the grace may cut short.
    await report()
    await deployments.finish(deploymentOutcome(state, failure, runLogUrl(services.env)))
  })

  let outcome: Outcome
  // What a step threw, before recovery turned it into the message: how the release failed.
  let stepFailure: unknown
  try {
    const { settings, problems } = collectSettings(
      deps.readInput,
      await configLoaderFor(deps.readInput)
    )
    rollbackOnCancel = settings.rollback
    // Before anything can print them: the credentials of every verify URL, in every form.
    for (const url of verifyUrls(settings)) maskUrlCredentials(url, services.runner)
    // Read before the plan, and, failing, reported with the bad inputs as the payload's would be.
    const readEvent = deps.readEvent ?? (async () => toGitEvent(readEventSource(services.env)))
    const event = await readEvent(settings).then(
      found => ({ found }),
      (error: unknown) => ({ error })
    )
    const env = services.env
    const made = planDespite(problems, () => {
      if ('error' in event) throw event.error
      return makePlan(settings, event.found, path => workspaceFileExists(path, env))
    })
    if (made) {
      const heading =
        problems.length > 0
          ? 'ecs-flow plan (defaults in place of the bad inputs)'
          : 'ecs-flow plan'
      services.logger.info([heading, ...describePlan(made).map(line => `  ${line}`)].join('\n'))
    }
    // Every bad input at once, after the plan they leave; only a plan without them is the run's.
    throwProblems(problems)
    // Without problems planDespite has returned the plan or thrown.
    const planned = made!
    plan = planned
    writePlanOutputs(planned, deps.output)
    // plan-comment: what merging the pull request would deploy; read only, never fails the job.
    if (settings.planComment && 'found' in event && event.found.pullRequest) {
      await reportWhatMergingDeploys({
        settings,
        event: event.found,
        services,
        summary: deps.summary,
        strategies
      }).catch((error: unknown) =>
        services.logger.warning(
          `plan-comment: what merging would deploy could not be said: ${errorMessage(error)}`
        )
      )
    }
    if (settings.dryRun) services = dryRunServices(services)
    const context: StepContext = { settings, plan: planned, state, services }
    const preflightReads = await preflight(context, strategies)
    if (!settings.dryRun) {
      deployments = deploymentReporter(
        settings.githubToken,
        services.env,
        services.logger,
        services.runner,
        settings.githubDeployment
      )
      await deployments.start(planned)
    }
    await executePlan(context, deps.steps, preflightReads, strategies).catch((error: unknown) => {
      stepFailure = error
      // A failure after the service was updated may put the previous revision back first.
      return isServicePlan(context.plan)
        ? recoverFromFailure({ ...context, plan: context.plan }, error, strategies)
        : Promise.reject(error)
    })
    if (settings.dryRun && planned.flow !== 'none')
      services.logger.info('dry-run: nothing was built, pushed, registered or updated.')
    outcome = {
      ok: true,
      unchanged: state.services?.[0]?.registration?.unchanged === true,
      paused: pausedServices(state).length > 0,
      rolledBack:
        planned.flow === 'continue' && state.services?.some(each => each.rollback) === true
    }
  } catch (error) {
    outcome = { ok: false, rolledBack: error instanceof RolledBackError }
    // Say what ECS runs, not what the run last heard: read every service back first.
    if (failureNeedsReadBack(state)) {
      const bound = failureReadBack(stepFailure ?? error)
      await readBackServices(state, () => services.aws.ecs(), services.clock, {
        dryRun: plan?.dryRun === true,
        ...bound
      })
    }
    const { title, message } = describeFailure(error, state)
    failure = message
    deps.fail(message, title)
  }
  state.result = releaseResult(plan, outcome)
  await deployments.finish(deploymentOutcome(state, failure, runLogUrl(services.env)))
  await report()
  return state
}

/**
 * The dependencies with every known secret removed from what they write: the runner masks
 * the log, but not the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and outside GitHub there
 * is no runner at all.
 */
function hidingKnownSecrets(deps: RunDependencies): RunDependencies {
  const { logger } = deps.services
  const hide = redactKnownSecrets
  return {
    ...deps,
    services: {
      ...deps.services,
      logger: {
        info: message => logger.info(hide(message)),
        warning: (message, title) => logger.warning(hide(message), title && hide(title)),
        error: (message, title) => logger.error(hide(message), title && hide(title)),
        debug: message => logger.debug(hide(message)),
        group: (name, body) => logger.group(hide(name), body)
      }
    },
    output: (name, value) => deps.output(name, hide(value)),
    fail: (message, title) => deps.fail(hide(message), hide(title)),
    summary: markdown => deps.summary(hide(markdown))
  }
}

/**
 * The plan, when it can be made: with bad inputs, the plan their defaults give is still worth
 * printing; a planning problem then joins the others instead of hiding them.
 */
function planDespite(problems: Error[], make: () => Plan): Plan | undefined {
  try {
    return make()
  } catch (error) {
    if (problems.length === 0) throw error
    problems.push(error instanceof Error ? error : new Error(String(error)))
    return undefined
  }
}

/** The verify URLs of the inputs and of every environment of the config file. */
function verifyUrls(settings: Settings): string[] {
  const urls = [
    settings.verifyUrl,
    ...Object.values(settings.config.environments).map(env => env.verifyUrl)
  ]
  return urls.filter((url): url is string => url !== undefined)
}

async function writeSummary(
  deps: RunDependencies,
  input: Parameters<typeof renderSummary>[0]
): Promise<void> {
  try {
    await deps.summary(
      renderSummary({
        ...input,
        timeline: input.state.rollout?.timeline,
        events: input.state.rollout?.events
      })
    )
  } catch (error) {
    // The summary is a courtesy: never let it change the release's outcome.
    deps.services.logger.warning(`could not write the job summary: ${(error as Error).message}`)
  }
}
