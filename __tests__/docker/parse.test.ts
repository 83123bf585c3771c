import { describe, expect, it } from '@jest/globals'
import { buildxDriver, lastLine, pushedDigest, repoDigest } from '../../src/docker/parse.js'
import { tagOf } from '../../src/docker/docker.js'
import { ociLabels, sourceUrl } from '../../src/docker/labels.js'
import { imageTagFor, isImageTag } from '../../src/docker/tags.js'

const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
const D1 = `sha256:${'a'.repeat(64)}`
const D2 = `sha256:${'b'.repeat(64)}`

describe('pushedDigest', () => {
  // Real `docker push` output (CLI 28 against a registry:2).
  const output = [
    `The push refers to repository [${REPO}]`,
    '5f70bf18a086: Pushed',
    `1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c: digest: ${D1} size: 528`
  ].join('\n')
  const cases: [string, string, string, string | undefined][] = [
    ['the tag pushed', output, '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c', D1],
    ['another tag: the last digest line', output, 'latest', D1],
    [
      'two tags: the matching one',
      `latest: digest: ${D2} size: 1\nv1: digest: ${D1} size: 2`,
      'latest',
      D2
    ],
    ['CRLF line ends', `v1: digest: ${D1} size: 2\r\n`, 'v1', D1],
    ['no digest line', 'The push refers to repository [x]\n', 'v1', undefined],
    ['a short digest is not one', 'v1: digest: sha256:abc size: 2', 'v1', undefined]
  ]
  it.each(cases)('%s', (_name, text, tag, expected) => {
    expect(pushedDigest(text, tag)).toBe(expected)
  })
})

describe('repoDigest', () => {
  const cases: [string, string, string | undefined][] = [
    ['the repository pushed to', `["other.example/web@${D2}","${REPO}@${D1}"]\n`, D1],
    ['none for this repository', `["other.example/web@${D2}"]`, undefined],
    ['empty list (never pushed)', '[]', undefined],
    ['null', 'null', undefined],
    ['not JSON', 'Error: No such image', undefined],
    ['a prefix of another repository does not count', `["${REPO}-old@${D1}"]`, undefined]
  ]
  it.each(cases)('%s', (_name, text, expected) => {
    expect(repoDigest(text, REPO)).toBe(expected)
  })
})

describe('small parsers', () => {
  it.each([
    ['Name:          builder\nDriver:        docker-container\n', 'docker-container'],
    ['Name: default\nDriver: docker\n', 'docker'],
    ['nothing', undefined]
  ])('buildxDriver(%j)', (text, expected) => {
    expect(buildxDriver(text)).toBe(expected)
  })

  it.each([
    ['a\nb\n\n', 'b'],
    ['', ''],
    ['  only  ', 'only']
  ])('lastLine(%j)', (text, expected) => {
    expect(lastLine(text)).toBe(expected)
  })

  it.each([
    [`${REPO}:abc`, 'abc'],
    ['localhost:5000/web:v1', 'v1'],
    ['localhost:5000/web', 'latest']
  ])('tagOf(%s)', (reference, expected) => {
    expect(tagOf(reference)).toBe(expected)
  })
})

describe('labels', () => {
  it('sets the three OCI labels', () => {
    expect(
      ociLabels({
        revision: 'abc',
        source: 'https://github.com/acme/web',
        created: new Date(Date.UTC(2026, 0, 1))
      })
    ).toEqual({
      'org.opencontainers.image.revision': 'abc',
      'org.opencontainers.image.source': 'https://github.com/acme/web',
      'org.opencontainers.image.created': '2026-01-01T00:00:00.000Z'
    })
  })
  it('leaves out the source when the repository is unknown', () => {
    expect(Object.keys(ociLabels({ revision: 'abc', created: new Date(0) }))).toEqual([
      'org.opencontainers.image.revision',
      'org.opencontainers.image.created'
    ])
  })
  it.each([
    [{ GITHUB_REPOSITORY: 'acme/web' }, 'https://github.com/acme/web'],
    [
      { GITHUB_REPOSITORY: 'acme/web', GITHUB_SERVER_URL: 'https://ghe.example.com/' },
      'https://ghe.example.com/acme/web'
    ],
    [{}, undefined]
  ])('sourceUrl(%j)', (env, expected) => {
    expect(sourceUrl(env)).toBe(expected)
  })
})

describe('image tags', () => {
  it.each([
    ['v1.2.0-prod', 'v1.2.0-prod'],
    ['release/v1-prod', 'release-v1-prod'],
    ['.hidden-prod', 'hidden-prod'],
    ['ünïcode-prod', 'n-code-prod'],
    ['x'.repeat(200), 'x'.repeat(128)],
    ['///', undefined]
  ])('imageTagFor(%j)', (name, expected) => {
    expect(imageTagFor(name)).toBe(expected)
  })
  it.each([
    ['latest', true],
    ['-x', false],
    ['a:b', false],
    ['', false]
  ])('isImageTag(%j)', (tag, expected) => {
    expect(isImageTag(tag)).toBe(expected)
  })
})
