import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { FaultProxy } from '../../__fixtures__/fault-proxy.js'
import { LoopbackServers } from '../../__fixtures__/loopback-server.js'
import { runAction, simulatorEnv, type ActionRun } from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// dist/index.js against the simulator: one template for two environments, a revision deployed
// as it is, keep-revisions after a release, a scheduled target moved and moved back.

const TIME_SCALE = 0.1
const IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const TD = (revision: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`

type Simulator = Awaited<ReturnType<typeof startSimulator>>
let sim: Simulator
let proxy: FaultProxy
const servers = new LoopbackServers()

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0, timeScale: TIME_SCALE })
  proxy = await FaultProxy.start({ target: sim.url })
})
afterAll(async () => {
  await proxy.close()
  await servers.closeAll()
  await sim.stop()
})

/** A workspace holding the config file and the task-definition template. */
function workspace(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-ws-'))
  writeFileSync(join(dir, 'ecs-flow.yml'), config)
  writeFileSync(
    join(dir, 'td.json'),
    JSON.stringify({
      family: 'web',
      // The simulator's services run on FARGATE.
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '{{ CPU }}',
      memory: '512',
      containerDefinitions: [
        {
          name: 'web',
          image: '{{ ECS_FLOW_IMAGE }}',
          portMappings: [{ containerPort: '{{ PORT:-8080 }}' }],
          environment: [
            { name: 'BASE_PATH', value: '{{ BASE_PATH }}' },
            { name: 'ACCOUNT', value: '{{ AWS_ACCOUNT_ID }}' }
          ]
        }
      ]
    })
  )
  return dir
}

const TWO_ENVIRONMENTS = `environments:
  dev:
    cluster: demo
    service: web
    task-definition: td.json
    values: { CPU: 256, BASE_PATH: /dev }
  staging:
    cluster: demo
    service: web
    task-definition: td.json
    values: { CPU: 1024, PORT: 80, BASE_PATH: /staging }
`

function run(
  cwd: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    event: 'push-default-branch.json',
    ref: 'refs/heads/main',
    cwd,
    inputs: {
      flow: 'deploy',
      config: 'ecs-flow.yml',
      timeout: '20s',
      'poll-interval': '0.2s',
      ...inputs
    },
    env: { ...simulatorEnv(sim.url), ...env }
  })
}

async function describeRegistered(revision: number) {
  const answer = await fetch(sim.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition'
    },
    body: JSON.stringify({ taskDefinition: `web:${revision}` })
  })
  return ((await answer.json()) as { taskDefinition: Record<string, unknown> }).taskDefinition
}

const ecs = () =>
  new ECSClient({
    region: 'us-east-1',
    endpoint: sim.url,
    credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' }
  })

async function registerRevisions(count: number) {
  const client = ecs()
  for (let i = 0; i < count; i++)
    await client.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        // What the simulator's FARGATE service can run.
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        containerDefinitions: [{ name: 'web', image: `registry.example/web:terraform-${i}` }]
      })
    )
}

/** The ACTIVE revisions of family web, oldest first. */
async function activeRevisions(): Promise<number[]> {
  const listed = await ecs().send(
    new ListTaskDefinitionsCommand({ familyPrefix: 'web', status: 'ACTIVE', maxResults: 100 })
  )
  return (listed.taskDefinitionArns ?? []).map(arn => Number(arn.split(':').pop()))
}

const BATCH = 'arn:aws:ecs:us-east-1:123456789012:cluster/batch'

/**
 * One family, web, shared by dev (service web in cluster demo) and staging (`services:`, worker
 * in cluster batch), a rule nobody listed under scheduled-tasks, and a task run by hand.
 */
const SHARED_FAMILY = `environments:
  dev:
    cluster: demo
    service: web
    task-definition: td.json
    values: { CPU: 256, BASE_PATH: /dev }
    keep-revisions: 1
  staging:
    cluster: batch
    task-definition: td.json
    container: web
    values: { CPU: 512, BASE_PATH: /staging }
    services:
      worker: {}
`

/**
 * web:1 runs on web (demo) and worker (batch); web:2..web:7 registered; worker moved to web:3;
 * rule batch-nightly-report (cluster batch) runs web:4; a task of web:5 runs in demo outside any
 * service, as a long migration would.
 */
async function sharedFamilyWorld() {
  sim.reset({
    scenario: 'healthy',
    timeScale: TIME_SCALE,
    seed: {
      services: ['web', { name: 'worker', cluster: 'batch', family: 'web' }],
      rules: [
        {
          name: 'batch-nightly-report',
          scheduleExpression: 'cron(0 3 * * ? *)',
          targets: [
            {
              Id: 'report',
              Arn: BATCH,
              RoleArn: 'arn:aws:iam::123456789012:role/batch-events',
              EcsParameters: { TaskDefinitionArn: TD(4), TaskCount: 1, LaunchType: 'FARGATE' }
            }
          ]
        }
      ]
    }
  })
  await registerRevisions(6) // web:2 .. web:7
  const client = ecs()
  await client.send(
    new UpdateServiceCommand({ cluster: 'batch', service: 'worker', taskDefinition: 'web:3' })
  )
  await client.send(
    new RunTaskCommand({
      cluster: 'demo',
      taskDefinition: 'web:5',
      startedBy: 'migration-by-hand',
      // The family declares awsvpc (as a FARGATE service needs): ECS then wants subnets.
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      overrides: { containerOverrides: [{ name: 'web', command: ['migrate', 'sim-hang'] }] }
    })
  )
}

describe('node dist/index.js: templates, revisions, scheduled tasks', () => {
  it('renders one template for dev and for staging, typed, with the account from STS', async () => {
    const dir = workspace(TWO_ENVIRONMENTS)
    sim.reset({ scenario: 'healthy', timeScale: TIME_SCALE })
    const dev = await run(dir, { image: IMAGE, environment: 'dev' })
    expect(dev.exitCode).toBe(0)
    const staging = await run(dir, { image: IMAGE, environment: 'staging' })
    expect(staging.exitCode).toBe(0)
    const [two, three] = [await describeRegistered(2), await describeRegistered(3)]
    expect(two).toMatchObject({ cpu: '256' })
    expect(three).toMatchObject({ cpu: '1024' })
    const container = (td: Record<string, unknown>) =>
      (td.containerDefinitions as Record<string, unknown>[])[0]!
    expect(container(two).portMappings).toEqual([expect.objectContaining({ containerPort: 8080 })])
    expect(container(three).portMappings).toEqual([expect.objectContaining({ containerPort: 80 })])
    expect(container(three).environment).toEqual(
      expect.arrayContaining([
        { name: 'BASE_PATH', value: '/staging' },
        { name: 'ACCOUNT', value: '123456789012' }
      ])
    )
    expect(sim.state().calls.GetCallerIdentity).toBeGreaterThanOrEqual(1)
  })

  it('deploys a registered revision as it is: no RegisterTaskDefinition call', async () => {
    sim.reset({ scenario: 'healthy', timeScale: TIME_SCALE })
    await registerRevisions(1)
    const dir = workspace('environments:\n  dev:\n    cluster: demo\n    service: web\n')
    const result = await run(dir, { 'task-definition': 'web:2' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ result: 'deployed', 'task-definition-arn': TD(2) })
    // One RegisterTaskDefinition: the test's own, before the run.
    expect(sim.state().calls.RegisterTaskDefinition).toBe(1)
    expect(result.stdout).toContain('deploying web:2')
  })

  it('tidies revisions after a release: keeps the newest 2, the running one and the rollback target', async () => {
    sim.reset({ scenario: 'healthy', timeScale: TIME_SCALE })
    await registerRevisions(4) // web:2 .. web:5
    const dir = workspace(TWO_ENVIRONMENTS)
    const result = await run(dir, {
      image: IMAGE,
      environment: 'dev',
      'keep-revisions': '2',
      'delete-revisions': 'true'
    })
    expect(result.exitCode).toBe(0)
    // web:6 is deployed, web:5 is the other newest, web:1 the rollback target.
    expect(result.stdout).toContain('deregistered web:2')
    expect(result.stdout).toContain('deregistered web:4')
    expect(result.stdout).toContain('keeping web:1: the rollback target of service web')
    expect(sim.state().calls.DeregisterTaskDefinition).toBe(3)
    expect(sim.state().calls.DeleteTaskDefinitions).toBe(1)
    expect(result.summary).toContain('Revisions (keep-revisions)')
  })

  it('keep-revisions never retires what a services: environment in another cluster, a rule nobody listed or a running task runs', async () => {
    await sharedFamilyWorld()
    const dir = workspace(SHARED_FAMILY)
    const result = await run(dir, { image: IMAGE, environment: 'dev' })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(
      'keeping web:8: one of the newest 1; deployed now on service web'
    )
    expect(result.stdout).toMatch(
      /keeping web:5: task \S+ runs it in cluster demo, started by migration-by-hand/
    )
    expect(result.stdout).toContain(
      'keeping web:4: run by target report of EventBridge rule batch-nightly-report in cluster batch'
    )
    expect(result.stdout).toMatch(/keeping web:3: runs on service worker in cluster batch/)
    expect(result.stdout).toMatch(
      /keeping web:1: the rollback target of service web;.*the rollback target of service worker in cluster batch/
    )
    for (const revision of [2, 6, 7])
      expect(result.stdout).toContain(`deregistered web:${revision}\n`)
    expect(await activeRevisions()).toEqual([1, 3, 4, 5, 8])
    const listTasks = (sim.state().callLog as { operation: string }[]).filter(
      call => call.operation === 'ListTasks' || call.operation === 'ListRuleNamesByTarget'
    )
    expect(listTasks.length).toBeGreaterThanOrEqual(4) // both clusters, both reads
  })

  it.each([
    [
      'ListRuleNamesByTarget',
      'the EventBridge rules that target cluster demo (ListRuleNamesByTarget)'
    ],
    ['ListTasks', 'the running tasks of family web in cluster demo (ListTasks)']
  ])(
    'keep-revisions keeps every revision when %s is denied, and the warning names the read',
    async (operation, read) => {
      await sharedFamilyWorld()
      proxy.reset()
      proxy.when(operation, {
        kind: 'status',
        status: 400,
        type: 'AccessDeniedException',
        message: `User is not authorized to perform: ${operation}`
      })
      const dir = workspace(SHARED_FAMILY)
      const result = await run(dir, { image: IMAGE, environment: 'dev' }, simulatorEnv(proxy.url))
      expect(result.exitCode).toBe(0)
      expect(result.outputs.result).toBe('deployed')
      expect(result.stdout).toMatch(
        new RegExp(
          `::warning[^:]*::keep-revisions kept every revision: could not read ${read.replace(/[()]/g, '\\$&')}: .*AccessDeniedException`
        )
      )
      expect(sim.state().calls.DeregisterTaskDefinition ?? 0).toBe(0)
      expect(await activeRevisions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    }
  )

  it('moves a scheduled target with the release, and back on rollback', async () => {
    const rule = {
      name: 'web-dev-nightly',
      scheduleExpression: 'cron(0 3 * * ? *)',
      targets: [
        {
          Id: 'report',
          Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
          RoleArn: 'arn:aws:iam::123456789012:role/web-dev-events',
          Input: '{"containerOverrides":[{"name":"web","command":["report"]}]}',
          EcsParameters: { TaskDefinitionArn: TD(1), TaskCount: 1, LaunchType: 'FARGATE' }
        }
      ]
    }
    const config = `${TWO_ENVIRONMENTS.split('  staging:')[0]}    scheduled-tasks: [web-dev-nightly]\n`
    const dir = workspace(config)
    sim.reset({ scenario: 'healthy', timeScale: TIME_SCALE, seed: { rules: [rule] } })
    const moved = await run(dir, { image: IMAGE })
    expect(moved.exitCode).toBe(0)
    const target = () =>
      sim.state().rules[0]!.targets[0] as {
        Input?: string
        EcsParameters: { TaskDefinitionArn: string }
      }
    expect(target().EcsParameters.TaskDefinitionArn).toBe(TD(2))
    expect(target().Input).toBe(rule.targets[0]!.Input)

    // A second release whose verification fails: rolled back to web:2, and so is the target.
    const broken = await servers.start((_req, res) => res.writeHead(500).end('down'))
    const rolledBack = await run(dir, {
      image: IMAGE.replace(/:[0-9a-f]+$/, ':broken'),
      'verify-url': broken,
      'verify-timeout': '1s'
    })
    expect(rolledBack.exitCode).toBe(1)
    expect(rolledBack.outputs.result).toBe('rolled-back')
    expect(target().EcsParameters.TaskDefinitionArn).toBe(TD(2))
    const puts = sim.state().putTargets as {
      targets: { EcsParameters: { TaskDefinitionArn: string } }[]
    }[]
    expect(puts.map(put => put.targets[0]!.EcsParameters.TaskDefinitionArn)).toEqual([
      TD(2),
      TD(3),
      TD(2)
    ])
  })
})
