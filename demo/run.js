// @ts-check
/**
 * `npm run demo`: the whole story of ecs-flow, on a fresh machine with only Node. The bundled
 * action (dist/index.js) runs as the GitHub runner runs it, against the project's ECS rollout
 * simulator on loopback: a pull request, a deploy to dev, promotions to staging and production,
 * a release of two services together, what runs where as the command line shows it
 * (`ecs-flow status`), a blue/green release verified during its bake, a broken release that
 * is detected, explained and rolled back, and a blue/green release that pauses for approval and is
 * continued by a second job.
 */
import { execFile, spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSimulator } from '../sim/server.js'
import { runAction, simulatorEnv } from '../scripts/run-action.js'
import { payloads } from './payloads.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const RELEASE_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const BROKEN_SHA = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef'
const SERVICES = { dev: 'web-dev', staging: 'web-staging', production: 'web-prod' }
/** The service the simulator deploys by ECS-native blue/green (environment checkout). */
const BLUE_GREEN_SERVICE = 'web-bg'
/** The ECS Express Mode service (environment preview): its endpoint is the demo's app. */
const EXPRESS_SERVICE = 'hello'
/** The environment whose release is two services built from one image. */
const PLATFORM = { api: 'api', worker: 'worker' }

const bold = (/** @type {string} */ text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)
const indent = (/** @type {string} */ text) => text.replace(/^(?=.)/gm, '    ')

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'ecs-flow-demo-'))
  const app = await startApp()
  const config = join(work, 'ecs-flow.yml')
  writeFileSync(config, configFile(app.url))
  const events = payloads(work, RELEASE_SHA)

  const seed = {
    cluster: 'demo',
    services: [
      ...Object.values(SERVICES),
      ...Object.values(PLATFORM),
      BLUE_GREEN_SERVICE,
      // Rolls out like a rolling service in every act, whatever the act's scenario.
      { name: EXPRESS_SERVICE, express: { endpoint: app.url }, scenario: 'healthy' }
    ],
    containerName: 'web',
    repository: 'web',
    images: [{ repository: 'web', tags: [RELEASE_SHA] }],
    // An EventBridge Scheduler schedule running the worker's revision: it follows the release.
    schedules: [
      {
        Name: 'platform-worker-sweep',
        ScheduleExpression: 'rate(1 hour)',
        ScheduleExpressionTimezone: 'Europe/Berlin',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 },
        Target: {
          Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
          RoleArn: 'arn:aws:iam::123456789012:role/platform-scheduler',
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
          EcsParameters: {
            TaskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${PLATFORM.worker}:1`,
            LaunchType: 'FARGATE'
          }
        }
      }
    ]
  }
  const sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: 0.5, seed })
  console.log(
    bold(
      `ECS rollout simulator on ${sim.url} (cluster demo, services ${Object.values(SERVICES).join(', ')})`
    )
  )
  console.log(`The released app's health check (verify-url) answers on ${app.url}/health`)
  console.log(dockerNote())

  const env = simulatorEnv(sim.url)
  const common = { config, 'poll-interval': '1s', timeout: '2m', 'ecr-repository': 'web' }
  const acts = [
    {
      title: 'A pull request: tests only, nothing leaves the runner',
      invocation: {
        eventName: 'pull_request',
        event: events.pullRequest,
        ref: 'refs/pull/7/merge',
        sha: RELEASE_SHA,
        inputs: {
          ...common,
          'test-command': 'echo "12 tests passed"',
          'build-command': 'echo "built"'
        }
      }
    },
    {
      title: 'A push to main: deploy to dev and wait until the old revision has drained',
      invocation: {
        eventName: 'push',
        event: events.pushMain,
        ref: 'refs/heads/main',
        sha: RELEASE_SHA,
        inputs: { ...common, image: `${REGISTRY}/web:${RELEASE_SHA}` }
      }
    },
    {
      title:
        'Tag v1.0.0-staging: promote the image built for that commit, by digest, without rebuilding',
      invocation: {
        eventName: 'push',
        event: events.tagStaging,
        ref: 'refs/tags/v1.0.0-staging',
        sha: RELEASE_SHA,
        inputs: common
      }
    },
    {
      title: 'Tag v1.0.0-prod: the same bits to production',
      invocation: {
        eventName: 'push',
        event: events.tagProd,
        ref: 'refs/tags/v1.0.0-prod',
        sha: RELEASE_SHA,
        inputs: common
      }
    },
    {
      title:
        "Two services of one image in one release (environment platform: api and worker): a migration runs once beside the api first (before-deploy), then both are registered, updated and watched together, one DescribeServices a poll; the worker's Scheduler schedule follows it",
      invocation: {
        eventName: 'push',
        event: events.pushMain,
        ref: 'refs/heads/main',
        sha: RELEASE_SHA,
        inputs: {
          ...common,
          flow: 'deploy',
          environment: 'platform',
          image: `${REGISTRY}/web:${RELEASE_SHA}`
        }
      }
    },
    {
      title:
        'From a terminal: `ecs-flow status` shows what runs in every environment, from which commit',
      cli: ['status', '--config', config]
    },
    {
      title:
        'A blue/green service (ECS-native BLUE_GREEN, environment checkout): followed stage by stage, verified during BAKE_TIME while the old revision still runs, done at SUCCESSFUL',
      // The simulator's timeline ten times faster: the one-minute bake takes 6 s.
      scenario: 'bluegreen-healthy',
      timeScale: 0.1,
      invocation: {
        eventName: 'push',
        event: events.pushMain,
        ref: 'refs/heads/main',
        sha: RELEASE_SHA,
        inputs: {
          ...common,
          'poll-interval': '0.5s',
          flow: 'deploy',
          environment: 'checkout',
          image: `${REGISTRY}/web:${RELEASE_SHA}`
        }
      }
    },
    {
      title:
        "A broken release: its tasks keep crashing; ecs-flow quotes the container's last log lines and puts the previous revision back",
      // Tasks that start, log to CloudWatch and crash; no circuit breaker, so ecs-flow rolls back.
      scenario: 'circuit-breaker',
      timeScale: 0.5,
      seed: { circuitBreaker: false },
      invocation: {
        eventName: 'push',
        event: events.pushMainBroken,
        ref: 'refs/heads/main',
        sha: BROKEN_SHA,
        inputs: { ...common, image: `${REGISTRY}/web:${BROKEN_SHA}` }
      }
    },
    {
      title:
        'A blue/green release that stops at a PAUSE hook (on-pause: approve): the job ends paused, naming the service deployment and the hook',
      // A PAUSE hook at POST_TEST_TRAFFIC_SHIFT; the simulator ten times faster.
      scenario: 'bluegreen-pause',
      timeScale: 0.1,
      invocation: {
        eventName: 'push',
        event: events.pushMain,
        ref: 'refs/heads/main',
        sha: RELEASE_SHA,
        inputs: {
          ...common,
          'poll-interval': '0.5s',
          flow: 'deploy',
          environment: 'checkout',
          'on-pause': 'approve',
          image: `${REGISTRY}/web:${RELEASE_SHA}`
        }
      }
    },
    {
      title:
        'A second job, after a reviewer approved its environment: flow continue with decision continue answers the hook, then watches the deployment to SUCCESSFUL and verifies it',
      invocation: {
        eventName: 'push',
        event: events.pushMain,
        ref: 'refs/heads/main',
        sha: RELEASE_SHA,
        inputs: {
          ...common,
          'poll-interval': '0.5s',
          flow: 'continue',
          environment: 'checkout',
          decision: 'continue'
        }
      },
      /** The first job's outputs, passed in as the workflow's `needs:` would. */
      fromPrevious: (/** @type {Record<string, string>} */ outputs) => ({
        'service-deployment': outputs['paused-service-deployment'] ?? '',
        'hook-id': outputs['paused-hook'] ?? ''
      }),
      env: {
        GITHUB_ACTOR: 'reviewer',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/web',
        GITHUB_RUN_ID: '1001'
      }
    },
    {
      title:
        "A slow rollout explained: behind a target group with ELBv2's default 300 s deregistration delay, the old tasks wait it out; the job summary shows where the time went and what to change",
      // The simulator's timeline about eight times faster: the 300 s delay takes 36 s, longer
      // than the 30 s the advice proposes (health checks of 10 s × 3 keep the rest short).
      scenario: 'healthy',
      timeScale: 0.12,
      seed: { targetGroup: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 3 } },
      invocation: {
        eventName: 'push',
        event: events.pushMain,
        ref: 'refs/heads/main',
        sha: RELEASE_SHA,
        inputs: { ...common, 'poll-interval': '0.2s', image: `${REGISTRY}/web:${RELEASE_SHA}` }
      }
    },
    {
      title:
        'An ECS Express Mode service (environment preview): its container sent back whole with the image by UpdateExpressGatewayService, the revision ECS registers watched, verified at its endpoint',
      scenario: 'healthy',
      timeScale: 0.5,
      invocation: {
        eventName: 'push',
        event: events.pushMain,
        ref: 'refs/heads/main',
        sha: RELEASE_SHA,
        inputs: {
          ...common,
          flow: 'deploy',
          environment: 'preview',
          image: `${REGISTRY}/web:${RELEASE_SHA}`
        }
      }
    }
  ]

  /** @type {{title: string, flow: string, environment: string, result: string, exit: number, seconds: string}[]} */
  const results = []
  /** @type {Record<string, string>} */
  let previousOutputs = {}
  try {
    for (const [index, act] of acts.entries()) {
      if (act.scenario)
        sim.reset({
          scenario: act.scenario,
          timeScale: act.timeScale,
          seed: { ...seed, ...act.seed }
        })
      console.log(`\n${bold(`${index + 1}. ${act.title}`)}`)
      if (act.cli) {
        const shown = await runCli(act.cli, env)
        console.log(indent(`$ ecs-flow ${act.cli.slice(0, 1).join(' ')}\n${shown.output.trim()}`))
        results.push({
          title: act.title,
          flow: `ecs-flow ${act.cli[0]}`,
          environment: '',
          result: shown.code === 0 ? 'shown' : 'failed',
          exit: shown.code,
          seconds: shown.seconds
        })
        continue
      }
      const lines = lineWriter(line => process.stdout.write(indent(readable(line))))
      const invocation = act.fromPrevious
        ? {
            ...act.invocation,
            inputs: { ...act.invocation.inputs, ...act.fromPrevious(previousOutputs) }
          }
        : act.invocation
      const run = await runAction({
        ...invocation,
        env: { ...env, ...act.env },
        onOutput: lines.write
      })
      previousOutputs = run.outputs
      lines.flush()
      console.log(bold('\n    Job summary (GITHUB_STEP_SUMMARY):'))
      console.log(indent(run.summary.trim() || '(empty)'))
      results.push({
        title: act.title,
        flow: run.outputs.flow ?? '',
        environment: run.outputs.environment ?? '',
        result: run.outputs.result ?? '',
        exit: run.exitCode,
        seconds: run.outputs['elapsed-seconds'] ?? ''
      })
    }
  } finally {
    await sim.stop()
    await new Promise(done => app.server.close(done))
  }

  console.log(`\n${bold('The story')}`)
  console.log('| # | flow | environment | result | exit code | seconds |')
  console.log('|---|---|---|---|---|---|')
  results.forEach((r, i) =>
    console.log(
      `| ${i + 1} | ${r.flow} | ${r.environment || '-'} | ${r.result} | ${r.exit} | ${r.seconds} |`
    )
  )

  const expected = [
    'tested',
    'deployed',
    'deployed',
    'deployed',
    'deployed',
    'shown',
    'deployed',
    'rolled-back',
    'paused',
    'deployed',
    'deployed',
    'deployed'
  ]
  const wrong = results.filter((r, i) => r.result !== expected[i])
  if (wrong.length > 0) {
    console.error(`\nThe demo did not go as told: expected results ${expected.join(', ')}.`)
    process.exitCode = 1
  }
}

/**
 * The bundled command line, as a user runs it from a clone; asynchronous, because the simulator
 * answers from this process.
 * @param {string[]} args @param {Record<string, string>} env
 * @returns {Promise<{code: number, output: string, seconds: string}>}
 */
function runCli(args, env) {
  const started = Date.now()
  return new Promise(resolve =>
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'cli', 'index.js'), ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          output: `${stdout}${stderr}`,
          seconds: ((Date.now() - started) / 1000).toFixed(1)
        })
    )
  )
}

