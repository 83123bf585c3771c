import { createHash } from 'node:crypto'
import type { EcrApi, EcrManifest } from '../../aws/ecr-api.js'
import { printable } from '../../util/printable.js'
import { isCommitSha } from '../image-reference.js'

// The commit an image was built from, when no tag says it: the OCI revision label in the
// image's config blob (manifest → config digest → GetDownloadUrlForLayer → the blob itself).

export const REVISION_LABEL = 'org.opencontainers.image.revision'
/** Image configs are a few kilobytes; anything this big is not one. */
const CONFIG_MAX_BYTES = 1024 * 1024
const DIGEST = /^sha256:[0-9a-f]{64}$/

export interface RevisionLookup {
  ecr: EcrApi
  fetch: typeof fetch
  /** How long the blob download may take. */
  timeoutMs: number
}

/** What the label gave: the commit, or why there is none. */
export type LabelRevision = { commit: string } | { note: string }

/**
 * Reads the revision label of the image `digest` of an ECR repository. Failures (permissions,
 * a download that does not come, a blob that is not the one asked for) throw; an image without
 * the label, or with one that is not a commit SHA, is a note.
 */
export async function readRevisionLabel(
  lookup: RevisionLookup,
  repository: string,
  digest: string
): Promise<LabelRevision> {
  const manifest = await manifestOf(lookup.ecr, repository, digest)
  const platform = platformManifestDigest(manifest)
  const image = platform ? await manifestOf(lookup.ecr, repository, platform) : manifest
  const config = configDigest(image)
  const url = await lookup.ecr.blobUrl(repository, config)
  const blob = await download(lookup, url, config)
  return revisionLabel(blob)
}

async function manifestOf(ecr: EcrApi, repository: string, digest: string): Promise<EcrManifest> {
  const manifest = await ecr.getManifest(repository, digest)
  if (!manifest) throw new Error(`image ${digest} is not in ECR repository ${repository}`)
  return manifest
}

async function download(lookup: RevisionLookup, url: string, digest: string): Promise<string> {
  const response = await lookup.fetch(url, { signal: AbortSignal.timeout(lookup.timeoutMs) })
  if (!response.ok) throw new Error(`image config ${digest}: download answered ${response.status}`)
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > CONFIG_MAX_BYTES)
    throw new Error(`image config ${digest} is ${declared} bytes, too big to be an image config`)
  const bytes = Buffer.from(await response.arrayBuffer())
  if (bytes.length > CONFIG_MAX_BYTES)
    throw new Error(`image config ${digest} is over ${CONFIG_MAX_BYTES} bytes`)
  // The URL is not ours to trust: the blob must be the one the manifest names.
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  if (actual !== digest) throw new Error(`image config ${digest}: the download is ${actual}`)
  return bytes.toString('utf8')
}

/**
 * Pure: for a multi-arch index, the manifest to read (linux/amd64, else the first that is not an
 * attestation); undefined for a single-platform manifest.
 */
export function platformManifestDigest(manifest: EcrManifest): string | undefined {
  const parsed = parseJson(manifest.manifest, `manifest ${manifest.digest}`) as {
    manifests?: { digest?: unknown; platform?: { os?: unknown; architecture?: unknown } }[]
  }
  if (!Array.isArray(parsed.manifests)) return undefined
  const usable = parsed.manifests.filter(
    entry => typeof entry.digest === 'string' && DIGEST.test(entry.digest)
  )
  const chosen =
    usable.find(
      entry => entry.platform?.os === 'linux' && entry.platform.architecture === 'amd64'
    ) ?? usable.find(entry => entry.platform?.os !== 'unknown')
  if (!chosen) throw new Error(`image index ${manifest.digest} names no platform image`)
  return chosen.digest as string
}

/** Pure: the config blob's digest a single-platform manifest names. */
export function configDigest(manifest: EcrManifest): string {
  const parsed = parseJson(manifest.manifest, `manifest ${manifest.digest}`) as {
    config?: { digest?: unknown }
  }
  const digest = parsed.config?.digest
  if (typeof digest !== 'string' || !DIGEST.test(digest))
    throw new Error(`manifest ${manifest.digest} names no image config`)
  return digest
}

/** Pure: the revision label of an image config, when it is a commit SHA. */
export function revisionLabel(configText: string): LabelRevision {
  const config = parseJson(configText, 'image config') as {
    config?: { Labels?: Record<string, unknown> | null }
  }
  const value = config.config?.Labels?.[REVISION_LABEL]
  if (value === undefined || value === null || value === '')
    return { note: `the image has no ${REVISION_LABEL} label` }
  const text = String(value).toLowerCase()
  if (!isCommitSha(text))
    return {
      note: `the image's ${REVISION_LABEL} label (${printable(String(value), 60)}) is not a commit SHA`
    }
  return { commit: text }
}

function parseJson(text: string, what: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null) return parsed
  } catch {
    // reported below
  }
  throw new Error(`${what} is not a JSON object`)
}
