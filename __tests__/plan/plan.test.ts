import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EVENTS, SHA } from '../../__fixtures__/run-action.js'
import { toGitEvent, type EventSource } from '../../src/plan/event.js'
import { makePlan, planTarget } from '../../src/plan/plan.js'
import { readSettings } from '../../src/settings/settings.js'
import { parseConfig } from '../../src/settings/config-file.js'
import type { ConfigFile, Settings } from '../../src/settings/types.js'
import { InputError } from '../../src/util/errors.js'

function source(eventName: string, file: string, ref: string): EventSource {
  const payload = JSON.parse(readFileSync(join(EVENTS, file), 'utf8')) as Record<string, unknown>
  return { eventName, payload, ref, sha: SHA }
}

function settings(
  inputs: Record<string, string> = {},
  config: ConfigFile = { environments: {} }
): Settings {
  const all: Record<string, string> = {
    cluster: 'demo',
    service: 'web',
    'container-name': 'web',
    'ecr-repository': 'web',
    ...inputs
  }
  return readSettings(
    name => all[name] ?? '',
    () => config
  )
}

describe('default rules over real webhook payloads (the README table "What it does")', () => {
  const table: [string, string, string, string, string, string | undefined, string[]][] = [
    // description, event name, payload, GITHUB_REF, flow, environment, steps (no commands configured)
    [
      'pull request opened',
      'pull_request',
      'pull-request-opened.json',
      'refs/pull/42/merge',
      'test',
      undefined,
      []
    ],
    [
      'pull request from a *-dev branch',
      'pull_request',
      'pull-request-synchronize.json',
      'refs/pull/42/merge',
      'test',
      undefined,
      []
    ],
    [
      'push to a feature branch',
      'push',
      'push-feature-branch.json',
      'refs/heads/feature/login',
      'test',
      undefined,
      []
    ],
    [
      'push to a *-dev branch',
      'push',
      'push-dev-branch.json',
      'refs/heads/payments-dev',
      'publish',
      undefined,
      ['dockerize', 'push']
    ],
    [
      'push to a nested *-dev branch',
      'push',
      'push-nested-dev-branch.json',
      'refs/heads/team/payments-dev',
      'publish',
      undefined,
      ['dockerize', 'push']
    ],
    [
      'push to the default branch',
      'push',
      'push-default-branch.json',
      'refs/heads/main',
      'deploy',
      'dev',
      ['dockerize', 'push', 'register', 'deploy', 'wait']
    ],
    [
      'push of a *-staging tag',
      'push',
      'push-tag-staging.json',
      'refs/tags/v1.0.0-staging',
      'promote',
      'staging',
      ['resolve', 'register', 'deploy', 'wait']
    ],
    [
      'push of a *-prod tag',
      'push',
      'push-tag-prod.json',
      'refs/tags/v1.0.0-prod',
      'promote',
      'production',
      ['resolve', 'register', 'deploy', 'wait']
    ],
    [
      'push of a tag no rule matches',
      'push',
      'push-tag-other.json',
      'refs/tags/v1.0.0',
      'none',
      undefined,
      []
    ],
    [
      'push deleting a branch',
      'push',
      'delete-branch.json',
      'refs/heads/feature/login',
      'none',
      undefined,
      []
    ],
    [
      'push deleting a *-prod tag',
      'push',
      'delete-tag.json',
      'refs/tags/v1.0.0-prod',
      'none',
      undefined,
      []
    ],
    [
      'workflow_dispatch with inputs',
      'workflow_dispatch',
      'workflow-dispatch.json',
      'refs/heads/main',
      'promote',
      'staging',
      ['resolve', 'register', 'deploy', 'wait']
    ],
    [
      'workflow_dispatch without inputs follows the rules like a push of its ref',
      'workflow_dispatch',
      'workflow-dispatch-no-inputs.json',
      'refs/heads/main',
      'deploy',
      'dev',
      ['dockerize', 'push', 'register', 'deploy', 'wait']
    ]
  ]

  it.each(table)('%s', (_, eventName, file, ref, flow, environment, steps) => {
    const plan = makePlan(settings(), toGitEvent(source(eventName, file, ref)))
    expect(plan.flow).toBe(flow)
    expect(plan.environment).toBe(environment)
    expect(plan.steps).toEqual(steps)
  })

  it('tests a pull request at its head commit, not the merge commit', () => {
    const event = toGitEvent({
      ...source('pull_request', 'pull-request-opened.json', 'refs/pull/42/merge'),
      sha: 'f'.repeat(40)
    })
    expect(event.sha).toBe(SHA)
    expect(event.refName).toBe('feature/login')
  })

  it('tags the image with the full commit SHA and keeps the git tag as release tag', () => {
    const plan = makePlan(
      settings(),
      toGitEvent(source('push', 'push-tag-prod.json', 'refs/tags/v1.0.0-prod'))
    )
    expect(plan.imageTag).toBe(SHA)
    expect(plan).toMatchObject({ flow: 'promote', releaseTag: 'v1.0.0-prod' })
    expect(planTarget(plan)).toMatchObject({
      environment: 'production',
      cluster: 'demo',
      service: 'web',
      container: 'web'
    })
  })

  it('runs the test and build commands when they are given', () => {
    const plan = makePlan(
      settings({ 'test-command': 'npm test', 'build-command': 'npm run build' }),
      toGitEvent(source('push', 'push-default-branch.json', 'refs/heads/main'))
    )
    expect(plan.steps.slice(0, 2)).toEqual(['test', 'build'])
  })

  it('skips dockerize and push when a pre-built image is given', () => {
    const plan = makePlan(
      settings({ image: 'registry.example.com/web:1' }),
      toGitEvent(source('push', 'push-default-branch.json', 'refs/heads/main'))
    )
    expect(plan.steps).toEqual(['register', 'deploy', 'wait'])
    expect(plan.skipped).toContainEqual({ step: 'dockerize', reason: 'input image is set' })
  })

  it('lets the flow and environment inputs override the rules', () => {
    const plan = makePlan(
      settings({ flow: 'deploy', environment: 'qa' }),
      toGitEvent(source('push', 'push-feature-branch.json', 'refs/heads/feature/login'))
    )
    expect(plan).toMatchObject({
      flow: 'deploy',
      environment: 'qa',
      reason: 'input flow is deploy'
    })
  })

  it('refuses to publish or deploy a pull request, whatever the input says', () => {
    const event = toGitEvent(
      source('pull_request', 'pull-request-synchronize.json', 'refs/pull/42/merge')
    )
    expect(() => makePlan(settings({ flow: 'deploy' }), event)).toThrow(
      /input flow: "deploy" cannot run for a pull request/
    )
  })
})

