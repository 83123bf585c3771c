import {
  EcrTagConflictError,
  type EcrApi,
  type EcrManifest,
  type PutImageTagOutcome
} from './ecr-api.js'

/**
 * What became of a tag: `elsewhere` = it names another image (`digest`, when ECR still says
 * which) and was left there. Whether that is an error or a warning is the caller's decision.
 */
export type TagResult =
  { outcome: PutImageTagOutcome } | { outcome: 'elsewhere'; digest: string | undefined }

export interface PointTagOptions {
  /**
   * Never move a tag that names another image, even where ECR would (a mutable repository):
   * release tags. Without it, only ECR's immutable-tag refusal leaves a tag where it is.
   */
  neverMove?: boolean
}

/**
 * Points `tag` at `manifest` through the ECR API (PutImage of the same manifest: nothing is
 * pulled or pushed, no layer moves). Used for the extra `tags` of a built image and for the
 * release tag of a promote.
 */
export async function pointTag(
  ecr: EcrApi,
  repository: string,
  tag: string,
  manifest: EcrManifest,
  options: PointTagOptions = {}
): Promise<TagResult> {
  const elsewhere = (digest: string | undefined): TagResult => ({ outcome: 'elsewhere', digest })
  if (options.neverMove) {
    // Checked first: a mutable repository would silently move the tag away from another image.
    const current = await ecr.findImage(repository, tag)
    if (current) {
      return current.digest === manifest.digest
        ? { outcome: 'already-tagged' }
        : elsewhere(current.digest)
    }
  }
  let outcome: PutImageTagOutcome
  try {
    outcome = await ecr.putImageTag(repository, tag, manifest)
  } catch (error) {
    if (!(error instanceof EcrTagConflictError)) throw error
    // Immutable tags: it names another image (tagged perhaps between our check and PutImage).
    return elsewhere((await ecr.findImage(repository, tag))?.digest)
  }
  if (outcome === 'already-tagged') {
    // ECR says "already exists" when the tag names this manifest; some emulators (moto) say so
    // also when an immutable tag names another one. Make sure which happened.
    const now = await ecr.findImage(repository, tag)
    if (now && now.digest !== manifest.digest) return elsewhere(now.digest)
  }
  return { outcome }
}
