import { describe, expect, it } from '@jest/globals'
import { FakeEcr, REGISTRY } from '../../__fixtures__/fake-ecr.js'
import { SHA } from '../../__fixtures__/run-action.js'
import { release } from '../../__fixtures__/release-harness.js'
import { stepContext } from '../../__fixtures__/step-context.js'
import { dryRunServices } from '../../src/release/dry-run.js'

// Dry-run runs the real steps against the same services and turns every write into a printed
// intent: reads happen as in a real run, nothing is registered, updated, tagged or pushed.

const DIGEST = `sha256:${'d'.repeat(64)}`

async function dryRun(flow: 'deploy' | 'promote', ecr: FakeEcr) {
  const run = await release({
    ecr,
    inputs: { image: '', 'ecr-repository': 'web', 'dry-run': 'true', flow, environment: 'staging' },
    event:
      flow === 'promote'
        ? { file: 'push-tag-staging.json', ref: 'refs/tags/v1.0.0-staging' }
        : undefined
  })
  const writes = run.ecs.calls.filter(call => /Register|Update|Create/.test(call.operation))
  return { ...run, writes }
}

function ecrWithRepository(): FakeEcr {
  const ecr = new FakeEcr()
  ecr.addRepository('web')
  return ecr
}

describe('dry-run finds the image the release would run, read-only', () => {
  it("uses the commit's image already in ECR, by digest, and prints the diff register would register", async () => {
    const ecr = ecrWithRepository()
    ecr.addImage('web', {
      digest: DIGEST,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      manifest: '{}',
      tags: [SHA]
    })
    const run = await dryRun('promote', ecr)
    expect(run.failures).toEqual([])
    expect(run.text).toContain(`Releasing ${REGISTRY}/web@${DIGEST}`)
    expect(run.text).toContain(
      `image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:old" -> "${REGISTRY}/web@${DIGEST}"`
    )
    expect(run.text).toContain(
      'dry-run: would register a new revision of web (RegisterTaskDefinition)'
    )
    expect(run.text).toMatch(
      /dry-run: would tag sha256:d+ as v1\.0\.0-staging in ECR repository web \(PutImage\)/
    )
    expect(run.text).toContain('dry-run: would update service web in cluster demo')
    expect(run.text).toContain(
      'dry-run: would watch the deployment until it is PRIMARY, COMPLETED and alone (with early success criteria: once ECS declares it COMPLETED; a blue/green, linear or canary service: by lifecycle stage, wait-until complete)'
    )
    expect(run.writes).toEqual([])
    expect(ecr.puts).toEqual([])
    expect(run.outputs).toMatchObject({
      result: 'planned',
      image: `${REGISTRY}/web@${DIGEST}`,
      'previous-task-definition-arn': expect.stringMatching(/task-definition\/web:1$/),
      'task-definition-arn': '',
      'deployment-id': ''
    })
  })

  it('fails as the real run would when a promote has no image for its commit', async () => {
    const run = await dryRun('promote', ecrWithRepository())
    expect(run.failures).toEqual([
      expect.stringContaining(`No image for commit ${SHA} in ECR repository web`)
    ])
    expect(run.outputs.result).toBe('failed')
    expect(run.writes).toEqual([])
  })

  it('shows the build and push a deploy would run, and the revision it would register', async () => {
    const run = await dryRun('deploy', ecrWithRepository())
    expect(run.failures).toEqual([])
    expect(run.text).toMatch(
      new RegExp(`dry-run: would run docker (buildx )?build .*--tag ${REGISTRY}/web:${SHA}`)
    )
    expect(run.text).toMatch(new RegExp(`dry-run: would run docker push ${REGISTRY}/web:${SHA}`))
    expect(run.text).toContain('dry-run: would register a new revision of web')
    // Nothing is said to have happened that did not: no login, build, registration or deployment.
    expect(run.text).not.toMatch(
      /^(Logged in|Built|Pushed|registered|service web in cluster demo: deployment)/m
    )
    expect(run.writes).toEqual([])
    expect(run.outputs.image).toBe(`${REGISTRY}/web:${SHA}`)
  })

  it('fails before any step, naming the cause, when ECR cannot be asked', async () => {
    const ecr = new FakeEcr()
    ecr.describeRepository = async () => {
      throw new Error('AccessDeniedException: not allowed')
    }
    const run = await dryRun('deploy', ecr)
    expect(run.failures).toEqual(['AccessDeniedException: not allowed'])
    expect(run.state.steps).toEqual([])
    expect(run.writes).toEqual([])
  })
})

