import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeEvents } from '../../__fixtures__/fake-events.js'
import { failingTasks, type FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { IMAGE, TD, base, release } from '../../__fixtures__/release-harness.js'
import type { TaskDefinition } from '../../src/aws/ecs-api.js'
import { VerificationError } from '../../src/util/errors.js'

// Templates, a revision deployed as it is, keep-revisions, resource tags and scheduled tasks,
// each through a whole run() against the fake ECS and EventBridge, on a fake clock.

function files(contents: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-defs-'))
  const paths: Record<string, string> = {}
  for (const [name, text] of Object.entries(contents)) {
    paths[name] = join(dir, name)
    writeFileSync(paths[name], text)
  }
  return paths
}

const TEMPLATE = `{
  "family": "web",
  "cpu": "{{ CPU }}",
  "memory": "{{ MEMORY:-512 }}",
  "containerDefinitions": [
    {
      "name": "web",
      "image": "{{ ECS_FLOW_IMAGE }}",
      "command": ["sh", "-c", "exec node server.js --base \${BASE_PATH}"],
      "portMappings": [{ "containerPort": "{{ PORT }}" }],
      "environment": [
        { "name": "BASE_PATH", "value": "{{ BASE_PATH }}" },
        { "name": "STAGE", "value": "{{ ECS_FLOW_ENVIRONMENT }}-{{ AWS_REGION }}" },
        { "name": "ACCOUNT", "value": "{{ AWS_ACCOUNT_ID }}" },
        { "name": "TOKEN", "value": "{{ env.DEPLOY_TOKEN }}" },
        { "name": "LITERAL", "value": "\\\\{{ not a placeholder }}" }
      ]
    }
  ]
}
`

const CONFIG = `environments:
  dev:
    cluster: demo
    service: web
    values: { CPU: 256, PORT: 8080, BASE_PATH: /dev }
  staging:
    cluster: demo
    service: web
    values: { CPU: 1024, MEMORY: 2048, PORT: 80, BASE_PATH: /staging }
`

const registered = (run: Awaited<ReturnType<typeof release>>, revision: number) =>
  run.ecs.taskDefinitions.get(TD(revision)) as TaskDefinition | undefined

describe('one templated task definition for every environment', () => {
  const paths = files({ 'td.json': TEMPLATE, 'ecs-flow.yml': CONFIG })
  const inputs = (environment: string) => ({
    config: paths['ecs-flow.yml']!,
    environment,
    'task-definition': paths['td.json']!,
    cluster: '',
    service: ''
  })
  const env = { DEPLOY_TOKEN: 'runner-secret-value' }

  it.each([
    ['dev', { cpu: '256', memory: '512', port: 8080, base: '/dev' }],
    ['staging', { cpu: '1024', memory: '2048', port: 80, base: '/staging' }]
  ])('renders %s with its values, keeping the JSON types', async (environment, want) => {
    const run = await release({ inputs: inputs(environment), env })
    expect(run.failures).toEqual([])
    const definition = registered(run, 2)!
    expect(definition).toMatchObject({ cpu: want.cpu, memory: want.memory })
    const [container] = definition.containerDefinitions
    expect(container!.image).toBe(IMAGE)
    expect(container!.portMappings).toEqual([{ containerPort: want.port }])
    expect(container!.command).toEqual(['sh', '-c', 'exec node server.js --base ${BASE_PATH}'])
    expect(container!.environment).toEqual(
      expect.arrayContaining([
        { name: 'BASE_PATH', value: want.base },
        { name: 'STAGE', value: `${environment}-us-east-1` },
        { name: 'ACCOUNT', value: '123456789012' },
        { name: 'TOKEN', value: 'runner-secret-value' },
        { name: 'LITERAL', value: '{{ not a placeholder }}' }
      ])
    )
    // A runner variable is named, never shown, in the log and the diff.
    expect(run.text).not.toContain('runner-secret-value')
  })

  it('names every unknown placeholder with its file, line and column and the defined names, before anything runs', async () => {
    const broken = files({ 'td.json': TEMPLATE.replace('{{ PORT }}', '{{ PROT }}') })
    const run = await release({
      inputs: { ...inputs('dev'), 'task-definition': broken['td.json']! },
      env
    })
    expect(run.failures).toHaveLength(1)
    expect(run.failures[0]).toContain(`definition template ${broken['td.json']}`)
    expect(run.failures[0]).toContain('line 10, column 44: unknown placeholder {{ PROT }}')
    expect(run.failures[0]).toContain(
      'Defined names: AWS_ACCOUNT_ID, AWS_REGION, BASE_PATH, CPU, ECS_FLOW_ENVIRONMENT, ECS_FLOW_IMAGE, ECS_FLOW_SERVICE, ECS_FLOW_SHA, PORT'
    )
    expect(run.ecs.count('RegisterTaskDefinition')).toBe(0)
    expect(run.ecs.count('UpdateService')).toBe(0)
  })

  it('dry-run shows the rendered diff with runner variables by name', async () => {
    const run = await release({ inputs: { ...inputs('staging'), 'dry-run': 'true' }, env })
    expect(run.failures).toEqual([])
    expect(run.text).toContain('changes from web:1:')
    expect(run.text).toContain('cpu: "256" -> "1024"')
    expect(run.text).not.toContain('runner-secret-value')
    expect(run.ecs.count('RegisterTaskDefinition')).toBe(0)
  })
})

describe('a registered revision deployed as it is', () => {
  const terraform = (image: string) => (ecs: FakeEcs) =>
    void ecs.addTaskDefinition({
      ...base,
      containerDefinitions: [{ ...base.containerDefinitions[0]!, image }]
    })

  it.each(['web', 'web:2', TD(2)])(
    'task-definition %s without an image: deploys web:2 exactly, registers nothing',
    async ref => {
      const run = await release({
        inputs: { image: '', 'task-definition': ref },
        before: terraform('registry.example/web:terraform')
      })
      expect(run.failures).toEqual([])
      expect(run.ecs.count('RegisterTaskDefinition')).toBe(0)
      expect(run.updates.map(update => update.taskDefinition)).toEqual([TD(2)])
      expect(run.outputs).toMatchObject({
        result: 'deployed',
        'task-definition-arn': TD(2),
        'previous-task-definition-arn': TD(1),
        image: 'registry.example/web:terraform'
      })
      const plan = JSON.parse(run.outputs.plan!) as {
        steps: string[]
        skipped: { step: string; reason: string }[]
      }
      expect(plan.steps).not.toEqual(expect.arrayContaining(['dockerize', 'push', 'register']))
      expect(plan.skipped.map(skip => skip.step)).toEqual(
        expect.arrayContaining(['dockerize', 'push', 'register'])
      )
      expect(plan.skipped.find(skip => skip.step === 'register')!.reason).toContain(
        `task-definition is the registered revision ${ref} and no image or ecr-repository is set`
      )
    }
  )

  it('with an image, the revision is the starting point of a new one', async () => {
    const run = await release({
      inputs: { 'task-definition': 'web:2' },
      before: terraform('registry.example/web:terraform')
    })
    expect(run.failures).toEqual([])
    expect(run.ecs.count('RegisterTaskDefinition')).toBe(1)
    expect(registered(run, 3)!.containerDefinitions[0]!.image).toBe(IMAGE)
    expect(run.outputs['task-definition-arn']).toBe(TD(3))
  })

  it('a revision that does not exist is a preflight error naming it', async () => {
    const run = await release({ inputs: { image: '', 'task-definition': 'web:9' } })
    expect(run.failures[0]).toMatch(/task-definition web:9.*names no registered revision/)
    expect(run.ecs.count('UpdateService')).toBe(0)
  })
})

describe('keep-revisions', () => {
  /** web:1 runs on web (the rollback target); web:2..web:6 exist; web:3 runs on service api. */
  const history = (ecs: FakeEcs) => {
    for (let revision = 2; revision <= 6; revision++) ecs.addTaskDefinition(base)
    ecs.addService({ name: 'api', taskDefinition: TD(3) })
    ecs.listPageSize = 2
  }

  it('deregisters beyond the newest N, never the running, rollback or other services’ revisions; pages through the listing', async () => {
    const run = await release({ inputs: { 'keep-revisions': '2' }, before: history })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    const deregistered = run.ecs.calls
      .filter(call => call.operation === 'DeregisterTaskDefinition')
      .map(call => (call.args as { arn: string }).arn)
    expect(deregistered).toEqual([TD(2), TD(4), TD(5)])
    expect(run.ecs.count('ListTaskDefinitions')).toBe(4)
    expect(run.state.revisionCleanup!.families[0]!.kept).toEqual([
      {
        revision: 'web:7',
        reasons: [
          'one of the newest 2',
          'deployed now on service web',
          'runs on service web in cluster demo'
        ]
      },
      { revision: 'web:6', reasons: ['one of the newest 2'] },
      { revision: 'web:3', reasons: ['runs on service api in cluster demo'] },
      { revision: 'web:1', reasons: ['the rollback target of service web'] }
    ])
    expect(run.text).toContain('deregistered web:2')
    expect(run.summaries.join('\n')).toContain('web:2')
  })

  it('delete-revisions also deletes them', async () => {
    const run = await release({
      inputs: { 'keep-revisions': '2', 'delete-revisions': 'true' },
      before: history
    })
    expect(run.failures).toEqual([])
    expect(run.ecs.taskDefinitions.get(TD(2))!.status).toBe('DELETE_IN_PROGRESS')
    expect(run.ecs.taskDefinitions.get(TD(3))!.status).toBe('ACTIVE')
  })

  it('never deregisters what an environment of the config file runs', async () => {
    const paths = files({
      'ecs-flow.yml':
        'environments:\n  dev:\n    cluster: demo\n    service: web\n    keep-revisions: 1\n  production:\n    cluster: prod\n    service: web\n'
    })
    const run = await release({
      inputs: { config: paths['ecs-flow.yml']!, cluster: '', service: '' },
      before: ecs => {
        history(ecs)
        const prod = ecs.addService({ cluster: 'prod', name: 'web', taskDefinition: TD(5) })
        // Production's last completed deployment before web:5 was web:2: its rollback target.
        prod.completed = [
          {
            arn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/a',
            taskDefinition: TD(2)
          },
          {
            arn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/b',
            taskDefinition: TD(5)
          }
        ]
      }
    })
    expect(run.failures).toEqual([])
    expect(run.ecs.taskDefinitions.get(TD(5))!.status).toBe('ACTIVE')
    expect(run.ecs.taskDefinitions.get(TD(2))!.status).toBe('ACTIVE')
    expect(run.ecs.taskDefinitions.get(TD(4))!.status).toBe('INACTIVE')
  })

  it('a failed read is a warning naming the read, keeps every revision, never fails the release', async () => {
    const run = await release({
      inputs: { 'keep-revisions': '2' },
      before: ecs => {
        history(ecs)
        ecs.failCalls('ListServices', new Error('AccessDeniedException: not allowed'))
      }
    })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.logger.warnings.join('\n')).toContain(
      'keep-revisions kept every revision: could not read the services of cluster demo (ListServices): AccessDeniedException: not allowed'
    )
    expect(run.ecs.count('DeregisterTaskDefinition')).toBe(0)
  })

  it('dry-run lists what would go and deregisters nothing', async () => {
    const run = await release({
      inputs: { 'keep-revisions': '2', 'dry-run': 'true' },
      before: history
    })
    expect(run.failures).toEqual([])
    expect(run.text).toContain(`dry-run: would deregister ${TD(2)} (DeregisterTaskDefinition)`)
    expect(run.ecs.taskDefinitions.get(TD(2))!.status).toBe('ACTIVE')
  })
})

