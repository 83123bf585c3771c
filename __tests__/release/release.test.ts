import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type FakeEcs,
  circuitBreaker,
  failingTasks,
  healthy,
  stuck,
  supersededBy
} from '../../__fixtures__/fake-ecs.js'
import { decideRollback } from '../../src/release/recover.js'
import type { ReleaseState, ServiceRelease } from '../../src/core/state.js'
import { RolloutFailure } from '../../src/rollout/verdict.js'
import { EcsCallError } from '../../src/aws/ecs-api.js'
import { STEPS } from '../../src/steps/index.js'
import { ReleaseError, VerificationError } from '../../src/util/errors.js'

import { FakeEcr } from '../../__fixtures__/fake-ecr.js'
import { IMAGE, TD, base, release } from '../../__fixtures__/release-harness.js'

// The deploy core end to end through run(): settings → plan → register → deploy → wait
// (→ rollback), against the fake ECS service state machine and a fake clock.

describe('a release', () => {
  it('registers, deploys and waits; outputs say what was released', async () => {
    const run = await release()
    expect(run.failures).toEqual([])
    expect(run.outputs).toMatchObject({
      result: 'deployed',
      'task-definition-arn': TD(2),
      'previous-task-definition-arn': TD(1),
      'deployment-id': run.state.services?.[0]?.deployment?.id,
      image: IMAGE
    })
    const registered = run.ecs.taskDefinitions.get(TD(2))!
    expect(registered.containerDefinitions[0]!.image).toBe(IMAGE)
    expect(run.updates).toEqual([
      expect.objectContaining({ taskDefinition: TD(2), forceNewDeployment: false })
    ])
    expect(run.text).toContain('rollout complete')
  })

  it('reuses the live revision when nothing changed: result unchanged, nothing registered', async () => {
    const run = await release({ liveImage: IMAGE })
    expect(run.failures).toEqual([])
    expect(run.outputs).toMatchObject({
      result: 'unchanged',
      'task-definition-arn': TD(1),
      'previous-task-definition-arn': TD(1)
    })
    expect(run.ecs.count('RegisterTaskDefinition')).toBe(0)
    expect(run.text).toContain('task definition unchanged: reusing web:1')
  })

  it('renders from a task-definition file in the describe-task-definition shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-td-'))
    const file = join(dir, 'td.json')
    writeFileSync(
      file,
      JSON.stringify({
        taskDefinition: {
          ...base,
          memory: '1024',
          taskDefinitionArn: TD(1),
          revision: 1,
          status: 'ACTIVE'
        }
      })
    )
    const run = await release({ inputs: { 'task-definition': file } })
    expect(run.failures).toEqual([])
    expect(run.ecs.taskDefinitions.get(TD(2))).toMatchObject({ memory: '1024' })
  })

  it('fails clearly without an image, naming the inputs, before anything runs', async () => {
    // The plan carries the image's source (built, resolved or given): no image, no plan.
    const run = await release({ inputs: { image: '' } })
    expect(run.failures).toEqual([
      expect.stringMatching(
        /input ecr-repository: the deploy flow needs an ECR repository .*or give a pre-built image with the input image/
      )
    ])
    expect(run.ecs.calls).toEqual([])
  })

  it('fails clearly for a missing service without a service definition, naming cluster and service', async () => {
    const run = await release({ noService: true, inputs: { 'task-definition': writeJson(base) } })
    expect(run.failures).toEqual([
      expect.stringMatching(/service web does not exist in cluster demo .*service-definition/)
    ])
    expect(run.outputs.result).toBe('failed')
    // Found before registering: nothing is left half-applied.
    expect(run.ecs.calls.map(call => call.operation)).not.toContain('RegisterTaskDefinition')
  })

  it('creates a missing service from the service-definition file', async () => {
    const run = await release({
      noService: true,
      inputs: {
        // A FARGATE service runs only a revision that declares FARGATE and awsvpc.
        'task-definition': writeJson({
          ...base,
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc'
        }),
        'service-definition': writeJson({
          service: {
            serviceName: 'web',
            launchType: 'FARGATE',
            desiredCount: 1,
            status: 'ACTIVE'
          }
        })
      }
    })
    expect(run.failures).toEqual([])
    expect(run.ecs.calls.find(call => call.operation === 'CreateService')!.args).toEqual({
      launchType: 'FARGATE',
      desiredCount: 1,
      cluster: 'demo',
      serviceName: 'web',
      taskDefinition: TD(2)
    })
    expect(run.outputs.result).toBe('deployed')
  })

  it('refuses an EXTERNAL service before registering anything', async () => {
    const run = await release({ deploymentController: 'EXTERNAL' })
    expect(run.failures).toEqual([
      expect.stringMatching(
        /uses the EXTERNAL deployment controller; ecs-flow deploys services with the ECS controller \(rolling, blue\/green\) or through CodeDeploy \(CODE_DEPLOY\), not EXTERNAL ones/
      )
    ])
    expect(run.ecs.count('RegisterTaskDefinition')).toBe(0)
  })

  it('passes desired count and force-new-deployment to UpdateService', async () => {
    const run = await release({
      liveImage: IMAGE,
      inputs: { 'desired-count': '4', 'force-new-deployment': 'true' }
    })
    expect(run.updates).toEqual([
      expect.objectContaining({ taskDefinition: TD(1), desiredCount: 4, forceNewDeployment: true })
    ])
  })
})

