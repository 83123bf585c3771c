import { FakeClock } from './fake-clock.js'
import { FakeCodeDeploy } from './fake-codedeploy.js'
import type { FakeEcr } from './fake-ecr.js'
import { FakeEcs, healthy, type Behaviour } from './fake-ecs.js'
import { FakeEvents } from './fake-events.js'
import { FakeScheduler } from './fake-scheduler.js'
import { FakeLogs } from './fake-logs.js'
import { FakeCommandRunner } from './fake-exec.js'
import { RecordingLogger } from './recording-logger.js'
import { EVENTS, SHA } from './run-action.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TaskDefinition } from '../src/aws/ecs-api.js'
import { run } from '../src/main.js'
import { STEPS, type StepSet } from '../src/steps/index.js'
import type { StrategyList } from '../src/strategies/index.js'

// A whole run() — settings → plan → register → deploy → wait (→ rollback) — against the fake
// ECS service state machine and a fake clock, with everything the run printed and reported.

export const AWSLOGS = {
  logDriver: 'awslogs',
  options: {
    'awslogs-group': '/ecs/web',
    'awslogs-region': 'us-east-1',
    'awslogs-stream-prefix': 'ecs'
  }
}

export const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:' + SHA
export const base: TaskDefinition = {
  family: 'web',
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'web',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:old',
      environment: [{ name: 'A', value: '1' }]
    }
  ]
}

export interface Release {
  inputs?: Record<string, string>
  behaviours?: Behaviour[]
  circuitBreaker?: { enable: boolean; rollback: boolean }
  deploymentController?: string
  noService?: boolean
  liveImage?: string
  steps?: Partial<StepSet>
  before?: (ecs: FakeEcs, codeDeploy: FakeCodeDeploy) => void
  /** EventBridge for scheduled tasks (an empty bus by default). */
  events?: FakeEvents
  /** EventBridge Scheduler for scheduled tasks (no schedules by default). */
  scheduler?: FakeScheduler
  /** Runner variables besides the ones every run has. */
  env?: Record<string, string>
  /** The live revision's container logs with the awslogs driver (group /ecs/web, prefix ecs). */
  awslogs?: boolean
  /** A config file's YAML, written to a temporary file and given as the input config. */
  config?: string
  /** The deployment strategies (default: the registered ones). */
  strategies?: StrategyList
  /** Receives the job's cancel handler (the runner's signal, when a test calls it). */
  onCancel?: (handler: (signal: string, deadline: number) => Promise<void>) => void
  /** ECR for the image steps; without it any ECR call fails the test. */
  ecr?: FakeEcr
  /** The push event: a payload file under __fixtures__/events and its ref (default: main). */
  event?: { file: string; ref: string }
}

export async function release(options: Release = {}) {
  const clock = new FakeClock()
  const ecs = new FakeEcs(clock)
  const events = options.events ?? new FakeEvents()
  const scheduler = options.scheduler ?? new FakeScheduler()
  const logs = new FakeLogs(clock)
  ecs.logs = logs
  const codeDeploy = new FakeCodeDeploy(clock, ecs)
  const v1 = ecs.addTaskDefinition({
    ...base,
    containerDefinitions: [
      {
        ...base.containerDefinitions[0]!,
        image: options.liveImage ?? base.containerDefinitions[0]!.image,
        ...(options.awslogs ? { logConfiguration: AWSLOGS } : {})
      }
    ]
  })
  if (!options.noService) {
    ecs.addService({
      taskDefinition: v1,
      circuitBreaker: options.circuitBreaker,
      deploymentController: options.deploymentController,
      ...(options.deploymentController === 'CODE_DEPLOY'
        ? {
            loadBalancers: [
              {
                targetGroupArn: 'arn:aws:elasticloadbalancing:::targetgroup/web-blue/1',
                containerName: 'web',
                containerPort: 8080
              }
            ]
          }
        : {})
    })
  }
  ecs.behaviours = options.behaviours ?? [healthy()]
  options.before?.(ecs, codeDeploy)
  clock.advance(60_000)
  const inputs: Record<string, string> = {
    cluster: 'demo',
    service: 'web',
    'container-name': 'web',
    image: IMAGE,
    'poll-interval': '3',
    ...(options.config ? { config: configFile(options.config) } : {}),
    ...options.inputs
  }
  /** One job against this world: the first, and any later one (a job that continues it). */
  const once = async (jobInputs: Record<string, string>, jobEnv: Record<string, string> = {}) => {
    const outputs: Record<string, string> = {}
    const failures: string[] = []
    const titles: string[] = []
    const summaries: string[] = []
    const logger = new RecordingLogger()
    const exec = new FakeCommandRunner()
    const state = await run({
      readInput: name => jobInputs[name] ?? '',
      output: (name, value) => (outputs[name] = value),
      fail: (message, title) => {
        failures.push(message)
        titles.push(title)
      },
      summary: async markdown => {
        summaries.push(markdown)
      },
      onCancel: options.onCancel ?? (() => {}),
      strategies: options.strategies,
      services: {
        exec,
        clock,
        logger,
        env: {
          GITHUB_EVENT_NAME: 'push',
          GITHUB_EVENT_PATH: join(EVENTS, options.event?.file ?? 'push-default-branch.json'),
          GITHUB_REF: options.event?.ref ?? 'refs/heads/main',
          AWS_REGION: 'us-east-1',
          // The tests write their definition files under the temporary directory.
          GITHUB_WORKSPACE: tmpdir(),
          GITHUB_SHA: SHA,
          ...options.env,
          ...jobEnv
        },
        aws: {
          ecs: () => ecs,
          ecr: () => {
            if (options.ecr) return options.ecr
            throw new Error('no ECR in these tests')
          },
          elb: () => {
            throw new Error('no ELB in these tests')
          },
          events: () => events,
          scheduler: () => scheduler,
          sts: () => ({ accountId: async () => '123456789012' }),
          logs: () => logs,
          codeDeploy: () => codeDeploy
        },
        runner: { setSecret: () => {}, saveState: () => {} },
        fetch: async () => {
          throw new Error('no HTTP in these tests')
        }
      },
      steps: { ...STEPS, ...options.steps }
    })
    return { state, outputs, failures, titles, summaries, logger, text: logger.text(), exec }
  }
  const first = await once(inputs)
  /** A later job against the same ECS and clock, with inputs of its own (the config's kept). */
  const later = (jobInputs: Record<string, string>, jobEnv?: Record<string, string>) =>
    once({ ...inputs, image: '', ...jobInputs }, jobEnv)
  const updates = ecs.calls
    .filter(call => call.operation === 'UpdateService')
    .map(call => call.args as { taskDefinition: string })
  return { ecs, codeDeploy, events, scheduler, logs, clock, ...first, updates, v1, later }
}

function configFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ecs-flow-config-')), 'ecs-flow.yml')
  writeFileSync(path, yaml)
  return path
}

export const TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`
