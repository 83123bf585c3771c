import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { FakeEcr, REGISTRY } from '../../__fixtures__/fake-ecr.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { FakeEcs } from '../../__fixtures__/fake-ecs.js'
import { collectStatus } from '../../src/cli/status/collect.js'
import {
  REVISION_LABEL,
  configDigest,
  platformManifestDigest,
  readRevisionLabel,
  revisionLabel
} from '../../src/cli/status/image-revision.js'
import type { Target } from '../../src/settings/types.js'

const COMMIT = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00'
const digestOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`
const configText = (labels: Record<string, unknown> | null) =>
  JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: labels } })
const manifestFor = (config: string) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config) },
    layers: []
  })
const asManifest = (text: string) => ({ digest: digestOf(text), mediaType: 'm', manifest: text })

/** An ECR repository `web` and a download endpoint serving the blobs `ecr.blobs` holds. */
function world() {
  const ecr = new FakeEcr()
  ecr.addRepository('web')
  const downloads: string[] = []
  const fetchBlob: typeof fetch = async url => {
    downloads.push(String(url))
    const digest = String(url).split('/').at(-1)!
    const blob = ecr.blobs.get(digest)
    return blob === undefined ? new Response('no such blob', { status: 404 }) : new Response(blob)
  }
  const addImage = (manifest: string, tags: string[], config?: string) => {
    ecr.addImage('web', { ...asManifest(manifest), tags })
    if (config !== undefined) ecr.blobs.set(digestOf(config), config)
    return digestOf(manifest)
  }
  return { ecr, downloads, fetchBlob, addImage }
}

describe('image revision label: pure parts', () => {
  it.each([
    ['a commit SHA', { [REVISION_LABEL]: COMMIT }, { commit: COMMIT }],
    ['upper case', { [REVISION_LABEL]: COMMIT.toUpperCase() }, { commit: COMMIT }],
    ['no label', { other: 'x' }, { note: `the image has no ${REVISION_LABEL} label` }],
    ['no labels at all', null, { note: `the image has no ${REVISION_LABEL} label` }],
    ['empty', { [REVISION_LABEL]: '' }, { note: `the image has no ${REVISION_LABEL} label` }],
    [
      'a branch name',
      { [REVISION_LABEL]: 'main' },
      { note: `the image's ${REVISION_LABEL} label (main) is not a commit SHA` }
    ],
    [
      'terminal escapes',
      { [REVISION_LABEL]: '\u001b[2J::error::x' },
      { note: expect.not.stringContaining('\u001b') }
    ]
  ])('revisionLabel: %s', (_name, labels, expected) => {
    expect(revisionLabel(configText(labels))).toEqual(expected)
  })

  it('configDigest: the manifest names the config; anything else is an error naming the manifest', () => {
    const config = configText({})
    expect(configDigest(asManifest(manifestFor(config)))).toBe(digestOf(config))
    expect(() => configDigest(asManifest('{"layers":[]}'))).toThrow(/names no image config/)
    expect(() => configDigest(asManifest('not json'))).toThrow(/is not a JSON object/)
  })

  it('platformManifestDigest: linux/amd64 first, then any platform but attestations', () => {
    const amd = digestOf('amd'),
      arm = digestOf('arm'),
      att = digestOf('att')
    const index = (entries: { digest: string; os: string; architecture: string }[]) =>
      asManifest(
        JSON.stringify({
          manifests: entries.map(({ digest, ...platform }) => ({ digest, platform }))
        })
      )
    expect(
      platformManifestDigest(
        index([
          { digest: arm, os: 'linux', architecture: 'arm64' },
          { digest: amd, os: 'linux', architecture: 'amd64' }
        ])
      )
    ).toBe(amd)
    expect(
      platformManifestDigest(
        index([
          { digest: att, os: 'unknown', architecture: 'unknown' },
          { digest: arm, os: 'linux', architecture: 'arm64' }
        ])
      )
    ).toBe(arm)
    expect(() =>
      platformManifestDigest(index([{ digest: att, os: 'unknown', architecture: 'unknown' }]))
    ).toThrow(/names no platform image/)
    expect(platformManifestDigest(asManifest(manifestFor(configText({}))))).toBeUndefined()
  })
})

