/** One revision of a task-definition family, read from its ARN or `family:revision`. */
export interface RevisionRef {
  /** As given: the full ARN when the listing returned one. */
  arn: string
  family: string
  revision: number
}

// The family's characters are the ones RegisterTaskDefinition accepts.
const REVISION =
  /^(?:arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/)?([A-Za-z0-9_-]{1,255}):([1-9]\d*)$/

/** The family and revision of `arn:...:task-definition/web:7` or `web:7`; undefined for anything else. */
export function parseRevision(arnOrRef: string): RevisionRef | undefined {
  const match = REVISION.exec(arnOrRef)
  if (!match) return undefined
  return { arn: arnOrRef, family: match[1]!, revision: Number(match[2]) }
}

/** The same revision whatever form it was written in: region and account are the caller's. */
export function revisionKey(ref: Pick<RevisionRef, 'family' | 'revision'>): string {
  return `${ref.family}:${ref.revision}`
}
