// @ts-check
/**
 * Minimal ECR: repositories holding images (manifest + digest + tags), enough for a "promote"
 * flow (find the image by its commit-SHA tag, add a release tag with PutImage) without Docker.
 */
import { createHash } from 'node:crypto'
import { ACCOUNT, REGISTRY_HOST, arn } from './ids.js'

export const DOCKER_MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json'

/**
 * @typedef {object} Image
 * @property {string} imageDigest
 * @property {string} imageManifest
 * @property {string} imageManifestMediaType
 * @property {string[]} imageTags
 * @property {number} imagePushedAt  ms
 * @property {number} imageSizeInBytes
 */

/**
 * @typedef {object} Repository
 * @property {string} repositoryName
 * @property {string} repositoryArn
 * @property {string} repositoryUri
 * @property {'MUTABLE'|'IMMUTABLE'} imageTagMutability
 * @property {number} createdAt ms
 * @property {Image[]} images
 */

/** @param {string} text */
export const sha256 = text => createHash('sha256').update(text).digest('hex')

/** @param {string} manifest */
export const digestOf = manifest => `sha256:${sha256(manifest)}`

/** The label an image's commit is kept in (ecs-flow's dockerize sets it). */
export const REVISION_LABEL = 'org.opencontainers.image.revision'

/**
 * A plausible Docker schema-2 image, deterministic for a given seed string: its manifest and
 * its config blob (which the manifest names by its real digest), with `labels`.
 * @param {string} seed @param {Record<string, string>} [labels]
 */
export function fakeImage(seed, labels = {}) {
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'], Labels: labels },
    rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(`diff:${seed}`)}`] }
  })
  const manifest = JSON.stringify(
    {
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST_V2,
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: Buffer.byteLength(config),
        digest: digestOf(config)
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          size: 2811478,
          digest: `sha256:${sha256(`layer:${seed}`)}`
        }
      ]
    },
    null,
    3
  )
  return { manifest, config }
}

/** Total size of the layers a manifest names (what ECR reports as imageSizeInBytes). @param {string} manifest */
function sizeOf(manifest) {
  try {
    const m = JSON.parse(manifest)
    return (m.layers ?? []).reduce(
      (/** @type {number} */ s, /** @type {{size?: number}} */ l) => s + (l.size ?? 0),
      0
    )
  } catch {
    return 0
  }
}

export class EcrWorld {
  /** @param {{authPassword?: string}} [opts] */
  constructor(opts = {}) {
    /** @type {Map<string, Repository>} */
    this.repositories = new Map()
    this.registryId = ACCOUNT
    this.registryHost = REGISTRY_HOST
    this.authPassword = opts.authPassword ?? `${ACCOUNT}-auth-token`
    /** Blobs (image configs) by digest, served at GET /_sim/ecr-blobs/<digest>. @type {Map<string, string>} */
    this.blobs = new Map()
  }

  /** @param {string} text */
  addBlob(text) {
    this.blobs.set(digestOf(text), text)
  }

  /** @param {string} name @param {number} at @param {'MUTABLE'|'IMMUTABLE'} [mutability] */
  addRepository(name, at, mutability = 'MUTABLE') {
    /** @type {Repository} */
    const repo = {
      repositoryName: name,
      repositoryArn: arn.repository(name),
      repositoryUri: `${REGISTRY_HOST}/${name}`,
      imageTagMutability: mutability,
      createdAt: at,
      images: []
    }
    this.repositories.set(name, repo)
    return repo
  }

  /**
   * Store a manifest (or find it by digest) and point `tags` at it. Moves tags away from other
   * images (callers check mutability first).
   * @param {Repository} repo @param {string} manifest @param {string} mediaType @param {string[]} tags @param {number} at
   */
  putManifest(repo, manifest, mediaType, tags, at) {
    const digest = digestOf(manifest)
    let image = repo.images.find(i => i.imageDigest === digest)
    if (!image) {
      image = {
        imageDigest: digest,
        imageManifest: manifest,
        imageManifestMediaType: mediaType,
        imageTags: [],
        imagePushedAt: at,
        imageSizeInBytes: sizeOf(manifest)
      }
      repo.images.push(image)
    }
    for (const tag of tags) {
      for (const other of repo.images) {
        if (other !== image) other.imageTags = other.imageTags.filter(t => t !== tag)
      }
      if (!image.imageTags.includes(tag)) image.imageTags.push(tag)
    }
    return image
  }

  /** @param {Repository} repo @param {{imageDigest?: string, imageTag?: string}} id */
  findImage(repo, id) {
    return repo.images.find(
      i =>
        (id.imageDigest === undefined || i.imageDigest === id.imageDigest) &&
        (id.imageTag === undefined || i.imageTags.includes(id.imageTag)) &&
        (id.imageDigest !== undefined || id.imageTag !== undefined)
    )
  }
}
