import { execFile } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand
} from '@aws-sdk/client-ecs'
import { ROOT, simulatorEnv } from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// The bundled command line (node dist/cli/index.js, as a user runs it from a clone) against the
// ECS rollout simulator on loopback, and `local` against a fake docker on PATH that records its
// argv and standard input.

const CLI = join(ROOT, 'dist', 'cli', 'index.js')
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const PASSWORD = 'cli-test-registry-password-7Hq'
const LABEL_SHA = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a'
const SEED = {
  cluster: 'demo',
  services: ['web-dev', 'web-prod'],
  containerName: 'web',
  repository: 'web',
  // `stable` names no commit; its OCI revision label does.
  images: [
    { repository: 'web', tags: [SHA] },
    { repository: 'web', tags: ['stable'], revision: LABEL_SHA }
  ],
  authPassword: PASSWORD
}

type Simulator = Awaited<ReturnType<typeof startSimulator>>
let sim: Simulator
let work: string
let fakeDockerDir: string

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI asynchronously: the simulator answers from this process's event loop. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: work,
        env: {
          PATH: `${fakeDockerDir}:${process.env.PATH ?? ''}`,
          HOME: work,
          FAKE_DOCKER_LOG: join(work, 'docker.log'),
          ...simulatorEnv(sim.url),
          ...env
        },
        timeout: 60_000
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    )
  })
}

const circleci = (extra: Record<string, string>) => ({
  CIRCLECI: 'true',
  CIRCLE_SHA1: SHA,
  CIRCLE_PROJECT_USERNAME: 'acme',
  CIRCLE_PROJECT_REPONAME: 'web',
  ECS_FLOW_INPUT_POLL_INTERVAL: '0.2s',
  ECS_FLOW_INPUT_TIMEOUT: '1m',
  ...extra
})

/** Workflow commands the runner would act on: none may be printed outside GitHub. */
const WORKFLOW_COMMAND = /^::[a-z-]+/m

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: 0.05, seed: SEED })
  work = mkdtempSync(join(tmpdir(), 'ecs-flow-cli-'))
  // Where a clone keeps it: the default config path, so no command needs --config.
  mkdirSync(join(work, '.github'))
  writeFileSync(
    join(work, '.github', 'ecs-flow.yml'),
    [
      'ecr-repository: web',
      'default-branch: main',
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    service: web-dev',
      '    container: web',
      '    variables:',
      '      LOG_LEVEL: debug',
      '  production:',
      '    cluster: demo',
      '    service: web-prod',
      '    container: web',
      ''
    ].join('\n')
  )
  fakeDockerDir = mkdtempSync(join(tmpdir(), 'ecs-flow-fake-docker-'))
  const docker = join(fakeDockerDir, 'docker')
  writeFileSync(
    docker,
    [
      `#!${process.execPath}`,
      "const fs = require('node:fs')",
      "let stdin = ''",
      "// Only login is given input: run's stdin is the terminal's, which never ends here.",
      "if (process.argv[2] === 'login') stdin = fs.readFileSync(0, 'utf8')",
      "fs.appendFileSync(process.env.FAKE_DOCKER_LOG, JSON.stringify({ argv: process.argv.slice(2), stdin }) + '\\n')",
      "if (process.argv[2] === 'version') console.log('27.0.0')",
      "if (process.argv[2] === 'run') console.log('hello from the container')",
      ''
    ].join('\n')
  )
  chmodSync(docker, 0o755)
})
afterAll(async () => {
  await sim.stop()
})

function dockerCalls(): { argv: string[]; stdin: string }[] {
  const log = join(work, 'docker.log')
  let text = ''
  try {
    text = readFileSync(log, 'utf8')
  } catch {
    return []
  }
  writeFileSync(log, '')
  return text
    .split('\n')
    .filter(line => line !== '')
    .map(line => JSON.parse(line) as { argv: string[]; stdin: string })
}

