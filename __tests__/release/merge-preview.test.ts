import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { EVENTS } from '../../__fixtures__/run-action.js'
import { stepContext } from '../../__fixtures__/step-context.js'
import type { GitRunner } from '../../src/ci-env/git.js'
import { toGitEvent } from '../../src/plan/event.js'
import { mergePush, previewMerge, type MergePreview } from '../../src/release/merge-preview.js'
import {
  COMMENT_LIMIT,
  planCommentMarker,
  renderPlanComment
} from '../../src/report/plan-comment.js'
import { forgetKnownSecrets } from '../../src/util/known-secrets.js'
import { escapeForLog, escapeMarkdown } from '../../src/util/escape.js'
import type { ConfigFile } from '../../src/settings/types.js'

/** The parts of a pull_request payload the tests change. */
type PullRequestPayload = Record<string, unknown> & {
  pull_request: { head: { repo: { full_name: string } }; base: { ref: string } }
}

// What merging a pull request would deploy, from a real pull_request payload: the plan of a
// push to its base branch, then dry-run's path (preflight, the rendered task definition against
// the live revision) on fakes, and the files against the base commit through a git stand-in.

const HEAD = '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const BASE = '9a8b7c6d5e4f30211a2b3c4d5e6f708192a3b4c5'
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
// A runner value a template reads: every escaper changes it, so each printed form differs.
const SECRET = 'zqNEWs3cret@p|ss*w_rd/"q+=x`<b>'
const OLD_SECRET = 'zqOLDs3cret#r0t~at`ed&<>=z'

afterEach(() => forgetKnownSecrets())

function template(memory: string): string {
  return `${JSON.stringify(
    {
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory,
      containerDefinitions: [
        {
          name: 'web',
          image: '{{ ECS_FLOW_IMAGE }}',
          command: ['serve', '--token={{ env.API_TOKEN }}'],
          environment: [{ name: 'API_TOKEN', value: '{{ env.API_TOKEN }}' }]
        }
      ]
    },
    null,
    2
  )}\n`
}

const CONFIG =
  'environments:\n  dev:\n    cluster: demo\n    service: web\n    task-definition: web.json\n'
const CONFIG_FILE: ConfigFile = {
  path: 'ecs-flow.yml',
  environments: {
    dev: { cluster: 'demo', service: 'web', taskDefinition: 'web.json' }
  }
} as unknown as ConfigFile

function pullRequest(payloadChanges: (payload: PullRequestPayload) => void = () => {}) {
  const payload = JSON.parse(
    readFileSync(join(EVENTS, 'pull-request-synchronize.json'), 'utf8')
  ) as PullRequestPayload
  payloadChanges(payload)
  return toGitEvent({ eventName: 'pull_request', payload, ref: 'refs/pull/42/merge', sha: HEAD })
}

/** git as a checkout with the base commit (or without it: a shallow clone). */
function gitWithBase(
  files: Record<string, string>,
  shallow = false
): GitRunner & { calls: string[][] } {
  const calls: string[][] = []
  const git = async (args: readonly string[]) => {
    calls.push([...args])
    if (args[0] === 'cat-file') {
      if (shallow || args[2] !== `${BASE}^{commit}`) throw new Error('fatal: not a valid object')
      return ''
    }
    if (args[0] === 'show') {
      const [sha, path] = args[1]!.split(':')
      if (sha === BASE && path! in files) return files[path!]!
      throw new Error(`fatal: path '${path}' does not exist in '${sha}'`)
    }
    throw new Error(`unexpected git ${args.join(' ')}`)
  }
  return Object.assign(git, { calls })
}

function workspace(memory = '1024'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-merge-preview-'))
  writeFileSync(join(dir, 'ecs-flow.yml'), CONFIG)
  writeFileSync(join(dir, 'web.json'), template(memory))
  return dir
}

function harness(
  options: { credentials?: boolean; repository?: boolean; config?: ConfigFile } = {}
) {
  const dir = workspace()
  const h = stepContext({
    event: 'deploy',
    config: options.config ?? CONFIG_FILE,
    // With a config file of its own, the config file alone names the services.
    ...(options.config ? { inputs: { cluster: '', service: '' } } : {}),
    env: {
      GITHUB_WORKSPACE: dir,
      GITHUB_REPOSITORY: 'acme/web',
      API_TOKEN: SECRET,
      ...(options.credentials === false ? {} : { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' })
    }
  })
  if (options.repository !== false) h.ecr.addRepository('web')
  const live = h.ecs.addTaskDefinition({
    family: 'web',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: `${REGISTRY}/web:0ld0ld0ld0ld`,
        command: ['serve', `--token=${OLD_SECRET}`],
        environment: [{ name: 'API_TOKEN', value: OLD_SECRET }]
      }
    ]
  })
  h.ecs.addService({ taskDefinition: live })
  return { ...h, dir }
}

