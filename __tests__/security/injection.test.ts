import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EVENTS, runAction, simulatorEnv } from '../../__fixtures__/run-action.js'
import { startSimulator } from '../../sim/server.js'

// Ref names, tags and PR titles are user-controlled. They must never reach a shell nor be read
// by the runner as workflow commands when echoed.
const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-injection-'))
const canary = join(dir, 'CANARY')
const hostile = [
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `x;touch ${canary}`,
  `x\ntouch ${canary}`,
  '::set-output name=result::deployed',
  '::add-mask::secret',
  'x\n::set-output name=result::deployed'
]

function payloadWith(name: string, refName: string, title: string): string {
  const base = JSON.parse(readFileSync(join(EVENTS, name), 'utf8')) as Record<string, unknown>
  const pr = base.pull_request as Record<string, unknown> | undefined
  if (pr) {
    pr.title = title
    ;(pr.head as Record<string, unknown>).ref = refName
  } else {
    base.ref = `refs/heads/${refName}`
  }
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, JSON.stringify(base))
  return file
}

// The publish dry-run reads ECR as a real run would: the simulator's repository web answers.
let sim: Awaited<ReturnType<typeof startSimulator>>
beforeAll(async () => {
  sim = await startSimulator({ scenario: 'healthy', port: 0 })
})
afterAll(async () => {
  await sim.stop()
})

describe('hostile ref names and titles', () => {
  it.each(hostile)(
    'a pull request from branch %j titled the same runs nothing it contains',
    async name => {
      const run = await runAction({
        eventName: 'pull_request',
        event: payloadWith('pull-request-opened.json', `feature/${name}-dev`, name),
        ref: 'refs/pull/42/merge',
        inputs: { 'test-command': 'echo "testing $ECS_FLOW_SHA"' }
      })
      expect(run.exitCode).toBe(0)
      expect(existsSync(canary)).toBe(false)
      expect(run.outputs).toMatchObject({ flow: 'test', result: 'tested' })
      // No line of the log may start a workflow command that came from the event.
      for (const line of run.stdout.split('\n')) {
        expect(line).not.toMatch(/^::(set-output|add-mask)/)
      }
    }
  )

  it.each(hostile)('a push to branch %j is planned without executing it', async name => {
    const run = await runAction({
      eventName: 'push',
      event: payloadWith('push-feature-branch.json', `${name}-dev`, ''),
      ref: `refs/heads/${name}-dev`,
      inputs: { 'dry-run': 'true', 'ecr-repository': 'web' },
      env: simulatorEnv(sim.url)
    })
    expect(run.exitCode).toBe(0)
    expect(existsSync(canary)).toBe(false)
    // git refuses control characters in ref names, so no rule is written to match one.
    expect(run.outputs.flow).toBe(name.includes('\n') ? 'none' : 'publish')
    expect(JSON.parse(run.outputs.plan!).event.refName).toBe(`${name}-dev`)
    for (const line of run.stdout.split('\n')) {
      expect(line).not.toMatch(/^::(set-output|add-mask)/)
    }
  })
})
