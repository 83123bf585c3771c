import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { FaultProxy } from '../../__fixtures__/fault-proxy.js'
import {
  ROOT,
  SIMULATOR_TARGET,
  runAction,
  simulatorEnv,
  type ActionRun
} from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// node dist/index.js releasing three services (web, worker, api) through a fault proxy in front
// of the simulator, cancelled or failing while they are updated: the `services` output, the
// summary rows and the message say what ECS runs for each, as read back at the end.

const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const SERVICES = ['web', 'worker', 'api'] as const
const TD = (service: string, revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${service}:${revision}`

let sim: Awaited<ReturnType<typeof startSimulator>>
let proxy: FaultProxy
let config: string

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: 0.3 })
  proxy = await FaultProxy.start({ target: sim.url })
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-read-back-'))
  config = join(dir, 'ecs-flow.yml')
  writeFileSync(
    config,
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    services:',
      ...SERVICES.map(service => `      ${service}: {}`)
    ].join('\n')
  )
})
afterAll(async () => {
  await proxy.close()
  await sim.stop()
})

/** How each strategy's deploy reaches AWS: the call, and what in its body names the service. */
const STRATEGIES = {
  rolling: { scenario: 'healthy', call: 'UpdateService', names: serviceField },
  staged: { scenario: 'bluegreen-healthy', call: 'UpdateService', names: serviceField },
  codedeploy: {
    scenario: 'codedeploy-healthy',
    call: 'CreateDeployment',
    names: (service: string) => new RegExp(`"applicationName":"AppECS-demo-${service}"`)
  }
} as const
type Strategy = keyof typeof STRATEGIES

function serviceField(service: string): RegExp {
  return new RegExp(`"service":"${service}"`)
}

interface ServiceEntry {
  'deployment-id': string
  result: string
  running?: string
}

function release(
  strategy: Strategy,
  options: { killWhen?: Promise<unknown>; onOutput?: (chunk: string) => void } = {}
): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    inputs: { config, image: IMAGE, timeout: '60s', 'poll-interval': '0.3s' },
    env: simulatorEnv(proxy.url),
    ...options
  })
}

/** A fresh world of three services, every one on revision 1, with the strategy's scenario. */
function reset(strategy: Strategy, timeScale: number): void {
  const { scenario } = STRATEGIES[strategy]
  sim.reset({
    scenario,
    timeScale,
    seed: { services: SERVICES.map(name => ({ name, scenario })) }
  })
  proxy.reset()
}

/** Resolves once everything `run` printed so far matches `pattern`. */
function printed(pattern: RegExp): {
  onOutput: (chunk: string) => void
  seen: Promise<void>
} {
  let text = ''
  let seen: () => void = () => {}
  const promise = new Promise<void>(done => (seen = done))
  return {
    onOutput: chunk => {
      text += chunk
      if (pattern.test(text)) seen()
    },
    seen: promise
  }
}

/** The revisions a service runs in the simulator: its PRIMARY deployment's or task set's first. */
function simulatorRuns(service: string): string[] {
  const found = (
    sim.state().services as {
      serviceName: string
      deployments: { status: string; taskDefinition: string }[]
      taskSets?: { status: string; taskDefinition: string }[]
    }[]
  ).find(entry => entry.serviceName === service)!
  const sets = found.taskSets ?? found.deployments
  return [
    ...sets.filter(set => set.status === 'PRIMARY'),
    ...sets.filter(set => set.status !== 'PRIMARY')
  ].map(set => set.taskDefinition)
}

/**
 * The revisions ECS's last answered DescribeServices naming `service` showed for it, through the
 * proxy: its PRIMARY task set's or deployment's first.
 */
function lastAnswerFor(service: string): string[] {
  const answered = proxy.received.filter(
    request =>
      request.operation === 'DescribeServices' &&
      request.reply?.status === 200 &&
      request.body.includes(`"${service}"`)
  )
  const reply = JSON.parse(answered.at(-1)!.reply!.body) as {
    services: {
      serviceName: string
      deployments?: { status: string; taskDefinition: string }[]
      taskSets?: { status: string; taskDefinition: string }[]
    }[]
  }
  const found = reply.services.find(entry => entry.serviceName === service)!
  const sets = found.taskSets?.length ? found.taskSets : (found.deployments ?? [])
  return [
    ...sets.filter(set => set.status === 'PRIMARY'),
    ...sets.filter(set => set.status !== 'PRIMARY')
  ].map(set => set.taskDefinition)
}

const errorLine = (run: ActionRun) =>
  run.stdout.split('\n').find(line => line.startsWith('::error ')) ?? ''

describe.each(Object.keys(STRATEGIES) as Strategy[])(
  'node dist/index.js, three services (%s), cancelled while they are updated',
  strategy => {
    const { call, names } = STRATEGIES[strategy]

    /**
     * web's update is answered; worker's reaches AWS and its answer never comes; api's never
     * reaches AWS. SIGTERM once all three are in that state (and `then` has run).
     */
    function cancelMidUpdate(then: () => void = () => {}) {
      proxy.when(call, { kind: 'hang', forward: true }, { body: names('worker') })
      proxy.when(call, { kind: 'hang' }, { body: names('api') })
      const webDeployed = printed(
        strategy === 'codedeploy'
          ? /service web in cluster demo: CodeDeploy deployment/
          : /service web in cluster demo: deployment/
      )
      const killWhen = Promise.all([
        webDeployed.seen,
        proxy.arrival(call, names('worker')),
        proxy.arrival(call, names('api'))
      ]).then(then)
      return release(strategy, { killWhen, onOutput: webDeployed.onOutput })
    }

    it('the services output, summary rows and message name what ECS runs for each service', async () => {
      // CodeDeploy's task sets appear 1 s (scaled) after CreateDeployment: none before the read.
      reset(strategy, strategy === 'codedeploy' ? 5 : 0.3)
      const run = await cancelMidUpdate()
      expect(run.exitCode).toBe(1)
      // Everything read within the grace: out well before the runner's kill.
      expect(run.exitedAt - run.signalledAt!).toBeLessThan(3500)
      const services = JSON.parse(run.outputs.services!) as Record<string, ServiceEntry>
      const runs = Object.fromEntries(SERVICES.map(service => [service, simulatorRuns(service)]))
      // What the output says ECS runs is what the simulator runs.
      for (const service of SERVICES) expect(services[service]!.running).toBe(runs[service]![0])
      expect(services.web).toMatchObject({ result: 'failed', 'deployment-id': expect.any(String) })
      expect(services.web!['deployment-id']).not.toBe('')
      expect(runs.api).toEqual([TD('api', 1)])
      const failure = errorLine(run)
      expect(failure).toMatch(/ecs-flow was cancelled \(SIGTERM\); during deploy/)
      expect(failure).toMatch(
        /deployment \S+ of service web in cluster demo keeps rolling out on ECS(?: \([^)]*\))?, ECS runs web:\d/
      )
      if (strategy === 'codedeploy') {
        expect(runs.worker).toEqual([TD('worker', 1)])
        // CodeDeploy took worker's deployment, but ECS shows no task set of it yet, and api's
        // looks the same from ECS: both unknown, not "not updated".
        for (const service of ['worker', 'api']) {
          expect(services[service]).toMatchObject({ result: 'unknown', running: TD(service, 1) })
          expect(failure).toMatch(
            new RegExp(
              `whether service ${service} in cluster demo was updated is unknown, ECS runs ${service}:1 \\(read back\\); look at it before re-running`
            )
          )
        }
      } else {
        // ECS shows an UpdateService at once: api's never reached it, it was not updated.
        expect(services.api).toMatchObject({ result: 'not-updated', 'deployment-id': '' })
        expect(failure).toMatch(
          /service api in cluster demo was not updated, ECS runs api:1 \(read back\)/
        )
        // ECS took worker's update; its answer never came: updated, not "not updated".
        expect(runs.worker).toContain(TD('worker', 2))
        expect(services.worker).toMatchObject({ result: 'failed', 'deployment-id': '' })
        expect(failure).toMatch(
          /service worker in cluster demo was updated, its answer cut short by the cancel, ECS runs worker:2/
        )
      }
      expect(run.summary).toContain('| service | task definition | result | ECS runs (read back) |')
      expect(run.summary).toMatch(
        new RegExp(
          `\\| \`api\` \\| \`api:1\` → \`api:2\` \\| ${services.api!.result} \\| \`api:1\` \\|`
        )
      )
      expect(run.summary).toMatch(
        new RegExp(
          `\\| \`worker\` \\| \`worker:1\` → \`worker:2\` \\| ${services.worker!.result} \\| \`${services.worker!.running!.split('/').pop()}\``
        )
      )
    })

    it('a read that is not answered within the grace: unknown, and the job still exits in time', async () => {
      reset(strategy, strategy === 'codedeploy' ? 5 : 0.3)
      // Every DescribeServices after the updates went out goes unanswered.
      const run = await cancelMidUpdate(() => proxy.when('DescribeServices', { kind: 'hang' }))
      expect(run.exitCode).toBe(1)
      expect(run.exitedAt - run.signalledAt!).toBeLessThan(3500)
      const services = JSON.parse(run.outputs.services!) as Record<string, ServiceEntry>
      for (const service of SERVICES) expect(services[service]!.running).toBe('unknown')
      // web's update was answered; the others' cannot be known.
      expect(services.web!.result).toBe('failed')
      expect(services.worker!.result).toBe('unknown')
      expect(services.api!.result).toBe('unknown')
      expect(errorLine(run)).toMatch(
        /whether service api in cluster demo was updated is unknown, ECS runs: unknown \(it could not be read back: not answered within the cancel grace/
      )
      expect(run.summary).toMatch(
        /\| `api` \| `api:1` → `api:2` \| unknown \| unknown \(not answered/
      )
    })
  }
)