describe('user rules from the config file', () => {
  const config = parseConfig(
    [
      'environments:',
      '  qa: {cluster: qa-cluster, service: web}',
      '  production: {cluster: prod, service: web}',
      'rules:',
      '  - tag: "release-*"',
      '    flow: promote',
      '    environment: production',
      '  - branch: ["release/**"]',
      '    flow: deploy',
      '    environment: qa',
      '  - event: pull_request',
      '    flow: test'
    ].join('\n'),
    'ecs-flow.yml'
  )
  const only = (inputs: Record<string, string> = {}) =>
    readSettings(
      name => ({ 'ecr-repository': 'web', ...inputs })[name] ?? '',
      () => config
    )
  const event = (refType: 'heads' | 'tags', name: string) =>
    toGitEvent({
      eventName: 'push',
      payload: { ref: `refs/${refType}/${name}`, repository: { default_branch: 'main' } },
      ref: `refs/${refType}/${name}`,
      sha: SHA
    })

  it.each([
    ['tags', 'release-2026.11', 'promote', 'production'],
    ['heads', 'release/2026/11', 'deploy', 'qa'],
    ['heads', 'main', 'none', undefined],
    ['tags', 'v1.0.0-prod', 'none', undefined]
  ] as const)('%s %s -> %s', (refType, name, flow, environment) => {
    const plan = makePlan(only(), event(refType, name))
    expect(plan.flow).toBe(flow)
    expect(plan.environment).toBe(environment)
  })

  it('takes cluster and service from the environment', () => {
    expect(planTarget(makePlan(only(), event('heads', 'release/x')))).toMatchObject({
      cluster: 'qa-cluster',
      service: 'web'
    })
  })

  it('names an environment the config does not define', () => {
    expect(() => makePlan(only({ environment: 'staging' }), event('heads', 'release/x'))).toThrow(
      /environment "staging": is not defined in ecs-flow.yml \(it defines qa, production\)/
    )
  })
})

describe('plan errors', () => {
  const push = toGitEvent({
    eventName: 'push',
    payload: { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
    ref: 'refs/heads/main',
    sha: SHA
  })

  it('needs a cluster and a service to deploy', () => {
    const noTarget = readSettings(
      name => ({ 'ecr-repository': 'web' })[name] ?? '',
      () => ({ environments: {} })
    )
    expect(() => makePlan(noTarget, push)).toThrow(InputError)
    expect(() => makePlan(noTarget, push)).toThrow(
      /input cluster: no ECS cluster is set for environment "dev"/
    )
  })

  it('needs an ECR repository to publish', () => {
    const noRepo = readSettings(
      name => ({ cluster: 'c', service: 's' })[name] ?? '',
      () => ({ environments: {} })
    )
    expect(() => makePlan(noRepo, push)).toThrow(
      /input ecr-repository: the deploy flow needs an ECR repository/
    )
  })

  it('needs a full commit SHA to release', () => {
    expect(() => makePlan(settings(), { ...push, sha: 'abc' })).toThrow(
      /GITHUB_SHA: "abc" is not a full commit SHA/
    )
  })

  it('promotes a given image without an ECR repository', () => {
    const noRepo = readSettings(
      name => ({ cluster: 'c', service: 's', image: 'registry.example.com/web:1' })[name] ?? '',
      () => ({ environments: {} })
    )
    const tag = toGitEvent({
      eventName: 'push',
      payload: { ref: 'refs/tags/v1-prod' },
      ref: 'refs/tags/v1-prod',
      sha: SHA
    })
    expect(makePlan(noRepo, tag)).toMatchObject({
      flow: 'promote',
      environment: 'production',
      steps: ['resolve', 'register', 'deploy', 'wait']
    })
  })

  it('treats a workflow_dispatch flow of auto as "follow the rules"', () => {
    const dispatch = { ...push, name: 'workflow_dispatch', dispatch: { flow: 'auto' } }
    expect(makePlan(settings(), dispatch)).toMatchObject({ flow: 'deploy', environment: 'dev' })
    expect(
      makePlan(settings(), { ...dispatch, dispatch: { flow: 'auto', environment: 'qa' } })
    ).toMatchObject({ flow: 'deploy', environment: 'qa' })
  })

  it('rejects an unknown workflow_dispatch flow', () => {
    const dispatch = { ...push, name: 'workflow_dispatch', dispatch: { flow: 'ship-it' } }
    expect(() => makePlan(settings(), dispatch)).toThrow(
      /workflow_dispatch input flow: "ship-it" is not a flow/
    )
  })

  it('needs an environment for promote', () => {
    expect(() => makePlan(settings({ flow: 'promote' }), push)).toThrow(
      /the promote flow needs an environment/
    )
  })
})
