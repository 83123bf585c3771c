import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHA, runAction, simulatorEnv } from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// Runs the committed bundle (dist/index.js) the way the GitHub runner does. Dry-run reads AWS
// as a real run would (preflight, the live revision, ECR), so it runs against the simulator.
let sim: Awaited<ReturnType<typeof startSimulator>>
beforeAll(async () => {
  // ECR holds the image built for the events' commit, as promote expects.
  sim = await startSimulator({ scenario: 'healthy', port: 0, seed: { imageSha: SHA } })
})
afterAll(async () => {
  await sim.stop()
})
const target = {
  cluster: 'demo',
  service: 'web',
  'container-name': 'web',
  'ecr-repository': 'web',
  'dry-run': 'true'
}

describe('node dist/index.js in dry-run plans every row of the README table "What it does"', () => {
  it.each([
    ['pull_request', 'pull-request-opened.json', 'refs/pull/42/merge', 'test', ''],
    ['pull_request', 'pull-request-synchronize.json', 'refs/pull/42/merge', 'test', ''],
    ['push', 'push-feature-branch.json', 'refs/heads/feature/login', 'test', ''],
    ['push', 'push-dev-branch.json', 'refs/heads/payments-dev', 'publish', ''],
    ['push', 'push-default-branch.json', 'refs/heads/main', 'deploy', 'dev'],
    ['push', 'push-tag-staging.json', 'refs/tags/v1.0.0-staging', 'promote', 'staging'],
    ['push', 'push-tag-prod.json', 'refs/tags/v1.0.0-prod', 'promote', 'production'],
    ['push', 'push-tag-other.json', 'refs/tags/v1.0.0', 'none', ''],
    ['push', 'delete-branch.json', 'refs/heads/feature/login', 'none', ''],
    ['push', 'delete-tag.json', 'refs/tags/v1.0.0-prod', 'none', ''],
    ['workflow_dispatch', 'workflow-dispatch.json', 'refs/heads/main', 'promote', 'staging']
  ])('%s %s -> %s', async (eventName, event, ref, flow, environment) => {
    const run = await runAction({
      eventName,
      event,
      ref,
      inputs: target,
      env: simulatorEnv(sim.url)
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs.flow).toBe(flow)
    expect(run.outputs.environment).toBe(environment)
    expect(JSON.parse(run.outputs.plan!)).toMatchObject({ flow, dryRun: true })
    expect(run.outputs.result).toBe(flow === 'none' ? 'skipped' : 'planned')
    expect(run.stdout).toContain('ecs-flow plan')
    const writes = sim
      .state()
      .callLog.filter((call: { operation: string }) =>
        /Register|Update|Create|PutImage/.test(call.operation)
      )
    expect(writes).toEqual([])
  })

  it('fails a bad config file and names its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-bad-config-'))
    const config = join(dir, 'ecs-flow.yml')
    writeFileSync(config, 'environments:\n  dev:\n    cluster: [1, 2]\n')
    const run = await runAction({
      eventName: 'push',
      event: 'push-default-branch.json',
      ref: 'refs/heads/main',
      inputs: { ...target, config }
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      `::error title=ecs-flow%3A invalid input::Invalid input: ${config}: environments.dev.cluster: expected a text value`
    )
    expect(run.outputs.result).toBe('failed')
  })

  it('runs the test flow for real: the test command passes, the build command fails with its exit code', async () => {
    const run = await runAction({
      eventName: 'pull_request',
      event: 'pull-request-opened.json',
      ref: 'refs/pull/42/merge',
      inputs: { 'test-command': 'echo "tests ran on $ECS_FLOW_SHA"', 'build-command': 'exit 7' }
    })
    expect(run.stdout).toContain('tests ran on 1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c')
    expect(run.stdout).toContain(
      '::error title=ecs-flow%3A build failed::build-command "exit 7" exited with code 7'
    )
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ flow: 'test', result: 'failed' })
  })

  it('reports a passing test flow as tested', async () => {
    const run = await runAction({
      eventName: 'push',
      event: 'push-feature-branch.json',
      ref: 'refs/heads/feature/login',
      inputs: { 'test-command': 'true', 'build-command': 'true' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ flow: 'test', result: 'tested' })
  })
})
