import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { base, release } from '../../__fixtures__/release-harness.js'
import type { ServiceLaunch } from '../../src/aws/ecs-api.js'

// A revision must run where the service runs its tasks: preflight refuses one that ECS would
// refuse, before anything runs (test-command included) and before anything is written.

const EC2_ONLY = { family: 'web', containerDefinitions: [{ name: 'web', image: 'x' }] }
const FARGATE_READY = {
  ...EC2_ONLY,
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512'
}

function file(name: string, content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ecs-flow-compat-')), name)
  writeFileSync(path, JSON.stringify(content))
  return path
}

const runsOn =
  (launch: ServiceLaunch, name = 'web') =>
  (ecs: FakeEcs) => {
    ecs.services.get(`demo/${name}`)!.launch = launch
  }

function writes(run: Awaited<ReturnType<typeof release>>): string[] {
  return run.ecs.calls
    .map(call => call.operation)
    .filter(operation => /^(Register|Update|Create|Run|Tag)/.test(operation))
}

describe('the revision runs where the service runs its tasks', () => {
  it.each([
    ['launch type FARGATE', { launchType: 'FARGATE' }],
    [
      'capacity provider FARGATE_SPOT',
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] }
    ]
  ])(
    '%s: a file without FARGATE and awsvpc is refused before test-command, nothing written',
    async (_name, launch) => {
      const path = file('td.json', { taskDefinition: EC2_ONLY })
      const run = await release({
        inputs: { 'task-definition': path, 'test-command': 'npm test' },
        before: runsOn(launch)
      })
      expect(run.failures).toHaveLength(1)
      expect(run.failures[0]).toContain(`task definition file ${path}: would not run on FARGATE:`)
      expect(run.failures[0]).toContain(
        'taskDefinition.requiresCompatibilities: is not set (EC2 only), but service web in cluster demo runs its tasks on FARGATE'
      )
      expect(run.failures[0]).toContain('taskDefinition.networkMode: is not set (bridge)')
      expect(run.exec.commands).toEqual([])
      expect(writes(run)).toEqual([])
    }
  )

  it.each([
    ['blue/green', { strategy: 'BLUE_GREEN' }, {}],
    ['CodeDeploy', {}, { deploymentController: 'CODE_DEPLOY' }]
  ])(
    'a %s FARGATE service refuses a file for EC2 the same way',
    async (_name, service, options) => {
      const run = await release({
        ...options,
        inputs: { 'task-definition': file('td.json', EC2_ONLY) },
        before: ecs => {
          Object.assign(ecs.services.get('demo/web')!, service)
          runsOn({ launchType: 'FARGATE' })(ecs)
        }
      })
      expect(run.failures.join('\n')).toContain(
        'td.json: would not run on FARGATE: requiresCompatibilities: is not set (EC2 only)'
      )
      expect(writes(run)).toEqual([])
      expect(run.codeDeploy.count('CreateDeployment')).toBe(0)
    }
  )

  it('FARGATE: a file that declares it deploys', async () => {
    const run = await release({
      inputs: { 'task-definition': file('td.json', FARGATE_READY) },
      before: runsOn({ launchType: 'FARGATE' })
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
  })

  it('EC2: a FARGATE-only file is refused; one without requiresCompatibilities deploys', async () => {
    const refused = await release({
      inputs: {
        'task-definition': file('td.json', {
          ...FARGATE_READY,
          requiresCompatibilities: ['FARGATE']
        })
      },
      before: runsOn({ launchType: 'EC2' })
    })
    expect(refused.failures[0]).toContain(
      'requiresCompatibilities: is ["FARGATE"], but service web in cluster demo runs its tasks on EC2: add "EC2"'
    )
    expect(writes(refused)).toEqual([])
    const deployed = await release({
      inputs: { 'task-definition': file('td.json', EC2_ONLY) },
      before: runsOn({ launchType: 'EC2' })
    })
    expect(deployed.failures).toEqual([])
  })

  it('another capacity provider tells nothing: no check', async () => {
    const run = await release({
      inputs: { 'task-definition': file('td.json', EC2_ONLY) },
      before: runsOn({ capacityProviderStrategy: [{ capacityProvider: 'web-asg', weight: 1 }] })
    })
    expect(run.failures).toEqual([])
  })

  it('MANAGED_INSTANCES: a registered revision deployed as it is must name it too', async () => {
    const run = await release({
      inputs: { image: '', 'task-definition': 'web:2' },
      before: ecs => {
        ecs.addTaskDefinition({ ...base })
        runsOn({ launchType: 'MANAGED_INSTANCES' })(ecs)
      }
    })
    expect(run.failures[0]).toContain(
      'task definition web:2: would not run on MANAGED_INSTANCES: requiresCompatibilities: is ["EC2","FARGATE"]'
    )
    expect(writes(run)).toEqual([])
  })

  it('without a file, the live revision is rendered again: it runs there already', async () => {
    const run = await release({ before: runsOn({ launchType: 'MANAGED_INSTANCES' }) })
    expect(run.failures).toEqual([])
  })

  it('several services: each checked, every problem reported together with the type errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-compat-'))
    writeFileSync(join(dir, 'web.json'), JSON.stringify(EC2_ONLY))
    writeFileSync(
      join(dir, 'worker.json'),
      JSON.stringify({
        ...EC2_ONLY,
        family: 'worker',
        containerDefinitions: [{ name: 'worker', image: 'x', essential: 'true' }]
      })
    )
    const config = join(dir, 'ecs-flow.yml')
    writeFileSync(
      config,
      [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        `      web: { container: web, task-definition: ${join(dir, 'web.json')} }`,
        `      worker: { container: worker, task-definition: ${join(dir, 'worker.json')} }`
      ].join('\n')
    )
    const run = await release({
      inputs: { config, cluster: '', service: '', 'container-name': '' },
      env: { GITHUB_WORKSPACE: dir },
      before: ecs => {
        const worker = ecs.addTaskDefinition({
          ...base,
          family: 'worker',
          containerDefinitions: [{ name: 'worker', image: 'old' }]
        })
        ecs.addService({ name: 'worker', taskDefinition: worker })
        runsOn({ launchType: 'FARGATE' })(ecs)
        runsOn({ launchType: 'EC2' }, 'worker')(ecs)
      }
    })
    expect(run.failures).toHaveLength(1)
    expect(run.failures[0]).toMatch(/web\.json: would not run on FARGATE/)
    expect(run.failures[0]).toMatch(
      /worker\.json: has 1 problem: containerDefinitions\[0\]\.essential: is the text "true"/
    )
    expect(writes(run)).toEqual([])
  })

  it('a missing service: the service-definition file it is created from says where', async () => {
    const run = await release({
      noService: true,
      inputs: {
        'task-definition': file('td.json', EC2_ONLY),
        'service-definition': file('service.json', {
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } }
        })
      }
    })
    expect(run.failures[0]).toMatch(
      /td\.json: would not run on FARGATE: requiresCompatibilities: is not set \(EC2 only\), but service web as service-definition file .*service\.json creates it runs its tasks on FARGATE/
    )
    expect(writes(run)).toEqual([])
  })
})
