import { afterAll, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { SHA } from '../../__fixtures__/run-action.js'
import { PULL_REQUEST_EVENTS, SUPPORTED_EVENTS } from '../../src/plan/event-kinds.js'
import { toGitEvent, type EventSource } from '../../src/plan/event.js'
import { makePlan, type Plan } from '../../src/plan/plan.js'
import { readSettings } from '../../src/settings/settings.js'
import type { Settings } from '../../src/settings/types.js'
import { InputError } from '../../src/util/errors.js'

// Every example payload @octokit/webhooks-examples ships (github.com and each GHES version),
// routed as the runner would present it.
const EXAMPLES = join(process.cwd(), 'node_modules/@octokit/webhooks-examples')

interface Example {
  collection: string
  event: string
  index: number
  payload: Record<string, unknown>
}

const examples: Example[] = readdirSync(EXAMPLES)
  .filter(name => statSync(join(EXAMPLES, name)).isDirectory())
  .flatMap(collection => {
    const events = JSON.parse(readFileSync(join(EXAMPLES, collection, 'index.json'), 'utf8')) as {
      name: string
      examples: Record<string, unknown>[]
    }[]
    return events.flatMap(({ name, examples: payloads }) =>
      payloads.map((payload, index) => ({ collection, event: name, index, payload }))
    )
  })

// pull_request_target carries the pull_request payload (it runs on the base branch): route each
// pull_request example as one too.
const allExamples: Example[] = [
  ...examples,
  ...examples
    .filter(example => example.event === 'pull_request')
    .map(example => ({ ...example, event: 'pull_request_target' }))
]

const TEST_ONLY = new Set<string>([...PULL_REQUEST_EVENTS, 'merge_group'])
const RELEASING = new Set(['publish', 'deploy', 'promote'])

const field = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (at, key) =>
      at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined,
    value
  )
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined
const fullSha = (value: unknown): string =>
  typeof value === 'string' && /^[0-9a-f]{40}$/.test(value) ? value : SHA

/**
 * GITHUB_REF and GITHUB_SHA as the runner sets them for each event (GitHub's "Events that
 * trigger workflows" lists them per event); most events run on the default branch.
 */
function runnerContext(
  event: string,
  payload: Record<string, unknown>
): { ref: string; sha: string } {
  const defaultRef = `refs/heads/${str(field(payload, 'repository', 'default_branch')) ?? 'main'}`
  switch (event) {
    case 'push':
      return { ref: str(payload.ref) ?? defaultRef, sha: fullSha(payload.after) }
    case 'pull_request':
    case 'pull_request_review':
    case 'pull_request_review_comment': {
      const number = field(payload, 'pull_request', 'number') ?? payload.number
      return {
        ref: `refs/pull/${String(number)}/merge`,
        sha: fullSha(field(payload, 'pull_request', 'merge_commit_sha'))
      }
    }
    case 'pull_request_target':
      return {
        ref: `refs/heads/${str(field(payload, 'pull_request', 'base', 'ref')) ?? 'main'}`,
        sha: fullSha(field(payload, 'pull_request', 'base', 'sha'))
      }
    case 'merge_group':
      return {
        ref: str(field(payload, 'merge_group', 'head_ref')) ?? defaultRef,
        sha: fullSha(field(payload, 'merge_group', 'head_sha'))
      }
    case 'create':
      return {
        ref: `refs/${payload.ref_type === 'tag' ? 'tags' : 'heads'}/${String(payload.ref)}`,
        sha: SHA
      }
    case 'release':
      return { ref: `refs/tags/${String(field(payload, 'release', 'tag_name'))}`, sha: SHA }
    case 'workflow_dispatch':
      return { ref: str(payload.ref) ?? defaultRef, sha: SHA }
    case 'deployment':
    case 'deployment_status': {
      const ref = str(field(payload, 'deployment', 'ref'))
      return {
        ref: ref === undefined || /^[0-9a-f]{40}$/.test(ref) ? '' : `refs/heads/${ref}`,
        sha: fullSha(field(payload, 'deployment', 'sha'))
      }
    }
    default:
      return { ref: defaultRef, sha: SHA }
  }
}