describe('rollback', () => {
  it('failed tasks past the threshold: rolls back to the previous revision, waits for it, and fails saying so', async () => {
    const run = await release({ behaviours: [failingTasks(4), healthy()] })
    expect(run.updates.map(update => update.taskDefinition)).toEqual([TD(2), TD(1)])
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.failures).toEqual([
      expect.stringMatching(
        /2 task\(s\) of deployment .* failed .*last stopped task: .*\. Rolled back: service web runs web:1 again \(deployment ecs-svc\/\d+\)\./
      )
    ])
    expect(run.logger.groups).toContain('ecs-flow: rollback to web:1')
    expect(run.outputs).toMatchObject({
      'task-definition-arn': TD(2),
      'previous-task-definition-arn': TD(1)
    })
  })

  it('a timeout rolls back too', async () => {
    const run = await release({ inputs: { timeout: '30s' }, behaviours: [stuck(), healthy()] })
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.failures[0]).toMatch(/did not finish within the timeout of 30s: .*Rolled back/)
  })

  it('a failed rollback fails with both causes', async () => {
    const run = await release({ behaviours: [failingTasks(4), failingTasks(4)] })
    expect(run.updates.map(update => update.taskDefinition)).toEqual([TD(2), TD(1)])
    expect(run.outputs.result).toBe('failed')
    expect(run.failures[0]).toMatch(
      /2 task\(s\) of deployment .*\(web:2\) failed.*\. The rollback to web:1 failed too: 2 task\(s\) of deployment .*\(web:1\) failed/
    )
  })

  it("does not roll back again when ECS's circuit breaker did", async () => {
    const run = await release({
      circuitBreaker: { enable: true, rollback: true },
      behaviours: [circuitBreaker(20)]
    })
    expect(run.updates).toHaveLength(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.failures[0]).toMatch(
      /circuit breaker .*web:1.*ecs-flow leaves the rollback to ECS and does not roll back a second time\./
    )
  })

  it('does not roll back over someone else’s deployment', async () => {
    const run = await release({ behaviours: [supersededBy(TD(9), 5)] })
    expect(run.updates).toHaveLength(1)
    expect(run.failures[0]).toMatch(/superseded: deployment .* \(web:9\) is PRIMARY now/)
  })

  it('UpdateService went through but its reply was lost: ECS is asked, and the release watches it', async () => {
    const lost = new EcsCallError(
      'ECS UpdateService failed: socket hang up',
      'UpdateService',
      'ECONNRESET',
      true
    )
    const run = await release({ before: ecs => ecs.loseReplies('UpdateService', lost) })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('deployed')
    expect(run.logger.warnings).toEqual([
      expect.stringMatching(
        /UpdateService failed \(ECS UpdateService failed: socket hang up\), but ECS shows deployment \S+ of web:2 as PRIMARY: the update went through/
      )
    ])
    expect(run.updates).toHaveLength(1)
  })

  it('UpdateService failed and ECS shows the old revision: "not updated" is said only after reading it back', async () => {
    const refused = new EcsCallError(
      'ECS UpdateService failed: InternalError',
      'UpdateService',
      'InternalError',
      true
    )
    const run = await release({ before: ecs => ecs.failCalls('UpdateService', refused) })
    expect(run.failures).toEqual([
      'ECS UpdateService failed: InternalError. The service was not updated (read back from ECS): it runs web:1; web:2 is registered but not deployed'
    ])
    const operations = run.ecs.calls.map(call => call.operation)
    expect(operations.slice(operations.indexOf('UpdateService'))).toEqual([
      'UpdateService',
      'DescribeServices'
    ])
  })

  it('UpdateService failed and the service cannot be read either: says it is unknown', async () => {
    const refused = new EcsCallError(
      'ECS UpdateService failed: timeout',
      'UpdateService',
      'DeadlineExceeded',
      false
    )
    const unreadable = new EcsCallError(
      'ECS DescribeServices failed: timeout',
      'DescribeServices',
      'DeadlineExceeded',
      true
    )
    const run = await release({
      before: ecs => ecs.failCalls('UpdateService', refused),
      // The service can be read up to deploy; the read after the failed update fails too.
      steps: {
        deploy: async (context, input) => {
          const ecs = context.services.aws.ecs() as unknown as {
            failCalls: (o: string, e: Error) => void
          }
          ecs.failCalls('DescribeServices', unreadable)
          return STEPS.deploy(context, input)
        }
      }
    })
    expect(run.failures).toEqual([
      expect.stringMatching(
        /^ECS UpdateService failed: timeout\. Whether the service was updated is unknown: it could not be read either \(ECS DescribeServices failed: timeout\); web:2 is registered/
      )
    ])
  })

  it("keeps the live revision's tags on the new revision, and a re-run with them is unchanged", async () => {
    const tags = [
      { key: 'team', value: 'payments' },
      { key: 'cost-center', value: '42' }
    ]
    const run = await release({
      before: ecs => {
        const live = ecs.taskDefinitions.get(TD(1))!
        live.tags = tags
      }
    })
    expect(run.failures).toEqual([])
    expect(run.ecs.taskDefinitions.get(TD(2))!.tags).toEqual(tags)
    // The same again (the image now live): reused, tags and all; no false tag diff.
    const again = await release({
      liveImage: IMAGE,
      before: ecs => {
        ecs.taskDefinitions.get(TD(1))!.tags = [...tags].reverse()
      }
    })
    expect(again.outputs.result).toBe('unchanged')
    expect(again.text).not.toContain('tags')
  })

  it('a file without "tags" keeps the live ones; "tags": [] means none; describe output keeps its own', async () => {
    const live = [{ key: 'team', value: 'payments' }]
    const withLiveTags = (ecs: FakeEcs) => {
      ecs.taskDefinitions.get(TD(1))!.tags = live
    }
    const kept = await release({
      inputs: { 'task-definition': writeJson(base) },
      before: withLiveTags
    })
    expect(kept.ecs.taskDefinitions.get(TD(2))!.tags).toEqual(live)
    const none = await release({
      inputs: { 'task-definition': writeJson({ ...base, tags: [] }) },
      before: withLiveTags
    })
    expect(none.ecs.taskDefinitions.get(TD(2))!.tags ?? []).toEqual([])
    const described = await release({
      inputs: {
        'task-definition': writeJson({
          taskDefinition: base,
          tags: [{ key: 'owner', value: 'web-team' }]
        })
      },
      before: withLiveTags
    })
    expect(described.ecs.taskDefinitions.get(TD(2))!.tags).toEqual([
      { key: 'owner', value: 'web-team' }
    ])
  })

  it('a file of another family than the live revision does not inherit its tags', async () => {
    const run = await release({
      inputs: { 'task-definition': writeJson({ ...base, family: 'web-next' }) },
      before: ecs => {
        ecs.taskDefinitions.get(TD(1))!.tags = [{ key: 'team', value: 'payments' }]
      }
    })
    expect(run.failures).toEqual([])
    const registered = run.ecs.calls.filter(call => call.operation === 'RegisterTaskDefinition')
    expect(registered).toHaveLength(1)
    expect(registered[0]!.args).toMatchObject({ family: 'web-next' })
    expect((registered[0]!.args as { tags?: unknown }).tags ?? []).toEqual([])
  })

  it('refuses a misspelled key before anything runs, naming the path and what was meant', async () => {
    const run = await release({
      inputs: {
        'task-definition': writeJson({
          ...base,
          excutionRoleArn: 'arn:aws:iam::123456789012:role/x',
          containerDefinitions: [{ ...base.containerDefinitions[0], portMapping: [] }]
        })
      }
    })
    expect(run.failures[0]).toMatch(/excutionRoleArn.*did you mean "executionRoleArn"/)
    expect(run.failures[0]).toMatch(
      /containerDefinitions\[0\]\.portMapping.*did you mean "portMappings"/
    )
    expect(run.ecs.calls.filter(call => /Register|Update|Create/.test(call.operation))).toEqual([])
  })

  it('does nothing when rollback is off, and says so', async () => {
    const run = await release({ inputs: { rollback: 'false' }, behaviours: [failingTasks(4)] })
    expect(run.updates).toHaveLength(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.failures[0]).toMatch(/Rollback is off \(input rollback\): service left on web:2\./)
  })

  it('rolls back after a failed verify', async () => {
    const run = await release({
      inputs: { 'verify-url': 'https://app.example.com/health' },
      steps: {
        verify: async () => {
          throw new VerificationError(
            'verify-url https://app.example.com/health answered 503',
            'url'
          )
        }
      }
    })
    expect(run.updates.map(update => update.taskDefinition)).toEqual([TD(2), TD(1)])
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.failures[0]).toMatch(/answered 503\. Rolled back: service web runs web:1 again/)
  })

  it('does not roll back when verify could not run its checks (a setup problem)', async () => {
    const run = await release({
      inputs: { 'verify-path': '/health' },
      steps: {
        verify: async () => {
          throw new ReleaseError(
            'verify-path: service web in cluster demo has no load balancer (DescribeServices lists no target group). Use verify-url, or attach the service to a load balancer target group.',
            'verify'
          )
        }
      }
    })
    expect(run.updates.map(update => update.taskDefinition)).toEqual([TD(2)])
    expect(run.outputs.result).toBe('failed')
    expect(run.titles).toEqual(['ecs-flow: verify failed'])
    expect(run.failures).toEqual([
      'verify-path: service web in cluster demo has no load balancer (DescribeServices lists no target group). Use verify-url, or attach the service to a load balancer target group. ' +
        'No rollback: verify could not run its checks, which says nothing against the release; service left on web:2.'
    ])
  })

  it('does not roll back on an AWS error in verify, and titles the failure with the step', async () => {
    const run = await release({
      inputs: { 'verify-path': '/health' },
      steps: {
        verify: async () => {
          throw new Error(
            'AccessDenied: not authorized to perform elasticloadbalancing:DescribeTargetGroups'
          )
        }
      }
    })
    expect(run.updates).toHaveLength(1)
    expect(run.outputs.result).toBe('failed')
    // A plain Error carries no step: the title names the step that was running.
    expect(run.titles).toEqual(['ecs-flow: verify failed'])
    expect(run.failures[0]).toMatch(
      /^AccessDenied: .*DescribeTargetGroups\. No rollback: verify could not run its checks/
    )
  })
})

