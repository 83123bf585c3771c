import type { Settings, Target } from '../settings/types.js'

// A `task-definition` value that names an existing file is a file; otherwise it is a
// registered revision: `family`, `family:revision` or a task-definition ARN.
const REVISION_REFERENCE =
  /^(?:arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}(?::[1-9]\d*)?$/

/** Whether a path names a file of the workspace; the plan is pure, so main passes the real check. */
export type FileCheck = (path: string) => boolean

/** Without a file check, a value that reads as a revision reference is one. */
export const noFiles: FileCheck = () => false

export function isRevisionReference(value: string): boolean {
  return REVISION_REFERENCE.test(value)
}

/** The target with a revision reference moved from `taskDefinition` (a file) to `revision`. */
export function withTaskDefinitionSource(target: Target, isFile: FileCheck): Target {
  const value = target.taskDefinition
  if (value === undefined || isFile(value) || !isRevisionReference(value)) return target
  return { ...target, taskDefinition: undefined, revision: value }
}

/**
 * A revision deployed exactly: the target names one, and the release has no image to set (no
 * `image` input, no `ecr-repository` to build into or find the commit's image in).
 */
export function deploysRevisionAsIs(settings: Settings, target: Target | undefined): boolean {
  return target?.revision !== undefined && !settings.image && !settings.ecrRepository
}

export function asIsReason(target: Target): string {
  return `task-definition is the registered revision ${target.revision} and no image or ecr-repository is set: it is deployed as it is`
}