/**
 * Output arrives in chunks that split lines; indenting and rewriting work on whole lines.
 * @param {(line: string) => void} emit
 */
function lineWriter(emit) {
  let pending = ''
  return {
    write: (/** @type {string} */ chunk) => {
      const lines = (pending + chunk).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) emit(`${line}\n`)
    },
    flush: () => {
      if (pending) emit(`${pending}\n`)
      pending = ''
    }
  }
}

/** Workflow commands are for the runner; in a terminal show them as readable lines. */
function readable(/** @type {string} */ chunk) {
  return chunk
    .replace(/^::group::(.*)$/gm, '▸ $1')
    .replace(/^::endgroup::\n?$/gm, '')
    .replace(
      /^::(error|warning|notice)[^:]*::(.*)$/gm,
      (_, kind, text) => `${kind.toUpperCase()}: ${text}`
    )
    .replace(/^::[a-z-]+[^:]*::.*\n?/gm, '')
    .replace(/\n{2,}/g, '\n')
}

function dockerNote() {
  const docker = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
    timeout: 5000
  })
  const engine =
    docker.status === 0 ? `Docker engine ${docker.stdout.trim()} found` : 'No Docker engine here'
  return `${engine}: the simulator has no registry, so the build steps use pre-built image references (the end-to-end suite builds and pushes for real).`
}

