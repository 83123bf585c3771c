import * as core from '@actions/core'
import { awsServices } from './aws/clients.js'
import { executePlan } from './execute.js'
import { toGitEvent, readEventSource } from './plan/event.js'
import { makePlan, type Plan, type StepName } from './plan/plan.js'
import { describePlan } from './report/plan-log.js'
import { writePlanOutputs, writeReleaseOutputs, type OutputSink } from './report/outputs.js'
import { readSettings } from './settings/settings.js'
import type { InputReader } from './settings/inputs.js'
import { printDryRun } from './steps/dry-run.js'
import { STEPS } from './steps/index.js'
import { recoverFromFailure } from './steps/rollback.js'
import type { ReleaseState, Result, Services, Step } from './steps/types.js'
import { systemClock } from './util/clock.js'
import { InputError, errorMessage } from './util/errors.js'
import { actionsCommandRunner } from './util/exec.js'
import { runnerLogger } from './util/logger.js'
import { actionsRunnerHooks } from './util/runner-hooks.js'

export interface RunDependencies {
  readInput: InputReader
  output: OutputSink
  fail: (message: string) => void
  services: Services
  steps: Record<StepName, Step>
}

export function defaultDependencies(): RunDependencies {
  return {
    readInput: name => core.getInput(name),
    output: (name, value) => core.setOutput(name, value),
    fail: message => core.setFailed(message),
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
  try {
    const settings = readSettings(deps.readInput)
    const plan = makePlan(settings, toGitEvent(readEventSource(services.env)))
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
      // A failure after the service was updated may put the previous revision back first.
      await executePlan(context, deps.steps).catch((error: unknown) =>
        recoverFromFailure(context, error)
      )
      state.result = successResult(plan, state)
    }
  } catch (error) {
    if (state.result !== 'rolled-back') state.result = 'failed'
    deps.fail(error instanceof InputError ? `Invalid input: ${error.message}` : errorMessage(error))
  } finally {
    writeReleaseOutputs(state, (services.clock.now() - startedAt) / 1000, deps.output)
  }
  return state
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