describe('resource tags', () => {
  it('are merged over the file’s tags on the new revision, set on the service, and UpdateService gets the tag settings', async () => {
    const paths = files({
      'td.json': JSON.stringify({
        ...base,
        tags: [
          { key: 'team', value: 'a' },
          { key: 'cost', value: 'x' }
        ]
      })
    })
    const run = await release({
      inputs: {
        'task-definition': paths['td.json']!,
        'resource-tags': 'team=payments\nowner=ops',
        'git-tags': 'true',
        'propagate-tags': 'SERVICE',
        'enable-ecs-managed-tags': 'true'
      }
    })
    expect(run.failures).toEqual([])
    const commit = { key: 'ecs-flow:commit', value: expect.stringMatching(/^[0-9a-f]{40}$/) }
    const ref = { key: 'ecs-flow:ref', value: 'refs/heads/main' }
    expect(run.ecs.tags.get(TD(2))).toEqual([
      { key: 'team', value: 'payments' },
      { key: 'cost', value: 'x' },
      { key: 'owner', value: 'ops' },
      commit,
      ref
    ])
    expect(run.ecs.tags.get(run.ecs.service().arn!)).toEqual([
      { key: 'team', value: 'payments' },
      { key: 'owner', value: 'ops' },
      commit,
      ref
    ])
    expect(run.ecs.calls.find(call => call.operation === 'UpdateService')!.args).toMatchObject({
      propagateTags: 'SERVICE',
      enableECSManagedTags: true
    })
  })

  it('a reserved key is refused up front, naming the input', async () => {
    const run = await release({ inputs: { 'resource-tags': 'aws:owner=me' } })
    expect(run.failures[0]).toContain('input resource-tags')
    expect(run.failures[0]).toContain('reserved prefix aws:')
  })
})

