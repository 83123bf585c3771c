import { describe, expect, it } from '@jest/globals'
import { FakeEcr, REGISTRY } from '../../__fixtures__/fake-ecr.js'
import type { ResolveSource } from '../../src/plan/plan.js'
import { executePlan } from '../../src/release/execute.js'
import { failedStep } from '../../src/core/state.js'
import { STEPS } from '../../src/steps/index.js'
import { resolve } from '../../src/steps/resolve.js'
import { ReleaseError } from '../../src/util/errors.js'
import { SHA, stepContext } from '../../__fixtures__/step-context.js'

const REPO = `${REGISTRY}/web`
const DIGEST = `sha256:${'d'.repeat(64)}`
const OTHER = `sha256:${'e'.repeat(64)}`
const RELEASE_TAG = 'v1.0.0-prod'

// Real manifests (as `docker push` and `docker buildx --push` upload them), kept as exact text.
const SINGLE_ARCH = {
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  manifest:
    '{\n   "schemaVersion": 2,\n   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",\n   "config": {\n      "mediaType": "application/vnd.docker.container.image.v1+json",\n      "size": 1012,\n      "digest": "sha256:aaf84877751c4d1fa55e34283b10e1b6190c2b0fcf4b6426373ca16c7b4f33b8"\n   },\n   "layers": []\n}'
}
const INDEX = {
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifest: JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${'1'.repeat(64)}`,
        size: 480,
        platform: { architecture: 'amd64', os: 'linux' }
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${'2'.repeat(64)}`,
        size: 480,
        platform: { architecture: 'arm64', os: 'linux' }
      }
    ]
  })
}

/** A promote of the `v1.0.0-prod` tag. */
const harness = (inputs: Record<string, string> = {}, ecr = new FakeEcr()) =>
  stepContext({ event: 'promote', inputs, ecr })
type Harness = ReturnType<typeof harness>

/** The plan's image source: the commit's image in ECR, with the git tag as release tag. */
function source(h: Harness): ResolveSource {
  const { image } = h.plan
  if (image.kind !== 'resolve') throw new Error(`the plan's image is ${image.kind}`)
  return image
}
const resolveIt = (h: Harness) => {
  const { image } = h.plan
  if (image.kind === 'as-is') throw new Error('the plan deploys a revision as it is')
  return resolve(h.context, image)
}

function ecrWith(
  image: { mediaType: string; manifest: string },
  mutability: 'IMMUTABLE' | 'MUTABLE' = 'IMMUTABLE'
): FakeEcr {
  const ecr = new FakeEcr()
  ecr.addRepository('web', mutability)
  ecr.addImage('web', { digest: DIGEST, ...image, tags: [SHA] })
  return ecr
}

