// End-to-end: the bundled action (dist/index.js) run as the GitHub runner runs it, against real
// components started by `e2e/env.sh start` — moto (ECR/ECS API), a Docker engine, Debian's
// docker-registry behind the ECR bridge. Needs that environment, so it runs only with
// ECS_FLOW_E2E=1 (set by .ci/run after starting it).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeImagesCommand } from '@aws-sdk/client-ecr'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand
} from '@aws-sdk/client-ecs'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { secretForms } from '../../src/util/masking.js'
import { e2eClients, readE2eEnv } from '../../__fixtures__/e2e-env.js'
import {
  EVENTS,
  parseFileCommands,
  runAction,
  type ActionRun
} from '../../__fixtures__/run-action.js'

const ENABLED = process.env.ECS_FLOW_E2E === '1'

if (!ENABLED) {
  describe('images end-to-end (skipped: set ECS_FLOW_E2E=1 after `bash e2e/env.sh start`; needs a Docker engine)', () => {
    it.skip('publish, re-run, promote against moto + docker + registry', () => {})
  })
} else {
  describe('images end-to-end: publish, re-run, promote through dist/index.js', () => {
    const env = readE2eEnv()
    const registry = env.E2E_ECR_REGISTRY!
    const password = env.E2E_ECR_PASSWORD!
    const id = randomBytes(3).toString('hex')
    const sha = randomBytes(20).toString('hex')
    const repository = `web-e2e-${id}`
    const releaseTag = `v1.${id}-prod`
    const cluster = `e2e-${id}`
    const service = 'web'
    const times: Record<string, number> = {}
    const workspace = mkdtempSync(join(tmpdir(), 'ecs-flow-e2e-images-'))
    // Our own docker config: logins and logouts here do not touch other suites' credentials.
    const dockerConfig = join(workspace, 'docker-config')
    const { ecr, ecs } = e2eClients(env)
    let pushedDigest = ''

    beforeAll(async () => {
      mkdirSync(join(workspace, 'app'))
      mkdirSync(dockerConfig)
      // No base image can be pulled here: a FROM scratch image with one file.
      writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY app/ /app/\n')
      writeFileSync(join(workspace, 'app', 'hello.txt'), `hello from ${sha}\n`)
      writeFileSync(
        join(workspace, 'push-dev.json'),
        payload('push-dev-branch.json', { after: sha })
      )
      writeFileSync(
        join(workspace, 'push-tag.json'),
        payload('push-tag-prod.json', { after: sha, ref: `refs/tags/${releaseTag}` })
      )
      // The service the promote deploys to, running some older image.
      await ecs.send(new CreateClusterCommand({ clusterName: cluster }))
      const first = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: `web-${id}`,
          containerDefinitions: [
            {
              name: 'web',
              image: `${registry}/${repository}:previous`,
              memory: 128,
              essential: true
            }
          ]
        })
      )
      await ecs.send(
        new CreateServiceCommand({
          cluster,
          serviceName: service,
          taskDefinition: first.taskDefinition!.taskDefinitionArn!,
          desiredCount: 1
        })
      )
    })

    afterAll(() => {
      rmSync(workspace, { recursive: true, force: true })
      console.log(
        [
          'images e2e wall times (dist/index.js, real docker + registry + moto):',
          `  first build and push: ${seconds(times.publish)}`,
          `  re-run (skipped):     ${seconds(times.rerun)}`,
          `  promote:              ${seconds(times.promote)}`
        ].join('\n')
      )
    })

    function action(kind: 'publish' | 'promote', extra: Record<string, string> = {}) {
      return runAction({
        eventName: 'push',
        event: join(workspace, kind === 'publish' ? 'push-dev.json' : 'push-tag.json'),
        ref: kind === 'publish' ? 'refs/heads/payments-dev' : `refs/tags/${releaseTag}`,
        sha,
        cwd: workspace,
        inputs: {
          'ecr-repository': repository,
          'create-repository': 'true',
          cluster,
          service,
          'container-name': 'web',
          wait: 'false',
          ...extra
        },
        env: { ...runnerEnv(env), DOCKER_CONFIG: dockerConfig }
      })
    }

    async function timed(name: string, run: () => Promise<ActionRun>): Promise<ActionRun> {
      const started = Date.now()
      const result = await run()
      times[name] = Date.now() - started
      if (result.exitCode !== 0) console.log(`${name} failed:\n${result.all}`)
      return result
    }

    it('publish (*-dev branch): builds a FROM scratch image and pushes it under the SHA tag', async () => {
      const run = await timed('publish', () => action('publish'))
      expect(run.exitCode).toBe(0)
      expect(run.outputs.result).toBe('published')
      expect(run.stdout).toContain('Builder: classic docker build')
      expect(run.stdout).toMatch(/\[command\]\S*docker build /)
      expect(run.stdout).toMatch(/\[command\]\S*docker push /)

      const image = run.outputs.image!
      expect(image).toMatch(
        new RegExp(`^${escape(`${registry}/${repository}`)}@sha256:[a-f0-9]{64}$`)
      )
      pushedDigest = image.split('@')[1]!

      // The registry holds it under the SHA tag, with the digest the action reported...
      expect(await registryTags(env, repository)).toContain(sha)
      expect(await registryDigest(env, repository, sha)).toBe(pushedDigest)
      // ...and ECR (moto, fed by the bridge) agrees.
      const described = await ecr.send(
        new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: sha }] })
      )
      expect(described.imageDetails?.[0]?.imageDigest).toBe(pushedDigest)
      // The OCI labels are on the image.
      const labels = await imageLabels(env, repository, sha)
      expect(labels['org.opencontainers.image.revision']).toBe(sha)
      expect(labels['org.opencontainers.image.source']).toBe('https://github.com/acme/web')
      expect(labels['org.opencontainers.image.created']).toMatch(/^\d{4}-\d\d-\d\dT/)

      assertNoPassword(run, password)
      // The post step logs out of the registry it logged in to.
      const saved = parseFileCommands(run.state)
      expect(JSON.parse(saved.registries!)).toEqual([registry])
      expect(dockerAuths(dockerConfig)).toContain(registry)
      const post = await runAction({
        eventName: 'push',
        event: join(workspace, 'push-dev.json'),
        ref: 'refs/heads/payments-dev',
        sha,
        cwd: workspace,
        env: { ...runnerEnv(env), DOCKER_CONFIG: dockerConfig, ...stateEnv(saved) }
      })
      expect(post.exitCode).toBe(0)
      expect(post.stdout).toContain(`ecs-flow post: logged out of ${registry}`)
      expect(dockerAuths(dockerConfig)).not.toContain(registry)
    }, 180_000)

    it('a re-run rebuilds nothing: the image is found in ECR by its SHA tag', async () => {
      const run = await timed('rerun', () => action('publish'))
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain(
        `Skipped: ${registry}/${repository}:${sha} is already in ECR (${pushedDigest})`
      )
      expect(run.stdout).not.toMatch(/\[command\]\S*docker (build|push|login)/)
      expect(run.outputs.image).toBe(`${registry}/${repository}@${pushedDigest}`)
      expect(parseFileCommands(run.state).registries).toBeUndefined()
      assertNoPassword(run, password)
    }, 120_000)

    it('promote (*-prod tag): adds the release tag through the ECR API and registers the image by digest', async () => {
      const run = await timed('promote', () => action('promote'))
      expect(run.exitCode).toBe(0)
      expect(run.outputs.flow).toBe('promote')
      expect(run.outputs.environment).toBe('production')
      expect(run.stdout).not.toMatch(/\[command\]\S*docker /) // no pull, no build, no push
      const image = `${registry}/${repository}@${pushedDigest}`
      expect(run.outputs.image).toBe(image)

      // The release tag names the same image, in ECR and (mirrored by the bridge) in the registry.
      const tagged = await ecr.send(
        new DescribeImagesCommand({
          repositoryName: repository,
          imageIds: [{ imageTag: releaseTag }]
        })
      )
      expect(tagged.imageDetails?.[0]?.imageDigest).toBe(pushedDigest)
      expect(await registryTags(env, repository)).toEqual(expect.arrayContaining([sha, releaseTag]))
      expect(await registryDigest(env, repository, releaseTag)).toBe(pushedDigest)

      // register + deploy: the service now runs a revision with the image by digest.
      const arn = run.outputs['task-definition-arn']!
      expect(arn).toMatch(/^arn:aws:ecs:/)
      const definition = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))
      expect(definition.taskDefinition?.containerDefinitions?.[0]?.image).toBe(image)
      const services = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))
      expect(services.services?.[0]?.taskDefinition).toBe(arn)
      assertNoPassword(run, password)
    }, 120_000)
  })
}

