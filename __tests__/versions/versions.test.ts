import { describe, expect, it } from '@jest/globals'
import { compareSemver, formatSemver, parseSemver } from '../../src/versions/semver.js'
import { highestVersionTag, parseVersionTag } from '../../src/versions/version-tags.js'
import { InputError } from '../../src/util/errors.js'

describe('parseVersionTag', () => {
  it.each([
    // [tag, version, release suffix]
    ['1.4.0', '1.4.0', undefined],
    ['v1.4.0', '1.4.0', undefined],
    ['V1.4.0', '1.4.0', undefined],
    ['v1.4.0-prod', '1.4.0', 'prod'],
    ['v1.4.0-staging', '1.4.0', 'staging'],
    ['1.4.0-dev', '1.4.0', 'dev'],
    ['v1.4.0-rc.1', '1.4.0-rc.1', undefined],
    ['v1.4.0-rc.1-prod', '1.4.0-rc.1', 'prod'],
    ['1.4.0-dev.3', '1.4.0-dev.3', undefined], // not exactly a suffix: a pre-release
    ['1.4.0-prod2', '1.4.0-prod2', undefined],
    ['1.4.0-prod-prod', '1.4.0-prod', 'prod'], // one suffix only
    ['1.4.0+build.5-prod', '1.4.0', 'prod'],
    ['12345678901234567890.0.0', '12345678901234567890.0.0', undefined]
  ])('%s is %s', (tag, version, suffix) => {
    const parsed = parseVersionTag(tag)
    expect(parsed && formatSemver(parsed.version)).toBe(version)
    expect(parsed?.releaseSuffix).toBe(suffix)
    expect(parsed?.tag).toBe(tag)
  })

  it.each([
    'latest',
    'v1.4',
    'v2',
    '1.04.0',
    '01.4.0',
    'v1.4.0.1',
    'vv1.4.0',
    ' 1.4.0',
    '1.4.0-',
    '1.4.0-rc..1',
    '1.4.0-rc.01', // numeric identifiers have no leading zeros
    'release-1.4.0',
    '1.4.0-prod ',
    '-prod',
    ''
  ])('%j is not a version tag', tag => {
    expect(parseVersionTag(tag)).toBeUndefined()
  })

  it('takes the release suffixes it is given, longest first', () => {
    const options = { releaseSuffixes: ['prod', 'pre-prod', 'qa'] }
    expect(parseVersionTag('1.0.0-pre-prod', options)?.releaseSuffix).toBe('pre-prod')
    expect(parseVersionTag('1.0.0-qa', options)?.releaseSuffix).toBe('qa')
    // dev is no longer a suffix: a pre-release.
    expect(parseVersionTag('1.0.0-dev', options)?.releaseSuffix).toBeUndefined()
    expect(formatSemver(parseVersionTag('1.0.0-dev', options)!.version)).toBe('1.0.0-dev')
  })

  it.each(['-prod', '', 'pr od'])('refuses the release suffix %j', suffix => {
    expect(() => parseVersionTag('1.0.0', { releaseSuffixes: [suffix] })).toThrow(InputError)
    expect(() => parseVersionTag('1.0.0', { releaseSuffixes: [suffix] })).toThrow(
      `release suffixes: ${JSON.stringify(suffix)} is not a tag suffix. Give letters, digits and dashes, without the leading dash (prod, not -prod).`
    )
  })
})

describe('compareSemver', () => {
  // Each list ascending: numbers as numbers, pre-releases below their release.
  it.each([
    [['1.0.0', '2.0.0', '2.1.0', '2.1.1']],
    [['1.9.3', '1.10.0', '1.11.0', '10.0.0']],
    [
      [
        '1.0.0-alpha',
        '1.0.0-alpha.1',
        '1.0.0-alpha.beta',
        '1.0.0-beta',
        '1.0.0-beta.2',
        '1.0.0-beta.11',
        '1.0.0-rc.1',
        '1.0.0'
      ]
    ],
    [['1.0.0-2', '1.0.0-10', '1.0.0-a']],
    [['9999999999999999999.0.0', '10000000000000000000.0.0']]
  ])('%j ascends', versions => {
    for (let i = 0; i + 1 < versions.length; i++) {
      const lower = parseSemver(versions[i]!)!
      const higher = parseSemver(versions[i + 1]!)!
      expect(compareSemver(lower, higher)).toBeLessThan(0)
      expect(compareSemver(higher, lower)).toBeGreaterThan(0)
    }
  })

  it('ignores build metadata', () => {
    expect(compareSemver(parseSemver('1.0.0+a')!, parseSemver('1.0.0+b')!)).toBe(0)
  })
})

describe('highestVersionTag', () => {
  it.each([
    // [tags, highest]
    [['1.9.3', '1.10.0'], '1.10.0'],
    [['v1.10.0-prod', 'v1.9.3-prod'], 'v1.10.0-prod'],
    [['v1.4.0-rc.1', 'v1.3.9'], 'v1.4.0-rc.1'],
    [['v1.4.0-rc.1', 'v1.4.0-rc.2', 'v1.4.0'], 'v1.4.0'],
    [['v1.4.0', 'v1.4.0-rc.2'], 'v1.4.0'],
    // A release suffix is not a pre-release: 1.4.0-prod is 1.4.0, above 1.4.0-rc.1.
    [['v1.4.0-rc.1', 'v1.4.0-prod'], 'v1.4.0-prod'],
    [['v1.4.0-rc.1-prod', 'v1.3.0-prod'], 'v1.4.0-rc.1-prod'],
    // Ties keep the first given.
    [['v1.4.0-staging', 'v1.4.0-prod', '1.4.0'], 'v1.4.0-staging'],
    [['1.4.0', 'v1.4.0-staging'], '1.4.0'],
    [['latest', 'main', 'v1', 'v1.2.3', 'release-9.9.9'], 'v1.2.3'],
    [['latest', 'v2'], undefined],
    [[], undefined]
  ])('%j → %s', (tags, highest) => {
    expect(highestVersionTag(tags)).toBe(highest)
  })

  it('does not depend on the order of distinct versions', () => {
    const tags = [
      'v1.2.0-prod',
      'v1.10.0-rc.1',
      'v1.9.0-staging',
      'v1.10.0-rc.2-prod',
      'nightly',
      'v1.1.0'
    ]
    const orders = [tags, [...tags].reverse(), [tags[3]!, ...tags.slice(0, 3), ...tags.slice(4)]]
    for (const order of orders) expect(highestVersionTag(order)).toBe('v1.10.0-rc.2-prod')
  })

  it('takes any iterable, and the suffixes given', () => {
    const tags = new Set(['v2.0.0-qa', 'v1.0.0'])
    expect(highestVersionTag(tags, { releaseSuffixes: ['qa'] })).toBe('v2.0.0-qa')
    // Without qa as a suffix, 2.0.0-qa is still above 1.0.0 (a pre-release of 2.0.0).
    expect(highestVersionTag(tags)).toBe('v2.0.0-qa')
    expect(highestVersionTag(['v2.0.0-qa', 'v2.0.0'])).toBe('v2.0.0')
    expect(highestVersionTag(['v2.0.0-qa', 'v2.0.0'], { releaseSuffixes: ['qa'] })).toBe(
      'v2.0.0-qa'
    )
  })
})
