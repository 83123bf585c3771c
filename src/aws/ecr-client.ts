import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  PutImageCommand,
  type Repository
} from '@aws-sdk/client-ecr'
import {
  awsCaller,
  boundedClientConfig,
  callContext,
  DEFAULT_CALL_BOUNDS,
  type AwsCaller,
  type CallBounds
} from './aws-call.js'
import { awsErrorCode, isNotFound } from './call-error.js'
import {
  EcrCallError,
  EcrTagConflictError,
  MANIFEST_MEDIA_TYPES,
  type CreateRepositoryOptions,
  type EcrApi,
  type EcrAuthorization,
  type EcrImage,
  type EcrImageDetail,
  type EcrManifest,
  type EcrRepository,
  type PutImageTagOutcome,
  type TagMutability
} from './ecr-api.js'

/** DescribeImages pages (of up to 1,000 images) read to list a repository. */
const LIST_IMAGES_MAX_PAGES = 10

/**
 * The real client: region, credentials and AWS_ENDPOINT_URL_ECR come from the environment;
 * every call is bounded (`bounds`, see aws-call.ts).
 */
export function createEcrApi(
  env: NodeJS.ProcessEnv = process.env,
  bounds: CallBounds = DEFAULT_CALL_BOUNDS
): EcrApi {
  const client = new ECRClient(boundedClientConfig(env, bounds))
  return new SdkEcrApi(client, { bounds, env })
}

/**
 * EcrApi over `@aws-sdk/client-ecr`: translates SDK shapes and "not found" errors into ours;
 * every other failure is an EcrCallError naming the operation.
 */
export class SdkEcrApi implements EcrApi {
  private readonly call: AwsCaller

  constructor(
    private readonly client: ECRClient,
    options: { bounds?: CallBounds; env?: NodeJS.ProcessEnv } = {}
  ) {
    this.call = awsCaller('ECR', 'ecr', callContext(EcrCallError, options))
  }

  async region(): Promise<string> {
    return this.client.config.region()
  }

