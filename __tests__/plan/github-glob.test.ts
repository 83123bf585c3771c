import { describe, expect, it } from '@jest/globals'
import { githubGlobMatch } from '../../src/plan/github-glob.js'
import type { GitEvent } from '../../src/ci-env/git-event.js'
import { DEFAULT_RULES, matchRule } from '../../src/plan/rules.js'

describe('GitHub filter patterns for branches and tags', () => {
  it.each([
    // pattern, name, matches
    ['*-prod', 'v1-prod', true],
    ['*-prod', 'release/v1-prod', false], // `*` stops at `/`
    ['**-prod', 'release/v1-prod', true], // `**` does not
    ['**-prod', 'v1-prod', true],
    ['**/*-dev', 'team/payments-dev', true],
    ['**/*-dev', 'payments-dev', false],
    ['feature/*', 'feature/my-branch', true],
    ['feature/*', 'feature/your/branch', false],
    ['feature/**', 'feature/your/branch', true],
    ['**', 'any/thing/at/all', true],
    ['main', 'main', true],
    ['main', 'mainline', false],
    ['v2*', 'v2.0.0', true],
    ['v2*', 'v1.0.0', false],
    ['v[12].[0-9]+.[0-9]+', 'v1.10.1', true],
    ['v[12].[0-9]+.[0-9]+', 'v3.0.0', false],
    ['v[12].[0-9]+.[0-9]+', 'v1x2.3', false], // `.` is a dot, not any character
    ['colou?r', 'color', true],
    ['colou?r', 'colour', true],
    ['colou?r', 'colouur', false],
    ['x+', 'xxx', true],
    ['release-\\*', 'release-*', true],
    ['release-\\*', 'release-1', false],
    ['a(b)', 'a(b)', true],
    ['[abc', '[abc', true],
    ['.hidden-*', '.hidden-x', true]
  ])('%s against %s → %s', (pattern, name, expected) => {
    expect(githubGlobMatch([pattern], name)).toBe(expected)
  })

  it('a pattern starting with ! excludes what the earlier ones matched; the last match decides', () => {
    const patterns = ['release/**', '!release/**-alpha', 'release/keep-alpha']
    expect(githubGlobMatch(patterns, 'release/v1')).toBe(true)
    expect(githubGlobMatch(patterns, 'release/v1-alpha')).toBe(false)
    expect(githubGlobMatch(patterns, 'release/keep-alpha')).toBe(true)
    expect(githubGlobMatch(['!main'], 'main')).toBe(false)
    expect(githubGlobMatch(['!main'], 'other')).toBe(false)
    expect(githubGlobMatch([], 'main')).toBe(false)
  })
})

describe('rules use them', () => {
  const tagEvent = (refName: string): GitEvent => ({
    name: 'push',
    ref: `refs/tags/${refName}`,
    refType: 'tag',
    refName,
    sha: 'a'.repeat(40),
    deleted: false
  })

  it('the default *-prod rule does not match release/v1-prod; a **-prod rule does', () => {
    expect(matchRule(DEFAULT_RULES, tagEvent('v1-prod'))?.rule.environment).toBe('production')
    expect(matchRule(DEFAULT_RULES, tagEvent('release/v1-prod'))).toBeUndefined()
    const rules = [{ tag: ['**-prod'], flow: 'promote' as const, environment: 'production' }]
    expect(matchRule(rules, tagEvent('release/v1-prod'))?.index).toBe(0)
  })
})
