import { describe, expect, it } from '@jest/globals'
import { ECR_PASSWORD, FakeEcr, REGISTRY } from '../../__fixtures__/fake-ecr.js'
import { secretForms } from '../../src/util/masking.js'
import type { RecordedCommand } from '../../__fixtures__/fake-exec.js'
import type { BuildSource } from '../../src/plan/plan.js'
import { executePlan } from '../../src/release/execute.js'
import { failedStep, type ReleaseImage } from '../../src/core/state.js'
import { dockerize } from '../../src/steps/dockerize.js'
import { STEPS } from '../../src/steps/index.js'
import { push } from '../../src/steps/push.js'
import { InputError, ReleaseError } from '../../src/util/errors.js'
import { SHA, stepContext, visibleText } from '../../__fixtures__/step-context.js'

const REPO = `${REGISTRY}/web`
const DIGEST = `sha256:${'d'.repeat(64)}`
const OLD_DIGEST = `sha256:${'0'.repeat(64)}`
const LABELS = [
  '--label',
  `org.opencontainers.image.revision=${SHA}`,
  '--label',
  'org.opencontainers.image.source=https://github.com/acme/web',
  '--label',
  'org.opencontainers.image.created=2026-01-01T00:00:00.000Z'
]

const argvOf = (command: RecordedCommand) => [command.program, ...command.args]
const noBuildx = (command: RecordedCommand) =>
  command.args[0] === 'buildx'
    ? { exitCode: 1, stderr: 'docker: unknown command: docker buildx' }
    : undefined
const PUSHED_MANIFEST = {
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  manifest: '{"schemaVersion":2,"pushed":true}'
}
/** `docker push`: the registry stores the image under its tag (as ECR would) and docker prints the digest. */
const pushReports = (ecr: FakeEcr, digest: string) => (command: RecordedCommand) => {
  if (command.args[0] !== 'push') return undefined
  const tag = command.args[1]!.split(':').pop()!
  try {
    ecr.receivePush('web', tag, { digest, ...PUSHED_MANIFEST })
  } catch (error) {
    return { exitCode: 1, stderr: (error as Error).message }
  }
  return {
    stdout: `The push refers to repository [${REPO}]\n${tag}: digest: ${digest} size: 528\n`
  }
}

/** A publish of the `payments-dev` branch. */
const harness = (event: 'publish', inputs: Record<string, string> = {}, ecr = new FakeEcr()) =>
  stepContext({ event, inputs, ecr })
type Harness = ReturnType<typeof harness>

/** The plan's image source: built into the ECR repository. */
function source(h: Harness): BuildSource {
  const { image } = h.plan
  if (image.kind !== 'build') throw new Error(`the plan's image is ${image.kind}`)
  return image
}

function publish(
  inputs: Record<string, string> = {},
  mutability: 'IMMUTABLE' | 'MUTABLE' = 'IMMUTABLE'
): Harness {
  const ecr = new FakeEcr()
  ecr.addRepository('web', mutability)
  const h = harness('publish', inputs, ecr)
  h.exec.respond(noBuildx).respond(pushReports(ecr, DIGEST))
  return h
}

/** An image of an earlier commit, holding `tags`. */
function addOldImage(h: Harness, tags: string[]): void {
  h.ecr.addImage('web', {
    digest: OLD_DIGEST,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    manifest: '{"schemaVersion":2}',
    tags
  })
}

/** dockerize, then push what it built; the image is kept in the release state, as the executor does. */
async function run(h: Harness): Promise<ReleaseImage> {
  const image = await push(h.context, await dockerize(h.context, source(h)))
  h.state.image = image
  return image
}

/** The whole publish through the executor, which stores what the steps produced. */
const release = (h: Harness) => executePlan(h.context, STEPS)