describe('resolve', () => {
  it.each([
    ['a single-arch image', SINGLE_ARCH],
    ['a multi-arch index', INDEX]
  ])(
    '%s: adds the release tag to the same manifest through the API and releases it by digest',
    async (_name, image) => {
      const h = harness({}, ecrWith(image))
      const released = await resolveIt(h)
      expect(h.ecr.puts).toEqual([
        { repository: 'web', tag: RELEASE_TAG, manifest: { digest: DIGEST, ...image } }
      ])
      expect(h.ecr.tagsOf('web', DIGEST)).toEqual([SHA, RELEASE_TAG])
      expect(released.reference).toBe(`${REPO}@${DIGEST}`)
      expect(h.exec.commands).toEqual([]) // no pull, no build, no push
      expect(h.logger.text()).toContain(
        `Tagged ${REPO}:${RELEASE_TAG} → ${DIGEST} through the ECR API`
      )
    }
  )

  it('says when it found a multi-arch index', async () => {
    const h = harness({}, ecrWith(INDEX))
    await resolveIt(h)
    expect(h.logger.text()).toContain(`(multi-arch index, ${INDEX.mediaType})`)
  })

  it('tolerates the release tag already pointing at the same image (a re-run)', async () => {
    const ecr = ecrWith(SINGLE_ARCH)
    const h = harness({}, ecr)
    await resolveIt(h)
    const again = harness({}, ecr)
    const image = await resolveIt(again)
    expect(again.ecr.puts).toHaveLength(1) // the first run's PutImage only
    expect(again.logger.text()).toContain(`Tag ${RELEASE_TAG} already points to this image.`)
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
  })

  it('tolerates ImageAlreadyExists from PutImage when the tag names this image', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    ecr.addImage('web', { digest: DIGEST, ...SINGLE_ARCH, tags: [SHA, RELEASE_TAG] })
    // A parallel run of the same release tags it between our check and our PutImage.
    const findImage = ecr.findImage.bind(ecr)
    let checks = 0
    ecr.findImage = async (repository, tag) =>
      tag === RELEASE_TAG && checks++ === 0 ? undefined : findImage(repository, tag)
    const h = harness({}, ecr)
    const image = await resolveIt(h)
    expect(h.ecr.puts).toHaveLength(1)
    expect(h.logger.text()).toContain(`Tag ${RELEASE_TAG} already points to this image.`)
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
  })

  it.each(['IMMUTABLE', 'MUTABLE'] as const)(
    'fails clearly when the release tag names another image (%s repository)',
    async mutability => {
      const ecr = ecrWith(SINGLE_ARCH, mutability)
      ecr.addImage('web', {
        digest: OTHER,
        ...SINGLE_ARCH,
        manifest: '{"other":1}',
        tags: [RELEASE_TAG]
      })
      const h = harness({}, ecr)
      const error = (await resolveIt(h).catch((e: unknown) => e)) as Error
      expect(error).toBeInstanceOf(ReleaseError)
      expect(error.message).toBe(
        `The tag ${RELEASE_TAG} in ECR repository web already points to ${OTHER}, not to the image of commit ${SHA} (${DIGEST}). ` +
          'A release tag names one image: tag the release with a new git tag, or delete the old image tag if it was a mistake.'
      )
      expect(h.ecr.puts).toEqual([]) // never moved
      // The executor stores no image for the release.
      const run = harness({}, ecr)
      await expect(executePlan(run.context, STEPS)).rejects.toThrow(error.message)
      expect(failedStep(run.state)).toBe('resolve')
      expect(run.state.image).toBeUndefined()
      expect(run.ecr.puts).toEqual([])
    }
  )

  it('fails clearly when an immutable repository refuses PutImage after the check (a race)', async () => {
    const ecr = ecrWith(SINGLE_ARCH)
    const realPut = ecr.putImageTag.bind(ecr)
    ecr.putImageTag = async (repository, tag, manifest) => {
      ecr.addImage('web', { digest: OTHER, mediaType: 'x', manifest: '{}', tags: [tag] })
      return realPut(repository, tag, manifest)
    }
    const h = harness({}, ecr)
    await expect(resolveIt(h)).rejects.toThrow(`already points to ${OTHER}`)
  })

  it('does not trust ImageAlreadyExists when the tag names another image (moto answers so)', async () => {
    const ecr = ecrWith(SINGLE_ARCH)
    ecr.alreadyExistsOnConflict = true
    const findImage = ecr.findImage.bind(ecr)
    let checks = 0
    ecr.findImage = async (repository, tag) =>
      tag === RELEASE_TAG && checks++ === 0 ? undefined : findImage(repository, tag)
    ecr.addImage('web', { digest: OTHER, mediaType: 'x', manifest: '{}', tags: [RELEASE_TAG] })
    const h = harness({}, ecr)
    await expect(resolveIt(h)).rejects.toThrow(`already points to ${OTHER}`)
  })

  it('fails clearly when no image exists for the commit, naming repository and SHA and what builds it', async () => {
    const ecr = new FakeEcr()
    ecr.addRepository('web')
    const h = harness({}, ecr)
    const error = (await resolveIt(h).catch((e: unknown) => e)) as Error
    expect(error.message).toBe(
      `No image for commit ${SHA} in ECR repository web (us-east-1): nothing is tagged ${SHA}. ` +
        'The deploy or publish flow of that commit builds it (a push of the commit to the default branch or to a *-dev branch); ' +
        'let it finish, then push the tag again.'
    )
    expect(h.ecr.puts).toEqual([])
  })

  it('fails clearly when the repository does not exist', async () => {
    const h = harness()
    await expect(resolveIt(h)).rejects.toThrow(
      `ECR repository "web" does not exist in us-east-1, so it holds no image for commit ${SHA}.`
    )
    expect(h.ecr.calls).not.toContain('createRepository web')
  })

  it('adds no tag when the promote has no git tag (workflow_dispatch)', async () => {
    const h = harness({}, ecrWith(SINGLE_ARCH))
    const image = await resolve(h.context, { ...source(h), releaseTag: undefined })
    expect(h.ecr.puts).toEqual([])
    expect(image.reference).toBe(`${REPO}@${DIGEST}`)
  })

  it('turns a git tag with a slash into an image tag, and says so', async () => {
    const h = harness({}, ecrWith(SINGLE_ARCH))
    await resolve(h.context, { ...source(h), releaseTag: 'release/v2-prod' })
    expect(h.ecr.tagsOf('web', DIGEST)).toEqual([SHA, 'release-v2-prod'])
    expect(h.logger.text()).toContain('Git tag release/v2-prod becomes image tag release-v2-prod')
  })

  it('promotes the input image as given when one is set', async () => {
    const given = `${REPO}@${DIGEST}`
    const h = harness({ image: given }, new FakeEcr())
    const image = await resolveIt(h)
    expect(image.reference).toBe(given)
    expect(h.ecr.calls).toEqual([])
  })
})