// ---------------------------------------------------------------- helpers

/** What the runner's environment would hold: AWS endpoints and keys, the Docker engine. */
function runnerEnv(env: Record<string, string>): Record<string, string> {
  const names = [
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ENDPOINT_URL_ECR',
    'AWS_ENDPOINT_URL_ECS',
    'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2',
    'DOCKER_HOST',
    'DOCKER_BUILDKIT'
  ]
  return Object.fromEntries(
    names.filter(name => env[name] !== undefined).map(name => [name, env[name]!])
  )
}

/** The runner hands a post step the saved state as STATE_<name> variables. */
function stateEnv(saved: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(saved).map(([name, value]) => [`STATE_${name}`, value]))
}

/** A real webhook payload from __fixtures__/events with this run's commit (and ref). */
function payload(file: string, changes: { after: string; ref?: string }): string {
  const event = JSON.parse(readFileSync(join(EVENTS, file), 'utf8')) as Record<string, unknown>
  event.after = changes.after
  if (changes.ref) event.ref = changes.ref
  const head = event.head_commit as Record<string, unknown> | undefined
  if (head) head.id = changes.after
  return JSON.stringify(event)
}

/**
 * The password may appear only in the runner's own `::add-mask::` command, which the runner
 * consumes (never shown in the log): nowhere else in stdout, stderr, outputs or the summary.
 */