describe('dockerize + push with the classic builder', () => {
  it('builds with the SHA tag and OCI labels, logs in with the password on stdin, pushes, records the digest', async () => {
    const h = publish()
    const image = await run(h)
    expect(h.exec.commands.map(argvOf)).toEqual([
      ['docker', 'buildx', 'version'],
      ['docker', 'build', '--tag', `${REPO}:${SHA}`, ...LABELS, '.'],
      ['docker', 'login', '--username', 'AWS', '--password-stdin', REGISTRY],
      ['docker', 'push', `${REPO}:${SHA}`]
    ])
    const [, build, login] = h.exec.commands
    expect(build!.options.env).toEqual({ DOCKER_BUILDKIT: '0' })
    expect(login!.options.input).toBe(ECR_PASSWORD)
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
    expect(h.ecr.calls).not.toContain(`getManifest web:${SHA}`) // no extra tags: no tagging
    expect(h.logger.text()).toMatch(/Builder: classic docker build/)
  })

  it('masks the password before any command runs with it, and never shows it', async () => {
    const h = publish()
    await run(h)
    const loginIndex = h.exec.commands.findIndex(command => command.args[0] === 'login')
    // The password and its derived forms (base64, Basic auth of AWS:password), all before login.
    expect(h.runner.secrets).toEqual(
      secretForms(ECR_PASSWORD, { user: 'AWS' }).map(value => ({
        value,
        commandsBefore: loginIndex
      }))
    )
    expect(h.runner.secrets.map(secret => secret.value)).toEqual(
      expect.arrayContaining([ECR_PASSWORD, Buffer.from(ECR_PASSWORD).toString('base64')])
    )
    expect(visibleText(h)).not.toContain(ECR_PASSWORD)
  })

  it('saves the registry for the post step logout', async () => {
    const h = publish()
    await run(h)
    expect(JSON.parse(h.runner.state.registries!)).toEqual([REGISTRY])
    expect(h.context.state.registryLogins).toEqual([REGISTRY])
  })

  it('passes every docker setting; builds and pushes the SHA tag only, then adds the extra tags through the ECR API', async () => {
    const h = publish({
      'docker-context': 'app',
      dockerfile: 'app/Dockerfile.prod',
      'build-args': 'NODE_ENV=production\nNOTE=a b',
      'docker-target': 'runtime',
      platform: 'linux/arm64',
      tags: 'latest-dev, payments'
    })
    const image = await run(h)
    expect(h.exec.commands.map(argvOf)).toEqual([
      ['docker', 'buildx', 'version'],
      [
        'docker',
        'build',
        '--file',
        'app/Dockerfile.prod',
        '--tag',
        `${REPO}:${SHA}`,
        ...LABELS,
        '--build-arg',
        'NODE_ENV=production',
        '--build-arg',
        'NOTE=a b',
        '--target',
        'runtime',
        '--platform',
        'linux/arm64',
        'app'
      ],
      ['docker', 'login', '--username', 'AWS', '--password-stdin', REGISTRY],
      ['docker', 'push', `${REPO}:${SHA}`]
    ])
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
    expect(h.ecr.tagsOf('web', DIGEST)).toEqual([SHA, 'latest-dev', 'payments'])
    expect(h.ecr.puts).toEqual(
      ['latest-dev', 'payments'].map(tag => ({
        repository: 'web',
        tag,
        manifest: { digest: DIGEST, ...PUSHED_MANIFEST }
      }))
    )
    expect(h.logger.text()).toContain('Tag payments: added through the ECR API.')
  })

  it('reads the digest from docker image inspect when docker push does not print it', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    const h = harness('publish', {}, ecr)
    h.exec
      .respond(noBuildx)
      .respond(command =>
        command.args[0] === 'image'
          ? { stdout: `["other/web@${OLD_DIGEST}","${REPO}@${DIGEST}"]\n` }
          : undefined
      )
    const image = await run(h)
    expect(argvOf(h.exec.commands.at(-1)!)).toEqual([
      'docker',
      'image',
      'inspect',
      '--format',
      '{{json .RepoDigests}}',
      `${REPO}:${SHA}`
    ])
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
  })

  it('fails when no digest can be found', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    const h = harness('publish', {}, ecr)
    h.exec.respond(noBuildx)
    const build = await dockerize(h.context, source(h))
    await expect(push(h.context, build)).rejects.toThrow(
      `pushed ${REPO}:${SHA}, but neither docker push nor docker image inspect reported its digest`
    )
  })

  it('names the builder, the image and the exit code when the build fails', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    const failing = harness('publish', {}, ecr)
    failing.exec
      .respond(command =>
        command.args[0] === 'build'
          ? {
              exitCode: 1,
              stderr: 'Step 2/3 : COPY app /app\nCOPY failed: file not found in build context\n'
            }
          : undefined
      )
      .respond(noBuildx)
    const message = `docker build of ${REPO}:${SHA} exited with code 1: COPY failed: file not found in build context`
    await expect(dockerize(failing.context, source(failing))).rejects.toThrow(message)
    // Through the executor: dockerize hands push nothing, so push never runs.
    failing.exec.commands.length = 0
    await expect(release(failing)).rejects.toThrow(message)
    expect(failedStep(failing.state)).toBe('dockerize')
    expect(failing.state.steps.map(record => record.step)).toEqual(['dockerize'])
    expect(failing.exec.commands.map(command => command.args[0])).not.toContain('push')
    expect(failing.state.image).toBeUndefined()
  })

  it('names what docker said when the push is refused', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    const h = harness('publish', {}, ecr)
    h.exec
      .respond(command =>
        command.args[0] === 'push'
          ? {
              exitCode: 1,
              stderr: `tag invalid: The image tag '${SHA}' already exists in the 'web' repository and cannot be overwritten because the repository is immutable.`
            }
          : undefined
      )
      .respond(noBuildx)
    const build = await dockerize(h.context, source(h))
    const message = `docker push ${REPO}:${SHA} exited with code 1: tag invalid: The image tag`
    await expect(push(h.context, build)).rejects.toThrow(message)
    // Through the executor: the release has no image.
    await expect(release(h)).rejects.toThrow(message)
    expect(failedStep(h.state)).toBe('push')
    expect(h.state.image).toBeUndefined()
  })

  it('fails clearly, without the password, when docker login is refused', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    const h = harness('publish', {}, ecr)
    h.exec
      .respond(command =>
        command.args[0] === 'login'
          ? {
              exitCode: 1,
              stderr:
                'Error response from daemon: login attempt failed with status: 401 Unauthorized'
            }
          : undefined
      )
      .respond(noBuildx)
    const build = await dockerize(h.context, source(h))
    const error = (await push(h.context, build).catch((e: unknown) => e)) as Error
    expect(error.message).toBe(
      `docker login to ${REGISTRY} exited with code 1: Error response from daemon: login attempt failed with status: 401 Unauthorized`
    )
    expect(h.runner.state.registries).toBeDefined()
    expect(visibleText(h)).not.toContain(ECR_PASSWORD)
  })

  it('refuses a multi-platform build without buildx', async () => {
    const h = publish({ platform: 'linux/amd64,linux/arm64' })
    await expect(dockerize(h.context, source(h))).rejects.toThrow(
      /needs docker buildx, which is not installed here/
    )
  })

  it('never gets an extra tag that is not an image tag: the settings refuse it up front', () => {
    const ecr = new FakeEcr()
    let error: unknown
    try {
      harness('publish', { tags: 'feature/x', 'create-repository': 'true' }, ecr)
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toMatch(/^input tags: "feature\/x" is not an image tag/)
    expect(ecr.calls).toEqual([]) // no repository created, nothing asked
  })
})

