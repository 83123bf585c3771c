import type { EcrRepository } from '../aws/ecr-api.js'
import { ensureRepository } from '../aws/ecr-repository.js'
import type { BuildOptions } from '../docker/argv.js'
import { DockerCli, type Builder } from '../docker/docker.js'
import { ociLabels, sourceUrl } from '../docker/labels.js'
import { loginToRegistry } from '../docker/registry-login.js'
import type { StepContext } from '../core/context.js'
import type { ImageBuild } from '../core/state.js'
import { ReleaseError } from '../util/errors.js'

/** The tag BuildKit keeps its registry cache under, next to the images. */
export const CACHE_TAG = 'cache'

/**
 * `dockerize`: builds the image for the commit, tagged with its full SHA — unless ECR already
 * has an image under that tag (a re-run, or another flow built this commit): then nothing is
 * built and push has nothing to do. Only the SHA tag is built and pushed: push points the extra
 * `tags` at the pushed manifest through the ECR API (an immutable `latest` cannot be pushed twice).
 */
export async function dockerize(
  context: StepContext,
  source: { repository: string }
): Promise<ImageBuild> {
  const { settings, plan, services } = context
  const options = settings.docker
  const { logger } = services
  const ecr = services.aws.ecr()
  const repository = await ensureRepository(
    ecr,
    source.repository,
    options.createRepository,
    logger
  )
  const shaTag = plan.imageTag
  const extraTags = options.extraTags.filter(tag => tag !== shaTag)
  const shaReference = `${repository.uri}:${shaTag}`
  const built = (status: ImageBuild['status']): ImageBuild => ({
    repository,
    shaTag,
    extraTags,
    status
  })

  const existing = await ecr.findImage(repository.name, shaTag)
  if (existing && !options.forceBuild) {
    logger.info(
      `Skipped: ${shaReference} is already in ECR (${existing.digest}); nothing is rebuilt. ` +
        'Set force-build: true to build it again.'
    )
    return built({ kind: 'exists', digest: existing.digest })
  }
  if (existing) {
    if (repository.tagMutability === 'IMMUTABLE') {
      throw new ReleaseError(
        `force-build: ${shaReference} already exists and the repository ${repository.name} has immutable tags, ` +
          'so ECR would refuse the rebuilt image. Delete that image first, or drop force-build.'
      )
    }
    logger.info(`force-build: rebuilding ${shaReference} although ECR has it (${existing.digest}).`)
  }

  const docker = new DockerCli(services.exec, {
    mask: services.runner,
    publicBuildArgs: context.settings.docker.publicBuildArgs
  })
  const builder = await docker.detectBuilder()
  const multiPlatform = (options.platform ?? '').includes(',')
  if (multiPlatform && builder.kind === 'classic') {
    throw new ReleaseError(
      `platform "${options.platform}" lists several platforms; a multi-platform image needs docker buildx, ` +
        'which is not installed here (add docker/setup-buildx-action before ecs-flow).'
    )
  }
  const cache = builder.kind === 'buildx' ? registryCache(builder, repository) : undefined
  logger.info(describeBuilder(builder, cache))
  // BuildKit reads (and writes) the registry cache during the build: it needs credentials now.
  if (builder.kind === 'buildx') await loginToRegistry(context, docker, repository.registry)

  const build: BuildOptions = {
    builder: builder.kind,
    context: options.context,
    dockerfile: options.dockerfile,
    references: [shaReference],
    labels: ociLabels({
      revision: plan.sha,
      source: sourceUrl(services.env),
      created: new Date(services.clock.now())
    }),
    buildArgs: options.buildArgs,
    target: options.target,
    platform: options.platform,
    cache: cache?.refs,
    // The local image store holds one platform: a multi-platform index can only be pushed
    // by BuildKit itself. Otherwise load, and let `push` publish it.
    output: multiPlatform ? 'push' : 'load'
  }
  await docker.build(build)
  if (plan.dryRun) return built({ kind: 'built' })
  logger.info(
    multiPlatform
      ? `Built and pushed ${shaReference} for ${options.platform}.`
      : `Built ${shaReference}.`
  )
  return built(multiPlatform ? { kind: 'pushed' } : { kind: 'built' })
}

interface RegistryCache {
  refs: { from: string; to?: string }
  /** Why the cache is read but not written, when it is not. */
  readOnlyBecause?: string
}

/**
 * BuildKit's registry cache lives beside the images under the `cache` tag. Writing it needs
 * a builder that can export caches (the plain `docker` driver cannot) and a tag that may be
 * overwritten (an IMMUTABLE repository refuses the second write).
 */
export function registryCache(
  builder: Extract<Builder, { kind: 'buildx' }>,
  repository: EcrRepository
): RegistryCache {
  const ref = `${repository.uri}:${CACHE_TAG}`
  if (builder.driver === 'docker') {
    return {
      refs: { from: ref },
      readOnlyBecause:
        'the "docker" buildx driver cannot export caches (docker/setup-buildx-action sets up one that can)'
    }
  }
  if (repository.tagMutability === 'IMMUTABLE') {
    return {
      refs: { from: ref },
      readOnlyBecause: `the repository has immutable tags (exclude the "${CACHE_TAG}" tag with IMMUTABLE_WITH_EXCLUSION to enable it)`
    }
  }
  return { refs: { from: ref, to: ref } }
}

function describeBuilder(builder: Builder, cache: RegistryCache | undefined): string {
  if (builder.kind === 'classic')
    return 'Builder: classic docker build (no docker buildx on this runner; no registry cache).'
  const driver = builder.driver ? `, driver ${builder.driver}` : ''
  const cacheText = cache?.readOnlyBecause
    ? `registry cache ${cache.refs.from} read only: ${cache.readOnlyBecause}`
    : `registry cache ${cache?.refs.from ?? '(none)'}`
  return `Builder: docker buildx build (${builder.version}${driver}); ${cacheText}.`
}