/**
 * Stands in for the released application behind its load balancer: the verify step's
 * `verify-url` must answer 2xx and contain "ok".
 */
async function startApp() {
  const server = createServer((request, response) => {
    const healthy = request.url?.startsWith('/health')
    response.writeHead(healthy ? 200 : 404, { 'content-type': 'text/plain' })
    response.end(healthy ? 'ok\n' : 'not found\n')
  })
  await new Promise(done => server.listen(0, '127.0.0.1', () => done(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return { server, url: `http://127.0.0.1:${address.port}` }
}

/** @param {string} appUrl */
function configFile(appUrl) {
  return [
    'ecr-repository: web',
    'environments:',
    ...Object.entries(SERVICES).flatMap(([name, service]) => [
      `  ${name}:`,
      '    cluster: demo',
      `    service: ${service}`,
      '    container: web',
      `    variables: {APP_ENV: ${name}}`,
      `    verify-url: ${appUrl}/health?env=${name}`,
      '    verify-contains: ok'
    ]),
    '  checkout:',
    '    cluster: demo',
    `    service: ${BLUE_GREEN_SERVICE}`,
    '    container: web',
    `    verify-url: ${appUrl}/health?env=checkout`,
    '    verify-contains: ok',
    '  preview:',
    '    cluster: demo',
    `    express-service: ${EXPRESS_SERVICE}`,
    '    verify-path: /health?env=preview',
    '    verify-contains: ok',
    '  platform:',
    '    cluster: demo',
    '    container: web',
    '    variables: {APP_ENV: platform}',
    // After the release: keep 3 revisions per family, never one a service, rule or task runs.
    '    keep-revisions: 3',
    // A migration beside the api before the update: one RunTask, whose client token ECS keeps.
    '    before-deploy: {command: "migrate sim-log=applied_0042_add_orders sim-runs=2"}',
    // The worker's hourly sweep (a Scheduler schedule) runs the released revision afterwards.
    '    scheduled-tasks: [{schedule: platform-worker-sweep}]',
    '    services:',
    `      ${PLATFORM.api}: { verify-url: "${appUrl}/health?env=platform" }`,
    `      ${PLATFORM.worker}: { variables: {ROLE: worker} }`
  ].join('\n')
}

await main()
