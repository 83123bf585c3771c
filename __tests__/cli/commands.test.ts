import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcr, REGISTRY } from '../../__fixtures__/fake-ecr.js'
import { blueGreen, makeBlueGreen } from '../../__fixtures__/fake-blue-green.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { FakeLogs } from '../../__fixtures__/fake-logs.js'
import { FakeScheduler } from '../../__fixtures__/fake-scheduler.js'
import { FakeCommandRunner } from '../../__fixtures__/fake-exec.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'
import { runLocally } from '../../src/cli/commands/local.js'
import { planEvent, renderPlan } from '../../src/cli/commands/plan.js'
import { rollback } from '../../src/cli/commands/rollback.js'
import { collectStatus, statusTargets } from '../../src/cli/status/collect.js'
import { statusTable } from '../../src/cli/status/render.js'
import { SecretStore } from '../../src/cli/terminal.js'
import type { Services } from '../../src/core/context.js'
import { readSettings } from '../../src/settings/settings.js'
import type { ConfigFile } from '../../src/settings/types.js'

const SHA = '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
/** Every image here has a SHA tag: status must not download an image config for them. */
const noDownload: typeof fetch = async url => {
  throw new Error(`unexpected download of ${String(url)}`)
}
const OLD_SHA = '0'.repeat(39) + '1'
/** The keys an environment without templates, tags or scheduled tasks has. */
const none = { values: {}, resourceTags: {}, scheduledTasks: [] }
const CONFIG: ConfigFile = {
  path: 'ecs-flow.yml',
  ecrRepository: 'web',
  defaultBranch: 'trunk',
  environments: {
    dev: {
      cluster: 'dev',
      service: 'web',
      container: 'web',
      variables: { LOG_LEVEL: 'debug' },
      secrets: { DB: 'arn:secret' },
      ...none
    },
    production: { cluster: 'prod', service: 'web', variables: {}, secrets: {}, ...none },
    gone: { cluster: 'prod', service: 'old', variables: {}, secrets: {}, ...none }
  }
}

function world(inputs: Record<string, string> = {}) {
  const clock = new FakeClock()
  const ecs = new FakeEcs(clock)
  const ecr = new FakeEcr()
  ecr.addRepository('web')
  ecr.addImage('web', {
    digest: 'sha256:' + '1'.repeat(64),
    mediaType: 'm',
    manifest: '{}',
    tags: [OLD_SHA],
    pushedAt: 1
  })
  ecr.addImage('web', {
    digest: 'sha256:' + '2'.repeat(64),
    mediaType: 'm',
    manifest: '{}',
    tags: [SHA, 'v1.0.0-prod'],
    pushedAt: 2
  })
  const definition = (family: string, sha: string) => ({
    family,
    containerDefinitions: [{ name: 'web', image: `${REGISTRY}/web:${sha}` }]
  })
  const dev1 = ecs.addTaskDefinition(definition('web-dev', OLD_SHA))
  ecs.addService({ cluster: 'dev', name: 'web', taskDefinition: dev1 })
  const prod1 = ecs.addTaskDefinition(definition('web-prod', SHA))
  ecs.addService({ cluster: 'prod', name: 'web', taskDefinition: prod1 })
  const exec = new FakeCommandRunner()
  const logs = new FakeLogs(clock)
  const logger = new RecordingLogger()
  const secrets = new SecretStore()
  const services: Services = {
    exec,
    clock,
    logger,
    env: {},
    aws: {
      ecs: () => ecs,
      ecr: () => ecr,
      elb: () => {
        throw new Error('no ELB')
      },
      events: () => {
        throw new Error('no EventBridge')
      },
      scheduler: () => {
        throw new Error('no EventBridge Scheduler')
      },
      sts: () => {
        throw new Error('no STS')
      },
      logs: () => logs,
      codeDeploy: () => {
        throw new Error('no CodeDeploy')
      }
    },
    runner: secrets,
    fetch: globalThis.fetch
  }
  const settings = readSettings(
    name => inputs[name] ?? '',
    () => CONFIG
  )
  return { clock, ecs, ecr, exec, logger, secrets, services, settings }
}