  async describeRepository(name: string): Promise<EcrRepository | undefined> {
    try {
      const answer = await this.call(
        'DescribeRepositories',
        `repository ${name}`,
        'read',
        abortSignal =>
          this.client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }), {
            abortSignal
          })
      )
      const repository = answer.repositories?.[0]
      return repository ? toRepository(repository, name) : undefined
    } catch (error) {
      if (isNotFound(error, 'Repository')) return undefined
      throw error
    }
  }

  async createRepository(name: string, options: CreateRepositoryOptions): Promise<EcrRepository> {
    let answer
    try {
      answer = await this.call('CreateRepository', `repository ${name}`, 'write', abortSignal =>
        this.client.send(
          new CreateRepositoryCommand({
            repositoryName: name,
            imageTagMutability: options.immutableTags ? 'IMMUTABLE' : 'MUTABLE',
            imageScanningConfiguration: { scanOnPush: options.scanOnPush }
          }),
          { abortSignal }
        )
      )
    } catch (error) {
      // Another job created it between our DescribeRepositories and CreateRepository.
      if (awsErrorCode(error) !== 'RepositoryAlreadyExistsException') throw error
      const existing = await this.describeRepository(name)
      if (!existing) throw error
      return existing
    }
    if (!answer.repository)
      throw new Error(`ECR CreateRepository returned no repository for ${name}`)
    return toRepository(answer.repository, name)
  }

  async findImage(repository: string, tag: string): Promise<EcrImage | undefined> {
    try {
      const answer = await this.call(
        'DescribeImages',
        `tag ${tag} in repository ${repository}`,
        'read',
        abortSignal =>
          this.client.send(
            new DescribeImagesCommand({
              repositoryName: repository,
              imageIds: [{ imageTag: tag }]
            }),
            { abortSignal }
          )
      )
      const detail =
        answer.imageDetails?.find(image => image.imageTags?.includes(tag)) ??
        answer.imageDetails?.[0]
      return detail?.imageDigest ? { digest: detail.imageDigest } : undefined
    } catch (error) {
      if (isNotFound(error, 'Image')) return undefined
      throw error
    }
  }

  async listImages(repository: string): Promise<EcrImageDetail[]> {
    const images: EcrImageDetail[] = []
    let nextToken: string | undefined
    for (let page = 1; page <= LIST_IMAGES_MAX_PAGES; page++) {
      const answer = await this.call(
        'DescribeImages',
        `images of repository ${repository}`,
        'read',
        abortSignal =>
          this.client.send(
            new DescribeImagesCommand({ repositoryName: repository, maxResults: 1000, nextToken }),
            { abortSignal }
          )
      )
      for (const detail of answer.imageDetails ?? []) {
        if (!detail.imageDigest) continue
        images.push({
          digest: detail.imageDigest,
          tags: detail.imageTags ?? [],
          ...(detail.imagePushedAt ? { pushedAt: detail.imagePushedAt.getTime() } : {})
        })
      }
      nextToken = answer.nextToken
      if (!nextToken) return images
    }
    throw new EcrCallError(
      `ECR DescribeImages of repository ${repository} has more than ${LIST_IMAGES_MAX_PAGES * 1000} images; choose the image by its commit (--sha) instead`,
      'DescribeImages',
      'TooManyImages',
      false
    )
  }

  async getManifest(repository: string, tag: string): Promise<EcrManifest | undefined> {
    // Tags cannot hold a colon: `sha256:…` is a digest.
    const byDigest = tag.startsWith('sha256:')
    const answer = await this.call(
      'BatchGetImage',
      `${byDigest ? 'image' : 'tag'} ${tag} in repository ${repository}`,
      'read',
      abortSignal =>
        this.client.send(
          new BatchGetImageCommand({
            repositoryName: repository,
            imageIds: [byDigest ? { imageDigest: tag } : { imageTag: tag }],
            acceptedMediaTypes: [...MANIFEST_MEDIA_TYPES]
          }),
          { abortSignal }
        )
    )
    const image = answer.images?.[0]
    if (image?.imageManifest && image.imageId?.imageDigest) {
      return {
        digest: image.imageId.imageDigest,
        manifest: image.imageManifest,
        mediaType: image.imageManifestMediaType ?? declaredMediaType(image.imageManifest)
      }
    }
    const failure = answer.failures?.[0]
    if (
      !failure ||
      failure.failureCode === 'ImageNotFound' ||
      failure.failureCode === 'ImageTagDoesNotMatchDigest'
    ) {
      return undefined
    }
    throw new Error(
      `ECR BatchGetImage of ${repository}:${tag} failed: ${failure.failureCode ?? 'unknown'} ${failure.failureReason ?? ''}`.trim()
    )
  }

  async blobUrl(repository: string, digest: string): Promise<string> {
    const answer = await this.call(
      'GetDownloadUrlForLayer',
      `blob ${digest} in repository ${repository}`,
      'read',
      abortSignal =>
        this.client.send(
          new GetDownloadUrlForLayerCommand({ repositoryName: repository, layerDigest: digest }),
          { abortSignal }
        )
    )
    if (!answer.downloadUrl)
      throw new EcrCallError(
        `ECR GetDownloadUrlForLayer returned no URL for ${digest} in repository ${repository}`,
        'GetDownloadUrlForLayer',
        'NoDownloadUrl',
        false
      )
    return answer.downloadUrl
  }

  async putImageTag(
    repository: string,
    tag: string,
    manifest: EcrManifest
  ): Promise<PutImageTagOutcome> {
    try {
      await this.call('PutImage', `tag ${tag} in repository ${repository}`, 'write', abortSignal =>
        this.client.send(
          new PutImageCommand({
            repositoryName: repository,
            imageTag: tag,
            imageManifest: manifest.manifest,
            imageManifestMediaType: manifest.mediaType,
            imageDigest: manifest.digest
          }),
          { abortSignal }
        )
      )
      return 'tagged'
    } catch (error) {
      const code = awsErrorCode(error)
      if (code === 'ImageAlreadyExistsException') return 'already-tagged'
      if (code === 'ImageTagAlreadyExistsException') {
        throw new EcrTagConflictError(repository, tag, (error as Error).message)
      }
      throw error
    }
  }

  async getAuthorization(): Promise<EcrAuthorization> {
    const answer = await this.call(
      'GetAuthorizationToken',
      'the registry of this account',
      'read',
      abortSignal => this.client.send(new GetAuthorizationTokenCommand({}), { abortSignal })
    )
    const data = answer.authorizationData?.[0]
    if (!data?.authorizationToken) {
      throw new Error('ECR GetAuthorizationToken returned no authorization data')
    }
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    // Never echo the token or its decoded text: it is the password.
    if (colon <= 0)
      throw new Error('ECR GetAuthorizationToken returned a token that is not "user:password"')
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  }
}

function toRepository(repository: Repository, requestedName: string): EcrRepository {
  const name = repository.repositoryName ?? requestedName
  const uri = repository.repositoryUri
  if (!uri) throw new Error(`ECR returned no repositoryUri for ${name}`)
  return {
    name,
    uri,
    registry: registryHost(uri),
    tagMutability: (repository.imageTagMutability ?? 'MUTABLE') as TagMutability
  }
}

/** `https://123.dkr.ecr.r.amazonaws.com` or `123.dkr.ecr.r.amazonaws.com/web` → the host. */
export function registryHost(endpointOrUri: string): string {
  return endpointOrUri.replace(/^[a-z]+:\/\//i, '').split('/')[0]!
}

/**
 * Images pushed by some clients have no media type recorded in ECR; the manifest declares one,
 * or (OCI makes the field optional) its shape tells: an index lists manifests, an OCI manifest
 * has an OCI config.
 */
export function declaredMediaType(manifest: string): string {
  let parsed: { mediaType?: unknown; manifests?: unknown; config?: { mediaType?: unknown } } = {}
  try {
    parsed = JSON.parse(manifest) as typeof parsed
  } catch {
    // fall through to the default: ECR only stores JSON manifests, but do not fail on a surprise
  }
  if (typeof parsed.mediaType === 'string') return parsed.mediaType
  if (Array.isArray(parsed.manifests)) return 'application/vnd.oci.image.index.v1+json'
  if (parsed.config?.mediaType === 'application/vnd.oci.image.config.v1+json') {
    return 'application/vnd.oci.image.manifest.v1+json'
  }
  return 'application/vnd.docker.distribution.manifest.v2+json'
}