describe('node dist/cli/index.js against the simulator', () => {
  it('an older Node costs one line, never the seven-line notice of the SDK', async () => {
    const run = await cli(['status', '--environment', 'dev'])
    expect(run.code).toBe(0)
    expect(run.stderr).not.toContain('NodeVersionSupportWarning')
    const major = Number(process.versions.node.split('.')[0])
    const notices = run.stderr.split('\n').filter(line => line.includes('needs Node 22 or later'))
    expect(notices).toHaveLength(major < 22 ? 1 : 0)
  })

  it('status: a table, and --json', async () => {
    const table = await cli(['status'])
    expect(table).toMatchObject({ code: 0 })
    const lines = table.stdout.trim().split('\n')
    expect(lines[0]).toMatch(
      /^ENVIRONMENT +CLUSTER\/SERVICE +REVISION +IMAGE +COMMIT +ROLLOUT +TASKS +SINCE$/
    )
    expect(lines[1]).toMatch(
      /^dev +demo\/web-dev +web-dev:1 +\S+ sha256:\S+ +\w{12} +COMPLETED +2\/2 /
    )
    expect(lines[2]).toMatch(/^production +demo\/web-prod +web-prod:1 /)

    const json = await cli(['status', '--json', '--environment', 'dev'])
    expect(json.code).toBe(0)
    const { services } = JSON.parse(json.stdout) as { services: Record<string, unknown>[] }
    expect(services).toEqual([
      expect.objectContaining({
        environment: 'dev',
        cluster: 'demo',
        service: 'web-dev',
        found: true,
        revision: 'web-dev:1',
        image: expect.objectContaining({ digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }),
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
        rollout: expect.objectContaining({ state: 'COMPLETED', inProgress: false }),
        running: 2,
        desired: 2
      })
    ])
  })

  it('release from CircleCI on the default branch deploys to dev, without workflow commands', async () => {
    const run = await cli(
      ['release', '--json', '--image', `${REGISTRY}/web:${SHA}`, '--summary-file', 'summary.md'],
      circleci({ CIRCLE_BRANCH: 'main' })
    )
    expect(run.stderr).toContain(
      'event from circleci: push refs/heads/main, default branch main (from config)'
    )
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as { result: string; outputs: Record<string, string> }
    expect(report).toMatchObject({ exitCode: 0, result: 'deployed', provider: 'circleci' })
    expect(report.outputs).toMatchObject({ flow: 'deploy', environment: 'dev' })
    expect(run.stdout + run.stderr).not.toMatch(WORKFLOW_COMMAND)
    expect(readFileSync(join(work, 'summary.md'), 'utf8')).toMatch(/deploy/)
    const status = JSON.parse((await cli(['status', '--json', '--environment', 'dev'])).stdout)
    expect(status.services[0]).toMatchObject({ revision: 'web-dev:2', commit: SHA })
  })

  it('rollback puts the previous revision back and watches it', async () => {
    const run = await cli(['rollback', '--environment', 'dev', '--poll-interval', '0.2s', '--json'])
    expect(run.stderr).toContain(
      'rolling back service web-dev in cluster demo from web-dev:2 to web-dev:1'
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ from: 'web-dev:2', to: 'web-dev:1' })
    const status = JSON.parse((await cli(['status', '--json', '--environment', 'dev'])).stdout)
    expect(status.services[0]).toMatchObject({
      revision: 'web-dev:1',
      rollout: { state: 'COMPLETED' }
    })
  })

  it('release from CircleCI on a -prod tag promotes to production', async () => {
    const run = await cli(['release'], circleci({ CIRCLE_TAG: 'v1.0.0-prod' }))
    expect(run.stdout).toMatch(/flow: +promote -> environment production/)
    expect(run.code).toBe(0)
    expect(run.stdout + run.stderr).not.toMatch(WORKFLOW_COMMAND)
    const status = JSON.parse(
      (await cli(['status', '--json', '--environment', 'production'])).stdout
    )
    expect(status.services[0]).toMatchObject({ revision: 'web-prod:2', commit: SHA })
  })

  it('release: bad input exits 2, and a pull request only tests', async () => {
    const bad = await cli(['release', '--timeout', 'forever'], circleci({ CIRCLE_BRANCH: 'main' }))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/input timeout/)
    const pr = await cli(
      ['release', '--json'],
      circleci({
        CIRCLE_BRANCH: 'feature',
        CIRCLE_PULL_REQUEST: 'https://github.com/acme/web/pull/7'
      })
    )
    expect(pr.code).toBe(0)
    expect(JSON.parse(pr.stdout)).toMatchObject({ result: 'tested', outputs: { flow: 'test' } })
  })

  it.each([
    ['--sha', ['--sha', SHA.slice(0, 10)], `${REGISTRY}/web:${SHA}`],
    [
      '--latest',
      ['--latest'],
      expect.stringMatching(new RegExp(`^${REGISTRY}/web@sha256:[0-9a-f]{64}$`))
    ],
    ['--highest-version', ['--highest-version'], `${REGISTRY}/web:v1.0.0-prod`],
    ['--environment', ['--environment', 'dev'], expect.stringContaining(`${REGISTRY}/web`)]
  ])('local %s: the chosen image, the password only on stdin', async (_name, selector, image) => {
    dockerCalls()
    const run = await cli(['local', ...selector, '--', '-p', '8080:80'])
    expect(run.code).toBe(0)
    const calls = dockerCalls()
    expect(calls.map(call => call.argv[0])).toEqual(['version', 'login', 'pull', 'logout', 'run'])
    expect(calls[1]).toEqual({
      argv: ['login', '--username', 'AWS', '--password-stdin', REGISTRY],
      stdin: PASSWORD
    })
    expect(calls[2]!.argv).toEqual(['pull', image])
    // The variables of the environment named, never its secrets.
    const variables = selector[0] === '--environment' ? ['--env', 'LOG_LEVEL=debug'] : []
    expect(calls[4]!.argv).toEqual([
      'run',
      '--rm',
      ...variables,
      '-p',
      '8080:80',
      calls[2]!.argv[1]
    ])
    for (const call of calls) expect(call.argv.join(' ')).not.toContain(PASSWORD)
    expect(run.stdout + run.stderr).not.toContain(PASSWORD)
    expect(run.stderr).toContain(`$ docker pull ${calls[2]!.argv[1]}`)
    expect(run.stdout).toContain('hello from the container')
  })

  it('local: no Docker is a clear error (exit 1); no selector is bad usage (exit 2)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ecs-flow-no-docker-'))
    const run = await cli(['local', '--latest'], { PATH: empty })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Docker is not installed here, or not on PATH/)
    expect((await cli(['local'])).code).toBe(2)
  })

  it('status: an image no tag names a commit shows the commit of its OCI revision label', async () => {
    const run = await cli(
      ['release', '--image', `${REGISTRY}/web:stable`],
      circleci({ CIRCLE_BRANCH: 'main' })
    )
    expect(run.code).toBe(0)
    const before = (await sim.state()).callLog.length
    const status = JSON.parse((await cli(['status', '--json', '--environment', 'dev'])).stdout)
    expect(status.services[0]).toMatchObject({
      image: { reference: `${REGISTRY}/web:stable`, tag: 'stable' },
      commit: LABEL_SHA,
      commitFrom: 'label',
      notes: []
    })
    const calls = (await sim.state()).callLog.slice(before).map(call => call.operation)
    expect(calls.filter(operation => operation !== 'DescribeTaskDefinition')).toEqual([
      'DescribeServices',
      'DescribeImages',
      'BatchGetImage',
      'GetDownloadUrlForLayer'
    ])
  })
})