describe('status', () => {
  it('one DescribeServices per cluster, each revision once, each repository once', async () => {
    const { ecs, ecr, settings } = world()
    const rows = await collectStatus(statusTargets(settings, undefined), {
      ecs,
      ecr,
      fetch: noDownload
    })
    expect(ecs.calls.filter(c => c.operation === 'DescribeServices').map(c => c.args)).toEqual([
      { cluster: 'dev', names: ['web'] },
      { cluster: 'prod', names: ['web', 'old'] }
    ])
    expect(ecr.calls.filter(c => c.startsWith('listImages'))).toEqual(['listImages web'])
    // SHA tags name every commit: no manifest or config is read.
    expect(ecr.calls.filter(c => /^(getManifest|blobUrl)/.test(c))).toEqual([])
    expect(rows.flatMap(row => row.notes)).toEqual([])
    expect(
      rows.map(r => [r.environment, r.found, r.revision, r.commit, r.image?.digest?.slice(0, 8)])
    ).toEqual([
      ['dev', true, 'web-dev:1', OLD_SHA, 'sha256:1'],
      ['production', true, 'web-prod:1', SHA, 'sha256:2'],
      ['gone', false, undefined, undefined, undefined]
    ])
  })

  it('a deployment in progress is shown as such, with the revision it replaces', async () => {
    const { ecs, ecr, settings, clock } = world()
    const dev2 = ecs.addTaskDefinition({
      family: 'web-dev',
      containerDefinitions: [{ name: 'web', image: `${REGISTRY}/web:${SHA}` }]
    })
    await ecs.updateService({ cluster: 'dev', service: 'web', taskDefinition: dev2 })
    const [row] = await collectStatus(statusTargets(settings, 'dev'), {
      ecs,
      ecr,
      fetch: noDownload
    })
    expect(row).toMatchObject({
      revision: 'web-dev:2',
      commit: SHA,
      rollout: { state: 'IN_PROGRESS', inProgress: true, replacing: ['web-dev:1'] }
    })
    const table = statusTable([row!], clock.now() + 90_000, false)
    expect(table).toMatch(
      /^ENVIRONMENT +CLUSTER\/SERVICE +REVISION +IMAGE +COMMIT +ROLLOUT +TASKS +SINCE/
    )
    expect(table).toContain('deploying (replacing web-dev:1)')
    expect(table).toContain('1m ago')
  })

  it('an unknown environment is an input error naming the config file', () => {
    const { settings } = world()
    expect(() => statusTargets(settings, 'qa')).toThrow(
      /environment "qa": is not defined in ecs-flow.yml/
    )
  })

  it('a deployment paused at a PAUSE hook: the stage, the hook, when it expires and how to answer it', async () => {
    const { ecs, ecr, settings, clock } = world()
    const web = ecs.service('web', 'dev')
    makeBlueGreen(ecs, web, { bakeTimeInMinutes: 0, pauseStages: ['POST_TEST_TRAFFIC_SHIFT'] })
    ecs.behaviours = [blueGreen({ pauses: [{ stage: 'POST_TEST_TRAFFIC_SHIFT' }] })]
    const dev2 = ecs.addTaskDefinition({
      family: 'web-dev',
      containerDefinitions: [{ name: 'web', image: `${REGISTRY}/web:${SHA}` }]
    })
    await ecs.updateService({ cluster: 'dev', service: 'web', taskDefinition: dev2 })
    clock.advance(10_000)
    const [row] = await collectStatus(statusTargets(settings, 'dev'), {
      ecs,
      ecr,
      fetch: noDownload
    })
    expect(row?.paused).toEqual({
      serviceDeployment: web.currentServiceDeployment,
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      hookId: expect.stringMatching(/^hook-POST_TEST_TRAFFIC_SHIFT-/),
      expiresAt: expect.stringMatching(/^2026-01-01T01:00:\d\d\.000Z$/),
      timeoutAction: 'ROLLBACK'
    })
    const table = statusTable([row!], clock.now(), false)
    expect(table).toContain('paused at POST_TEST_TRAFFIC_SHIFT')
    expect(table).toMatch(
      /^paused: dev: web awaits action at POST_TEST_TRAFFIC_SHIFT: PAUSE hook hook-POST_TEST_TRAFFIC_SHIFT-\S+ of \S+, expires at 2026-01-01T01:00:\d\d\.000Z, then ROLLBACK; answer with ecs-flow continue --environment dev --decision continue\|rollback$/m
    )
  })

  it('a service without PAUSE hooks costs no DescribeServiceDeployments', async () => {
    const { ecs, ecr, settings } = world()
    await collectStatus(statusTargets(settings, undefined), { ecs, ecr, fetch: noDownload })
    expect(ecs.count('DescribeServiceDeployments')).toBe(0)
  })

  it('rolling with early success: COMPLETED early while the old revision drains', async () => {
    const { ecs, ecr, settings, clock } = world()
    const web = ecs.service('web', 'dev')
    web.earlySuccess = { healthyPercent: 50, sourceServiceRevisionCleanup: 'DEFERRED' }
    const dev2 = ecs.addTaskDefinition({
      family: 'web-dev',
      containerDefinitions: [{ name: 'web', image: `${REGISTRY}/web:${SHA}` }]
    })
    await ecs.updateService({ cluster: 'dev', service: 'web', taskDefinition: dev2 })
    // ECS declared it COMPLETED while web-dev:1 still runs beside it.
    web.deployments[0]!.rolloutState = 'COMPLETED'
    const [row] = await collectStatus(statusTargets(settings, 'dev'), {
      ecs,
      ecr,
      fetch: noDownload
    })
    expect(row?.rollout).toMatchObject({
      state: 'COMPLETED',
      earlySuccess: true,
      replacing: ['web-dev:1']
    })
    expect(statusTable([row!], clock.now(), false)).toContain('COMPLETED early, draining web-dev:1')
  })

  it('AWS text in the table is escaped', async () => {
    const { ecs, ecr, settings, clock } = world()
    ecs.service('web', 'dev').deployments[0]!.rolloutState = 'COMPLETED\u001b[2J::error::x'
    const rows = await collectStatus(statusTargets(settings, 'dev'), {
      ecs,
      ecr,
      fetch: noDownload
    })
    const table = statusTable(rows, clock.now(), false)
    expect(table).not.toContain('\u001b')
    expect(table).not.toMatch(/^::/m)
  })
})

