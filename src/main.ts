import * as core from '@actions/core'
import { awsServices } from './aws/clients.js'
import { configuredRegion } from './aws/region.js'
import { executePlan } from './execute.js'
import { toGitEvent, readEventSource } from './plan/event.js'
import { makePlan, type Plan, type StepName } from './plan/plan.js'
import { describeCancellation } from './report/cancellation.js'
import { deploymentOutcome, deploymentReporter, noDeployments } from './report/deployments.js'
import { describeFailure } from './report/failure.js'
import { describePlan } from './report/plan-log.js'
import { writePlanOutputs, writeReleaseOutputs, type OutputSink } from './report/outputs.js'
import { renderSummary } from './report/summary.js'
import { readSettings } from './settings/settings.js'
import type { InputReader } from './settings/inputs.js'
import { printDryRun } from './steps/dry-run.js'
import { STEPS } from './steps/index.js'
import { recoverFromFailure } from './steps/rollback.js'
import type { ReleaseState, Result, Services, Step } from './steps/types.js'
import { systemClock } from './util/clock.js'
import { actionsCommandRunner } from './util/exec.js'
import { runnerLogger } from './util/logger.js'
import { actionsRunnerHooks } from './util/runner-hooks.js'

/** How long a cancelled run may spend reporting before it exits. */
const CANCEL_GRACE_MS = 3000

export interface RunDependencies {
  readInput: InputReader
  output: OutputSink
  /** Marks the job failed with an annotation that has a title. */
  fail: (message: string, title: string) => void
  /** Appends Markdown to the job summary. */
  summary: (markdown: string) => Promise<void>
  /** Calls back once on cancellation (SIGINT/SIGTERM); the process exits after it. */
  onCancel: (handler: (signal: string) => Promise<void>) => void
  services: Services
  steps: Record<StepName, Step>
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
    onCancel: handler => {
      const once = async (signal: NodeJS.Signals) => {
        // The runner kills the job a few seconds after its signal: report what can be, then go.
        await Promise.race([
          handler(signal),
          new Promise(done => setTimeout(done, CANCEL_GRACE_MS))
        ])
        process.exit(1)
      }
      process.once('SIGINT', once)
      process.once('SIGTERM', once)
    },
    services: {
      exec: actionsCommandRunner,
      clock: systemClock,
      logger: runnerLogger,
      env: process.env,
      aws: awsServices(),
      runner: actionsRunnerHooks
    },
    steps: STEPS
  }
}

/** settings → plan → execute → report. The one place a failure becomes a failed job. */
export async function run(deps: RunDependencies = defaultDependencies()): Promise<ReleaseState> {
  const { services } = deps
  const startedAt = services.clock.now()
  const state: ReleaseState = { steps: [] }
  let plan: Plan | undefined
  let failure: string | undefined
  let deployments = noDeployments
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
  deps.onCancel(async signal => {
    failure = describeCancellation(signal, plan, state, services.clock.now())
    state.result = 'failed'
    deps.fail(failure, 'ecs-flow: cancelled')
    await deployments.finish(deploymentOutcome(state, failure))
    await report()
  })

  try {
    const settings = readSettings(deps.readInput)
    deployments = deploymentReporter(
      settings.githubToken,
      services.env,
      services.logger,
      services.runner ?? actionsRunnerHooks,
      settings.githubDeployment
    )
    plan = makePlan(settings, toGitEvent(readEventSource(services.env)))
    writePlanOutputs(plan, deps.output)
    services.logger.info(
      ['ecs-flow plan', ...describePlan(plan).map(line => `  ${line}`)].join('\n')
    )
    if (plan.flow === 'none') {
      state.result = 'skipped'
    } else if (settings.dryRun) {
      state.result = 'planned'
      await printDryRun({ settings, plan, state, services })
      services.logger.info('dry-run: nothing was built, pushed, registered or updated.')
    } else {
      const context = { settings, plan, state, services }
      await deployments.start(plan)
      // A failure after the service was updated may put the previous revision back first.
      await executePlan(context, deps.steps).catch((error: unknown) =>
        recoverFromFailure(context, error)
      )
      state.result = successResult(plan, state)
    }
  } catch (error) {
    if (state.result !== 'rolled-back') state.result = 'failed'
    const { title, message } = describeFailure(error, state)
    failure = message
    deps.fail(message, title)
  } finally {
    await deployments.finish(deploymentOutcome(state, failure))
    await report()
  }
  return state
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

function successResult(plan: Plan, state: ReleaseState): Result {
  switch (plan.flow) {
    case 'test':
      return 'tested'
    case 'publish':
      return 'published'
    default:
      return state.unchanged ? 'unchanged' : 'deployed'
  }
}
