import MarkdownIt from 'markdown-it'
import { planTarget, type Plan } from '../../src/plan/plan.js'
import { renderSummary } from '../../src/report/summary.js'
import type { ReleaseState } from '../../src/core/state.js'
import { HOSTILE_LIST } from '../../__fixtures__/hostile-strings.js'

const plan: Plan = {
  flow: 'deploy',
  environment: 'dev',
  steps: ['register', 'deploy', 'wait'],
  skipped: [{ step: 'verify', reason: 'no verify-url, verify-path or verify-command' }],
  sha: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c',
  imageTag: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c',
  reason: 'default rule #4 (event push, default branch) matches branch main',
  event: { name: 'push', ref: 'refs/heads/main', refName: 'main' },
  targets: [
    {
      environment: 'dev',
      cluster: 'demo',
      service: 'web',
      sidecars: [],
      variables: {},
      secrets: {}
    }
  ],
  rollbackScope: 'all',
  image: { kind: 'given', reference: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1' },
  dryRun: false
}
const t0 = Date.UTC(2026, 10, 22, 10, 0, 0)
const state: ReleaseState = {
  image: {
    reference: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64),
    extraTags: []
  },
  services: [
    {
      target: planTarget(plan)!,
      registration: {
        previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
        serviceExists: true,
        unchanged: false,
        changes: [
          '~ container web: image: "web:1" -> "web:2"',
          '~ container web: environment +FEATURE (values not shown)'
        ],
        predicted: false
      },
      deployment: {
        id: 'ecs-svc/1234567890',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
        createdService: false
      }
    }
  ],
  result: 'deployed',
  steps: [
    { step: 'register', startedAt: t0, seconds: 0.4, outcome: 'success' },
    { step: 'deploy', startedAt: t0, seconds: 0.2, outcome: 'success' },
    { step: 'wait', startedAt: t0, seconds: 6.1, outcome: 'success' }
  ]
}

describe('job summary', () => {
  it('shows what was released where, revisions before and after, and time per step', () => {
    const markdown = renderSummary({
      plan,
      state,
      elapsedSeconds: 7.3,
      region: 'us-east-1',
      timeline: [
        { at: t0, what: 'UpdateService: deployment ecs-svc/1234567890 (web:2)' },
        { at: t0 + 4000, what: '2/2 tasks running' },
        { at: t0 + 6100, what: 'steady state; web:1 drained' }
      ]
    })
    expect(markdown).toContain('## ✅ ecs-flow: deploy to dev — deployed')
    expect(markdown).toContain('| Task definition | `web:1` → `web:2` |')
    expect(markdown).toContain(`| Image | \`${state.image!.reference}\` |`)
    expect(markdown).toContain('### Task definition changes from `web:1`')
    expect(markdown).toContain('~ container web: environment +FEATURE (values not shown)')
    expect(markdown).toContain('| wait | 6.1 s | ✅ |')
    expect(markdown).toContain(
      '| verify | — | skipped: no verify-url, verify-path or verify-command |'
    )
    expect(markdown).toContain('| +4.0 s | 2/2 tasks running |')
    expect(markdown).toContain(
      '[ECS service](https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/demo/services/web/deployments?region=us-east-1)'
    )
    expect(markdown).toContain(
      '[task definition web:2](https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/web/2?region=us-east-1)'
    )
    expect(markdown).not.toContain('Why it failed')
  })

  it('explains a failure with the cause and the last service events', () => {
    const markdown = renderSummary({
      plan,
      state: { ...state, result: 'rolled-back' },
      elapsedSeconds: 12,
      failure:
        '3 tasks of deployment ecs-svc/1 failed: CannotPullContainerError\nrolled back to web:1',
      events: ['(service web) has started 2 tasks', '(service web) has stopped 1 running tasks']
    })
    expect(markdown).toContain('## ↩️ ecs-flow: deploy to dev — rolled-back')
    expect(markdown).toContain(
      '> 3 tasks of deployment ecs-svc/1 failed: CannotPullContainerError\n> rolled back to web:1'
    )
    expect(markdown).toContain('### Last service events\n\n```\n(service web) has started 2 tasks')
  })

  it('keeps user text from breaking the tables', () => {
    const markdown = renderSummary({
      plan: { ...plan, reason: 'rule | with pipe\nand newline' },
      state,
      elapsedSeconds: 1
    })
    expect(markdown).toContain('(rule \\| with pipe and newline)')
  })

  it('is written without a plan when the inputs were bad', () => {
    expect(
      renderSummary({
        state: { steps: [], result: 'failed' },
        elapsedSeconds: 0,
        failure: 'input timeout: "x" is not a duration'
      })
    ).toContain('## ❌ ecs-flow: no plan — failed')
  })
})