describe('node dist/cli/index.js release with keep-revisions', () => {
  const TD = (revision: number) =>
    `arn:aws:ecs:us-east-1:123456789012:task-definition/web-dev:${revision}`

  it('never retires what a rule nobody listed or a task outside any service runs', async () => {
    sim.reset({
      scenario: 'healthy',
      timeScale: 0.05,
      seed: {
        ...SEED,
        rules: [
          {
            name: 'web-dev-adhoc-export',
            targets: [
              {
                Id: 'export',
                Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
                RoleArn: 'arn:aws:iam::123456789012:role/web-dev-events',
                EcsParameters: { TaskDefinitionArn: TD(3), TaskCount: 1 }
              }
            ]
          }
        ]
      }
    })
    const ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: sim.url,
      credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' }
    })
    for (let i = 2; i <= 5; i++)
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'web-dev',
          containerDefinitions: [{ name: 'web', image: `registry.example/web:${i}` }]
        })
      )
    await ecs.send(
      new RunTaskCommand({
        cluster: 'demo',
        taskDefinition: 'web-dev:4',
        startedBy: 'backfill',
        overrides: { containerOverrides: [{ name: 'web', command: ['backfill', 'sim-hang'] }] }
      })
    )
    const run = await cli(
      ['release', '--image', `${REGISTRY}/web:${SHA}`, '--keep-revisions', '1'],
      circleci({ CIRCLE_BRANCH: 'main' })
    )
    expect(run.code).toBe(0)
    const log = run.stdout + run.stderr
    expect(log).toContain('keeping web-dev:6: one of the newest 1; deployed now on service web-dev')
    expect(log).toMatch(/keeping web-dev:4: task \S+ runs it in cluster demo, started by backfill/)
    expect(log).toContain(
      'keeping web-dev:3: run by target export of EventBridge rule web-dev-adhoc-export in cluster demo'
    )
    expect(log).toContain('keeping web-dev:1: the rollback target of service web-dev')
    expect(log).toContain('deregistered web-dev:2')
    expect(log).toContain('deregistered web-dev:5')
    const active = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web-dev' }))
    expect(active.taskDefinitionArns?.map(arn => arn.split('/').pop())).toEqual([
      'web-dev:1',
      'web-dev:3',
      'web-dev:4',
      'web-dev:6'
    ])
    ecs.destroy()
  })
})