describe('rollback', () => {
  it('puts the last good revision back and watches it to COMPLETED', async () => {
    const { ecs, services, settings, clock } = world({ 'poll-interval': '1s' })
    const dev2 = ecs.addTaskDefinition({
      family: 'web-dev',
      containerDefinitions: [{ name: 'web', image: 'x' }]
    })
    await ecs.updateService({ cluster: 'dev', service: 'web', taskDefinition: dev2 })
    clock.advance(60_000)
    await ecs.describeServices('dev', ['web'])
    const result = await rollback(settings, services, 'dev', undefined)
    expect(result).toMatchObject({ from: 'web-dev:2', to: 'web-dev:1', dryRun: false })
    expect(ecs.service('web', 'dev').deployments).toEqual([
      expect.objectContaining({
        taskDefinition: expect.stringMatching(/web-dev:1$/),
        rolloutState: 'COMPLETED'
      })
    ])
    expect(ecs.count('ListServiceDeployments')).toBe(1)
  })

  it('a blue/green service: the way back is followed by lifecycle stage', async () => {
    const { ecs, services, settings, logger } = world({ 'poll-interval': '1s' })
    makeBlueGreen(ecs, ecs.service('web', 'prod'), { bakeTimeInMinutes: 0 })
    ecs.behaviours = [blueGreen()]
    await rollback(settings, services, 'production', 'web-prod:1')
    expect(logger.text()).toMatch(/^stage CLEAN_UP /m)
    expect(logger.text()).toMatch(/rollout complete after .*SUCCESSFUL/)
    expect(ecs.count('DescribeServiceDeployments')).toBeGreaterThan(0)
  })

  it('--to a given revision; dry-run sends no UpdateService', async () => {
    const { ecs, services, settings } = world()
    const result = await rollback(settings, services, 'production', 'web-prod:1')
    expect(result.to).toBe('web-prod:1')
    const dry = world({ 'dry-run': 'true' })
    const { dryRunServices } = await import('../../src/release/dry-run.js')
    await rollback(dry.settings, dryRunServices(dry.services), 'production', 'web-prod:1')
    expect(dry.ecs.count('UpdateService')).toBe(0)
    expect(dry.logger.text()).toMatch(
      /dry-run: would update service web in cluster prod to .*web-prod:1/
    )
    expect(ecs.count('UpdateService')).toBe(1)
  })

  it('the environment’s schedules follow the service back once it completed; dry-run only says so', async () => {
    const { ecs, services, settings, clock, logger } = world({ 'poll-interval': '1s' })
    const dev2 = ecs.addTaskDefinition({
      family: 'web-dev',
      containerDefinitions: [{ name: 'web', image: 'x' }]
    })
    await ecs.updateService({ cluster: 'dev', service: 'web', taskDefinition: dev2 })
    clock.advance(60_000)
    await ecs.describeServices('dev', ['web'])
    const scheduler = new FakeScheduler().add(
      'default',
      'web-dev-report',
      FakeScheduler.ecsSchedule(dev2)
    )
    const withSchedule = (base: typeof settings): typeof settings => ({
      ...base,
      config: {
        ...base.config,
        environments: {
          ...base.config.environments,
          dev: {
            ...base.config.environments.dev!,
            scheduledTasks: [{ kind: 'schedule', group: 'default', name: 'web-dev-report' }]
          }
        }
      }
    })
    const on = (base: Services): Services => ({
      ...base,
      aws: { ...base.aws, scheduler: () => scheduler }
    })
    const dry = world({ 'dry-run': 'true' })
    await rollback(withSchedule(dry.settings), on(dry.services), 'dev', 'web-dev:1')
    expect(scheduler.updates).toEqual([])
    expect(dry.logger.text()).toContain(
      'dry-run: then the ECS targets of EventBridge Scheduler schedule default/web-dev-report that run family web-dev would be pointed at web-dev:1'
    )
    await rollback(withSchedule(settings), on(services), 'dev', undefined)
    const target = scheduler.schedules.get('default/web-dev-report')!.Target as {
      EcsParameters: { TaskDefinitionArn: string }
    }
    expect(target.EcsParameters.TaskDefinitionArn).toMatch(/web-dev:1$/)
    expect(scheduler.updates).toHaveLength(1)
    expect(logger.text()).toContain('schedule default/web-dev-report: web-dev:2 -> web-dev:1')
  })

  it('no earlier good revision, a bad --to: clear errors', async () => {
    const { services, settings } = world()
    await expect(rollback(settings, services, 'production', undefined)).rejects.toThrow(
      /no earlier completed deployment .* give the revision with --to/
    )
    await expect(rollback(settings, services, 'production', 'latest')).rejects.toThrow(
      /--to: "latest" is not family:revision/
    )
  })
})

