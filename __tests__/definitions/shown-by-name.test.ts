import { describe, expect, it } from '@jest/globals'
import type { TaskDefinition } from '../../src/aws/ecs-api.js'
import { liveShownByName } from '../../src/definitions/shown-by-name.js'
import {
  asTaskDefinition,
  diffTaskDefinitions,
  renderTaskDefinition
} from '../../src/definitions/task-definition.js'
import { renderTemplate } from '../../src/template/index.js'

// The diff of a template that reads runner variables: the live revision holds their values
// literally (registered by an earlier release); both sides show them by name, and what changed
// is decided on the real values.

const TOKEN = 'tok-3f9a!p@ss/Q=='
const ROTATED = 'tok-77c1!n3w/Z=='

const TEMPLATE = JSON.stringify({
  family: 'web',
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'web',
      image: '{{ ECS_FLOW_IMAGE }}',
      command: ['serve', '--token={{ env.API_TOKEN }}'],
      portMappings: [{ containerPort: '{{ env.PORT }}' }],
      dockerLabels: { 'token-hint': 'v={{ env.API_TOKEN }}' },
      logConfiguration: {
        logDriver: 'splunk',
        options: { 'splunk-token': '{{ env.API_TOKEN }}', 'splunk-url': 'https://logs.example' }
      },
      environment: [
        { name: 'API_TOKEN', value: '{{ env.API_TOKEN }}' },
        { name: 'MODE', value: 'web' }
      ]
    }
  ]
})

/** The definition a release registers and its display copy, as register.ts has them. */
async function release(
  token: string,
  image: string,
  template = TEMPLATE
): Promise<{ rendered: TaskDefinition; display: TaskDefinition }> {
  const result = await renderTemplate(template, {
    file: 'td.json',
    values: {},
    builtins: { ECS_FLOW_IMAGE: image },
    env: { API_TOKEN: token, PORT: '8080' }
  })
  if (!result.ok) throw new Error(result.problems.map(p => p.message).join('\n'))
  const request = { image, variables: {}, secrets: {}, source: 'td.json' }
  return {
    rendered: renderTaskDefinition(asTaskDefinition(result.value, 'td.json'), request),
    display: renderTaskDefinition(
      asTaskDefinition(JSON.parse(result.displayText), 'td.json'),
      request
    )
  }
}

/** What ECS holds after registering `definition`: the literal values. */
const registered = (definition: TaskDefinition): TaskDefinition => structuredClone(definition)

function expectNoToken(lines: string[], ...tokens: string[]) {
  const text = lines.join('\n')
  for (const token of tokens) {
    expect(text).not.toContain(token)
    expect(text).not.toContain(JSON.stringify(token).slice(1, -1))
    expect(text).not.toContain(encodeURIComponent(token))
    expect(text).not.toContain(Buffer.from(token).toString('base64'))
  }
}

