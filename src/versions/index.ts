export { compareSemver, formatSemver, parseSemver, type SemanticVersion } from './semver.js'
export {
  DEFAULT_RELEASE_SUFFIXES,
  highestVersionTag,
  parseVersionTag,
  type VersionTag,
  type VersionTagOptions
} from './version-tags.js'
