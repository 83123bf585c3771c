import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { ROOT } from '../../__fixtures__/run-action.js'

// The README's first command must keep working: the demo checks its own story and exits 1
// when a release does not end as told.
describe('npm run demo', () => {
  it('tells the whole story: tested, deployed, promoted twice, two services together, status from a terminal, a blue/green release verified during its bake, a broken release rolled back with its last words, a paused release continued by a second job, a slow rollout explained, an Express Mode service', () => {
    const demo = spawnSync(process.execPath, [join(ROOT, 'demo', 'run.js')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000
    })
    expect(demo.stderr).toBe('')
    expect(demo.status).toBe(0)
    expect(demo.stdout).toContain('| 1 | test | - | tested | 0 |')
    expect(demo.stdout).toContain('| 2 | deploy | dev | deployed | 0 |')
    expect(demo.stdout).toContain('| 3 | promote | staging | deployed | 0 |')
    expect(demo.stdout).toContain('| 4 | promote | production | deployed | 0 |')
    expect(demo.stdout).toContain('| 5 | deploy | platform | deployed | 0 |')
    expect(demo.stdout).toMatch(/\[worker\] rollout complete/)
    expect(demo.stdout).toMatch(/keeping api:2: one of the newest 3; deployed now on service api/)
    expect(demo.stdout).toContain('[web] applied_0042_add_orders')
    expect(demo.stdout).toContain('schedule default/platform-worker-sweep: worker:1 -> worker:2')
    // The command line's status: every environment on its new revision, the released commit.
    expect(demo.stdout).toContain('| 6 | ecs-flow status | - | shown | 0 |')
    for (const [environment, service, revision] of [
      ['dev', 'web-dev', 'web-dev:2'],
      ['staging', 'web-staging', 'web-staging:2'],
      ['production', 'web-prod', 'web-prod:2'],
      ['platform', 'api', 'api:2'],
      ['platform', 'worker', 'worker:2']
    ])
      expect(demo.stdout).toMatch(
        new RegExp(
          `^ {4}${environment} +demo/${service} +${revision} .* a1b2c3d4e5f6 +COMPLETED +2/2 `,
          'm'
        )
      )
    expect(demo.stdout).toContain('| 7 | deploy | checkout | deployed | 0 |')
    expect(demo.stdout).toMatch(/stage BAKE_TIME .*\n(.*\n)*.*verify passed during BAKE_TIME/)
    expect(demo.stdout).toContain('| 8 | deploy | dev | rolled-back | 1 |')
    // The broken release's error quotes what the crashed container said last, in the
    // annotation and in the job summary's "Why it failed".
    expect(demo.stdout).toMatch(
      /ERROR: .*%0ALast log lines of container web \(tasks \w+, \w+\):%0A {2}Error: connect ECONNREFUSED 10\.0\.0\.5:5432/
    )
    expect(demo.stdout).toContain('> Error: connect ECONNREFUSED 10.0.0.5:5432')
    expect(demo.stdout).toMatch(/Rolled back: service web-dev runs web-dev:1 again/)
    // on-pause approve: the job ends paused at the hook; the second job continues it.
    expect(demo.stdout).toContain('| 9 | deploy | checkout | paused | 0 |')
    expect(demo.stdout).toMatch(/on-pause: approve: the job ends paused at POST_TEST_TRAFFIC_SHIFT/)
    expect(demo.stdout).toContain('| 10 | continue | checkout | deployed | 0 |')
    expect(demo.stdout).toMatch(
      /ContinueServiceDeployment CONTINUE \(decision continue, by the continue job of reviewer in https:\/\/github\.com\/acme\/web\/actions\/runs\/1001\)/
    )
    // The slow rollout: its summary says where the time went and what would have saved it.
    expect(demo.stdout).toContain('| 11 | deploy | dev | deployed | 0 |')
    const slow = demo.stdout.slice(demo.stdout.indexOf('11. A slow rollout explained'))
    expect(slow).toContain('### Where the time went')
    expect(slow).toMatch(/^ {4}\| old revision drained \| [\d.]+ s ¹ \|$/m)
    expect(slow).toMatch(
      /- `web-dev`: target group web-dev-tg, `deregistration_delay\.timeout_seconds` 300 → 30: the old tasks drained for [\d.]+ s, waiting out the delay — would have saved \*\*[\d.]+ s\*\*/
    )
    // The Express Mode service: ECS registered hello:2, verified at the service's endpoint.
    expect(demo.stdout).toContain('| 12 | deploy | preview | deployed | 0 |')
    expect(demo.stdout).toMatch(
      /Express service hello: deployment ecs-svc\/\d+ of hello:2 \(was hello:1\)/
    )
    expect(demo.stdout).toMatch(
      /verify-path: the service's endpoint → http:\/\/127\.0\.0\.1:\d+\/health\?env=preview/
    )
    expect(demo.stdout).toMatch(/^ {4}preview +demo\/hello +hello:1 /m)
  })
})
