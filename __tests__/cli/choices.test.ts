import { describe, expect, it } from '@jest/globals'
import type { EcrImageDetail } from '../../src/aws/ecr-api.js'
import { chooseImage } from '../../src/cli/image-choice.js'
import { parseImageReference } from '../../src/cli/image-reference.js'
import { InputError } from '../../src/util/errors.js'

const URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
const A = 'a'.repeat(40)
const B = 'b'.repeat(39) + '1'
const B2 = 'b'.repeat(39) + '2'
const IMAGES: EcrImageDetail[] = [
  { digest: 'sha256:old', tags: [A, 'v1.4.0-prod', 'v1.4.0-staging'], pushedAt: 1000 },
  { digest: 'sha256:new', tags: [B, 'v1.10.0-dev'], pushedAt: 3000 },
  { digest: 'sha256:mid', tags: [B2, 'v1.9.9'], pushedAt: 2000 },
  { digest: 'sha256:untagged', tags: [], pushedAt: 9000 }
]

describe('chooseImage', () => {
  it.each([
    ['a full SHA', { kind: 'sha', sha: A } as const, `${URI}:${A}`],
    ['a unique prefix', { kind: 'sha', sha: 'aaaaaaa' } as const, `${URI}:${A}`],
    ['upper-case', { kind: 'sha', sha: A.toUpperCase() } as const, `${URI}:${A}`],
    ['the last pushed tagged image, by digest', { kind: 'latest' } as const, `${URI}@sha256:new`],
    [
      'the highest version: 1.10.0 over 1.9.9 and 1.4.0 (-dev, -prod dropped)',
      { kind: 'highest-version' } as const,
      `${URI}:v1.10.0-dev`
    ]
  ])('%s', (_name, selector, reference) => {
    expect(chooseImage(selector, IMAGES, URI).reference).toBe(reference)
  })

  it('a version on two images: the one pushed last', () => {
    const images = [
      { digest: 'sha256:first', tags: ['v2.0.0-staging'], pushedAt: 1 },
      { digest: 'sha256:second', tags: ['v2.0.0-prod'], pushedAt: 2 }
    ]
    expect(chooseImage({ kind: 'highest-version' }, images, URI).reference).toBe(
      `${URI}:v2.0.0-prod`
    )
  })

  it.each([
    [
      'an unknown commit',
      { kind: 'sha', sha: 'c'.repeat(40) } as const,
      /no image tagged with commit c{40}/
    ],
    ['an ambiguous prefix', { kind: 'sha', sha: 'bbbbbbb' } as const, /names 2 commits/],
    ['not hex', { kind: 'sha', sha: 'main' } as const, /is not a commit SHA/],
    ['too short', { kind: 'sha', sha: 'abc' } as const, /is not a commit SHA/]
  ])('%s is an InputError naming --sha', (_name, selector, message) => {
    const error = (() => {
      try {
        chooseImage(selector, IMAGES, URI)
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).where).toBe('--sha')
    expect((error as Error).message).toMatch(message)
  })

  it('an empty repository: no latest, no version', () => {
    expect(() => chooseImage({ kind: 'latest' }, [], URI)).toThrow(/holds no tagged image/)
    expect(() => chooseImage({ kind: 'highest-version' }, IMAGES.slice(3), URI)).toThrow(
      /no semantic-version tag/
    )
  })
})

describe('parseImageReference', () => {
  it.each([
    [`${URI}:${A}`, { registry: URI.split('/')[0], repository: 'web', tag: A }],
    [`${URI}@sha256:abc`, { repository: 'web', digest: 'sha256:abc' }],
    [`${URI}:v1@sha256:abc`, { repository: 'web', tag: 'v1', digest: 'sha256:abc' }],
    ['localhost:5000/team/web:1', { registry: 'localhost:5000', repository: 'team/web', tag: '1' }],
    ['nginx', { repository: 'nginx' }],
    ['library/nginx:1.27', { repository: 'library/nginx', tag: '1.27' }]
  ])('%s', (reference, expected) => {
    expect(parseImageReference(reference)).toMatchObject({ reference, ...expected })
  })
})