describe("extra tags on a fresh push (the tag may already name an earlier commit's image)", () => {
  it('immutable repository: pushes the SHA tag, records the image, and warns that the tag stays', async () => {
    const h = publish({ tags: 'latest-dev' }, 'IMMUTABLE')
    addOldImage(h, ['0ld', 'latest-dev'])
    const image = await run(h)
    expect(h.exec.commands.filter(command => command.args[0] === 'push').map(argvOf)).toEqual([
      ['docker', 'push', `${REPO}:${SHA}`]
    ])
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
    expect(h.logger.warnings).toEqual([
      `Tag latest-dev was not moved to ${REPO}:${SHA}: the repository has immutable tags and it names another image (${OLD_DIGEST}).`
    ])
    expect(h.ecr.tagsOf('web', OLD_DIGEST)).toEqual(['0ld', 'latest-dev'])
    expect(h.ecr.tagsOf('web', DIGEST)).toEqual([SHA])
  })

  it('mutable repository: moves the tag to the new image through the ECR API', async () => {
    const h = publish({ tags: 'latest-dev' }, 'MUTABLE')
    addOldImage(h, ['0ld', 'latest-dev'])
    await run(h)
    expect(h.ecr.tagsOf('web', DIGEST)).toEqual([SHA, 'latest-dev'])
    expect(h.ecr.tagsOf('web', OLD_DIGEST)).toEqual(['0ld'])
    expect(h.logger.warnings).toEqual([])
  })

  it('an ECR failure while tagging still leaves the image output: push warns and returns the image', async () => {
    const h = publish({ tags: 'latest-dev' })
    h.ecr.putImageTag = async () => {
      throw new Error('AccessDeniedException: not authorized to perform ecr:PutImage')
    }
    const image = await push(h.context, await dockerize(h.context, source(h)))
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
    expect(h.logger.warnings).toEqual([
      `Tags latest-dev were not added to ${REPO}:${SHA}: AccessDeniedException: not authorized to perform ecr:PutImage`
    ])
  })

  it('leaves the tags alone, with a warning, when the SHA tag names another image by then (a racing run)', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web', 'MUTABLE')
    const h = harness('publish', { tags: 'latest-dev' }, ecr)
    const ours = pushReports(ecr, DIGEST)
    h.exec.respond(noBuildx).respond(command => {
      const answer = ours(command)
      // Another run of this commit pushes its own build right after ours.
      if (answer) ecr.receivePush('web', SHA, { digest: OLD_DIGEST, ...PUSHED_MANIFEST })
      return answer
    })
    const image = await run(h)
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
    expect(h.ecr.puts).toEqual([])
    expect(h.logger.warnings).toEqual([
      `Tags latest-dev were not added: ${REPO}:${SHA} names ${OLD_DIGEST} in ECR now, not ${DIGEST}.`
    ])
  })

  it('drops an extra tag equal to the SHA tag', async () => {
    const h = publish({ tags: `${SHA}, latest-dev` })
    await run(h)
    expect(h.ecr.puts.map(put => put.tag)).toEqual(['latest-dev'])
  })
})

