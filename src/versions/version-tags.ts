import { InputError } from '../util/errors.js'
import { compareSemver, parseSemver, type SemanticVersion } from './semver.js'

/**
 * The suffixes that name where a release goes (the default rules promote `*-staging` and
 * `*-prod` tags; `-dev` is the first environment). They are not pre-releases: `v1.4.0-prod`
 * is version 1.4.0, the same as `1.4.0`.
 */
export const DEFAULT_RELEASE_SUFFIXES: readonly string[] = ['prod', 'staging', 'dev']

export interface VersionTag {
  tag: string
  version: SemanticVersion
  /** The release suffix dropped from the tag, if any. */
  releaseSuffix?: string
}

export interface VersionTagOptions {
  /** Replaces the default list; case-sensitive, matched as the tag's last `-` part. */
  releaseSuffixes?: readonly string[]
}

/**
 * The version of a tag: an optional `v`, then a semantic version, then an optional release
 * suffix (`-prod`). Decisions:
 * - exactly one release suffix, matched whole and last: `1.4.0-rc.1-prod` is 1.4.0-rc.1;
 *   `1.4.0-dev.3` and `1.4.0-prod2` are pre-releases (not a suffix of the list);
 * - anything else after `-` is a pre-release, below its release (`1.4.0-rc.1` < `1.4.0`);
 * - three numbers are needed: `v1.4` and `v2` are not version tags, nor are leading zeros
 *   (`1.04.0`); build metadata (`+build.5`) is allowed and never compared.
 * Undefined for a tag that is no version.
 */
export function parseVersionTag(
  tag: string,
  options: VersionTagOptions = {}
): VersionTag | undefined {
  const suffixes = releaseSuffixes(options)
  const plain = tag.startsWith('v') || tag.startsWith('V') ? tag.slice(1) : tag
  const suffix = suffixes.find(name => plain.endsWith(`-${name}`))
  const text = suffix === undefined ? plain : plain.slice(0, -(suffix.length + 1))
  const version = parseSemver(text)
  if (!version) return undefined
  return { tag, version, ...(suffix !== undefined ? { releaseSuffix: suffix } : {}) }
}

/**
 * The tag with the highest version, or undefined when none is a version. Tags of the same
 * version (`v1.4.0-staging`, `v1.4.0-prod`) tie: the first one given wins.
 */
export function highestVersionTag(
  tags: Iterable<string>,
  options: VersionTagOptions = {}
): string | undefined {
  let best: VersionTag | undefined
  for (const tag of tags) {
    const parsed = parseVersionTag(tag, options)
    if (parsed && (!best || compareSemver(parsed.version, best.version) > 0)) best = parsed
  }
  return best?.tag
}

function releaseSuffixes(options: VersionTagOptions): readonly string[] {
  const suffixes = options.releaseSuffixes ?? DEFAULT_RELEASE_SUFFIXES
  for (const suffix of suffixes)
    if (!/^[0-9A-Za-z][0-9A-Za-z-]*$/.test(suffix))
      throw new InputError(
        'release suffixes',
        `${JSON.stringify(suffix)} is not a tag suffix`,
        'Give letters, digits and dashes, without the leading dash (prod, not -prod).'
      )
  // Longest first, so `prod` never cuts `-pre-prod` short when both are listed.
  return [...suffixes].sort((a, b) => b.length - a.length)
}