describe.each(Object.keys(STRATEGIES) as Strategy[])(
  'node dist/index.js, three services (%s), one update fails',
  strategy => {
    const { call, names } = STRATEGIES[strategy]

    it("worker's update went through but failed, and could not be read at once: the record says what worker runs", async () => {
      reset(strategy, 0.3)
      // AWS takes worker's update and answers an error; deploy's own read of worker fails too.
      proxy.when(
        call,
        { kind: 'status', status: 400, type: 'InvalidParameterException', forward: true },
        { body: names('worker') }
      )
      void proxy
        .arrival(call, names('worker'))
        .then(() =>
          proxy.when(
            'DescribeServices',
            { kind: 'status', status: 400, type: 'AccessDeniedException' },
            { body: /"services":\["worker"\]/, times: 1 }
          )
        )
      const run = await release(strategy)
      expect(run.exitCode).toBe(1)
      // web and api went back with it; worker was never known to be updated, so it was not.
      expect(run.outputs.result).toBe('rolled-back')
      const services = JSON.parse(run.outputs.services!) as Record<string, ServiceEntry>
      // What ECS ran for worker when the action read it back, as ECS answered that last read (the
      // simulator goes on after the job: a CodeDeploy deployment may shift its traffic later).
      const workerRuns = lastAnswerFor('worker')
      expect(workerRuns).toContain(TD('worker', 2))
      expect(simulatorRuns('worker')).toContain(TD('worker', 2))
      expect(services).toEqual({
        web: expect.objectContaining({ result: 'rolled-back', running: TD('web', 1) }),
        worker: expect.objectContaining({
          result: 'failed',
          'deployment-id': '',
          running: workerRuns[0]
        }),
        api: expect.objectContaining({ result: 'rolled-back', running: TD('api', 1) })
      })
      const worker = workerRuns.map(arn => arn.split('/').pop()!)
      const workerText = `${worker[0]}${worker.length > 1 ? ` \\(${worker.slice(1).join(', ')} beside it\\)` : ''}`
      expect(errorLine(run)).toMatch(
        new RegExp(
          `Read back from ECS: service web runs web:1; service worker runs ${workerText}, updated by this run though its update failed or went unanswered: neither watched nor rolled back; service api runs api:1\\.`
        )
      )
      expect(run.summary).toMatch(
        new RegExp(`\\| \`worker\` \\| \`worker:1\` → \`worker:2\` \\| failed \\| \`${worker[0]}\``)
      )
      expect(run.summary).toMatch(
        /\| `web` \| `web:1` → `web:2` → `web:1` \| rolled-back \| `web:1` \|/
      )
    })
  }
)

