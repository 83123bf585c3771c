import { describe, expect, it } from '@jest/globals'
import { FakeEcr } from '../../__fixtures__/fake-ecr.js'
import type { TagMutability } from '../../src/aws/ecr-api.js'
import { pointTag } from '../../src/aws/image-tags.js'

const MANIFEST = {
  digest: `sha256:${'d'.repeat(64)}`,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  manifest: '{"schemaVersion":2}'
}
const OTHER = `sha256:${'e'.repeat(64)}`

/** A repository holding the manifest under `sha`, and `tag` on another image when `taken`. */
function ecrWith(mutability: TagMutability, taken: boolean): FakeEcr {
  const ecr = new FakeEcr()
  ecr.addRepository('web', mutability)
  ecr.addImage('web', { ...MANIFEST, tags: ['sha'] })
  ecr.addImage('web', { ...MANIFEST, digest: OTHER, manifest: '{}', tags: taken ? ['tag'] : [] })
  return ecr
}

describe('pointTag (one PutImage of the same manifest; the caller decides about conflicts)', () => {
  it.each(['IMMUTABLE', 'MUTABLE'] as const)('tags a free tag (%s)', async mutability => {
    const ecr = ecrWith(mutability, false)
    expect(await pointTag(ecr, 'web', 'tag', MANIFEST)).toEqual({ outcome: 'tagged' })
    expect(ecr.tagsOf('web', MANIFEST.digest)).toEqual(['sha', 'tag'])
  })

  it.each([{}, { neverMove: true }])('is already-tagged on the same image (%j)', async options => {
    const ecr = ecrWith('IMMUTABLE', false)
    await pointTag(ecr, 'web', 'tag', MANIFEST)
    expect(await pointTag(ecr, 'web', 'tag', MANIFEST, options)).toEqual({
      outcome: 'already-tagged'
    })
  })

  it('immutable tag on another image: elsewhere, naming its digest, tag left there', async () => {
    const ecr = ecrWith('IMMUTABLE', true)
    expect(await pointTag(ecr, 'web', 'tag', MANIFEST)).toEqual({
      outcome: 'elsewhere',
      digest: OTHER
    })
    expect(ecr.tagsOf('web', OTHER)).toEqual(['tag'])
  })

  it('mutable tag on another image: moved, unless neverMove (checked before any PutImage)', async () => {
    const moved = ecrWith('MUTABLE', true)
    expect(await pointTag(moved, 'web', 'tag', MANIFEST)).toEqual({ outcome: 'tagged' })
    expect(moved.tagsOf('web', MANIFEST.digest)).toEqual(['sha', 'tag'])

    const kept = ecrWith('MUTABLE', true)
    expect(await pointTag(kept, 'web', 'tag', MANIFEST, { neverMove: true })).toEqual({
      outcome: 'elsewhere',
      digest: OTHER
    })
    expect(kept.puts).toEqual([])
    expect(kept.tagsOf('web', OTHER)).toEqual(['tag'])
  })

  it('does not trust ImageAlreadyExists when the tag names another image (moto answers so)', async () => {
    const ecr = ecrWith('IMMUTABLE', true)
    ecr.alreadyExistsOnConflict = true
    expect(await pointTag(ecr, 'web', 'tag', MANIFEST)).toEqual({
      outcome: 'elsewhere',
      digest: OTHER
    })
  })

  it('passes other ECR errors on', async () => {
    const ecr = ecrWith('MUTABLE', false)
    ecr.putImageTag = async () => {
      throw new Error('AccessDeniedException')
    }
    await expect(pointTag(ecr, 'web', 'tag', MANIFEST)).rejects.toThrow('AccessDeniedException')
  })
})