describe('an image already in ECR for the commit (re-runs are cheap)', () => {
  function existing(
    inputs: Record<string, string> = {},
    mutability: 'IMMUTABLE' | 'MUTABLE' = 'IMMUTABLE'
  ): Harness {
    const h = publish(inputs, mutability)
    h.ecr.addImage('web', {
      digest: OLD_DIGEST,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      manifest: '{"schemaVersion":2}',
      tags: [SHA]
    })
    return h
  }

  it('skips build and push: no docker command, no login, the existing digest is the image', async () => {
    const h = existing()
    const image = await run(h)
    expect(h.exec.commands).toEqual([])
    expect(h.ecr.calls).not.toContain('getAuthorization')
    expect(h.runner.secrets).toEqual([])
    expect(image.reference).toBe(`${REPO}@${OLD_DIGEST}`)
    expect(h.logger.text()).toContain(
      `Skipped: ${REPO}:${SHA} is already in ECR (${OLD_DIGEST}); nothing is rebuilt.`
    )
    expect(h.logger.text()).toContain('nothing was pushed')
  })

  it('points the extra tags at it through the ECR API', async () => {
    const h = existing({ tags: 'latest-dev' })
    await run(h)
    expect(h.exec.commands).toEqual([])
    expect(h.ecr.tagsOf('web', OLD_DIGEST)).toEqual([SHA, 'latest-dev'])
    expect(h.ecr.puts[0]!.manifest).toEqual({
      digest: OLD_DIGEST,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      manifest: '{"schemaVersion":2}'
    })
  })

  it('warns, and goes on, when an immutable extra tag names another image', async () => {
    const h = existing({ tags: 'latest-dev' })
    h.ecr.addImage('web', { digest: DIGEST, mediaType: 'x', manifest: '{}', tags: ['latest-dev'] })
    const image = await run(h)
    expect(h.logger.warnings[0]).toMatch(/Tag latest-dev was not moved/)
    expect(image.reference).toBe(`${REPO}@${OLD_DIGEST}`)
  })

  it('does not trust ImageAlreadyExists when the extra tag names another image (moto answers so)', async () => {
    const h = existing({ tags: 'latest-dev' })
    h.ecr.alreadyExistsOnConflict = true
    h.ecr.addImage('web', { digest: DIGEST, mediaType: 'x', manifest: '{}', tags: ['latest-dev'] })
    await run(h)
    expect(h.logger.warnings).toEqual([
      `Tag latest-dev was not moved to ${REPO}:${SHA}: the repository has immutable tags and it names another image (${DIGEST}).`
    ])
    expect(h.logger.text()).not.toContain('already on this image')
  })

  it('says so when the extra tag is already on the image (the re-run of a run that tagged it)', async () => {
    const h = existing({ tags: 'latest-dev' })
    await run(h)
    const rerun = harness('publish', { tags: 'latest-dev' }, h.ecr)
    await run(rerun)
    expect(rerun.logger.text()).toContain('Tag latest-dev: already on this image.')
    expect(rerun.logger.warnings).toEqual([])
    expect(rerun.ecr.tagsOf('web', OLD_DIGEST)).toEqual([SHA, 'latest-dev'])
  })

  it('force-build rebuilds and pushes on a mutable repository', async () => {
    const h = existing({ 'force-build': 'true' }, 'MUTABLE')
    const image = await run(h)
    expect(h.exec.commands.map(command => command.args[0])).toEqual([
      'buildx',
      'build',
      'login',
      'push'
    ])
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
    expect(h.logger.text()).toContain('force-build: rebuilding')
  })

  it('force-build fails before building when immutable tags would refuse the push', async () => {
    const h = existing({ 'force-build': 'true' }, 'IMMUTABLE')
    await expect(dockerize(h.context, source(h))).rejects.toThrow(
      /force-build: .* already exists and the repository web has immutable tags/
    )
    expect(h.exec.commands).toEqual([])
  })
})