const AWS_WRITES = /Register|Update|Create|Delete|Deregister|Put|Tag|Run|Stop|Continue/

async function preview(
  h: ReturnType<typeof harness>,
  event = pullRequest(),
  git = gitWithBase({ 'ecs-flow.yml': CONFIG, 'web.json': template('512') })
): Promise<MergePreview> {
  return previewMerge({ settings: h.settings, event, services: h.services, git, workspace: h.dir })
}

function render(result: MergePreview, note?: string): string {
  return renderPlanComment({
    preview: result,
    marker: planCommentMarker(result.plan?.environment, 'ecs-flow.yml'),
    sha: HEAD,
    ...(note ? { note } : {})
  })
}

/** Every form the secret could be printed in. */
function formsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1)
  return [
    secret,
    secret.slice(0, 10),
    escapeMarkdown(secret),
    escapeForLog(secret),
    json,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64')
  ]
}

describe('mergePush', () => {
  it('is a push of the base branch at the head commit', () => {
    expect(mergePush(pullRequest())).toEqual({
      name: 'push',
      ref: 'refs/heads/main',
      refType: 'branch',
      refName: 'main',
      sha: HEAD,
      defaultBranch: 'main',
      deleted: false,
      repository: 'acme/web'
    })
  })
})

describe('previewMerge', () => {
  it('plans the push to the base branch and diffs the rendered task definition against the live revision, writing nothing', async () => {
    const h = harness()
    const result = await preview(h)
    expect(result.plan).toMatchObject({ flow: 'deploy', environment: 'dev', dryRun: true })
    expect(result.problems).toEqual([])
    expect(result.unread).toEqual([])
    expect(result.services).toHaveLength(1)
    const [web] = result.services
    expect(web).toMatchObject({ service: 'web', cluster: 'demo', live: 'web:1' })
    expect(web!.changes).toEqual(
      expect.arrayContaining([
        '~ memory: "512" -> "1024"',
        `~ container web: image: "${REGISTRY}/web:0ld0ld0ld0ld" -> "${REGISTRY}/web:${HEAD}"`,
        '~ container web: environment ~API_TOKEN (values not shown)'
      ])
    )
    // The command is filled from the runner: shown by name on both sides.
    expect(web!.changes.join('\n')).toContain('{{ env.API_TOKEN }}')
    expect(h.ecs.calls.filter(call => AWS_WRITES.test(call.operation))).toEqual([])
    expect(h.ecr.created).toEqual([])
    expect(result.files).toMatchObject({
      baseSha: BASE,
      files: [
        { path: 'ecs-flow.yml', status: 'unchanged' },
        { path: 'web.json', status: 'changed' }
      ]
    })
    expect(result.files.files[1]!.lines).toEqual(
      expect.arrayContaining(['-   "memory": "512",', '+   "memory": "1024",'])
    )
  })

  it("follows the rules, not the pull request job's own flow input (flow: test)", async () => {
    const h = harness()
    const result = await previewMerge({
      settings: { ...h.settings, flow: 'test' },
      event: pullRequest(),
      services: h.services,
      git: gitWithBase({}),
      workspace: h.dir
    })
    expect(result.plan).toMatchObject({ flow: 'deploy', environment: 'dev' })
  })

  it('renders the comment: plan, diff, files; the secret in no form, old or new', async () => {
    const h = harness()
    const body = render(await preview(h))
    expect(body).toContain('<!-- ecs-flow:plan environment=dev config=ecs-flow.yml -->')
    expect(body).toContain('Merging into `main` would **deploy** to environment `dev`.')
    expect(body).toContain('| Services | `web` in cluster `demo` |')
    expect(body).toContain('**`web`** (cluster `demo`, runs `web:1`)')
    expect(body).toContain('```diff\n~ memory: "512" -> "1024"')
    expect(body).toContain('#### Config and definition files against `main` (`9a8b7c6d5e4f`)')
    expect(body).toContain('- `ecs-flow.yml`: unchanged')
    expect(body).toContain('<details><summary>web.json: changed</summary>')
    expect(body).toContain('nothing was written to AWS')
    for (const secret of [SECRET, OLD_SECRET])
      for (const form of formsOf(secret))
        expect({ form, found: body.includes(form) }).toEqual({ form, found: false })
    expect(h.logger.text()).not.toContain(SECRET)
  })

  it('collects the preflight problems merging would hit, and still diffs', async () => {
    const h = harness({ repository: false })
    const result = await preview(h)
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toContain('ECR repository "web" does not exist')
    expect(result.services[0]!.changes.length).toBeGreaterThan(0)
    const body = render(result)
    expect(body).toContain('#### Preflight problems merging would hit')
    expect(body).toContain('- ECR repository "web" does not exist in us-east-1.')
  })

  it('a task definition unchanged against the live revision says so', async () => {
    const h = harness()
    const result = await preview(h)
    result.services[0]!.changes = []
    expect(render(result)).toContain(
      '**`web`** (cluster `demo`, runs `web:1`): task definition unchanged.'
    )
  })

  it('without AWS credentials (a fork) reads nothing from AWS, says so, and still shows the plan and the files', async () => {
    const h = harness({ credentials: false })
    const event = pullRequest(payload => {
      payload.pull_request.head.repo.full_name = 'someone/web'
    })
    expect(event.pullRequest?.fromFork).toBe(true)
    const result = await preview(h, event)
    expect(h.ecs.calls).toEqual([])
    expect(h.ecr.calls).toEqual([])
    expect(result.services).toEqual([])
    expect(result.unread).toEqual([expect.stringContaining('this run has no AWS credentials')])
    const body = render(result, 'This pull request comes from a fork.')
    expect(body).toContain('would **deploy** to environment `dev`')
    expect(body).toContain('#### Not read')
    expect(body).toContain('<details><summary>web.json: changed</summary>')
    expect(body).not.toContain('#### Task definitions against what runs now')
  })

  it('a fork renders each task definition from its files, values AWS holds as (unknown), with no AWS client touched even when an AWS variable is set', async () => {
    // A fork's run has no secrets: an AWS variable in its env is not the repository's.
    const h = harness({ credentials: true })
    writeFileSync(
      join(h.dir, 'web.json'),
      JSON.stringify({
        family: 'web',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '1024',
        executionRoleArn: 'arn:aws:iam::{{ AWS_ACCOUNT_ID }}:role/web-exec',
        containerDefinitions: [
          {
            name: 'web',
            image: '{{ ECS_FLOW_IMAGE }}',
            command: ['serve', '--token={{ env.API_TOKEN }}'],
            environment: [
              { name: 'API_TOKEN', value: '{{ env.API_TOKEN }}' },
              { name: 'LOG_LEVEL', value: '{{ env.LOG_LEVEL_NOT_SET }}' },
              { name: 'SERVICE', value: '{{ ECS_FLOW_SERVICE }}' }
            ]
          }
        ]
      })
    )
    const touched: string[] = []
    const aws = new Proxy({} as typeof h.services.aws, {
      get: (_, name) => {
        touched.push(String(name))
        throw new Error(`AWS client ${String(name)} used without credentials`)
      }
    })
    const event = pullRequest(payload => {
      payload.pull_request.head.repo.full_name = 'someone/web'
    })
    const result = await previewMerge({
      settings: h.settings,
      event,
      services: { ...h.services, aws },
      git: gitWithBase({ 'ecs-flow.yml': CONFIG, 'web.json': template('512') }),
      workspace: h.dir
    })
    expect(touched).toEqual([])
    expect(h.ecs.calls).toEqual([])
    expect(h.ecr.calls).toEqual([])
    expect(result.services).toEqual([])
    expect(result.unread).toEqual([expect.stringContaining('this run has no AWS credentials')])
    expect(result.rendered).toHaveLength(1)
    const [web] = result.rendered
    expect(web).toMatchObject({ service: 'web', cluster: 'demo' })
    const json = JSON.parse(web!.lines!.join('\n')) as {
      executionRoleArn: string
      containerDefinitions: {
        image: string
        command: string[]
        environment: { name: string; value: string }[]
      }[]
    }
    expect(json.executionRoleArn).toBe('arn:aws:iam::(unknown):role/web-exec')
    const [container] = json.containerDefinitions
    expect(container!.image).toBe(`(unknown)/web:${HEAD}`)
    expect(container!.command).toEqual(['serve', '--token={{ env.API_TOKEN }}'])
    expect(container!.environment).toEqual(
      expect.arrayContaining([
        { name: 'API_TOKEN', value: '{{ env.API_TOKEN }}' },
        { name: 'LOG_LEVEL', value: '(unknown)' },
        { name: 'SERVICE', value: 'web' }
      ])
    )
    const body = render(result, 'This pull request comes from a fork.')
    expect(body).toContain(
      '#### Task definitions (rendered without AWS: values marked unknown could not be read)'
    )
    expect(body).toContain('"executionRoleArn": "arn:aws:iam::(unknown):role/web-exec",')
    expect(body).toContain(`"image": "(unknown)/web:${HEAD}",`)
    expect(body).not.toContain('#### Task definitions against what runs now')
    const everything = `${body}\n${JSON.stringify(result)}`
    for (const form of formsOf(SECRET)) expect(everything).not.toContain(form)
  })

  it('without credentials, an unknown value where a number goes shows the definition unchecked, saying which field', async () => {
    const h = harness({ credentials: false })
    writeFileSync(
      join(h.dir, 'web.json'),
      JSON.stringify({
        family: 'web',
        containerDefinitions: [
          { name: 'web', image: '{{ ECS_FLOW_IMAGE }}', memory: '{{ env.MEMORY_NOT_SET }}' }
        ]
      })
    )
    const result = await preview(h)
    expect(h.ecs.calls).toEqual([])
    const [web] = result.rendered
    expect(web!.unchecked).toBe(
      'shown without the file checks: containerDefinitions[0].memory takes a number or a boolean and holds (unknown); the push after merging checks the file.'
    )
    expect(web!.lines).toEqual(expect.arrayContaining(['      "memory": "(unknown)"']))
    expect(render(result)).toContain(
      'containerDefinitions\\[0\\].memory takes a number or a boolean and holds (unknown)'
    )
  })

  it('without credentials, a file the checks refuse for its own fault says why, with no definition shown', async () => {
    const h = harness({ credentials: false })
    writeFileSync(
      join(h.dir, 'web.json'),
      JSON.stringify({
        family: 'web',
        containerDefinitions: [{ name: 'web', image: '{{ ECS_FLOW_IMAGE }}', memory: 'lots' }]
      })
    )
    const result = await preview(h)
    const [web] = result.rendered
    expect(web!.lines).toBeUndefined()
    expect(web!.unreadable).toContain('containerDefinitions[0].memory')
  })

  it('without credentials, a service with no task-definition file says the definition is read from AWS', async () => {
    const h = harness({ credentials: false })
    const config = {
      path: 'ecs-flow.yml',
      environments: { dev: { cluster: 'demo', service: 'web' } }
    } as unknown as ConfigFile
    const settings = { ...h.settings, config }
    const result = await previewMerge({
      settings,
      event: pullRequest(),
      services: h.services,
      git: gitWithBase({ 'ecs-flow.yml': CONFIG }),
      workspace: h.dir
    })
    expect(h.ecs.calls).toEqual([])
    expect(result.rendered).toEqual([
      {
        service: 'web',
        cluster: 'demo',
        unreadable: "it starts from the service's current task definition, which is read from AWS"
      }
    ])
    expect(render(result)).toContain(
      "**`web`** (cluster `demo`): not rendered: it starts from the service's current task definition, which is read from AWS"
    )
  })

  it('a shallow checkout without the base commit: the files are not compared, and how to fix it is said', async () => {
    const h = harness()
    const result = await preview(h, pullRequest(), gitWithBase({}, true))
    expect(result.files.files).toEqual([])
    expect(result.files.note).toContain(
      `the base commit ${BASE.slice(0, 12)} is not in this checkout`
    )
    expect(result.files.note).toContain('fetch-depth: 0')
    expect(result.files.note).toContain(`git fetch --depth=1 origin ${BASE}`)
    expect(render(result)).toContain('fetch-depth: 0')
  })

  it('a file new in the pull request shows as added', async () => {
    const h = harness()
    const result = await preview(h, pullRequest(), gitWithBase({ 'ecs-flow.yml': CONFIG }))
    expect(result.files.files[1]).toMatchObject({ path: 'web.json', status: 'added' })
    expect(result.files.files[1]!.lines[0]).toBe('+ {')
  })

  it('a base branch no rule deploys: merging deploys nothing, and no AWS call is made', async () => {
    const h = harness()
    const event = pullRequest(payload => {
      payload.pull_request.base.ref = 'feature/x'
    })
    const result = await preview(h, event)
    expect(result.plan?.flow).toBe('test')
    expect(h.ecs.calls).toEqual([])
    expect(render(result)).toContain(
      'Merging into `feature/x` deploys nothing: a push to it runs flow `test`'
    )
  })

  it('escapes what it does not control: a hostile base branch and file contents', async () => {
    const h = harness()
    const event = pullRequest(payload => {
      payload.pull_request.base.ref = 'x<img src=y onerror=alert(1)>`**b**'
    })
    writeFileSync(join(h.dir, 'ecs-flow.yml'), `${CONFIG}# \`\`\`\n# <script>alert(1)</script>\n`)
    const body = render(await preview(h, event))
    // In a code span it is text; outside one, an entity: no tag forms either way.
    expect(body).toContain('``x<img src=y onerror=alert(1)>`**b**``')
    expect(body).toContain('x&lt;img src=y onerror=alert(1)&gt;\\`\\*\\*b\\*\\*')
    expect(body.replace(/``x<img[^\n]*?\*\*``/g, '')).not.toContain('<img')
    // The file's fence cannot be closed by the file's own backticks.
    expect(body).toContain('````diff')
    expect(body.split('\n').filter(line => line.startsWith('<script>'))).toEqual([])
  })

  it("keeps within GitHub's comment size: long diffs are cut, the file list stays", async () => {
    const h = harness()
    const result = await preview(h)
    const long = Array.from({ length: 40 }, (_, file) => ({
      path: `task-${file}.json`,
      status: 'changed' as const,
      lines: Array.from({ length: 150 }, (_, line) => `+ "line ${line} of a long definition file"`)
    }))
    result.files.files.push(...long)
    const body = render(result)
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body).toContain('<details><summary>task-39.json: changed</summary>')
    expect(body).toContain("more lines; the comment keeps within GitHub's size")
    expect(body).toContain('~ memory: "512" -> "1024"')
  })

  it('services: each service of the environment gets its diff, from its own file', async () => {
    const h = harness({
      config: {
        path: 'ecs-flow.yml',
        environments: {
          dev: {
            cluster: 'demo',
            services: {
              web: { taskDefinition: 'web.json' },
              worker: { taskDefinition: 'worker.json', container: 'worker' }
            }
          }
        }
      } as unknown as ConfigFile
    })
    writeFileSync(
      join(h.dir, 'worker.json'),
      template('1024')
        .replace('"family": "web"', '"family": "worker"')
        .replace(/"name": "web"/, '"name": "worker"')
    )
    const workerLive = h.ecs.addTaskDefinition({
      family: 'worker',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '1024',
      containerDefinitions: [
        {
          name: 'worker',
          image: `${REGISTRY}/web:0ld0ld0ld0ld`,
          command: ['serve', `--token=${OLD_SECRET}`],
          environment: [{ name: 'API_TOKEN', value: OLD_SECRET }]
        }
      ]
    })
    h.ecs.addService({ name: 'worker', taskDefinition: workerLive })
    const result = await previewMerge({
      settings: h.settings,
      event: pullRequest(),
      services: h.services,
      git: gitWithBase({}),
      workspace: h.dir
    })
    expect(result.problems).toEqual([])
    expect(result.services.map(service => [service.service, service.live])).toEqual([
      ['web', 'web:1'],
      ['worker', 'worker:1']
    ])
    expect(result.services[0]!.changes).toContain('~ memory: "512" -> "1024"')
    expect(result.services[1]!.changes).not.toContain('~ memory: "512" -> "1024"')
    expect(result.services[1]!.changes.join('\n')).toContain('~ container worker: image:')
    expect(h.ecs.calls.filter(call => AWS_WRITES.test(call.operation))).toEqual([])
    const body = render(result)
    expect(body).toContain('| Services | `web` in cluster `demo`, `worker` in cluster `demo` |')
    for (const form of formsOf(OLD_SECRET)) expect(body).not.toContain(form)
  })

  it('a CODE_DEPLOY service: its strategy checks read only, and what they find is a problem merging would hit', async () => {
    const h = harness()
    h.ecs.services.get('demo/web')!.deploymentController = 'CODE_DEPLOY'
    const result = await preview(h)
    expect(result.problems).toEqual([
      expect.stringContaining('has no load balancer'),
      expect.stringContaining(
        'deployment group DgpECS-demo-web of CodeDeploy application AppECS-demo-web does not exist'
      )
    ])
    expect(h.codeDeploy.calls.map(call => call.operation)).toContain('GetDeploymentGroup')
    expect(result.services[0]!.changes).toContain('~ memory: "512" -> "1024"')
    expect(h.codeDeploy.calls.map(call => call.operation)).not.toContain('CreateDeployment')
    expect(h.ecs.calls.filter(call => AWS_WRITES.test(call.operation))).toEqual([])
  })
})