describe('node dist/index.js, one service, cancelled while it is updated', () => {
  it('the update went through, its answer cut short: updated, with what ECS runs, not "not updated"', async () => {
    reset('rolling', 0.3)
    proxy.when('UpdateService', { kind: 'hang', forward: true })
    const run = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: { ...SIMULATOR_TARGET, image: IMAGE, timeout: '30s', 'poll-interval': '0.3s' },
      env: simulatorEnv(proxy.url),
      killWhen: proxy.arrival('UpdateService')
    })
    expect(run.exitCode).toBe(1)
    expect(run.exitedAt - run.signalledAt!).toBeLessThan(3500)
    expect(simulatorRuns('web')[0]).toBe(TD('web', 2))
    expect(JSON.parse(run.outputs.services!)).toEqual({
      web: expect.objectContaining({ result: 'failed', 'deployment-id': '', running: TD('web', 2) })
    })
    expect(errorLine(run)).toMatch(
      /during deploy, [\d.]+s into it; service web in cluster demo was updated, its answer cut short by the cancel, ECS runs web:2 \(web:1 beside it\) \(read back\)/
    )
    expect(run.summary).toMatch(/\| ECS runs \(read back\) \| `web:2` \(`web:1` beside it\) \|/)
  })
})

describe('node dist/cli/index.js release, three services, cancelled while they are updated', () => {
  it('prints the --json report with what ECS runs for each, and writes the summary, within the grace', async () => {
    reset('rolling', 0.3)
    proxy.when('UpdateService', { kind: 'hang', forward: true }, { body: serviceField('worker') })
    proxy.when('UpdateService', { kind: 'hang' }, { body: serviceField('api') })
    const work = mkdtempSync(join(tmpdir(), 'ecs-flow-read-back-cli-'))
    const summaryFile = join(work, 'summary.md')
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'dist', 'cli', 'index.js'),
        'release',
        '--config',
        config,
        '--image',
        IMAGE,
        '--default-branch',
        'main',
        '--poll-interval',
        '0.3s',
        '--summary-file',
        summaryFile,
        '--json'
      ],
      {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: work,
          ...simulatorEnv(proxy.url),
          CIRCLECI: 'true',
          CIRCLE_SHA1: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c',
          CIRCLE_BRANCH: 'main',
          CIRCLE_PROJECT_USERNAME: 'acme',
          CIRCLE_PROJECT_REPONAME: 'web'
        }
      }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += String(chunk)))
    child.stderr.on('data', chunk => (stderr += String(chunk)))
    let signalledAt = 0
    void Promise.all([
      proxy.arrival('UpdateService', serviceField('worker')),
      proxy.arrival('UpdateService', serviceField('api'))
    ]).then(() => {
      signalledAt = Date.now()
      child.kill('SIGTERM')
    })
    const code = await new Promise(done => child.on('close', done))
    expect(code).toBe(1)
    expect(Date.now() - signalledAt).toBeLessThan(3500)
    const report = JSON.parse(stdout) as { result: string; outputs: Record<string, string> }
    expect(report.result).toBe('failed')
    const services = JSON.parse(report.outputs.services!) as Record<string, ServiceEntry>
    expect(services.worker).toMatchObject({ result: 'failed', running: TD('worker', 2) })
    expect(services.api).toMatchObject({ result: 'not-updated', running: TD('api', 1) })
    expect(services.web!.running).toBe(simulatorRuns('web')[0])
    expect(stderr).toMatch(
      /service worker in cluster demo was updated, its answer cut short by the cancel, ECS runs worker:2/
    )
    expect(readFileSync(summaryFile, 'utf8')).toMatch(
      /\| `worker` \| `worker:1` → `worker:2` \| failed \| `worker:2` \(`worker:1` beside it\) \|/
    )
  })
})