describe('local', () => {
  const run = async (
    request: Parameters<typeof runLocally>[2],
    inputs: Record<string, string> = {}
  ) => {
    const w = world(inputs)
    const attached: string[][] = []
    const code = await runLocally(w.settings, w.services, request, async (program, args) => {
      attached.push([program, ...args])
      return 0
    })
    return { ...w, code, attached }
  }

  it.each([
    ['--sha', { kind: 'sha', sha: SHA.slice(0, 8) } as const, `${REGISTRY}/web:${SHA}`],
    ['--latest', { kind: 'latest' } as const, `${REGISTRY}/web@sha256:${'2'.repeat(64)}`],
    ['--highest-version', { kind: 'highest-version' } as const, `${REGISTRY}/web:v1.0.0-prod`],
    [
      '--environment',
      { kind: 'environment', environment: 'dev' } as const,
      `${REGISTRY}/web:${OLD_SHA}`
    ]
  ])('%s: logs in (password on stdin), pulls, logs out, runs', async (_name, selector, image) => {
    const { exec, attached, code, secrets } = await run({ selector, dockerArgs: ['-p', '8080:80'] })
    expect(code).toBe(0)
    const commands = exec.commands.map(c => [c.program, ...c.args].join(' '))
    expect(commands).toEqual([
      'docker version --format {{.Client.Version}}',
      `docker login --username AWS --password-stdin ${REGISTRY}`,
      `docker pull ${image}`,
      `docker logout ${REGISTRY}`
    ])
    expect(exec.commands[1]!.options.input).toBe('fake-ecr-password-Zq8')
    expect(commands.join(' ')).not.toContain('fake-ecr-password')
    expect(secrets.redact('pw fake-ecr-password-Zq8')).toBe('pw ***')
    const variables = selector.kind === 'environment' ? ['--env', 'LOG_LEVEL=debug'] : []
    expect(attached).toEqual([['docker', 'run', '--rm', ...variables, '-p', '8080:80', image]])
  })

  it('the variables of --environment with another selector, the env file after them, never the secrets', async () => {
    const { attached } = await run(
      { selector: { kind: 'latest' }, envFile: 'package.json', dockerArgs: [] },
      { environment: 'dev' }
    )
    expect(attached[0]).toEqual([
      'docker',
      'run',
      '--rm',
      '--env',
      'LOG_LEVEL=debug',
      '--env-file',
      'package.json',
      expect.stringContaining('@sha256:')
    ])
    expect(attached[0]!.join(' ')).not.toContain('arn:secret')
  })

  it('no Docker, no such image, no env file: clear errors before anything is pulled', async () => {
    const w = world()
    w.exec.respond(c =>
      c.args[0] === 'version' ? { exitCode: 127, stderr: 'docker: spawn docker ENOENT' } : undefined
    )
    await expect(
      runLocally(
        w.settings,
        w.services,
        { selector: { kind: 'latest' }, dockerArgs: [] },
        async () => 0
      )
    ).rejects.toThrow(/Docker is not installed here, or not on PATH/)
    const v = world()
    await expect(
      runLocally(
        v.settings,
        v.services,
        { selector: { kind: 'sha', sha: 'c'.repeat(40) }, dockerArgs: [] },
        async () => 0
      )
    ).rejects.toThrow(/no image tagged with commit/)
    expect(v.exec.commands.map(c => c.args[0])).toEqual(['version'])
    await expect(
      runLocally(
        v.settings,
        v.services,
        { selector: { kind: 'latest' }, envFile: 'nope.env', dockerArgs: [] },
        async () => 0
      )
    ).rejects.toThrow(/--env-file nope.env: does not exist/)
  })
})

