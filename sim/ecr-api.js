// @ts-check
/**
 * ECR operations (AmazonEC2ContainerRegistry_V20150921.*): DescribeRepositories, DescribeImages,
 * BatchGetImage, PutImage, GetAuthorizationToken, GetDownloadUrlForLayer (image config blobs
 * only, served by the simulator's own HTTP server). Request/response shapes follow the ECR API.
 */
import { SimError, requireString } from './errors.js'
import { DOCKER_MANIFEST_V2, digestOf } from './ecr-state.js'
import { toEpochSeconds } from './ids.js'

/** @typedef {import('./ecr-state.js').EcrWorld} EcrWorld */
/** @typedef {import('./ecr-state.js').Repository} Repository */

/** @param {EcrWorld} ecr @param {unknown} name */
function repository(ecr, name) {
  requireString(name, 'repositoryName')
  const repo = ecr.repositories.get(name)
  if (!repo) {
    throw new SimError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${ecr.registryId}'`
    )
  }
  return repo
}

/** @param {EcrWorld} ecr @param {Repository} repo @param {{imageDigest?: string, imageTag?: string}} id */
function imageNotFound(ecr, repo, id) {
  return new SimError(
    'ImageNotFoundException',
    `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repo.repositoryName}' in the registry with id '${ecr.registryId}'`
  )
}

/** @param {EcrWorld} ecr @param {Repository} r */
const renderRepository = (ecr, r) => ({
  repositoryArn: r.repositoryArn,
  registryId: ecr.registryId,
  repositoryName: r.repositoryName,
  repositoryUri: r.repositoryUri,
  createdAt: toEpochSeconds(r.createdAt),
  imageTagMutability: r.imageTagMutability,
  imageScanningConfiguration: { scanOnPush: false },
  encryptionConfiguration: { encryptionType: 'AES256' }
})

