import { describe, expect, it } from '@jest/globals'
import { stepContext } from '../../__fixtures__/step-context.js'
import { planDiffJson, planDiffText, planWithDiff } from '../../src/cli/commands/plan-diff.js'
import type { GitEvent } from '../../src/ci-env/git-event.js'

// `ecs-flow plan --diff` on fakes: the plan, each service's diff against the live revision
// (dry-run's path), preflight's problems; nothing written.

const SHA = '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const push = (ref: string): GitEvent => ({
  name: 'push',
  ref,
  refType: 'branch',
  refName: ref.replace('refs/heads/', ''),
  sha: SHA,
  defaultBranch: 'main',
  deleted: false
})

function harness(repository = true) {
  const h = stepContext({ event: 'deploy', inputs: { 'container-name': 'web' } })
  const live = h.ecs.addTaskDefinition({
    family: 'web',
    containerDefinitions: [{ name: 'web', image: 'web:old', memory: 256 }]
  })
  h.ecs.addService({ taskDefinition: live })
  if (repository) h.ecr.addRepository('web')
  return h
}

describe('plan --diff', () => {
  it('prints the plan and the diff of the service against what runs now, writing nothing', async () => {
    const h = harness()
    const found = await planWithDiff(h.settings, push('refs/heads/main'), h.services)
    const text = planDiffText(found)
    expect(text).toMatch(/flow: +deploy -> environment dev \(dry run\)/)
    expect(text).toContain('service web (cluster demo, runs web:1):')
    expect(text).toMatch(/ {2}~ container web: image: "web:old" -> ".*web:1f2e3d4c5b6a/)
    expect(found.problems).toEqual([])
    expect(h.ecs.calls.filter(call => /Register|Update|Create/.test(call.operation))).toEqual([])
    expect(JSON.parse(planDiffJson(found))).toMatchObject({
      flow: 'deploy',
      environment: 'dev',
      services: [{ service: 'web', cluster: 'demo', live: 'web:1' }],
      problems: []
    })
  })

  it("names preflight's problems", async () => {
    const h = harness(false)
    const found = await planWithDiff(h.settings, push('refs/heads/main'), h.services)
    expect(planDiffText(found)).toMatch(
      /preflight found 1 problem\(s\):\n {2}1\. ECR repository "web" does not exist/
    )
  })

  it('a flow that releases nothing reads nothing from AWS', async () => {
    const h = harness()
    const found = await planWithDiff(h.settings, push('refs/heads/feature/x'), h.services)
    expect(planDiffText(found)).toContain('diff:     flow test changes no service')
    expect(h.ecs.calls).toEqual([])
  })
})