function assertNoPassword(run: ActionRun, password: string): void {
  const shown = run.all
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  expect(shown).not.toContain(password)
  expect(Object.values(run.outputs).join('\n')).not.toContain(password)
  expect(run.state).not.toContain(password)
  const masks = run.all.split('\n').filter(line => line.startsWith('::add-mask::'))
  const login = run.stdout.indexOf('--password-stdin')
  if (login !== -1) expect(run.stdout.indexOf(`::add-mask::${password}`)).toBeLessThan(login)
  // The masks are the password's own forms (raw, base64, the Basic-auth value), nothing else.
  const forms = new Set(secretForms(password, { user: 'AWS' }).map(form => `::add-mask::${form}`))
  expect(masks.filter(line => !forms.has(line))).toEqual([])
  // A run that logged in masked the password itself (a re-run or a promote never logs in).
  if (login !== -1) expect(masks).toContain(`::add-mask::${password}`)
  // No other form of it shows either: base64, as docker's config would hold it.
  expect(shown).not.toContain(Buffer.from(`AWS:${password}`).toString('base64'))
}

function dockerAuths(dockerConfig: string): string[] {
  const file = join(dockerConfig, 'config.json')
  if (!existsSync(file)) return []
  const config = JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, unknown> }
  return Object.keys(config.auths ?? {})
}

const ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json'
].join(', ')

async function registryTags(env: Record<string, string>, repository: string): Promise<string[]> {
  const response = await fetch(`${env.E2E_REGISTRY_URL}/v2/${repository}/tags/list`)
  const body = (await response.json()) as { tags?: string[] }
  return body.tags ?? []
}

async function registryDigest(
  env: Record<string, string>,
  repository: string,
  tag: string
): Promise<string | null> {
  const response = await fetch(`${env.E2E_REGISTRY_URL}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: ACCEPT }
  })
  return response.headers.get('docker-content-digest')
}

async function imageLabels(
  env: Record<string, string>,
  repository: string,
  tag: string
): Promise<Record<string, string>> {
  const base = `${env.E2E_REGISTRY_URL}/v2/${repository}`
  const manifest = (await (
    await fetch(`${base}/manifests/${tag}`, { headers: { accept: ACCEPT } })
  ).json()) as {
    config: { digest: string }
  }
  const config = (await (await fetch(`${base}/blobs/${manifest.config.digest}`)).json()) as {
    config?: { Labels?: Record<string, string> }
  }
  return config.config?.Labels ?? {}
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function seconds(milliseconds: number | undefined): string {
  return milliseconds === undefined ? '(did not run)' : `${(milliseconds / 1000).toFixed(2)}s`
}