describe('plan', () => {
  const git = async (args: readonly string[]) => {
    if (args[0] === 'rev-parse') return `${SHA}\n`
    throw new Error('no origin/HEAD')
  }
  it.each([
    [
      'a push to the default branch (from the config file): deploy to dev',
      ['push', 'refs/heads/trunk'],
      /flow: +deploy -> environment dev/
    ],
    [
      'a -prod tag: promote to production',
      ['push', 'refs/tags/v1.4.0-prod'],
      /flow: +promote -> environment production/
    ],
    ['a pull request: test only', ['pull_request', 'refs/heads/feature'], /flow: +test/],
    [
      'a push of another branch: test only (default rule 6)',
      ['push', 'refs/heads/feature'],
      /flow: +test\n.*rule #6/
    ]
  ])('%s', async (_name, [event, ref], expected) => {
    const { settings } = world()
    const gitEvent = await planEvent(
      { command: 'plan', event: event!, ref: ref!, inputs: {}, json: false, verbose: false },
      settings,
      git
    )
    expect(gitEvent.sha).toBe(SHA)
    expect(renderPlan(settings, gitEvent, false)).toMatch(expected)
  })

  it("--json is the action's plan output", async () => {
    const { settings } = world()
    const event = await planEvent(
      {
        command: 'plan',
        event: 'push',
        ref: 'refs/tags/v1.4.0-prod',
        sha: SHA,
        inputs: {},
        json: true,
        verbose: false
      },
      settings,
      git
    )
    expect(JSON.parse(renderPlan(settings, event, true))).toMatchObject({
      flow: 'promote',
      environment: 'production',
      releaseTag: 'v1.4.0-prod',
      target: { cluster: 'prod', service: 'web' }
    })
  })

  it('without --ref or --event-file: an error naming --ref', async () => {
    const { settings } = world()
    await expect(
      planEvent(
        { command: 'plan', event: 'push', inputs: {}, json: false, verbose: false },
        settings,
        git
      )
    ).rejects.toThrow(/--ref: no ref given/)
  })
})