describe('node dist/cli/index.js rolls a CODE_DEPLOY service back through CodeDeploy', () => {
  let codeDeploySim: Simulator
  let dir: string
  beforeAll(async () => {
    codeDeploySim = await startSimulator({
      scenario: 'codedeploy-healthy',
      port: 0,
      timeScale: 0.05,
      seed: { ...SEED, services: ['web'] }
    })
    dir = mkdtempSync(join(tmpdir(), 'ecs-flow-cli-codedeploy-'))
    writeFileSync(
      join(dir, 'ecs-flow.yml'),
      [
        'default-branch: main',
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    service: web',
        ''
      ].join('\n')
    )
  })
  afterAll(async () => {
    await codeDeploySim.stop()
  })

  const run = (args: string[], env: Record<string, string> = {}) =>
    cli([...args, '--config', join(dir, 'ecs-flow.yml')], {
      ...simulatorEnv(codeDeploySim.url),
      ...env
    })

  it('release deploys through CodeDeploy; rollback puts the previous revision back the same way', async () => {
    const released = await run(
      ['release', '--image', `${REGISTRY}/web:${SHA}`],
      circleci({ CIRCLE_BRANCH: 'main' })
    )
    expect(released.code).toBe(0)
    const back = await run([
      'rollback',
      '--environment',
      'dev',
      '--poll-interval',
      '0.2s',
      '--json'
    ])
    expect(back.stderr).toContain('rolling back service web in cluster demo from web:2 to web:1')
    expect(back.code).toBe(0)
    expect(JSON.parse(back.stdout)).toMatchObject({
      from: 'web:2',
      to: 'web:1',
      deploymentId: expect.stringMatching(/^d-/)
    })
    const state = codeDeploySim.state()
    // ECS refuses UpdateService for a CODE_DEPLOY service: none was sent.
    expect(state.calls.UpdateService ?? 0).toBe(0)
    expect(
      state.codeDeploy.deployments.map((d: { status: string; taskDefinition: string }) => [
        d.status,
        d.taskDefinition.split('/').pop()
      ])
    ).toEqual([
      ['Succeeded', 'web:2'],
      ['Succeeded', 'web:1']
    ])
    const status = JSON.parse((await run(['status', '--json'])).stdout)
    expect(status.services[0]).toMatchObject({ revision: 'web:1' })
  })
})