describe('job summary with hostile text in every field', () => {
  // GitHub renders summaries as GFM; markdown-it with HTML and linkify on is as permissive.
  const md = new MarkdownIt({ html: true, linkify: true })
  const STRUCTURE = new Set([
    'h2',
    'h3',
    'p',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'code',
    'strong',
    'blockquote',
    'pre',
    'a'
  ])

  function hostileSummary(hostile: string): string {
    return renderSummary({
      plan: {
        ...plan,
        flow: 'promote',
        image: { kind: 'given', reference: hostile },
        targets: [{ ...planTarget(plan)!, cluster: hostile, service: hostile }],
        rollbackScope: 'all',
        environment: hostile,
        reason: hostile,
        releaseTag: hostile,
        sha: hostile,
        skipped: [{ step: 'verify', reason: hostile }],
        event: { name: 'push', ref: hostile, refName: hostile }
      },
      state: {
        ...state,
        result: 'rolled-back',
        image: { reference: hostile, extraTags: [] },
        services: [
          {
            target: { ...planTarget(plan)!, cluster: hostile, service: hostile },
            deployment: { id: hostile, taskDefinitionArn: hostile, createdService: false },
            rollback: { deploymentId: hostile, taskDefinitionArn: hostile },
            registration: {
              previousTaskDefinitionArn: hostile,
              taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${hostile}:3`,
              serviceExists: true,
              unchanged: false,
              changes: [hostile, `~ container web: ${hostile}`],
              predicted: false
            }
          }
        ],
        serviceUrl: hostile
      },
      elapsedSeconds: 1,
      region: 'us-east-1',
      failure: `${hostile}\n${hostile}`,
      timeline: [
        { at: t0, what: hostile },
        { at: t0 + 1000, what: `after ${hostile}` }
      ],
      events: [hostile, `(service web) ${hostile}`, 'last event']
    })
  }

  it.each(HOSTILE_LIST)(
    '%s: no HTML, no link but ours, no extra column, the fence holds',
    (_, hostile) => {
      const markdown = hostileSummary(hostile)
      const html = md.render(markdown)
      const tags = [...html.matchAll(/<([a-z0-9]+)/gi)].map(match => match[1]!.toLowerCase())
      expect(tags.filter(tag => !STRUCTURE.has(tag))).toEqual([])
      // The only links: the console's two, and the service URL when it is one.
      const links = [...html.matchAll(/<a href="([^"]*)"/g)].map(match => match[1]!)
      for (const link of links)
        expect(link).toMatch(/^https:\/\/(us-east-1\.console\.aws\.amazon\.com\/|evil\.example\/)/)
      expect(links.length).toBeLessThanOrEqual(3)
      // Every row of every table has as many cells as its header.
      for (const table of html.split('<table>').slice(1)) {
        const body = table.slice(0, table.indexOf('</table>'))
        const header = (body.match(/<th>/g) ?? []).length
        for (const row of body.split('<tr>').slice(2))
          expect((row.match(/<td>/g) ?? []).length).toBe(header)
      }
      // Two code blocks, the changes and the events, each whole; the text after them is still Markdown.
      expect((html.match(/<pre>/g) ?? []).length).toBe(2)
      expect(html).toMatch(/~ container web: [\s\S]*?<\/code><\/pre>\n<h3>Rollout timeline<\/h3>/)
      expect(html).toMatch(/last event\n<\/code><\/pre>/)
      expect(html).toContain('<h3>Last service events</h3>')
      expect(html).toContain('>ECS service</a>')
      // In the Markdown itself, outside code, no raw "<" starts anything.
      const outsideCode = markdown
        .replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '')
        .replace(/(`+).*?\1/g, '')
      expect(outsideCode.replace(/\]\(<https?:[^>\s]*>\)/g, '')).not.toContain('<')
    }
  )
})