describe('readRevisionLabel', () => {
  it('follows manifest → config digest → download URL → blob', async () => {
    const { ecr, fetchBlob, downloads, addImage } = world()
    const config = configText({ [REVISION_LABEL]: COMMIT })
    const digest = addImage(manifestFor(config), ['stable'], config)
    await expect(
      readRevisionLabel({ ecr, fetch: fetchBlob, timeoutMs: 1000 }, 'web', digest)
    ).resolves.toEqual({ commit: COMMIT })
    expect(ecr.calls).toEqual([`getManifest web:${digest}`, `blobUrl web@${digestOf(config)}`])
    expect(downloads).toEqual([`fake-blob://web/${digestOf(config)}`])
  })

  it('a multi-arch index: reads the platform image it names', async () => {
    const { ecr, fetchBlob, addImage } = world()
    const config = configText({ [REVISION_LABEL]: COMMIT })
    const platform = addImage(manifestFor(config), [], config)
    const index = JSON.stringify({
      manifests: [{ digest: platform, platform: { os: 'linux', architecture: 'amd64' } }]
    })
    const digest = addImage(index, ['stable'])
    await expect(
      readRevisionLabel({ ecr, fetch: fetchBlob, timeoutMs: 1000 }, 'web', digest)
    ).resolves.toEqual({ commit: COMMIT })
  })

  it('a download that is not the blob asked for is refused', async () => {
    const { ecr, addImage } = world()
    const config = configText({ [REVISION_LABEL]: COMMIT })
    const digest = addImage(manifestFor(config), ['stable'])
    const forged = configText({ [REVISION_LABEL]: 'f'.repeat(40) })
    const fetchForged: typeof fetch = async () => new Response(forged)
    await expect(
      readRevisionLabel({ ecr, fetch: fetchForged, timeoutMs: 1000 }, 'web', digest)
    ).rejects.toThrow(`image config ${digestOf(config)}: the download is ${digestOf(forged)}`)
  })

  it('a failed download names its status', async () => {
    const { ecr, fetchBlob, addImage } = world()
    const config = configText({ [REVISION_LABEL]: COMMIT })
    const digest = addImage(manifestFor(config), ['stable']) // blob not served
    await expect(
      readRevisionLabel({ ecr, fetch: fetchBlob, timeoutMs: 1000 }, 'web', digest)
    ).rejects.toThrow(/download answered 404/)
  })
})

describe('status: the commit from the label when no tag names it', () => {
  function statusWorld(labels: Record<string, unknown>, tags: string[]) {
    const { ecr, fetchBlob, downloads, addImage } = world()
    const config = configText(labels)
    addImage(manifestFor(config), tags, config)
    const ecs = new FakeEcs(new FakeClock())
    const definition = ecs.addTaskDefinition({
      family: 'web',
      containerDefinitions: [{ name: 'web', image: `${REGISTRY}/web:${tags[0]}` }]
    })
    ecs.addService({ cluster: 'prod', name: 'web', taskDefinition: definition })
    const targets = [{ environment: 'production', cluster: 'prod', service: 'web' }] as Target[]
    return { ecs, ecr, fetchBlob, downloads, targets }
  }

  it('an image tagged only `stable`: the label gives the commit', async () => {
    const { ecs, ecr, fetchBlob, targets } = statusWorld({ [REVISION_LABEL]: COMMIT }, ['stable'])
    const [row] = await collectStatus(targets, { ecs, ecr, fetch: fetchBlob })
    expect(row).toMatchObject({ commit: COMMIT, commitFrom: 'label', notes: [] })
  })

  it('a SHA tag wins and nothing is downloaded', async () => {
    const { ecs, ecr, fetchBlob, downloads, targets } = statusWorld({ [REVISION_LABEL]: COMMIT }, [
      'stable',
      'a'.repeat(40)
    ])
    const [row] = await collectStatus(targets, { ecs, ecr, fetch: fetchBlob })
    expect(row).toMatchObject({ commit: 'a'.repeat(40), commitFrom: 'tag' })
    expect(downloads).toEqual([])
  })

  it('no label: no commit, and a note says why', async () => {
    const { ecs, ecr, fetchBlob, targets } = statusWorld({}, ['stable'])
    const [row] = await collectStatus(targets, { ecs, ecr, fetch: fetchBlob })
    expect(row!.commit).toBeUndefined()
    expect(row!.notes).toEqual([`the image has no ${REVISION_LABEL} label`])
  })

  it('a download that fails is a note, not a failed status', async () => {
    const { ecs, ecr, targets } = statusWorld({ [REVISION_LABEL]: COMMIT }, ['stable'])
    const refused: typeof fetch = async () => new Response('denied', { status: 403 })
    const [row] = await collectStatus(targets, { ecs, ecr, fetch: refused })
    expect(row).toMatchObject({ found: true, revision: 'web:1' })
    expect(row!.commit).toBeUndefined()
    expect(row!.notes).toEqual([expect.stringMatching(/^revision label not read: .*answered 403/)])
  })
})
