import type { EcrApi, EcrRepository } from '../aws/ecr-api.js'
import type { BuildOptions } from '../docker/argv.js'
import { DockerCli, type Builder } from '../docker/docker.js'
import { ociLabels, sourceUrl } from '../docker/labels.js'
import { ReleaseError } from '../util/errors.js'
import { ensureRepository, requireRepositoryName } from './ecr-repository.js'
import { pointTag } from './image-tags.js'
import { loginToRegistry } from './registry-login.js'
import type { ImageBuild, StepContext } from './types.js'

/** The tag BuildKit keeps its registry cache under, next to the images. */
export const CACHE_TAG = 'cache'

/**
 * `dockerize`: builds the image for the commit, tagged with its full SHA — unless ECR already
 * has an image under that tag (a re-run, or another flow built this commit): then nothing is
 * built and push has nothing to do. Only the SHA tag is built and pushed: push points the extra
 * `tags` at the pushed manifest through the ECR API (an immutable `latest` cannot be pushed twice).
 */
export async function dockerize(context: StepContext): Promise<void> {
  const { settings, plan, state, services } = context
  const options = settings.docker
  const { logger } = services
  const ecr = services.aws.ecr()
  const repository = await ensureRepository(
    ecr,
    requireRepositoryName(settings.ecrRepository),
    options.createRepository,
    logger
  )
  const references = imageReferences(repository, plan.imageTag, options.extraTags)
  const shaReference = references[0]!

  const existing = await ecr.findImage(repository.name, plan.imageTag)
  if (existing && !options.forceBuild) {
    state.image = `${repository.uri}@${existing.digest}`
    state.imageBuild = { repository, references, status: 'exists' }
    logger.info(
      `Skipped: ${shaReference} is already in ECR (${existing.digest}); nothing is rebuilt. ` +
        'Set force-build: true to build it again.'
    )
    return
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

  const docker = new DockerCli(services.exec)
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
  state.imageBuild = { repository, references, status: multiPlatform ? 'pushed' : 'built' }
  logger.info(
    multiPlatform
      ? `Built and pushed ${shaReference} for ${options.platform}.`
      : `Built ${shaReference}.`
  )
}

/**
 * `push`: logs in to ECR and pushes the SHA tag; records the image by digest, which is what
 * register deploys, then points the extra tags at it through the ECR API. Nothing to push when
 * dockerize found the image in ECR already, or buildx pushed it.
 */
export async function push(context: StepContext): Promise<void> {
  const { state, services, plan } = context
  const { logger } = services
  const build = state.imageBuild
  if (!build)
    throw new ReleaseError('push runs after dockerize, which left no image to push', 'push')
  const { repository, references } = build
  const shaReference = references[0]!
  const ecr = services.aws.ecr()

  if (build.status === 'exists') {
    const image = state.image ?? ''
    logger.info(`Skipped: ${shaReference} is already in ECR as ${image}; nothing was pushed.`)
    await addExtraTags(context, ecr, build, image.slice(image.lastIndexOf('@') + 1))
    return
  }
  if (build.status === 'pushed') {
    const pushed = await ecr.findImage(repository.name, plan.imageTag)
    if (!pushed) {
      throw new ReleaseError(
        `docker buildx reported a push, but ECR has no image tagged ${plan.imageTag} in ${repository.name}`
      )
    }
    state.image = `${repository.uri}@${pushed.digest}`
    logger.info(`Pushed by buildx during dockerize: ${state.image}`)
    await addExtraTags(context, ecr, build, pushed.digest)
    return
  }

  const docker = new DockerCli(services.exec)
  await loginToRegistry(context, docker, repository.registry)
  const digest =
    (await docker.push(shaReference)) ?? (await docker.repoDigest(shaReference, repository.uri))
  if (!digest) {
    throw new ReleaseError(
      `pushed ${shaReference}, but neither docker push nor docker image inspect reported its digest`
    )
  }
  // Recorded before the extra tags: the image is in ECR whatever becomes of them.
  state.image = `${repository.uri}@${digest}`
  logger.info(`Pushed ${shaReference} (${digest}).`)
  await addExtraTags(context, ecr, build, digest)
}

/** The commit SHA reference first, then the extra tags (checked by readSettings), without repeats. */
export function imageReferences(
  repository: EcrRepository,
  shaTag: string,
  extraTags: readonly string[]
): string[] {
  const tags = [shaTag]
  for (const tag of extraTags) if (!tags.includes(tag)) tags.push(tag)
  return tags.map(tag => `${repository.uri}:${tag}`)
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

/**
 * Points the extra tags at the commit's image (`digest`, under the SHA tag) through the ECR API:
 * PutImage of the same manifest, so e.g. `latest` follows whether the image was just pushed or
 * was already there. A tag that names another image in a repository with immutable tags stays
 * where it is, with a warning naming it: the image itself is in ECR either way.
 */
async function addExtraTags(
  { services, plan }: StepContext,
  ecr: EcrApi,
  { repository, references }: ImageBuild,
  digest: string
): Promise<void> {
  const shaReference = references[0]!
  const tags = references.slice(1).map(reference => reference.slice(repository.uri.length + 1))
  if (tags.length === 0) return
  const { logger } = services
  const manifest = await ecr.getManifest(repository.name, plan.imageTag)
  if (manifest?.digest !== digest) {
    // Another run pushed this commit to a mutable repository meanwhile (its own build, another
    // digest): its tags are its business.
    logger.warning(
      `Tags ${tags.join(', ')} were not added: ${shaReference} names ${manifest?.digest ?? 'no image'} in ECR now, not ${digest}.`
    )
    return
  }
  for (const tag of tags) {
    const result = await pointTag(ecr, repository.name, tag, manifest)
    if (result.outcome === 'elsewhere') {
      logger.warning(
        `Tag ${tag} was not moved to ${shaReference}: the repository has immutable tags and it names another image (${result.digest ?? 'unknown digest'}).`
      )
    } else {
      logger.info(
        `Tag ${tag}: ${result.outcome === 'tagged' ? 'added through the ECR API' : 'already on this image'}.`
      )
    }
  }
}