describe('scheduled tasks', () => {
  const bus = () =>
    new FakeEvents().addRule('web-dev-nightly', [
      FakeEvents.ecsTarget('report', TD(1)),
      FakeEvents.ecsTarget(
        'other-family',
        'arn:aws:ecs:us-east-1:123456789012:task-definition/api:4'
      ),
      { Id: 'lambda', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f' }
    ])
  const config = files({
    'ecs-flow.yml':
      'environments:\n  dev:\n    cluster: demo\n    service: web\n    scheduled-tasks: [web-dev-nightly]\n'
  })
  const inputs = { config: config['ecs-flow.yml']!, cluster: '', service: '' }

  it('points the rule’s targets of the family at the new revision, everything else unchanged', async () => {
    const events = bus()
    const run = await release({ inputs, events })
    expect(run.failures).toEqual([])
    const targets = events.rules.get('web-dev-nightly')!.targets
    expect(targets[0]).toEqual({ ...FakeEvents.ecsTarget('report', TD(2)) })
    expect(targets[1]).toEqual(
      FakeEvents.ecsTarget(
        'other-family',
        'arn:aws:ecs:us-east-1:123456789012:task-definition/api:4'
      )
    )
    expect(events.puts).toHaveLength(1)
    expect(run.text).toContain('rule web-dev-nightly: target report web:1 -> web:2')
  })

  it('moves them back when the release is rolled back', async () => {
    const events = bus()
    const run = await release({
      inputs: { ...inputs, 'verify-command': 'true' },
      events,
      steps: {
        verify: async () => {
          throw new VerificationError('verify-command failed', 'command')
        }
      }
    })
    expect(run.outputs.result).toBe('rolled-back')
    expect(events.rules.get('web-dev-nightly')!.targets[0]).toEqual(
      FakeEvents.ecsTarget('report', TD(1))
    )
    expect(
      events.puts.map(
        put => (put.targets[0]!.EcsParameters as { TaskDefinitionArn: string }).TaskDefinitionArn
      )
    ).toEqual([TD(2), TD(1)])
    expect(run.state.scheduledTargets!.movedBack).toEqual([
      { ref: { kind: 'rule', name: 'web-dev-nightly' }, id: 'report', from: TD(2), to: TD(1) }
    ])
  })

  it('a rule that does not exist, or has no target of the family, is a preflight error', async () => {
    const events = new FakeEvents().addRule('web-dev-nightly', [
      FakeEvents.ecsTarget('other', 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:4')
    ])
    const paths = files({
      'ecs-flow.yml':
        'environments:\n  dev:\n    cluster: demo\n    service: web\n    scheduled-tasks: [web-dev-nightly, web-dev-gone]\n'
    })
    const run = await release({ inputs: { ...inputs, config: paths['ecs-flow.yml']! }, events })
    expect(run.failures[0]).toContain('2 problems were found before anything ran')
    expect(run.failures[0]).toContain(
      'EventBridge rule web-dev-nightly has no ECS target running task-definition family web (its ECS targets: other)'
    )
    expect(run.failures[0]).toContain(
      'EventBridge rule web-dev-gone does not exist on the default event bus'
    )
    expect(run.ecs.count('UpdateService')).toBe(0)
  })

  it('is not moved when the rollout fails', async () => {
    const events = bus()
    const run = await release({ inputs, events, behaviours: [failingTasks()] })
    expect(run.failures).toHaveLength(1)
    expect(events.puts).toEqual([])
  })
})
