import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageAlreadyExistsException,
  ImageNotFoundException,
  ImageTagAlreadyExistsException,
  PutImageCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { EcrTagConflictError, MANIFEST_MEDIA_TYPES } from '../../src/aws/ecr-api.js'
import { SdkEcrApi, declaredMediaType, registryHost } from '../../src/aws/ecr-client.js'

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const DIGEST = `sha256:${'a'.repeat(64)}`
const SHA = '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'
const meta = { $metadata: {} }
const ecrMock = mockClient(ECRClient)

function api(): SdkEcrApi {
  return new SdkEcrApi(
    new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } })
  )
}

beforeEach(() => {
  ecrMock.reset()
})

describe('describeRepository', () => {
  it('maps the repository to our type', async () => {
    ecrMock.on(DescribeRepositoriesCommand, { repositoryNames: ['web'] }).resolves({
      repositories: [
        { repositoryName: 'web', repositoryUri: `${HOST}/web`, imageTagMutability: 'IMMUTABLE' }
      ]
    })
    expect(await api().describeRepository('web')).toEqual({
      name: 'web',
      uri: `${HOST}/web`,
      registry: HOST,
      tagMutability: 'IMMUTABLE'
    })
  })
  it('is undefined when the repository does not exist', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .rejects(new RepositoryNotFoundException({ message: 'not found', ...meta }))
    expect(await api().describeRepository('web')).toBeUndefined()
  })
  it('passes other errors on', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(new Error('AccessDenied'))
    await expect(api().describeRepository('web')).rejects.toThrow('AccessDenied')
  })
})

describe('createRepository', () => {
  it('creates with immutable tags and scan on push', async () => {
    ecrMock.on(CreateRepositoryCommand).resolves({
      repository: {
        repositoryName: 'web',
        repositoryUri: `${HOST}/web`,
        imageTagMutability: 'IMMUTABLE'
      }
    })
    const created = await api().createRepository('web', { immutableTags: true, scanOnPush: true })
    expect(created.uri).toBe(`${HOST}/web`)
    expect(ecrMock.commandCalls(CreateRepositoryCommand)[0]!.args[0].input).toEqual({
      repositoryName: 'web',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true }
    })
  })
  it('returns the repository another job created in between', async () => {
    ecrMock
      .on(CreateRepositoryCommand)
      .rejects(new RepositoryAlreadyExistsException({ message: 'exists', ...meta }))
    ecrMock
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [{ repositoryName: 'web', repositoryUri: `${HOST}/web` }] })
    expect(
      (await api().createRepository('web', { immutableTags: true, scanOnPush: true })).tagMutability
    ).toBe('MUTABLE')
  })
})

describe('findImage', () => {
  it('asks DescribeImages for the tag', async () => {
    ecrMock
      .on(DescribeImagesCommand, { repositoryName: 'web', imageIds: [{ imageTag: SHA }] })
      .resolves({
        imageDetails: [
          {
            imageDigest: DIGEST,
            imageTags: [SHA, 'v1-prod'],
            imageManifestMediaType: MANIFEST_MEDIA_TYPES[0]
          }
        ]
      })
    expect(await api().findImage('web', SHA)).toEqual({ digest: DIGEST })
  })
  it('is undefined when the tag is not there', async () => {
    ecrMock
      .on(DescribeImagesCommand)
      .rejects(new ImageNotFoundException({ message: 'no image', ...meta }))
    expect(await api().findImage('web', SHA)).toBeUndefined()
  })
})

describe('getManifest', () => {
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: []
  })
  it('accepts single-arch and multi-arch media types and keeps the manifest text as is', async () => {
    ecrMock.on(BatchGetImageCommand).resolves({
      images: [
        {
          imageId: { imageDigest: DIGEST, imageTag: SHA },
          imageManifest: index,
          imageManifestMediaType: 'application/vnd.oci.image.index.v1+json'
        }
      ]
    })
    expect(await api().getManifest('web', SHA)).toEqual({
      digest: DIGEST,
      manifest: index,
      mediaType: 'application/vnd.oci.image.index.v1+json'
    })
    expect(ecrMock.commandCalls(BatchGetImageCommand)[0]!.args[0].input).toEqual({
      repositoryName: 'web',
      imageIds: [{ imageTag: SHA }],
      acceptedMediaTypes: [
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.oci.image.index.v1+json'
      ]
    })
  })
  it('reads the media type from the manifest when ECR has none recorded', async () => {
    const list = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: []
    })
    ecrMock
      .on(BatchGetImageCommand)
      .resolves({ images: [{ imageId: { imageDigest: DIGEST }, imageManifest: list }] })
    expect((await api().getManifest('web', SHA))?.mediaType).toBe(
      'application/vnd.docker.distribution.manifest.list.v2+json'
    )
  })
  it.each(['ImageNotFound', 'ImageTagDoesNotMatchDigest'] as const)(
    'is undefined on failure %s',
    async failureCode => {
      ecrMock.on(BatchGetImageCommand).resolves({
        images: [],
        failures: [{ imageId: { imageTag: SHA }, failureCode, failureReason: 'x' }]
      })
      expect(await api().getManifest('web', SHA)).toBeUndefined()
    }
  )
  it('fails on other failures, naming them', async () => {
    ecrMock.on(BatchGetImageCommand).resolves({
      images: [],
      failures: [{ failureCode: 'KmsError', failureReason: 'key disabled' }]
    })
    await expect(api().getManifest('web', SHA)).rejects.toThrow(
      `ECR BatchGetImage of web:${SHA} failed: KmsError key disabled`
    )
  })
})

