import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../__fixtures__/run-action.js'
import { majorTag, releaseNotes, releaseProblems } from '../.github/scripts/release-check.js'

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.2.0] - 2026-05-04

### Added

- Output url.

## [1.1.0] - 2026-04-01

- Older.
`

describe('release-check', () => {
  it('the major tag of v1.2.3 is v1', () => {
    expect(majorTag('v1.2.3')).toBe('v1')
    expect(majorTag('v10.0.0')).toBe('v10')
    expect(() => majorTag('v1.2')).toThrow('"v1.2" is not a release tag vMAJOR.MINOR.PATCH')
  })

  it("takes the version's changelog section as the release notes", () => {
    expect(releaseNotes(CHANGELOG, '1.2.0')).toBe('### Added\n\n- Output url.')
    expect(releaseNotes(CHANGELOG, '1.1.0')).toBe('- Older.')
    expect(releaseNotes(CHANGELOG, '1.3.0')).toBeUndefined()
  })

  it('a release that matches package.json and has notes has no problems', () => {
    expect(
      releaseProblems({ tag: 'v1.2.0', packageVersion: '1.2.0', changelog: CHANGELOG })
    ).toEqual([])
  })

  it('names the file and the fix for each problem', () => {
    expect(
      releaseProblems({ tag: 'v1.3.0', packageVersion: '1.2.0', changelog: CHANGELOG })
    ).toEqual([
      'package.json: version is 1.2.0, the tag is v1.3.0: set "version": "1.3.0" and tag that commit',
      'CHANGELOG.md: no "## [1.3.0] - YYYY-MM-DD" section: move the Unreleased entries under it'
    ])
    expect(
      releaseProblems({
        tag: 'v0.0.1',
        packageVersion: '0.0.1',
        changelog: '## [0.0.1] - 2026-01-01\n\n## [0.0.0]\n'
      })
    ).toEqual(['CHANGELOG.md: the section [0.0.1] is empty: say what changed'])
    expect(
      releaseProblems({ tag: 'v1-prod', packageVersion: '1.0.0', changelog: CHANGELOG })
    ).toEqual(['tag "v1-prod" is not vMAJOR.MINOR.PATCH: tag the release as v1.2.3'])
  })

  it("the repository's CHANGELOG.md has an Unreleased section to release from", () => {
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')
    expect(releaseNotes(changelog, 'Unreleased')).toMatch(/^### Added/)
  })
})
