import { writeFileSync } from 'node:fs'
import { detectCiEvent } from '../../ci-env/detect.js'
import { gitFromCommandRunner } from '../../ci-env/git.js'
import { DockerCli } from '../../docker/docker.js'
import { REGISTRIES_STATE, savedRegistries } from '../../docker/registry-login.js'
import { run, type RunDependencies } from '../../main.js'
import type { Services } from '../../core/context.js'
import { INVALID_INPUT_TITLE } from '../../report/failure.js'
import type { InputReader } from '../../settings/inputs.js'
import { STEPS } from '../../steps/index.js'
import { escapeForLog } from '../../util/escape.js'
import { onCancelSignal } from '../../util/signals.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { SecretStore } from '../terminal.js'

export interface ReleaseRequest {
  readInput: InputReader
  defaultBranch?: string
  summaryFile?: string
  /** A cancelled release ends the process: the report so far, before it exits. */
  onCancelled?: (report: ReleaseReport) => void
}

export interface ReleaseReport {
  exitCode: ExitCode
  result?: string
  outputs: Record<string, string>
  failure?: { title: string; message: string }
  provider?: string
}

/**
 * `release`: the action's run() with the command line's dependencies. The event comes from the
 * CI system's variables or the checkout (detectCiEvent); outputs are collected, not written as
 * workflow commands; the summary goes to a file when asked; a failure exits 2 when it is bad
 * input, else 1. Registries logged in to are logged out of at the end (the action's post step).
 */
export async function release(
  request: ReleaseRequest,
  services: Services,
  secrets: SecretStore
): Promise<ReleaseReport> {
  const report: ReleaseReport = { exitCode: EXIT.ok, outputs: {} }
  const deps: RunDependencies = {
    readInput: request.readInput,
    output: (name, value) => {
      report.outputs[name] = value
    },
    fail: (message, title) => {
      report.failure = { title, message: secrets.redact(message) }
      report.exitCode = title === INVALID_INPUT_TITLE ? EXIT.usage : EXIT.failed
      services.logger.error(message, title)
    },
    summary: async markdown => {
      if (request.summaryFile) writeFileSync(request.summaryFile, secrets.redact(markdown))
    },
    // As the action: what can be reported within the grace, then exit, never later.
    onCancel: handler =>
      onCancelSignal(async (signal, deadline) => {
        await handler(signal, deadline)
        if (report.outputs.result) report.result = report.outputs.result
        request.onCancelled?.(report)
      }, EXIT.failed),
    services,
    steps: STEPS,
    readEvent: async settings => {
      const detected = await detectCiEvent(services.env, gitFromCommandRunner(services.exec), {
        ...(request.defaultBranch ? { defaultBranch: request.defaultBranch } : {}),
        ...(settings.config.defaultBranch
          ? { configDefaultBranch: settings.config.defaultBranch }
          : {})
      })
      report.provider = detected.provider
      services.logger.info(
        `event from ${detected.provider}: ${detected.event.name} ${escapeForLog(detected.event.ref)}, default branch ${escapeForLog(detected.event.defaultBranch ?? '(unknown)')} (from ${detected.defaultBranchFrom})`
      )
      return detected.event
    }
  }
  try {
    const state = await run(deps)
    if (state.result) report.result = state.result
  } finally {
    await logOut(services, secrets)
  }
  return report
}

async function logOut(services: Services, secrets: SecretStore): Promise<void> {
  const docker = new DockerCli(services.exec)
  for (const registry of savedRegistries(secrets.state.get(REGISTRIES_STATE) ?? '')) {
    if (!(await docker.logout(registry)))
      services.logger.warning(`docker logout ${registry} failed; log out by hand`)
  }
}
