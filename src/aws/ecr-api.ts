import { AwsCallError } from './call-error.js'

/**
 * The narrow ECR interface the steps use, in our own small types. The SDK adapter in
 * ecr-client.ts implements it; tests use fakes. "Not found" is `undefined`, not an exception:
 * for the steps it is an answer, not a failure.
 */
export interface EcrApi {
  /** The region the client talks to, for error messages. */
  region(): Promise<string>
  describeRepository(name: string): Promise<EcrRepository | undefined>
  createRepository(name: string, options: CreateRepositoryOptions): Promise<EcrRepository>
  /** The image a tag points to (DescribeImages), or undefined when the tag is not in the repository. */
  findImage(repository: string, tag: string): Promise<EcrImage | undefined>
  /**
   * The manifest (single-arch or multi-arch index) a tag or a digest (`sha256:…`) points to
   * (BatchGetImage), byte for byte.
   */
  getManifest(repository: string, tagOrDigest: string): Promise<EcrManifest | undefined>
  /**
   * Where a blob of the repository (a layer, or an image's config) can be downloaded
   * (GetDownloadUrlForLayer): a short-lived URL, not a secret of ours, but not printed either.
   */
  blobUrl(repository: string, digest: string): Promise<string>
  /**
   * Points `tag` at an existing manifest (PutImage): no layers move. Resolves 'already-tagged'
   * when ECR says the tag already names this manifest; throws EcrTagConflictError when an
   * immutable repository refuses to move the tag.
   */
  putImageTag(repository: string, tag: string, manifest: EcrManifest): Promise<PutImageTagOutcome>
  /**
   * Every image of the repository with its tags and push time (DescribeImages, paged). Bounded:
   * past the adapter's page limit it fails rather than choose from part of the listing.
   */
  listImages(repository: string): Promise<EcrImageDetail[]>
  /** Docker credentials for the account's registry (GetAuthorizationToken, decoded). */
  getAuthorization(): Promise<EcrAuthorization>
}

export type TagMutability =
  'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION'

export interface EcrRepository {
  name: string
  /** `<registry>/<name>`, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/web */
  uri: string
  /** The registry host, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com */
  registry: string
  tagMutability: TagMutability
}

export interface CreateRepositoryOptions {
  immutableTags: boolean
  scanOnPush: boolean
}

export interface EcrImage {
  digest: string
}

export interface EcrImageDetail {
  digest: string
  tags: string[]
  /** Milliseconds since the epoch. */
  pushedAt?: number
}

export interface EcrManifest {
  digest: string
  mediaType: string
  /** The exact manifest text: re-serialising it would change its digest. */
  manifest: string
}

export type PutImageTagOutcome = 'tagged' | 'already-tagged'

export interface EcrAuthorization {
  username: string
  /** Secret: mask it before anything else, and pass it on stdin only. */
  password: string
}

/** The manifest media types ECS can run: docker v2 and OCI, single-arch and multi-arch. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json'
] as const

/** An ECR call that failed: the operation, the AWS code, whether another try may help. */
export class EcrCallError extends AwsCallError {
  override name = 'EcrCallError'
}

/** ECR refused to move a tag in an immutable repository. */
export class EcrTagConflictError extends EcrCallError {
  constructor(
    readonly repository: string,
    readonly tag: string,
    message: string
  ) {
    super(message, 'PutImage', 'ImageTagAlreadyExistsException', false)
    this.name = 'EcrTagConflictError'
  }
}
