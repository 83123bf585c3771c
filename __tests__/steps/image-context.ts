import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcr } from '../../__fixtures__/fake-ecr.js'
import { FakeCommandRunner } from '../../__fixtures__/fake-exec.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'
import { EVENTS, SHA } from '../../__fixtures__/run-action.js'
import { toGitEvent } from '../../src/plan/event.js'
import { makePlan } from '../../src/plan/plan.js'
import { readSettings } from '../../src/settings/settings.js'
import type { StepContext } from '../../src/steps/types.js'
import type { RunnerHooks } from '../../src/util/runner-hooks.js'

export { SHA }

/** Records masking and saved state, with how many commands had run at that moment. */
export class RecordingRunnerHooks implements RunnerHooks {
  readonly secrets: { value: string; commandsBefore: number }[] = []
  readonly state: Record<string, string> = {}
  constructor(private readonly exec: FakeCommandRunner) {}
  setSecret(value: string): void {
    this.secrets.push({ value, commandsBefore: this.exec.commands.length })
  }
  saveState(name: string, value: string): void {
    this.state[name] = value
  }
}

export interface Harness {
  context: StepContext
  ecr: FakeEcr
  exec: FakeCommandRunner
  logger: RecordingLogger
  runner: RecordingRunnerHooks
}

/** A step context for a real push payload: the `*-dev` branch (publish) or a `*-prod` tag (promote). */
export function harness(
  event: 'publish' | 'promote',
  inputs: Record<string, string> = {},
  ecr = new FakeEcr()
): Harness {
  const all: Record<string, string> = {
    'ecr-repository': 'web',
    cluster: 'demo',
    service: 'web',
    ...inputs
  }
  const settings = readSettings(
    name => all[name] ?? '',
    () => ({ environments: {} })
  )
  const [file, ref] =
    event === 'publish'
      ? ['push-dev-branch.json', 'refs/heads/payments-dev']
      : ['push-tag-prod.json', 'refs/tags/v1.0.0-prod']
  const payload = JSON.parse(readFileSync(join(EVENTS, file), 'utf8')) as Record<string, unknown>
  const plan = makePlan(settings, toGitEvent({ eventName: 'push', payload, ref, sha: SHA }))
  const exec = new FakeCommandRunner()
  const logger = new RecordingLogger()
  const runner = new RecordingRunnerHooks(exec)
  const context: StepContext = {
    settings,
    plan,
    state: { steps: [] },
    services: {
      exec,
      clock: new FakeClock(),
      logger,
      env: { GITHUB_REPOSITORY: 'acme/web', GITHUB_SERVER_URL: 'https://github.com' },
      aws: {
        ecs: () => {
          throw new Error('ECS is not used by image steps')
        },
        ecr: () => ecr,
        elb: () => {
          throw new Error('ELB is not used by image steps')
        }
      },
      runner
    }
  }
  return { context, ecr, exec, logger, runner }
}

/** Everything a user or another process could see: argv, log lines, state, outputs-to-be. */
export function visibleText(h: Harness): string {
  return [
    ...h.exec.commands.map(command => [command.program, ...command.args].join(' ')),
    ...h.exec.commands.map(command => JSON.stringify(command.options.env ?? {})),
    h.logger.text(),
    JSON.stringify(h.runner.state),
    JSON.stringify({ ...h.context.state, steps: undefined })
  ].join('\n')
}