describe('the repository', () => {
  it('missing: a clear error naming repository and region, and how to fix it', async () => {
    const h = harness('publish')
    const error = (await dockerize(h.context, source(h)).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(ReleaseError)
    expect(error.message).toMatch(
      /^ECR repository "web" does not exist in us-east-1\. Create it \(aws ecr create-repository --repository-name web/
    )
    expect(error.message).toContain('or set create-repository: true')
    expect(h.exec.commands).toEqual([])
  })

  it('missing with create-repository: created with scan on push and immutable tags, then built', async () => {
    const h = harness('publish', { 'create-repository': 'true' })
    h.exec.respond(noBuildx).respond(pushReports(h.ecr, DIGEST))
    const image = await run(h)
    expect(h.ecr.created).toEqual([
      { name: 'web', options: { immutableTags: true, scanOnPush: true } }
    ])
    expect(h.logger.text()).toContain(
      `Created ECR repository ${REPO} in us-east-1 (scan on push, immutable tags).`
    )
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
  })
})

describe('with docker buildx', () => {
  const buildx = (driver: string) => (command: RecordedCommand) => {
    if (command.args[0] !== 'buildx') return undefined
    if (command.args[1] === 'version')
      return { stdout: 'github.com/docker/buildx v0.17.1 257815a\n' }
    if (command.args[1] === 'inspect') return { stdout: `Name:   builder\nDriver: ${driver}\n` }
    return undefined
  }
  function withBuildx(
    driver: string,
    inputs: Record<string, string> = {},
    mutability: 'IMMUTABLE' | 'MUTABLE' = 'MUTABLE'
  ): Harness {
    const ecr = new FakeEcr()
    ecr.addRepository('web', mutability)
    const h = harness('publish', inputs, ecr)
    h.exec.respond(buildx(driver)).respond(pushReports(ecr, DIGEST))
    return h
  }

  it('logs in before the build (the registry cache needs it), loads, then pushes', async () => {
    const h = withBuildx('docker-container')
    await run(h)
    expect(h.exec.commands.map(argvOf)).toEqual([
      ['docker', 'buildx', 'version'],
      ['docker', 'buildx', 'inspect'],
      ['docker', 'login', '--username', 'AWS', '--password-stdin', REGISTRY],
      [
        'docker',
        'buildx',
        'build',
        '--tag',
        `${REPO}:${SHA}`,
        ...LABELS,
        '--cache-from',
        `type=registry,ref=${REPO}:cache`,
        '--cache-to',
        `type=registry,ref=${REPO}:cache,mode=max,image-manifest=true,oci-mediatypes=true`,
        '--load',
        '.'
      ],
      ['docker', 'push', `${REPO}:${SHA}`]
    ])
    expect(h.ecr.calls.filter(call => call === 'getAuthorization')).toHaveLength(1)
    expect(h.exec.commands[3]!.options.env).toBeUndefined()
    expect(h.logger.text()).toContain(
      `Builder: docker buildx build (github.com/docker/buildx v0.17.1 257815a, driver docker-container); registry cache ${REPO}:cache.`
    )
  })

  it.each([
    ['docker', 'MUTABLE', /cannot export caches/],
    ['docker-container', 'IMMUTABLE', /immutable tags/]
  ] as const)(
    'driver %s on a %s repository: reads the cache only, and says why',
    async (driver, mutability, why) => {
      const h = withBuildx(driver, {}, mutability)
      await dockerize(h.context, source(h))
      const build = h.exec.commands.find(command => command.args[1] === 'build')!
      expect(build.args).toContain('--cache-from')
      expect(build.args).not.toContain('--cache-to')
      expect(h.logger.text()).toMatch(why)
    }
  )

  it('pushes a multi-platform image from the build and takes its digest from ECR', async () => {
    const h = withBuildx('docker-container', { platform: 'linux/amd64,linux/arm64' })
    h.exec.respond(command => {
      if (command.args[1] === 'build')
        h.ecr.addImage('web', {
          digest: DIGEST,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifest: '{}',
          tags: [SHA]
        })
      return undefined
    })
    const image = await run(h)
    const build = h.exec.commands.find(command => command.args[1] === 'build')!
    expect(build.args).toContain('--push')
    expect(build.args).not.toContain('--load')
    expect(h.exec.commands.filter(command => command.args[0] === 'push')).toEqual([])
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
  })

  it('multi-platform with extra tags: buildx pushes the SHA tag only, the tags are added through the ECR API', async () => {
    const index = {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifest: '{"manifests":[]}'
    }
    const h = withBuildx(
      'docker-container',
      { platform: 'linux/amd64,linux/arm64', tags: 'latest-dev' },
      'IMMUTABLE'
    )
    h.exec.respond(command => {
      if (command.args[1] === 'build') h.ecr.receivePush('web', SHA, { digest: DIGEST, ...index })
      return undefined
    })
    const image = await run(h)
    const build = h.exec.commands.find(command => command.args[1] === 'build')!
    expect(build.args.filter((_arg, i) => build.args[i - 1] === '--tag')).toEqual([
      `${REPO}:${SHA}`
    ])
    expect(build.args).toContain('--push')
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
    expect(h.ecr.puts).toEqual([
      { repository: 'web', tag: 'latest-dev', manifest: { digest: DIGEST, ...index } }
    ])
    expect(h.ecr.tagsOf('web', DIGEST)).toEqual([SHA, 'latest-dev'])
  })
})

describe('push without dockerize', () => {
  it('is an error, not a silent no-op', async () => {
    const h = publish()
    // push takes the build dockerize returned: without one it does not type-check, nor run.
    // @ts-expect-error push needs dockerize's ImageBuild
    await expect(push(h.context)).rejects.toThrow()
    expect(h.exec.commands).toEqual([])
    expect(h.ecr.calls).toEqual([])
  })
})

describe('secrets', () => {
  it('the password goes on stdin of docker login and nowhere else', async () => {
    for (const h of [publish(), publish({ tags: 'x' })]) {
      await run(h)
      const stdin = h.exec.commands.filter(command => command.options.input !== undefined)
      expect(stdin.map(command => command.args[0])).toEqual(['login'])
      expect(visibleText(h)).not.toContain(ECR_PASSWORD)
    }
  })
})