/**
 * @param {EcrWorld} ecr
 * @param {{blobUrl: (digest: string) => string}} urls  where a blob can be downloaded
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function ecrHandlers(ecr, urls) {
  return {
    DescribeRepositories(body) {
      const names = /** @type {string[] | undefined} */ (body.repositoryNames)
      const repos = names ? names.map(n => repository(ecr, n)) : [...ecr.repositories.values()]
      return { repositories: repos.map(r => renderRepository(ecr, r)) }
    },

    DescribeImages(body) {
      const repo = repository(ecr, body.repositoryName)
      /** @type {{imageDigest?: string, imageTag?: string}[] | undefined} */
      const ids = body.imageIds
      let images = repo.images
      if (ids && ids.length > 0) {
        images = ids.map(id => {
          const found = ecr.findImage(repo, id)
          if (!found) throw imageNotFound(ecr, repo, id)
          return found
        })
      } else if (body.filter?.tagStatus === 'TAGGED') {
        images = images.filter(i => i.imageTags.length > 0)
      } else if (body.filter?.tagStatus === 'UNTAGGED') {
        images = images.filter(i => i.imageTags.length === 0)
      }
      return {
        imageDetails: images.map(i => {
          /** @type {Record<string, unknown>} */
          const d = {
            registryId: ecr.registryId,
            repositoryName: repo.repositoryName,
            imageDigest: i.imageDigest,
            imageSizeInBytes: i.imageSizeInBytes,
            imagePushedAt: toEpochSeconds(i.imagePushedAt),
            imageManifestMediaType: i.imageManifestMediaType,
            artifactMediaType: 'application/vnd.docker.container.image.v1+json'
          }
          if (i.imageTags.length > 0) d.imageTags = [...i.imageTags]
          return d
        })
      }
    },

    BatchGetImage(body) {
      const repo = repository(ecr, body.repositoryName)
      /** @type {{imageDigest?: string, imageTag?: string}[]} */
      const ids = body.imageIds ?? []
      if (ids.length === 0)
        throw new SimError('InvalidParameterException', 'imageIds must not be empty.')
      /** @type {unknown[]} */
      const images = []
      /** @type {unknown[]} */
      const failures = []
      for (const id of ids) {
        const image = ecr.findImage(repo, id)
        if (!image) {
          failures.push({
            imageId: { ...id },
            failureCode: 'ImageNotFound',
            failureReason: 'Requested image not found'
          })
          continue
        }
        images.push({
          registryId: ecr.registryId,
          repositoryName: repo.repositoryName,
          imageId: {
            imageDigest: image.imageDigest,
            ...(id.imageTag ? { imageTag: id.imageTag } : {})
          },
          imageManifest: image.imageManifest,
          imageManifestMediaType: image.imageManifestMediaType
        })
      }
      return { images, failures }
    },

    PutImage(body, at) {
      const repo = repository(ecr, body.repositoryName)
      requireString(body.imageManifest, 'imageManifest')
      /** @type {string} */
      const manifest = body.imageManifest
      const digest = digestOf(manifest)
      if (body.imageDigest && body.imageDigest !== digest) {
        throw new SimError(
          'ImageDigestDoesNotMatchException',
          `The supplied image digest '${body.imageDigest}' does not match the digest '${digest}' calculated for the manifest.`
        )
      }
      /** @type {string | undefined} */
      const tag = body.imageTag
      if (tag !== undefined) {
        const holder = repo.images.find(i => i.imageTags.includes(tag))
        if (holder && holder.imageDigest === digest) {
          throw new SimError(
            'ImageAlreadyExistsException',
            `Image with digest '${digest}' and tag '${tag}' already exists in the repository with name '${repo.repositoryName}' in registry with id '${ecr.registryId}'`
          )
        }
        if (holder && repo.imageTagMutability === 'IMMUTABLE') {
          throw new SimError(
            'ImageTagAlreadyExistsException',
            `The image tag '${tag}' already exists in the '${repo.repositoryName}' repository and cannot be overwritten because the repository is immutable.`
          )
        }
      } else if (repo.images.some(i => i.imageDigest === digest)) {
        throw new SimError(
          'ImageAlreadyExistsException',
          `Image with digest '${digest}' already exists in the repository with name '${repo.repositoryName}' in registry with id '${ecr.registryId}'`
        )
      }
      const mediaType = body.imageManifestMediaType ?? mediaTypeOf(manifest)
      const image = ecr.putManifest(repo, manifest, mediaType, tag ? [tag] : [], at)
      return {
        image: {
          registryId: ecr.registryId,
          repositoryName: repo.repositoryName,
          imageId: { imageDigest: image.imageDigest, ...(tag ? { imageTag: tag } : {}) },
          imageManifest: image.imageManifest,
          imageManifestMediaType: image.imageManifestMediaType
        }
      }
    },

    GetDownloadUrlForLayer(body) {
      const repo = repository(ecr, body.repositoryName)
      requireString(body.layerDigest, 'layerDigest')
      /** @type {string} */
      const digest = body.layerDigest
      const named = repo.images.some(image => image.imageManifest.includes(`"${digest}"`))
      if (!named || !ecr.blobs.has(digest))
        throw new SimError(
          'LayersNotFoundException',
          `The image layer '${digest}' does not exist in the repository with name '${repo.repositoryName}' in the registry with id '${ecr.registryId}'`
        )
      return { downloadUrl: urls.blobUrl(digest), layerDigest: digest }
    },

    GetAuthorizationToken(_body, at) {
      return {
        authorizationData: [
          {
            authorizationToken: Buffer.from(`AWS:${ecr.authPassword}`).toString('base64'),
            expiresAt: toEpochSeconds(at + 12 * 3600 * 1000),
            proxyEndpoint: `https://${ecr.registryHost}`
          }
        ]
      }
    }
  }
}

/** @param {string} manifest */
function mediaTypeOf(manifest) {
  try {
    return JSON.parse(manifest).mediaType ?? DOCKER_MANIFEST_V2
  } catch {
    return DOCKER_MANIFEST_V2
  }
}
