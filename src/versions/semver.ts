/** A semantic version (MAJOR.MINOR.PATCH, pre-release, build): build metadata is kept but never compared. */
export interface SemanticVersion {
  major: string
  minor: string
  patch: string
  /** Dot-separated pre-release identifiers; empty for a release. */
  prerelease: string[]
  build?: string
}

const NUMBER = '0|[1-9]\\d*'
const IDENTIFIER = `(?:${NUMBER}|\\d*[A-Za-z-][0-9A-Za-z-]*)`
const SEMVER = new RegExp(
  `^(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})` +
    `(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?` +
    `(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`
)

/** `1.4.0`, `1.4.0-rc.1`, `1.4.0+build.5`; undefined for anything else (no `v`, no `1.4`). */
export function parseSemver(text: string): SemanticVersion | undefined {
  const match = SEMVER.exec(text)
  if (!match) return undefined
  const [, major, minor, patch, prerelease, build] = match
  return {
    major: major!,
    minor: minor!,
    patch: patch!,
    prerelease: prerelease === undefined ? [] : prerelease.split('.'),
    ...(build !== undefined ? { build } : {})
  }
}

/** Negative when a < b, positive when a > b, 0 when they are equal (build metadata ignored). */
export function compareSemver(a: SemanticVersion, b: SemanticVersion): number {
  return (
    compareNumbers(a.major, b.major) ||
    compareNumbers(a.minor, b.minor) ||
    compareNumbers(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  )
}

export function formatSemver(version: SemanticVersion): string {
  const core = `${version.major}.${version.minor}.${version.patch}`
  return version.prerelease.length > 0 ? `${core}-${version.prerelease.join('.')}` : core
}

/** Digit strings without leading zeros: longer is larger, else compare as text (no overflow). */
function compareNumbers(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A release is above its pre-releases; identifiers compare one by one, numbers as numbers and
 * below words, and a longer list wins when all before are equal.
 */
function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifiers(a[i]!, b[i]!)
    if (order !== 0) return order
  }
  return a.length - b.length
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a)
  const bNumeric = /^\d+$/.test(b)
  if (aNumeric && bNumeric) return compareNumbers(a, b)
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}