describe('job summary and annotations', () => {
  it('a deployed release: summary with revisions, steps and the rollout timeline', async () => {
    const run = await release()
    expect(run.summaries).toHaveLength(1)
    const summary = run.summaries[0]!
    expect(summary).toContain('ecs-flow: deploy to dev — deployed')
    expect(summary).toContain('| Task definition | `web:1` → `web:2` |')
    expect(summary).toMatch(/\| wait \| [\d.]+ s \| ✅ \|/)
    expect(summary).toContain('### Rollout timeline')
    expect(summary).toMatch(/\| \+0\.0 s \| deployment ecs-svc\/\d+ \(web:2\) started \|/)
    expect(summary).toMatch(/\| done: /)
    expect(summary).not.toContain('Why it failed')
  })

  it('a rolled-back release: summary and annotation say why, with the last service events', async () => {
    const run = await release({ behaviours: [failingTasks(4), healthy()] })
    expect(run.titles).toEqual(['ecs-flow: release failed and was rolled back'])
    const summary = run.summaries[0]!
    expect(summary).toContain('ecs-flow: deploy to dev — rolled-back')
    expect(summary).toContain('### Why it failed')
    expect(summary).toContain('Rolled back: service web runs web:1 again')
    expect(summary).toContain('| Rollback deployment |')
    expect(summary).toMatch(/failed: tasks-failing/)
  })

  it('a bad input: titled annotation, summary without a plan, nothing called', async () => {
    const run = await release({ inputs: { timeout: 'soon' } })
    expect(run.titles).toEqual(['ecs-flow: invalid input'])
    expect(run.failures).toEqual([
      expect.stringContaining('Invalid input: input timeout: "soon" is not a duration')
    ])
    expect(run.summaries[0]).toContain('## ❌ ecs-flow: no plan — failed')
    expect(run.ecs.calls).toEqual([])
  })
})