function source({ event, payload }: Example): EventSource {
  return { eventName: event, payload, ...runnerContext(event, payload) }
}

function settings(inputs: Record<string, string> = {}): Settings {
  const all: Record<string, string> = {
    cluster: 'demo',
    service: 'web',
    'container-name': 'web',
    'ecr-repository': 'web',
    ...inputs
  }
  return readSettings(
    name => all[name] ?? '',
    () => ({ environments: {} })
  )
}

type Outcome = { plan: Plan } | { error: InputError }

function route(example: Example, inputs: Record<string, string> = {}): Outcome {
  try {
    return { plan: makePlan(settings(inputs), toGitEvent(source(example))) }
  } catch (error) {
    if (error instanceof InputError) return { error }
    throw error
  }
}

/** What the default rules (README "Which events do what") give a push or a manual run of a ref. */
function defaultFlow(example: Example): string {
  const { ref } = runnerContext(example.event, example.payload)
  if (example.event === 'push' && example.payload.deleted === true) return 'none'
  const defaultBranch = str(field(example.payload, 'repository', 'default_branch'))
  if (ref.startsWith('refs/tags/')) {
    const tag = ref.slice('refs/tags/'.length)
    return /^[^/]*-(staging|prod)$/.test(tag) ? 'promote' : 'none'
  }
  const branch = ref.slice('refs/heads/'.length)
  if (branch === defaultBranch) return 'deploy'
  if (/-dev$/.test(branch)) return 'publish'
  return 'test'
}

let routed = 0
afterAll(() => {
  const events = new Set(examples.map(example => example.event)).size
  console.log(
    `webhooks: routed ${routed} runs (4 flow settings) of ${allExamples.length} payloads: the ${examples.length} examples of ${events} event types, and the pull_request ones as pull_request_target`
  )
})

describe('every example webhook payload is routed safely', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(300)
    for (const event of ['push', 'pull_request', 'pull_request_target', 'merge_group', 'create'])
      expect(allExamples.some(example => example.event === event)).toBe(true)
  })

  describe.each(['auto', 'deploy', 'promote', 'publish'])('with flow: %s', flow => {
    const inputs: Record<string, string> =
      flow === 'auto' ? {} : flow === 'promote' ? { flow, environment: 'staging' } : { flow }

    it.each(
      allExamples.map(
        example => [`${example.collection} ${example.event} #${example.index}`, example] as const
      )
    )('%s', (_, example) => {
      const outcome = route(example, inputs)
      routed++
      if (!(SUPPORTED_EVENTS as readonly string[]).includes(example.event)) {
        expect('error' in outcome && outcome.error.where).toBe('GITHUB_EVENT_NAME')
        expect('error' in outcome && outcome.error.message).toContain('push, pull_request, ')
        return
      }
      if (TEST_ONLY.has(example.event)) {
        if (flow === 'auto') {
          expect('plan' in outcome && outcome.plan.flow).toBe('test')
        } else {
          expect('error' in outcome && outcome.error.where).toBe('input flow')
          expect('error' in outcome && outcome.error.problem).toMatch(
            new RegExp(
              `^"${flow}" cannot run for a (pull request|merge queue) \\(${example.event} `
            )
          )
        }
        return
      }
      expect('plan' in outcome).toBe(true)
      const { plan } = outcome as { plan: Plan }
      const deleted =
        example.event === 'delete' || (example.event === 'push' && example.payload.deleted === true)
      if (deleted) expect(plan.flow).toBe('none')
      else if (flow !== 'auto') expect(plan.flow).toBe(flow)
      else if (example.event === 'push' || example.event === 'workflow_dispatch')
        expect(plan.flow).toBe(defaultFlow(example))
      // Other events match no default rule (they route only with a flow input).
      else expect(plan.flow).toBe('none')
      if (RELEASING.has(plan.flow)) expect(plan.sha).toMatch(/^[0-9a-f]{40}$/)
    })
  })
})