describe('diffTaskDefinitions with runner variables', () => {
  it('same value, another image: only the image changed; the runner value is no change', async () => {
    const first = await release(TOKEN, 'web:1')
    const second = await release(TOKEN, 'web:2')
    const lines = diffTaskDefinitions(registered(first.rendered), second.rendered, second.display)
    expect(lines).toEqual(['~ container web: image: "web:1" -> "web:2"'])
  })

  it('a rotated value: every field it fills is reported, by name on both sides', async () => {
    const first = await release(TOKEN, 'web:1')
    const third = await release(ROTATED, 'web:1')
    const lines = diffTaskDefinitions(registered(first.rendered), third.rendered, third.display)
    expect(lines).toEqual([
      '~ container web: command: ["serve","--token={{ env.API_TOKEN }}"] (the value of {{ env.API_TOKEN }} changed; values not shown)',
      '~ container web: dockerLabels: {"token-hint":"v={{ env.API_TOKEN }}"} (the value of {{ env.API_TOKEN }} changed; values not shown)',
      '~ container web: logConfiguration: {"logDriver":"splunk","options":{"splunk-token":"{{ env.API_TOKEN }}","splunk-url":"https://logs.example"}} (the value of {{ env.API_TOKEN }} changed; values not shown)',
      '~ container web: environment ~API_TOKEN (values not shown)'
    ])
    expectNoToken(lines, TOKEN, ROTATED)
  })

  it('a field the file changed around a runner value: the earlier value is not shown', async () => {
    const first = await release(TOKEN, 'web:1')
    const changed = await release(ROTATED, 'web:1', TEMPLATE.replace('"serve"', '"run"'))
    const lines = diffTaskDefinitions(registered(first.rendered), changed.rendered, changed.display)
    expect(lines[0]).toBe(
      '~ container web: command: (earlier value not shown: this field is filled from {{ env.API_TOKEN }}) -> ["run","--token={{ env.API_TOKEN }}"]'
    )
    expectNoToken(lines, TOKEN, ROTATED)
  })

  it('a template that reordered what it fills: the earlier value, now out of line, is not shown', async () => {
    const reordered = TEMPLATE.replace(
      '["serve","--token={{ env.API_TOKEN }}"]',
      '["--token={{ env.API_TOKEN }}","serve"]'
    )
    expect(reordered).not.toBe(TEMPLATE)
    const first = await release(TOKEN, 'web:1')
    const next = await release(ROTATED, 'web:1', reordered)
    const lines = diffTaskDefinitions(registered(first.rendered), next.rendered, next.display)
    expect(lines[0]).toBe(
      '~ container web: command: (earlier value not shown: this field is filled from {{ env.API_TOKEN }}) -> ["--token={{ env.API_TOKEN }}","serve"]'
    )
    expectNoToken(lines, TOKEN, ROTATED)
  })

  it('a runner value moved to another key: the earlier key is not shown', async () => {
    const moved = TEMPLATE.replace('"splunk-token":', '"splunk-hec-token":')
    const first = await release(TOKEN, 'web:1')
    const next = await release(ROTATED, 'web:1', moved)
    const lines = diffTaskDefinitions(registered(first.rendered), next.rendered, next.display)
    expect(lines).toContain(
      '~ container web: logConfiguration: (earlier value not shown: this field is filled from {{ env.API_TOKEN }}) -> {"logDriver":"splunk","options":{"splunk-hec-token":"{{ env.API_TOKEN }}","splunk-url":"https://logs.example"}}'
    )
    expectNoToken(lines, TOKEN, ROTATED)
  })

  it('a live value of another shape is not shown at all', async () => {
    const first = await release(TOKEN, 'web:1')
    const live = registered(first.rendered)
    live.containerDefinitions[0]!.command = ['serve', `--token=${TOKEN}`, '--old-flag']
    const next = await release(ROTATED, 'web:1')
    const lines = diffTaskDefinitions(live, next.rendered, next.display)
    expect(lines[0]).toBe(
      '~ container web: command: (earlier value not shown: this field is filled from {{ env.API_TOKEN }}) -> ["serve","--token={{ env.API_TOKEN }}"]'
    )
    expectNoToken(lines, TOKEN, ROTATED)
  })

  it('a typed field from a runner variable (a number) is shown by name too', async () => {
    const first = await release(TOKEN, 'web:1')
    const live = registered(first.rendered)
    live.containerDefinitions[0]!.portMappings = [{ containerPort: 9090 }]
    const next = await release(TOKEN, 'web:1')
    expect(diffTaskDefinitions(live, next.rendered, next.display)).toEqual([
      '~ container web: portMappings: [{"containerPort":"{{ env.PORT }}","protocol":"tcp"}] (the value of {{ env.PORT }} changed; values not shown)'
    ])
  })

  it('without a display copy, values are compared and shown as before', async () => {
    const first = await release(TOKEN, 'web:1')
    expect(diffTaskDefinitions(registered(first.rendered), first.rendered)).toEqual([])
  })
})

describe('liveShownByName', () => {
  it('keeps what no runner value fills, replaces what one does', () => {
    expect(
      liveShownByName(
        { a: 'old-secret', b: 'kept', n: [1, { c: true }] },
        { a: 'new-secret', b: 'kept', n: [1, { c: true }] },
        { a: '{{ env.X }}', b: 'kept', n: [1, { c: true }] }
      )
    ).toEqual({ a: '{{ env.X }}', b: 'kept', n: [1, { c: true }] })
  })

  it.each([
    ['a list of another length', ['a', 'b'], ['s'], ['{{ env.X }}']],
    ['an object where a string goes', { deep: 'secret' }, 's', '{{ env.X }}'],
    ['a key rendered from the runner', { secret: 'v' }, { s: 'v' }, { '{{ env.X }}': 'v' }],
    ['a key of its own', { a: 'old', b: 'old-secret' }, { a: 'new' }, { a: '{{ env.X }}' }],
    ['another word beside the name', ['old-secret', 'a'], ['b', 'new'], ['b', '{{ env.X }}']]
  ])('is undefined for %s', (_what, live, rendered, shown) => {
    expect(liveShownByName(live, rendered, shown)).toBeUndefined()
  })
})