describe('putImageTag', () => {
  const manifest = {
    digest: DIGEST,
    mediaType: MANIFEST_MEDIA_TYPES[0],
    manifest: '{"schemaVersion":2}'
  }
  it('puts the same manifest under the new tag, pinned to its digest', async () => {
    ecrMock.on(PutImageCommand).resolves({ image: {} })
    expect(await api().putImageTag('web', 'v1-prod', manifest)).toBe('tagged')
    expect(ecrMock.commandCalls(PutImageCommand)[0]!.args[0].input).toEqual({
      repositoryName: 'web',
      imageTag: 'v1-prod',
      imageManifest: '{"schemaVersion":2}',
      imageManifestMediaType: MANIFEST_MEDIA_TYPES[0],
      imageDigest: DIGEST
    })
  })
  it('tolerates the tag already naming this manifest', async () => {
    ecrMock
      .on(PutImageCommand)
      .rejects(new ImageAlreadyExistsException({ message: 'exists', ...meta }))
    expect(await api().putImageTag('web', 'v1-prod', manifest)).toBe('already-tagged')
  })
  it('turns an immutable-tag refusal into EcrTagConflictError', async () => {
    ecrMock
      .on(PutImageCommand)
      .rejects(new ImageTagAlreadyExistsException({ message: 'tag is immutable', ...meta }))
    const error = await api()
      .putImageTag('web', 'v1-prod', manifest)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EcrTagConflictError)
    expect(error).toMatchObject({ repository: 'web', tag: 'v1-prod' })
  })
})

describe('getAuthorization', () => {
  it('decodes AWS:<password>', async () => {
    ecrMock.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from('AWS:pa:ss').toString('base64'),
          proxyEndpoint: `https://${HOST}`,
          expiresAt: new Date(0)
        }
      ]
    })
    expect(await api().getAuthorization()).toEqual({ username: 'AWS', password: 'pa:ss' })
  })
  it('needs no proxy endpoint: docker logs in to the repository host', async () => {
    ecrMock.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [{ authorizationToken: Buffer.from('AWS:pw').toString('base64') }]
    })
    expect(await api().getAuthorization()).toEqual({ username: 'AWS', password: 'pw' })
  })
  it('fails without echoing a malformed token', async () => {
    ecrMock.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from('no-colon-secret').toString('base64'),
          proxyEndpoint: `https://${HOST}`
        }
      ]
    })
    const error = (await api()
      .getAuthorization()
      .catch((e: unknown) => e)) as Error
    expect(error.message).toMatch(/not "user:password"/)
    expect(error.message).not.toContain('no-colon-secret')
  })
  it('fails when ECR gives no data', async () => {
    ecrMock.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [] })
    await expect(api().getAuthorization()).rejects.toThrow('no authorization data')
  })
})

describe('helpers', () => {
  it.each([
    [`https://${HOST}`, HOST],
    [`${HOST}/team/web`, HOST],
    ['localhost:5000/web', 'localhost:5000']
  ])('registryHost(%s)', (input, expected) => {
    expect(registryHost(input)).toBe(expected)
  })
  it.each([
    [
      '{"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}',
      'application/vnd.docker.distribution.manifest.v2+json'
    ],
    ['{"schemaVersion":2,"manifests":[]}', 'application/vnd.oci.image.index.v1+json'],
    [
      '{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json"}}',
      'application/vnd.oci.image.manifest.v1+json'
    ],
    ['not json', 'application/vnd.docker.distribution.manifest.v2+json']
  ])('declaredMediaType(%s)', (manifest, expected) => {
    expect(declaredMediaType(manifest)).toBe(expected)
  })
  it('reports the configured region', async () => {
    expect(await api().region()).toBe('us-east-1')
  })
})