describe('events that run pull-request code never release', () => {
  const pushPayload = { repository: { default_branch: 'main' } }

  it('a ref under refs/pull/ can only test, whatever event it comes with', () => {
    const event = toGitEvent({
      eventName: 'workflow_dispatch',
      payload: { ...pushPayload, ref: 'refs/pull/7/merge', inputs: { flow: 'deploy' } },
      ref: 'refs/pull/7/merge',
      sha: SHA
    })
    expect(() => makePlan(settings(), event)).toThrow(
      'workflow_dispatch input flow: "deploy" cannot run for a pull request (workflow_dispatch of refs/pull/7/merge runs a pull request\'s code'
    )
    expect(() => makePlan(settings({ flow: 'publish' }), event)).toThrow(
      /input flow: "publish" cannot run/
    )
  })

  it('a create of a tag knows its tag: promote releases it', () => {
    const event = toGitEvent({
      eventName: 'create',
      payload: { ...pushPayload, ref: 'v1.2.0-prod', ref_type: 'tag' },
      ref: 'refs/tags/v1.2.0-prod',
      sha: SHA
    })
    expect(event).toMatchObject({
      ref: 'refs/tags/v1.2.0-prod',
      refType: 'tag',
      refName: 'v1.2.0-prod'
    })
    const plan = makePlan(settings({ flow: 'promote', environment: 'production' }), event)
    expect(plan).toMatchObject({ flow: 'promote', releaseTag: 'v1.2.0-prod' })
    // Without a flow input no default rule routes create (the push of the tag does).
    expect(makePlan(settings(), event).flow).toBe('none')
  })

  it('a create of a branch is a branch', () => {
    expect(
      toGitEvent({
        eventName: 'create',
        payload: { ...pushPayload, ref: 'feature/x', ref_type: 'branch' },
        ref: 'refs/heads/feature/x',
        sha: SHA
      })
    ).toMatchObject({
      ref: 'refs/heads/feature/x',
      refType: 'branch',
      refName: 'feature/x',
      deleted: false
    })
  })

  it('a delete never releases, even with a flow input', () => {
    const event = toGitEvent({
      eventName: 'delete',
      payload: { ...pushPayload, ref: 'v1-prod', ref_type: 'tag' },
      ref: 'refs/heads/main',
      sha: SHA
    })
    const plan = makePlan(settings({ flow: 'deploy' }), event)
    expect(plan).toMatchObject({
      flow: 'none',
      reason: 'the delete event deleted tag v1-prod: nothing to release'
    })
  })

  it('merge_group tests the queue branch at its head commit', () => {
    const head = 'a'.repeat(40)
    const event = toGitEvent({
      eventName: 'merge_group',
      payload: {
        ...pushPayload,
        merge_group: { head_ref: 'refs/heads/gh-readonly-queue/main/pr-1-abc', head_sha: head }
      },
      ref: 'refs/heads/gh-readonly-queue/main/pr-1-abc',
      sha: SHA
    })
    expect(event).toMatchObject({
      refType: 'branch',
      refName: 'gh-readonly-queue/main/pr-1-abc',
      sha: head
    })
    expect(makePlan(settings(), event)).toMatchObject({
      flow: 'test',
      reason: 'merge_group (a merge queue) runs the test flow: it never publishes or deploys'
    })
  })

  it('an unknown or missing event name lists the supported events', () => {
    for (const eventName of [
      '',
      'installation',
      'pull_request_review_thread',
      'push\n::error::x'
    ]) {
      const run = () => toGitEvent({ eventName, payload: {}, ref: 'refs/heads/main', sha: SHA })
      expect(run).toThrow(InputError)
      expect(run).toThrow(
        /Run the action from a workflow triggered by one of: push, pull_request, /
      )
      expect(run).not.toThrow(/::error::/)
    }
  })

  it('a ref in the payload of another event is not the run ref: GITHUB_REF is', () => {
    const event = toGitEvent({
      eventName: 'deployment',
      payload: { ...pushPayload, ref: 'refs/tags/v9-prod', deployment: { ref: 'v9-prod' } },
      ref: 'refs/heads/main',
      sha: SHA
    })
    expect(event).toMatchObject({ ref: 'refs/heads/main', refType: 'branch', refName: 'main' })
  })
})