describe('all input errors at once', () => {
  it('three bad inputs are reported together, each naming its input and the fix, after the plan', async () => {
    const run = await release({
      inputs: { timeout: 'soon', 'max-failed-tasks': 'many', wait: 'perhaps' }
    })
    expect(run.failures).toHaveLength(1)
    expect(run.failures[0]).toMatch(/^3 problems were found before anything ran:/)
    expect(run.failures[0]).toMatch(/1\. Invalid input: input timeout: "soon" is not a duration/)
    expect(run.failures[0]).toMatch(
      /2\. Invalid input: input max-failed-tasks: "many" is not a whole number/
    )
    expect(run.failures[0]).toMatch(
      /3\. Invalid input: input wait: "perhaps" is not a boolean\. Use true or false\./
    )
    expect(run.titles).toEqual(['ecs-flow: invalid input'])
    expect(run.text).toContain('ecs-flow plan (defaults in place of the bad inputs)')
    expect(run.ecs.calls).toEqual([])
  })

  it('a deploy with an unknown container and a mistyped service-definition path: both, before any command', async () => {
    const run = await release({
      inputs: {
        'container-name': 'api',
        'service-definition': 'ecs/servce.json',
        'test-command': 'npm test',
        'build-command': 'npm run build',
        image: '',
        'ecr-repository': 'web'
      },
      ecr: (() => {
        const ecr = new FakeEcr()
        ecr.addRepository('web')
        return ecr
      })()
    })
    expect(run.failures[0]).toMatch(/^2 problems were found before anything ran:/)
    expect(run.failures[0]).toMatch(
      /service definition file ecs\/servce\.json.*(does not exist|resolves)/
    )
    expect(run.failures[0]).toMatch(
      /there is no container "api" in the service's current task definition web:1/
    )
    // Nothing ran: no test, no build, no docker.
    expect(run.exec.commands).toEqual([])
    expect(run.state.steps).toEqual([])
  })
})