describe('dry-run and blue/green service deployments', () => {
  const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/AbCdEfGhIjKlMnOpQrStU'
  const snapshot = {
    arn: ARN,
    status: 'IN_PROGRESS',
    lifecycleStage: 'BAKE_TIME',
    sources: [],
    alarms: { status: 'MONITORING', names: ['web-5xx'], triggered: [] },
    circuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 }
  }

  it('reads the service deployment as a real run would, and only prints the StopServiceDeployment', async () => {
    const { services, ecs, logger } = stepContext()
    ecs.serviceDeployments.set(ARN, structuredClone(snapshot))
    const dry = dryRunServices(services).aws.ecs()
    expect(await dry.describeServiceDeployment(ARN)).toEqual(snapshot)
    await dry.stopServiceDeployment(ARN, 'ROLLBACK')
    expect(ecs.count('StopServiceDeployment')).toBe(0)
    expect(ecs.serviceDeployments.get(ARN)?.status).toBe('IN_PROGRESS')
    expect(logger.text()).toContain(
      `dry-run: would stop service deployment ${ARN} with stopType ROLLBACK: ECS would move traffic back to the previous revision (StopServiceDeployment)`
    )
  })

  it('only prints the ContinueServiceDeployment, naming the hook and what ECS would do', async () => {
    const { services, ecs, logger } = stepContext()
    ecs.serviceDeployments.set(ARN, structuredClone(snapshot))
    const dry = dryRunServices(services).aws.ecs()
    await dry.continueServiceDeployment(ARN, 'hook-1', 'CONTINUE')
    await dry.continueServiceDeployment(ARN, 'hook-1', 'ROLLBACK')
    expect(ecs.count('ContinueServiceDeployment')).toBe(0)
    expect(logger.text()).toContain(
      `dry-run: would answer the paused lifecycle hook hook-1 of service deployment ${ARN} with CONTINUE: ECS would go on to the next lifecycle stage (ContinueServiceDeployment)`
    )
    expect(logger.text()).toContain(
      `dry-run: would answer the paused lifecycle hook hook-1 of service deployment ${ARN} with ROLLBACK: ECS would move traffic back to the previous revision (ContinueServiceDeployment)`
    )
  })

  it('the fake ECS rolls back as the simulator does, and refuses a finished deployment', async () => {
    const { ecs, clock } = stepContext()
    ecs.serviceDeployments.set(ARN, structuredClone(snapshot))
    await ecs.stopServiceDeployment(ARN, 'ROLLBACK')
    expect((await ecs.describeServiceDeployment(ARN))?.status).toBe('ROLLBACK_REQUESTED')
    clock.advance(500)
    expect((await ecs.describeServiceDeployment(ARN))?.status).toBe('ROLLBACK_IN_PROGRESS')
    await ecs.stopServiceDeployment(ARN, 'ROLLBACK')
    clock.advance(2500)
    expect((await ecs.describeServiceDeployment(ARN))?.status).toBe('ROLLBACK_SUCCESSFUL')
    await expect(ecs.stopServiceDeployment(ARN, 'ROLLBACK')).rejects.toMatchObject({
      code: 'ConflictException'
    })
    await expect(ecs.stopServiceDeployment(`${ARN}x`, 'ROLLBACK')).rejects.toMatchObject({
      code: 'ServiceDeploymentNotFoundException'
    })
  })
})
