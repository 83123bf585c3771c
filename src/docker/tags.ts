// Image tag grammar (the one docker and ECR accept): up to 128 of [A-Za-z0-9_.-], not
// starting with "." or "-".
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

export function isImageTag(tag: string): boolean {
  return TAG.test(tag)
}

/**
 * A git tag as an image tag: git allows `/` and other characters an image tag does not, so
 * `release/v1.2-prod` becomes `release-v1.2-prod`. Undefined when nothing usable is left.
 */
export function imageTagFor(name: string): string | undefined {
  const tag = name
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
  return isImageTag(tag) ? tag : undefined
}