describe('dry-run', () => {
  it('describes, renders and prints the diff, names only for variables and secrets; writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-config-'))
    const config = join(dir, 'ecs-flow.yml')
    writeFileSync(
      config,
      'environments:\n  dev:\n    variables:\n      A: "2"\n      FEATURE: secret-looking-value\n    secrets:\n      DB: arn:aws:ssm:us-east-1:123456789012:parameter/db\n'
    )
    const run = await release({ inputs: { 'dry-run': 'true', config } })
    expect(run.failures).toEqual([])
    expect(run.outputs.result).toBe('planned')
    // Reads only: preflight's checks (handed to register, since no step ran in between); the
    // rollback target is the PRIMARY, COMPLETED and alone, so the history is not read.
    expect(run.ecs.calls.map(call => call.operation)).toEqual([
      'DescribeServices',
      'DescribeTaskDefinition'
    ])
    expect(run.text).toContain(
      'rollback target: web:1, the revision PRIMARY before the release, its rollout COMPLETED'
    )
    expect(run.text).toContain('changes from web:1:')
    expect(run.text).toContain(
      'dry-run: would register a new revision of web (RegisterTaskDefinition)'
    )
    expect(run.text).toContain(
      `~ container web: image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:old" -> "${IMAGE}"`
    )
    expect(run.text).toContain('~ container web: environment ~A, +FEATURE (values not shown)')
    expect(run.text).toContain('~ container web: secrets +DB (values not shown)')
    expect(run.text).not.toContain('secret-looking-value')
    expect(run.text).not.toContain('parameter/db')
  })

  it('says when the live revision would be reused', async () => {
    const run = await release({ inputs: { 'dry-run': 'true' }, liveImage: IMAGE })
    expect(run.text).toContain('task definition unchanged: reusing web:1')
    expect(run.text).not.toContain('would register')
  })

  it('warns and stays green when AWS cannot be reached', async () => {
    const again = await release({
      inputs: { 'dry-run': 'true' },
      before: ecs =>
        ecs.failCalls(
          'DescribeServices',
          new Error('Could not load credentials from any providers')
        )
    })
    // Dry-run runs the real read path: what would stop the release stops the dry run, saying why.
    expect(again.failures).toEqual(['Could not load credentials from any providers'])
    expect(again.outputs.result).toBe('failed')
    expect(again.ecs.calls.filter(call => /Register|Update|Create/.test(call.operation))).toEqual(
      []
    )
  })
})

