import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FakeClock } from './fake-clock.js'
import { FakeEcr } from './fake-ecr.js'
import { FakeCodeDeploy } from './fake-codedeploy.js'
import { FakeEcs } from './fake-ecs.js'
import { FakeEvents } from './fake-events.js'
import { FakeScheduler } from './fake-scheduler.js'
import { FakeLogs } from './fake-logs.js'
import { FakeCommandRunner } from './fake-exec.js'
import { RecordingLogger } from './recording-logger.js'
import { EVENTS, SHA } from './run-action.js'
import type { ElbApi } from '../src/aws/elb-api.js'
import { toGitEvent } from '../src/plan/event.js'
import {
  makePlan,
  type DeployPlan,
  type Plan,
  type PromotePlan,
  type PublishPlan,
  type TestPlan
} from '../src/plan/plan.js'
import type { Services, StepContext } from '../src/core/context.js'
import { newReleaseState, type ReleaseState } from '../src/core/state.js'
import { readSettings } from '../src/settings/settings.js'
import type { ConfigFile, Settings } from '../src/settings/types.js'
import type { RunnerHooks } from '../src/util/runner-hooks.js'

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

/** The real push payloads the step tests run on, and the flow the default rules choose for each. */
const EVENT_SOURCES = {
  /** A push to the `payments-dev` branch. */
  publish: { file: 'push-dev-branch.json', ref: 'refs/heads/payments-dev' },
  /** A push of the tag `v1.0.0-prod` (environment production). */
  promote: { file: 'push-tag-prod.json', ref: 'refs/tags/v1.0.0-prod' },
  /** A push to the default branch (environment dev). */
  deploy: { file: 'push-default-branch.json', ref: 'refs/heads/main' },
  /** A push to a feature branch. */
  test: { file: 'push-feature-branch.json', ref: 'refs/heads/feature/login' }
} as const

export type StepEvent = keyof typeof EVENT_SOURCES

interface PlanOf {
  publish: PublishPlan
  promote: PromotePlan
  deploy: DeployPlan
  test: TestPlan
}

export interface StepContextOptions<E extends StepEvent> {
  /** Action inputs, over `ecr-repository: web`, `cluster: demo`, `service: web`. */
  inputs?: Record<string, string>
  /** The config file's content (none by default). */
  config?: ConfigFile
  /** The git event the plan is made from; `publish` by default. */
  event?: E
  ecs?: FakeEcs
  ecr?: FakeEcr
  events?: FakeEvents
  scheduler?: FakeScheduler
  /** The account STS answers (AWS_ACCOUNT_ID of templates). */
  accountId?: string
  logs?: FakeLogs
  codeDeploy?: FakeCodeDeploy
  /** Without one, verify-path's ELB calls throw. */
  elb?: ElbApi
  exec?: FakeCommandRunner
  clock?: FakeClock
  logger?: RecordingLogger
  runner?: RecordingRunnerHooks
  /** The global fetch by default (the verify tests use loopback servers). */
  fetch?: typeof fetch
  env?: NodeJS.ProcessEnv
  state?: ReleaseState
}

export interface StepHarness<E extends StepEvent> {
  context: StepContext<PlanOf[E]>
  settings: Settings
  plan: PlanOf[E]
  state: ReleaseState
  services: Services
  ecs: FakeEcs
  ecr: FakeEcr
  events: FakeEvents
  scheduler: FakeScheduler
  logs: FakeLogs
  codeDeploy: FakeCodeDeploy
  exec: FakeCommandRunner
  clock: FakeClock
  logger: RecordingLogger
  runner: RecordingRunnerHooks
}

/**
 * The one way tests build a step context: settings read from `inputs` (and `config`), the plan
 * made from a real push payload, and fakes for everything a step touches.
 */
export function stepContext<E extends StepEvent = 'publish'>(
  options: StepContextOptions<E> = {}
): StepHarness<E> {
  const event = (options.event ?? 'publish') as E
  const inputs: Record<string, string> = {
    'ecr-repository': 'web',
    cluster: 'demo',
    service: 'web',
    ...options.inputs
  }
  const settings = readSettings(
    name => inputs[name] ?? '',
    () => options.config ?? { environments: {} }
  )
  const { file, ref } = EVENT_SOURCES[event]
  const payload = JSON.parse(readFileSync(join(EVENTS, file), 'utf8')) as Record<string, unknown>
  const plan: Plan = makePlan(settings, toGitEvent({ eventName: 'push', payload, ref, sha: SHA }))
  if (plan.flow !== event) {
    throw new Error(`the ${event} event made a ${plan.flow} plan: check the inputs`)
  }
  const clock = options.clock ?? new FakeClock()
  const exec = options.exec ?? new FakeCommandRunner()
  const logger = options.logger ?? new RecordingLogger()
  const runner = options.runner ?? new RecordingRunnerHooks(exec)
  const ecs = options.ecs ?? new FakeEcs(clock)
  const ecr = options.ecr ?? new FakeEcr()
  const events = options.events ?? new FakeEvents()
  const scheduler = options.scheduler ?? new FakeScheduler()
  const logs = options.logs ?? new FakeLogs(clock)
  ecs.logs ??= logs
  const codeDeploy = options.codeDeploy ?? new FakeCodeDeploy(clock, ecs)
  const { elb } = options
  const services: Services = {
    exec,
    clock,
    logger,
    env: options.env ?? { GITHUB_REPOSITORY: 'acme/web', GITHUB_SERVER_URL: 'https://github.com' },
    aws: {
      ecs: () => ecs,
      ecr: () => ecr,
      elb: () => {
        if (!elb) throw new Error('no ELB in this test (give stepContext an elb)')
        return elb
      },
      events: () => events,
      scheduler: () => scheduler,
      sts: () => ({ accountId: async () => options.accountId ?? '123456789012' }),
      logs: () => logs,
      codeDeploy: () => codeDeploy
    },
    runner,
    fetch: options.fetch ?? globalThis.fetch
  }
  const state = options.state ?? newReleaseState()
  const typed = plan as PlanOf[E]
  const context: StepContext<PlanOf[E]> = { settings, plan: typed, state, services }
  return {
    context,
    settings,
    plan: typed,
    state,
    services,
    ecs,
    ecr,
    events,
    scheduler,
    logs,
    codeDeploy,
    exec,
    clock,
    logger,
    runner
  }
}

/** Everything a user or another process could see: argv, log lines, saved state, the release state. */
export function visibleText(
  h: Pick<StepHarness<StepEvent>, 'exec' | 'logger' | 'runner'> & {
    context: Pick<StepContext, 'state'>
  }
): string {
  return [
    ...h.exec.commands.map(command => [command.program, ...command.args].join(' ')),
    ...h.exec.commands.map(command => JSON.stringify(command.options.env ?? {})),
    h.logger.text(),
    JSON.stringify(h.runner.state),
    JSON.stringify({ ...h.context.state, steps: undefined })
  ].join('\n')
}
