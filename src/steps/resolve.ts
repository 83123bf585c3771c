import type { EcrApi, EcrManifest, EcrRepository } from '../aws/ecr-api.js'
import { existingRepository } from '../aws/ecr-repository.js'
import { pointTag } from '../aws/image-tags.js'
import { imageTagFor } from '../docker/tags.js'
import type { GivenSource, ResolveSource } from '../plan/plan.js'
import type { StepContext } from '../core/context.js'
import type { ReleaseImage } from '../core/state.js'
import { ReleaseError } from '../util/errors.js'
import { escapeForLog, type Logger } from '../util/logger.js'

/**
 * `resolve` (promote): finds the image built for the tagged commit by its SHA tag, adds the
 * release tag to that very manifest through the ECR API (no pull, no rebuild, no layer push)
 * and hands it on by digest, so the environment runs exactly the bits that were tested.
 */
export async function resolve(
  context: StepContext,
  source: ResolveSource | GivenSource
): Promise<ReleaseImage> {
  const { plan, services } = context
  const { logger } = services
  if (source.kind === 'given') {
    logger.info(
      `Input image is set: promoting ${source.reference} as given; ECR is not searched or tagged.`
    )
    return { reference: source.reference, extraTags: [] }
  }
  const ecr = services.aws.ecr()
  const repository = await existingRepository(ecr, source.repository, plan.sha)
  const manifest = await ecr.getManifest(repository.name, plan.imageTag)
  if (!manifest) {
    const region = await ecr.region()
    throw new ReleaseError(
      `No image for commit ${plan.sha} in ECR repository ${repository.name} (${region}): nothing is tagged ${plan.imageTag}. ` +
        'The deploy or publish flow of that commit builds it (a push of the commit to the default branch or to a *-dev branch); ' +
        'let it finish, then push the tag again.'
    )
  }
  logger.info(
    `Found ${repository.uri}:${plan.imageTag} = ${manifest.digest} (${describeMediaType(manifest.mediaType)}).`
  )

  const releaseTag =
    source.releaseTag === undefined
      ? undefined
      : await addReleaseTag(ecr, repository, source.releaseTag, manifest, plan.sha, logger)
  const image: ReleaseImage = {
    reference: `${repository.uri}@${manifest.digest}`,
    digest: manifest.digest,
    repositoryUri: repository.uri,
    shaTag: plan.imageTag,
    extraTags: releaseTag ? [releaseTag] : []
  }
  logger.info(`Releasing ${image.reference}`)
  return image
}

/**
 * Points the release tag at the commit's manifest. A tag that names another image is an error,
 * on a mutable repository too: a release tag is never moved.
 */
async function addReleaseTag(
  ecr: EcrApi,
  repository: EcrRepository,
  releaseTag: string,
  manifest: EcrManifest,
  sha: string,
  logger: Logger
): Promise<string> {
  const tag = imageTagFor(releaseTag)
  if (!tag) {
    throw new ReleaseError(
      `the git tag "${escapeForLog(releaseTag)}" cannot be made into an image tag (letters, digits, "_", "." or "-")`
    )
  }
  if (tag !== releaseTag) {
    logger.info(
      `Git tag ${escapeForLog(releaseTag)} becomes image tag ${tag} (image tags allow letters, digits, "_", "." and "-").`
    )
  }
  const result = await pointTag(ecr, repository.name, tag, manifest, { neverMove: true })
  if (result.outcome === 'elsewhere') {
    throw new ReleaseError(
      `The tag ${tag} in ECR repository ${repository.name} already points to ${result.digest ?? 'another image'}, ` +
        `not to the image of commit ${sha} (${manifest.digest}). A release tag names one image: ` +
        'tag the release with a new git tag, or delete the old image tag if it was a mistake.'
    )
  }
  logger.info(
    result.outcome === 'already-tagged'
      ? `Tag ${tag} already points to this image.`
      : `Tagged ${repository.uri}:${tag} → ${manifest.digest} through the ECR API (same manifest; nothing pulled or pushed).`
  )
  return tag
}

function describeMediaType(mediaType: string): string {
  if (/manifest\.list|image\.index/.test(mediaType)) return `multi-arch index, ${mediaType}`
  return mediaType
}