describe('node dist/cli/index.js release --wait-until a lifecycle stage', () => {
  let stagedSim: Simulator
  let dir: string
  beforeAll(async () => {
    stagedSim = await startSimulator({
      scenario: 'bluegreen-long-bake',
      port: 0,
      timeScale: 0.1,
      seed: { ...SEED, services: ['web'] }
    })
    dir = mkdtempSync(join(tmpdir(), 'ecs-flow-cli-staged-'))
    writeFileSync(
      join(dir, 'ecs-flow.yml'),
      [
        'default-branch: main',
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    service: web',
        ''
      ].join('\n')
    )
  })
  afterAll(async () => {
    await stagedSim.stop()
  })

  it('ends successfully while ECS bakes, and says ECS carries on and where to follow it', async () => {
    const released = await cli(
      [
        'release',
        '--image',
        `${REGISTRY}/web:${SHA}`,
        '--wait-until',
        'BAKE_TIME',
        '--summary-file',
        'staged-summary.md',
        '--config',
        join(dir, 'ecs-flow.yml')
      ],
      { ...circleci({ CIRCLE_BRANCH: 'main' }), ...simulatorEnv(stagedSim.url) }
    )
    expect(released.code).toBe(0)
    const log = released.stdout + released.stderr
    expect(log).toMatch(/stopped watching after .*reached BAKE_TIME/)
    expect(log).toMatch(
      /follow it on: aws ecs describe-service-deployments --service-deployment-arns /
    )
    expect(readFileSync(join(work, 'staged-summary.md'), 'utf8')).toMatch(
      /\*\*Reached BAKE\\_TIME\*\*/
    )
    const ecs = new ECSClient({
      endpoint: stagedSim.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' }
    })
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: 'demo', services: ['web'] })
    )
    const arn = described.services![0]!.currentServiceDeployment!
    const deployment = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
    )
    expect(deployment.serviceDeployments![0]).toMatchObject({
      status: 'IN_PROGRESS',
      lifecycleStage: 'BAKE_TIME'
    })
  })
})

