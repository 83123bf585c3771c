import { InputError } from '../util/errors.js'
import { parseRevision, revisionKey, type RevisionRef } from './revision-ref.js'

/** A revision that must survive the cleanup, and why (for the log). */
export interface ProtectedRevision {
  /** Full ARN or `family:revision`. */
  arn: string
  /** e.g. "running now on service web", "the rollback target", "runs on service api". */
  reason: string
}

export interface RevisionSelection {
  /** The family whose revisions are cleaned; other families in `revisions` are ignored. */
  family: string
  /** The family's ACTIVE revisions (ARNs), in any order. ListTaskDefinitions' familyPrefix also returns longer families: they are skipped. */
  revisions: readonly string[]
  /** How many of the newest revisions to keep besides the protected ones: at least 1. */
  keep: number
  protected: readonly ProtectedRevision[]
  /** The setting `keep` came from, for messages. */
  keepSetting?: string
}

export interface KeptRevision extends RevisionRef {
  reasons: string[]
}

export interface RevisionCleanup {
  /** Oldest first: a run cut short leaves the newer ones standing. */
  deregister: RevisionRef[]
  /** Newest first, with every reason each one stays. */
  kept: KeptRevision[]
}

/**
 * Which ACTIVE revisions of a family to deregister: all but the newest `keep` (by revision
 * number, not by listing order) and all but the protected ones.
 *
 * `keep: 0` is refused rather than meaning "keep only the protected ones": the newest
 * revision may be one another run has just registered and not yet deployed, so no protection
 * list can be complete, and the newest revision is always kept.
 */
export function selectRevisionsToDeregister(selection: RevisionSelection): RevisionCleanup {
  const setting = selection.keepSetting ?? 'keep'
  if (!Number.isInteger(selection.keep) || selection.keep < 1)
    throw new InputError(
      setting,
      `is ${String(selection.keep)}, but at least the newest revision must be kept (another run may have just registered it)`,
      'Give a whole number of 1 or more.'
    )

  const reasons = new Map<string, string[]>()
  for (const { arn, reason } of selection.protected) {
    const ref = parseRevision(arn)
    if (!ref)
      throw new Error(
        `protected revision ${JSON.stringify(arn)} (${reason}) is not a task definition ARN or family:revision`
      )
    const key = revisionKey(ref)
    reasons.set(key, [...(reasons.get(key) ?? []), reason])
  }

  const byKey = new Map<string, RevisionRef>()
  for (const arn of selection.revisions) {
    const ref = parseRevision(arn)
    if (!ref)
      throw new Error(
        `ListTaskDefinitions returned ${JSON.stringify(arn)}, not a task definition ARN`
      )
    if (ref.family === selection.family) byKey.set(revisionKey(ref), ref)
  }
  const newestFirst = [...byKey.values()].sort((a, b) => b.revision - a.revision)

  const deregister: RevisionRef[] = []
  const kept: KeptRevision[] = []
  newestFirst.forEach((ref, index) => {
    const why = [...(reasons.get(revisionKey(ref)) ?? [])]
    if (index < selection.keep) why.unshift(`one of the newest ${selection.keep}`)
    if (why.length > 0) kept.push({ ...ref, reasons: why })
    else deregister.push(ref)
  })
  return { deregister: deregister.reverse(), kept }
}
