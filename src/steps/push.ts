import type { EcrApi } from '../aws/ecr-api.js'
import { pointTag } from '../aws/image-tags.js'
import { DockerCli } from '../docker/docker.js'
import { loginToRegistry } from '../docker/registry-login.js'
import type { StepContext } from '../core/context.js'
import type { ImageBuild, ReleaseImage } from '../core/state.js'
import { ReleaseError, errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/**
 * `push`: logs in to ECR and pushes the SHA tag; the image is handed on by digest, which is
 * what register deploys, then the extra tags are pointed at it through the ECR API. Nothing to
 * push when dockerize found the image in ECR already, or buildx pushed it.
 */
export async function push(context: StepContext, build: ImageBuild): Promise<ReleaseImage> {
  const { services } = context
  const { logger } = services
  const { repository, shaTag } = build
  const shaReference = `${repository.uri}:${shaTag}`
  const ecr = services.aws.ecr()
  const pushed = (digest: string): ReleaseImage => ({
    reference: `${repository.uri}@${digest}`,
    digest,
    repositoryUri: repository.uri,
    shaTag,
    extraTags: build.extraTags
  })

  if (build.status.kind === 'exists') {
    const image = pushed(build.status.digest)
    logger.info(
      `Skipped: ${shaReference} is already in ECR as ${image.reference}; nothing was pushed.`
    )
    await addExtraTags(context, ecr, build, image.digest!)
    return image
  }
  if (build.status.kind === 'pushed') {
    const found = await ecr.findImage(repository.name, shaTag)
    if (!found) {
      throw new ReleaseError(
        `docker buildx reported a push, but ECR has no image tagged ${shaTag} in ${repository.name}`
      )
    }
    const image = pushed(found.digest)
    logger.info(`Pushed by buildx during dockerize: ${image.reference}`)
    await addExtraTags(context, ecr, build, found.digest)
    return image
  }

  const docker = new DockerCli(services.exec, {
    mask: services.runner,
    publicBuildArgs: context.settings.docker.publicBuildArgs
  })
  await loginToRegistry(context, docker, repository.registry)
  const digest =
    (await docker.push(shaReference)) ?? (await docker.repoDigest(shaReference, repository.uri))
  // Dry-run: nothing was pushed, so there is no digest; later steps run on the tag.
  if (!digest && context.plan.dryRun) {
    return {
      reference: shaReference,
      repositoryUri: repository.uri,
      shaTag,
      extraTags: build.extraTags
    }
  }
  if (!digest) {
    throw new ReleaseError(
      `pushed ${shaReference}, but neither docker push nor docker image inspect reported its digest`
    )
  }
  const image = pushed(digest)
  logger.info(`Pushed ${shaReference} (${digest}).`)
  await addExtraTags(context, ecr, build, digest)
  return image
}

/**
 * Points the extra tags at the commit's image (`digest`, under the SHA tag) through the ECR API:
 * PutImage of the same manifest, so e.g. `latest` follows whether the image was just pushed or
 * was already there. A tag that names another image in a repository with immutable tags stays
 * where it is, with a warning naming it: the image itself is in ECR either way.
 */
async function addExtraTags(
  { services }: StepContext,
  ecr: EcrApi,
  { repository, shaTag, extraTags: tags }: ImageBuild,
  digest: string
): Promise<void> {
  const shaReference = `${repository.uri}:${shaTag}`
  if (tags.length === 0) return
  const { logger } = services
  try {
    await pointExtraTags(ecr, { repository, shaTag, extraTags: tags }, digest, logger)
  } catch (error) {
    // The image is in ECR and is what the release runs: a tag that could not be added is no
    // reason to stop it.
    logger.warning(
      `Tags ${tags.join(', ')} were not added to ${shaReference}: ${errorMessage(error)}`
    )
  }
}

async function pointExtraTags(
  ecr: EcrApi,
  { repository, shaTag, extraTags: tags }: Pick<ImageBuild, 'repository' | 'shaTag' | 'extraTags'>,
  digest: string,
  logger: Logger
): Promise<void> {
  const shaReference = `${repository.uri}:${shaTag}`
  const manifest = await ecr.getManifest(repository.name, shaTag)
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
