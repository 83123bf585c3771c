import {
  EcrTagConflictError,
  type CreateRepositoryOptions,
  type EcrApi,
  type EcrAuthorization,
  type EcrImage,
  type EcrImageDetail,
  type EcrManifest,
  type EcrRepository,
  type PutImageTagOutcome,
  type TagMutability
} from '../src/aws/ecr-api.js'

export const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
export const ECR_PASSWORD = 'fake-ecr-password-Zq8'

interface StoredImage extends EcrManifest {
  tags: string[]
  /** When it was pushed (ms); listImages reports it. */
  pushedAt?: number
}

/** An in-memory ECR with real ECR's tag rules; records every call by name. */
export class FakeEcr implements EcrApi {
  readonly calls: string[] = []
  readonly puts: { repository: string; tag: string; manifest: EcrManifest }[] = []
  readonly created: { name: string; options: CreateRepositoryOptions }[] = []
  private readonly repositories = new Map<
    string,
    { repository: EcrRepository; images: StoredImage[] }
  >()
  /** Some emulators (moto) answer ImageAlreadyExists also when an immutable tag names another image. */
  alreadyExistsOnConflict = false

  addRepository(name: string, tagMutability: TagMutability = 'IMMUTABLE'): EcrRepository {
    const repository = { name, uri: `${REGISTRY}/${name}`, registry: REGISTRY, tagMutability }
    this.repositories.set(name, { repository, images: [] })
    return repository
  }

  addImage(repository: string, image: StoredImage): void {
    this.store(repository).images.push({ ...image, tags: [...image.tags] })
  }

  /**
   * What `docker push <uri>:<tag>` does to the registry (not an ECR API call: nothing is
   * recorded): the image is stored and the tag moves to it, refused as ECR refuses it when an
   * immutable tag names another image.
   */
  receivePush(repository: string, tag: string, image: Omit<StoredImage, 'tags'>): void {
    const store = this.store(repository)
    const holder = this.tagged(repository, tag)
    if (holder?.digest === image.digest) return
    if (holder && store.repository.tagMutability === 'IMMUTABLE') {
      throw new Error(
        `tag invalid: The image tag '${tag}' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`
      )
    }
    if (holder) holder.tags = holder.tags.filter(other => other !== tag)
    const target = store.images.find(stored => stored.digest === image.digest)
    if (target) target.tags.push(tag)
    else store.images.push({ ...image, tags: [tag] })
  }

  tagsOf(repository: string, digest: string): string[] {
    return this.store(repository).images.find(image => image.digest === digest)?.tags ?? []
  }

  async region(): Promise<string> {
    return 'us-east-1'
  }

  async describeRepository(name: string): Promise<EcrRepository | undefined> {
    this.calls.push(`describeRepository ${name}`)
    return this.repositories.get(name)?.repository
  }

  async createRepository(name: string, options: CreateRepositoryOptions): Promise<EcrRepository> {
    this.calls.push(`createRepository ${name}`)
    this.created.push({ name, options })
    return this.addRepository(name, options.immutableTags ? 'IMMUTABLE' : 'MUTABLE')
  }

  async findImage(repository: string, tag: string): Promise<EcrImage | undefined> {
    this.calls.push(`findImage ${repository}:${tag}`)
    const image = this.tagged(repository, tag)
    return image && { digest: image.digest }
  }

  async listImages(repository: string): Promise<EcrImageDetail[]> {
    this.calls.push(`listImages ${repository}`)
    return this.store(repository).images.map(image => ({
      digest: image.digest,
      tags: [...image.tags],
      ...(image.pushedAt !== undefined ? { pushedAt: image.pushedAt } : {})
    }))
  }

  async getManifest(repository: string, tag: string): Promise<EcrManifest | undefined> {
    this.calls.push(`getManifest ${repository}:${tag}`)
    const image = tag.startsWith('sha256:')
      ? this.store(repository).images.find(stored => stored.digest === tag)
      : this.tagged(repository, tag)
    return image && { digest: image.digest, mediaType: image.mediaType, manifest: image.manifest }
  }

  /** Blobs (image configs) by digest, served at `fake-blob://<repository>/<digest>`. */
  readonly blobs = new Map<string, string>()

  async blobUrl(repository: string, digest: string): Promise<string> {
    this.calls.push(`blobUrl ${repository}@${digest}`)
    this.store(repository)
    return `fake-blob://${repository}/${digest}`
  }

  async putImageTag(
    repository: string,
    tag: string,
    manifest: EcrManifest
  ): Promise<PutImageTagOutcome> {
    this.calls.push(`putImageTag ${repository}:${tag}`)
    this.puts.push({ repository, tag, manifest })
    const store = this.store(repository)
    const holder = this.tagged(repository, tag)
    if (holder?.digest === manifest.digest) return 'already-tagged'
    if (holder && store.repository.tagMutability === 'IMMUTABLE') {
      if (this.alreadyExistsOnConflict) return 'already-tagged'
      throw new EcrTagConflictError(
        repository,
        tag,
        `The image tag '${tag}' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`
      )
    }
    if (holder) holder.tags = holder.tags.filter(other => other !== tag)
    const target = store.images.find(image => image.digest === manifest.digest)
    if (target) target.tags.push(tag)
    else store.images.push({ ...manifest, tags: [tag] })
    return 'tagged'
  }

  async getAuthorization(): Promise<EcrAuthorization> {
    this.calls.push('getAuthorization')
    return { username: 'AWS', password: ECR_PASSWORD }
  }

  private tagged(repository: string, tag: string): StoredImage | undefined {
    return this.store(repository).images.find(image => image.tags.includes(tag))
  }

  private store(repository: string) {
    const store = this.repositories.get(repository)
    if (!store) throw new Error(`RepositoryNotFoundException: ${repository}`)
    return store
  }
}
