import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcr, REGISTRY } from '../../__fixtures__/fake-ecr.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { FakeCommandRunner } from '../../__fixtures__/fake-exec.js'
import { RecordingLogger } from '../../__fixtures__/recording-logger.js'
import { SHA } from '../../__fixtures__/run-action.js'
import { base } from '../../__fixtures__/release-harness.js'
import { toGitEvent } from '../../src/plan/event.js'
import { makePlan } from '../../src/plan/plan.js'
import { readSettings } from '../../src/settings/settings.js'
import { printDryRun } from '../../src/steps/dry-run.js'

const DIGEST = `sha256:${'d'.repeat(64)}`

async function dryRun(flow: 'deploy' | 'promote', ecr: FakeEcr) {
  const clock = new FakeClock()
  const ecs = new FakeEcs(clock)
  ecs.addService({ taskDefinition: ecs.addTaskDefinition(base) })
  const inputs: Record<string, string> = {
    cluster: 'demo',
    service: 'web',
    'container-name': 'web',
    'ecr-repository': 'web',
    'dry-run': 'true',
    flow,
    environment: 'staging'
  }
  const settings = readSettings(
    name => inputs[name] ?? '',
    () => ({ environments: {} })
  )
  const ref = flow === 'promote' ? 'refs/tags/v1-staging' : 'refs/heads/main'
  const plan = makePlan(
    settings,
    toGitEvent({
      eventName: 'push',
      payload: { ref, repository: { default_branch: 'main' } },
      ref,
      sha: SHA
    })
  )
  const logger = new RecordingLogger()
  await printDryRun({
    settings,
    plan,
    state: { steps: [] },
    services: {
      exec: new FakeCommandRunner(),
      clock,
      logger,
      env: { AWS_REGION: 'us-east-1' },
      aws: {
        ecs: () => ecs,
        ecr: () => ecr,
        elb: () => {
          throw new Error('no ELB')
        }
      }
    }
  })
  return { logger, ecs, ecr }
}

describe('dry-run finds the image the release would run, read-only', () => {
  it("uses the commit's image already in ECR, by digest", async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    ecr.addImage('web', {
      digest: DIGEST,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      manifest: '{}',
      tags: [SHA]
    })
    const { logger, ecs } = await dryRun('promote', ecr)
    expect(logger.text()).toContain(
      `dry-run: image ${REGISTRY}/web@${DIGEST} (already in ECR for this commit: nothing would be built)`
    )
    expect(logger.text()).toContain(
      `image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:old" -> "${REGISTRY}/web@${DIGEST}"`
    )
    expect(ecs.calls.filter(call => /Register|Update|Create/.test(call.operation))).toEqual([])
    expect(ecr.puts).toEqual([])
  })

  it('warns when a promote has no image for its commit', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    const { logger } = await dryRun('promote', ecr)
    expect(logger.warnings).toEqual([
      expect.stringContaining(`ECR repository web has no image tagged ${SHA}: resolve would fail`)
    ])
  })

  it('shows the reference a deploy would build and push', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    const { logger } = await dryRun('deploy', ecr)
    expect(logger.text()).toContain(
      `dry-run: image ${REGISTRY}/web:${SHA} (the image this run would build and push)`
    )
    expect(logger.warnings).toEqual([])
  })

  it('falls back to a placeholder, and still prints the diff, when ECR cannot be asked', async () => {
    const ecr = new FakeEcr()
    ecr.describeRepository = async () => {
      throw new Error('AccessDeniedException: not allowed')
    }
    const { logger } = await dryRun('deploy', ecr)
    expect(logger.text()).toContain(
      `dry-run: image web:${SHA} (ECR could not be asked: AccessDeniedException: not allowed)`
    )
    expect(logger.text()).toContain('a new revision of web would be registered')
  })
})