describe('node dist/cli/index.js continue: a release paused at a PAUSE hook, then answered', () => {
  let pausingSim: Simulator
  let dir: string
  beforeAll(async () => {
    pausingSim = await startSimulator({
      scenario: 'bluegreen-pause',
      port: 0,
      timeScale: 0.1,
      seed: { ...SEED, services: ['web'] }
    })
    dir = mkdtempSync(join(tmpdir(), 'ecs-flow-cli-pause-'))
    writeFileSync(
      join(dir, 'ecs-flow.yml'),
      [
        'default-branch: main',
        'environments:',
        '  production:',
        '    cluster: demo',
        '    service: web',
        ''
      ].join('\n')
    )
  })
  afterAll(async () => {
    await pausingSim.stop()
  })
  const run = (args: string[]) =>
    cli([...args, '--config', join(dir, 'ecs-flow.yml')], {
      ...circleci({ CIRCLE_BRANCH: 'main' }),
      ...simulatorEnv(pausingSim.url)
    })
  const continued = () =>
    (pausingSim.state().continueServiceDeployments as { action: string; hookId: string }[]).map(
      request => request.action
    )

  it('release ends paused (exit 0); status shows the hook; continue --decision continue deploys it', async () => {
    const paused = await run([
      'release',
      '--json',
      '--flow',
      'deploy',
      '--environment',
      'production',
      '--image',
      `${REGISTRY}/web:${SHA}`
    ])
    expect(paused.code).toBe(0)
    const report = JSON.parse(paused.stdout) as { result: string; outputs: Record<string, string> }
    expect(report.result).toBe('paused')
    const hook = report.outputs['paused-hook']!
    expect(hook).toMatch(/^[0-9a-f]{32}$/)
    const status = await run(['status', '--environment', 'production'])
    expect(status.stdout).toContain('paused at POST_TEST_TRAFFIC_SHIFT')
    expect(status.stdout).toContain(
      `PAUSE hook ${hook} of ${report.outputs['paused-service-deployment']}`
    )
    const approved = await run([
      'continue',
      '--json',
      '--environment',
      'production',
      '--decision',
      'continue',
      '--service-deployment',
      report.outputs['paused-service-deployment']!,
      '--hook-id',
      hook
    ])
    expect(approved.code).toBe(0)
    expect((JSON.parse(approved.stdout) as { result: string }).result).toBe('deployed')
    expect(continued()).toEqual(['CONTINUE'])
  })

  it('continue without --decision is bad usage (exit 2), and nothing paused is a clear failure', async () => {
    const usage = await run(['continue', '--environment', 'production'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain("required option '--decision <decision>'")
    const nothing = await run(['continue', '--environment', 'production', '--decision', 'rollback'])
    expect(nothing.code).toBe(1)
    expect(nothing.stderr).toContain(
      'no service of environment production (web in cluster demo) has a service deployment awaiting action at a PAUSE hook'
    )
  })
})

describe('node dist/cli/index.js release on a service with early success criteria', () => {
  let earlySim: Simulator
  let dir: string
  const seed = (drainSeconds: number) => ({
    ...SEED,
    services: [
      {
        name: 'web',
        earlySuccessCriteria: {
          enable: true,
          healthyPercent: 100,
          sourceServiceRevisionCleanup: 'DEFERRED'
        },
        drainSeconds
      }
    ]
  })
  beforeAll(async () => {
    earlySim = await startSimulator({
      scenario: 'healthy',
      port: 0,
      timeScale: 0.1,
      seed: seed(200)
    })
    dir = mkdtempSync(join(tmpdir(), 'ecs-flow-cli-early-'))
    writeFileSync(
      join(dir, 'ecs-flow.yml'),
      [
        'default-branch: main',
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    service: web',
        ''
      ].join('\n')
    )
  })
  afterAll(async () => {
    await earlySim.stop()
  })

  const release = (extra: string[] = []) =>
    cli(
      [
        'release',
        '--image',
        `${REGISTRY}/web:${SHA}`,
        '--config',
        join(dir, 'ecs-flow.yml'),
        ...extra
      ],
      { ...circleci({ CIRCLE_BRANCH: 'main' }), ...simulatorEnv(earlySim.url) }
    )
  const webDeployments = () =>
    (earlySim.state().services as { deployments: unknown[] }[])[0]!.deployments.length

  it('ends at ECS verdict while web:1 drains; --wait-until drained waits for the drain', async () => {
    const early = await release()
    expect(early.code).toBe(0)
    expect(early.stdout + early.stderr).toMatch(
      /rollout complete after [\d.]+s: ECS declared success early; web:1 still draining \(2 tasks\)/
    )
    expect(webDeployments()).toBe(2)

    earlySim.reset({ scenario: 'healthy', timeScale: 0.1, seed: seed(20) })
    const drained = await release(['--wait-until', 'drained'])
    expect(drained.code).toBe(0)
    expect(drained.stdout + drained.stderr).not.toMatch(/ECS declared success early/)
    expect(drained.stdout + drained.stderr).toMatch(/no other deployment is left/)
    expect(webDeployments()).toBe(1)
  })
})