describe('decideRollback', () => {
  const state = (
    overrides: { deployed?: boolean; previousTaskDefinitionArn?: string | null } = {},
    failedStep = 'wait'
  ): ReleaseState => ({
    steps: [{ step: failedStep as 'wait', startedAt: 0, seconds: 1, outcome: 'failure' }],
    services: [serviceRelease(overrides)]
  })
  const serviceRelease = (
    overrides: { deployed?: boolean; previousTaskDefinitionArn?: string | null } = {}
  ): ServiceRelease => ({
    target: {
      environment: 'dev',
      cluster: 'main',
      service: 'web',
      sidecars: [],
      variables: {},
      secrets: {}
    },
    registration: {
      taskDefinitionArn: TD(2),
      previousTaskDefinitionArn:
        overrides.previousTaskDefinitionArn === null
          ? undefined
          : (overrides.previousTaskDefinitionArn ?? TD(1)),
      rollbackTarget:
        overrides.previousTaskDefinitionArn === null
          ? undefined
          : {
              taskDefinitionArn: overrides.previousTaskDefinitionArn ?? TD(1),
              why: 'the last revision that completed on the service'
            },
      serviceExists: overrides.previousTaskDefinitionArn !== null,
      unchanged: false,
      changes: [],
      predicted: false
    },
    deployment:
      overrides.deployed === false
        ? undefined
        : { id: 'ecs-svc/2', taskDefinitionArn: TD(2), createdService: false }
  })
  const ours = new RolloutFailure('tasks failed', 'tasks-failing', 'ours', 'ecs-svc/2')

  it.each<[string, unknown, ReleaseState, boolean, object]>([
    ['our rollout failure', ours, state(), true, { rollBack: true, to: TD(1) }],
    [
      'a failed verify',
      new VerificationError('503', 'url'),
      state({}, 'verify'),
      true,
      { rollBack: true, to: TD(1) }
    ],
    [
      'a failed verify-command',
      new VerificationError('exited with code 1', 'command'),
      state({}, 'verify'),
      true,
      { rollBack: true, to: TD(1) }
    ],
    [
      'verify without a load balancer to check',
      new ReleaseError('verify-path: service web has no load balancer', 'verify'),
      state({}, 'verify'),
      true,
      { rollBack: false, note: expect.stringMatching(/^No rollback: verify could not run/) }
    ],
    [
      'an AWS error in verify',
      new Error('AccessDenied'),
      state({}, 'verify'),
      true,
      { rollBack: false, note: expect.stringMatching(/service left on web:2$/) }
    ],
    [
      'nothing deployed yet',
      new Error('register failed'),
      state({ deployed: false }, 'register'),
      true,
      { rollBack: false }
    ],
    [
      'an unexpected error while waiting',
      new Error('AccessDenied'),
      state(),
      true,
      { rollBack: false }
    ],
    [
      'ECS rolling back',
      new RolloutFailure('x', 'circuit-breaker-rollback', 'ecs', 'd'),
      state(),
      true,
      { rollBack: false, note: expect.stringMatching(/leaves the rollback to ECS/) }
    ],
    [
      'superseded',
      new RolloutFailure('x', 'superseded', 'none', 'd'),
      state(),
      true,
      { rollBack: false }
    ],
    [
      'rollback off',
      ours,
      state(),
      false,
      { rollBack: false, note: expect.stringMatching(/Rollback is off/) }
    ],
    [
      'no previous revision',
      ours,
      state({ previousTaskDefinitionArn: null }),
      true,
      { rollBack: false, note: expect.stringMatching(/No previous revision/) }
    ],
    [
      'this release created the service (UpdateService found it gone)',
      ours,
      {
        ...state(),
        services: [
          {
            ...serviceRelease(),
            deployment: { id: 'ecs-svc/2', taskDefinitionArn: TD(2), createdService: true }
          }
        ]
      },
      true,
      { rollBack: false, note: expect.stringMatching(/No previous revision/) }
    ],
    [
      'no revision known to have completed (the service exists)',
      ours,
      {
        ...state(),
        services: [
          {
            ...serviceRelease(),
            registration: { ...serviceRelease().registration!, rollbackTarget: undefined }
          }
        ]
      },
      true,
      { rollBack: false, note: expect.stringMatching(/no revision is known to have completed/) }
    ],
    [
      'the previous revision is the failed one',
      ours,
      state({ previousTaskDefinitionArn: TD(2) }),
      true,
      { rollBack: false, note: expect.stringMatching(/the one that failed/) }
    ]
  ])('%s', (...[, error, releaseState, enabled, decision]) => {
    expect(decideRollback(error, releaseState, enabled)).toEqual(decision)
  })
})

function writeJson(value: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-json-'))
  const file = join(dir, 'file.json')
  writeFileSync(file, JSON.stringify(value))
  return file
}
