import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  ClientException,
  ClusterNotFoundException,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  ImageAlreadyExistsException,
  ImageNotFoundException,
  ImageTagAlreadyExistsException,
  PutImageCommand,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import { harness, registerWebRevision, type Harness } from './helpers.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'

describe('simulator: ECS operations through the AWS SDK v3', () => {
  let h: Harness
  beforeEach(async () => {
    h = await harness('healthy', { seed: { imageSha: SHA } })
  })
  afterEach(async () => h.stop())

  it('DescribeServices returns the seeded steady service and MISSING failures', async () => {
    const out = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'demo', services: ['web', 'nope'] })
    )
    const web = out.services?.[0]
    expect(web).toMatchObject({
      serviceName: 'web',
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/demo/web',
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      deploymentController: { type: 'ECS' },
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } }
    })
    expect(web?.deployments).toHaveLength(1)
    expect(web?.deployments?.[0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      failedTasks: 0
    })
    expect(web?.deployments?.[0]?.id).toMatch(/^ecs-svc\/\d{19}$/)
    // Timestamps arrive as epoch seconds and the SDK turns them into Dates.
    expect(web?.createdAt).toBeInstanceOf(Date)
    expect(web?.deployments?.[0]?.createdAt).toBeInstanceOf(Date)
    expect(web?.events?.[0]?.message).toBe('(service web) has reached a steady state.')
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/demo/nope', reason: 'MISSING' }
    ])
  })

  it('DescribeServices accepts service ARNs, up to 10 services, and TAGS', async () => {
    const out = await h.ecs.send(
      new DescribeServicesCommand({
        cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
        services: ['arn:aws:ecs:us-east-1:123456789012:service/demo/web'],
        include: ['TAGS']
      })
    )
    expect(out.services?.[0]?.serviceName).toBe('web')
    expect(out.services?.[0]?.tags).toEqual([])
    await expect(
      h.ecs.send(
        new DescribeServicesCommand({
          cluster: 'demo',
          services: Array.from({ length: 11 }, (_, i) => `s${i}`)
        })
      )
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('errors are typed SDK exceptions', async () => {
    const missing = h.ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api' }))
    await expect(missing).rejects.toBeInstanceOf(ServiceNotFoundException)
    await expect(missing).rejects.toMatchObject({
      message: 'Service not found.',
      $metadata: { httpStatusCode: 400 }
    })
    await expect(
      h.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))
    ).rejects.toBeInstanceOf(ClusterNotFoundException)
    await expect(
      h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:42' }))
    ).rejects.toBeInstanceOf(ClientException)
    await expect(
      h.ecs.send(
        new UpdateServiceCommand({ cluster: 'demo', service: 'web', taskDefinition: 'x:1' })
      )
    ).rejects.toMatchObject({ name: 'ClientException', message: 'TaskDefinition not found.' })
  })

  it('RegisterTaskDefinition increments revisions; DescribeTaskDefinition by family, family:rev, ARN', async () => {
    const reg = await h.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [{ name: 'web', image: 'img:2' }],
        tags: [{ key: 'team', value: 'a' }]
      })
    )
    expect(reg.taskDefinition).toMatchObject({
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
      family: 'web',
      revision: 2,
      status: 'ACTIVE'
    })
    expect(reg.taskDefinition?.registeredAt).toBeInstanceOf(Date)
    expect(reg.tags).toEqual([{ key: 'team', value: 'a' }])

    const latest = await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))
    expect(latest.taskDefinition?.revision).toBe(2)
    expect(latest.tags).toBeUndefined()
    const first = await h.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1', include: ['TAGS'] })
    )
    expect(first.taskDefinition?.containerDefinitions?.[0]?.image).toBe(
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:${SHA}`
    )
    expect(first.taskDefinition).toMatchObject({
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512'
    })
    expect(first.tags).toEqual([])
    const byArn = await h.ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
      })
    )
    expect(byArn.taskDefinition?.containerDefinitions?.[0]?.image).toBe('img:2')
    await expect(
      h.ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [] }))
    ).rejects.toBeInstanceOf(ClientException)
  })

  it('UpdateService returns the new PRIMARY first; tasks carry the deployment id in startedBy', async () => {
    const arn = await registerWebRevision(h)
    const service = await h.update(arn)
    const [primary, old] = service.deployments ?? []
    expect(primary).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: arn,
      rolloutState: 'IN_PROGRESS',
      runningCount: 0,
      pendingCount: 0
    })
    expect(old).toMatchObject({ status: 'ACTIVE', runningCount: 2 })
    expect(service.taskDefinition).toBe(arn)

    h.at(1.5)
    const running = await h.ecs.send(
      new ListTasksCommand({ cluster: 'demo', serviceName: 'web', startedBy: primary?.id })
    )
    expect(running.taskArns).toHaveLength(2)
    const described = await h.ecs.send(
      new DescribeTasksCommand({ cluster: 'demo', tasks: [...(running.taskArns ?? []), 'nope'] })
    )
    expect(described.tasks?.map(t => [t.lastStatus, t.startedBy, t.taskDefinitionArn])).toEqual([
      ['PENDING', primary?.id, arn],
      ['PENDING', primary?.id, arn]
    ])
    expect(described.tasks?.[0]?.containers?.[0]?.name).toBe('web')
    expect(described.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:task/demo/nope', reason: 'MISSING' }
    ])

    h.at(6)
    const stopped = await h.ecs.send(
      new ListTasksCommand({ cluster: 'demo', serviceName: 'web', desiredStatus: 'STOPPED' })
    )
    expect(stopped.taskArns).toHaveLength(2) // the old revision's tasks, drained
    const old2 = await h.ecs.send(
      new DescribeTasksCommand({ cluster: 'demo', tasks: stopped.taskArns ?? [] })
    )
    expect(old2.tasks?.[0]).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'ServiceSchedulerInitiated',
      startedBy: old?.id,
      stoppedReason: `Scaling activity initiated by (deployment ${primary?.id})`
    })
    expect(old2.tasks?.[0]?.stoppedAt).toBeInstanceOf(Date)
  })

  it('UpdateService with only desiredCount scales without a new deployment', async () => {
    const service = await h.ecs.send(
      new UpdateServiceCommand({ cluster: 'demo', service: 'web', desiredCount: 3 })
    )
    expect(service.service?.deployments).toHaveLength(1)
    expect(service.service).toMatchObject({ desiredCount: 3, runningCount: 3 })
  })

  it('CreateService and DeleteService', async () => {
    const created = await h.ecs.send(
      new CreateServiceCommand({
        cluster: 'demo',
        serviceName: 'worker',
        taskDefinition: 'web:1',
        desiredCount: 1,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } }
      })
    )
    expect(created.service).toMatchObject({
      serviceName: 'worker',
      status: 'ACTIVE',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } }
    })
    expect(created.service?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS')
    await expect(
      h.ecs.send(
        new CreateServiceCommand({
          cluster: 'demo',
          serviceName: 'worker',
          taskDefinition: 'web:1'
        })
      )
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    h.clock.advance(6000)
    expect((await h.describe('worker')).deployments?.[0]?.rolloutState).toBe('COMPLETED')

    await expect(
      h.ecs.send(new DeleteServiceCommand({ cluster: 'demo', service: 'worker' }))
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const deleted = await h.ecs.send(
      new DeleteServiceCommand({ cluster: 'demo', service: 'worker', force: true })
    )
    expect(deleted.service?.status).toBe('DRAINING')
    h.clock.advance(2000)
    expect((await h.describe('worker')).status).toBe('INACTIVE')
    await expect(
      h.ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'worker', desiredCount: 1 }))
    ).rejects.toBeInstanceOf(ServiceNotActiveException)
  })
})

describe('simulator: ECR operations through the AWS SDK v3', () => {
  let h: Harness
  beforeEach(async () => {
    h = await harness('healthy', { seed: { imageSha: SHA } })
  })
  afterEach(async () => h.stop())

  it('DescribeRepositories and GetAuthorizationToken', async () => {
    const repos = await h.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['web'] }))
    expect(repos.repositories?.[0]).toMatchObject({
      repositoryName: 'web',
      repositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web',
      registryId: '123456789012',
      imageTagMutability: 'MUTABLE'
    })
    await expect(
      h.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['api'] }))
    ).rejects.toBeInstanceOf(RepositoryNotFoundException)
    const auth = await h.ecr.send(new GetAuthorizationTokenCommand({}))
    const data = auth.authorizationData?.[0]
    expect(data?.proxyEndpoint).toBe('https://123456789012.dkr.ecr.us-east-1.amazonaws.com')
    expect(Buffer.from(data?.authorizationToken ?? '', 'base64').toString()).toBe(
      'AWS:123456789012-auth-token'
    )
    expect(data?.expiresAt).toBeInstanceOf(Date)
  })

  it('DescribeImages by tag and digest; ImageNotFoundException', async () => {
    const out = await h.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: SHA }] })
    )
    const image = out.imageDetails?.[0]
    expect(image?.imageTags).toEqual([SHA])
    expect(image?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(image?.imagePushedAt).toBeInstanceOf(Date)
    const byDigest = await h.ecr.send(
      new DescribeImagesCommand({
        repositoryName: 'web',
        imageIds: [{ imageDigest: image?.imageDigest }]
      })
    )
    expect(byDigest.imageDetails?.[0]?.imageTags).toEqual([SHA])
    await expect(
      h.ecr.send(
        new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'nope' }] })
      )
    ).rejects.toBeInstanceOf(ImageNotFoundException)
    await expect(
      h.ecr.send(new DescribeImagesCommand({ repositoryName: 'api' }))
    ).rejects.toBeInstanceOf(RepositoryNotFoundException)
  })

  it('promote: BatchGetImage + PutImage adds a tag to the same manifest', async () => {
    const got = await h.ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'web',
        imageIds: [{ imageTag: SHA }, { imageTag: 'v9' }]
      })
    )
    const image = got.images?.[0]
    expect(image?.imageId?.imageTag).toBe(SHA)
    expect(image?.imageManifestMediaType).toBe(
      'application/vnd.docker.distribution.manifest.v2+json'
    )
    expect(JSON.parse(image?.imageManifest ?? '{}').schemaVersion).toBe(2)
    expect(got.failures).toEqual([
      {
        imageId: { imageTag: 'v9' },
        failureCode: 'ImageNotFound',
        failureReason: 'Requested image not found'
      }
    ])

    const put = await h.ecr.send(
      new PutImageCommand({
        repositoryName: 'web',
        imageManifest: image?.imageManifest,
        imageManifestMediaType: image?.imageManifestMediaType,
        imageTag: 'v1.0-staging'
      })
    )
    expect(put.image?.imageId).toEqual({
      imageDigest: image?.imageId?.imageDigest,
      imageTag: 'v1.0-staging'
    })
    const tags = await h.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'v1.0-staging' }] })
    )
    expect(tags.imageDetails?.[0]?.imageTags).toEqual([SHA, 'v1.0-staging'])

    // Same tag on the same digest again: ECR says it already exists.
    await expect(
      h.ecr.send(
        new PutImageCommand({
          repositoryName: 'web',
          imageManifest: image?.imageManifest,
          imageTag: SHA
        })
      )
    ).rejects.toBeInstanceOf(ImageAlreadyExistsException)
  })

  it('PutImage moves a tag in a MUTABLE repository and refuses in an IMMUTABLE one', async () => {
    const other = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      layers: []
    })
    const moved = await h.ecr.send(
      new PutImageCommand({ repositoryName: 'web', imageManifest: other, imageTag: SHA })
    )
    const after = await h.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: SHA }] })
    )
    expect(after.imageDetails?.[0]?.imageDigest).toBe(moved.image?.imageId?.imageDigest)
    await h.stop()

    h = await harness('healthy', { seed: { imageSha: SHA, imageTagMutability: 'IMMUTABLE' } })
    await expect(
      h.ecr.send(
        new PutImageCommand({ repositoryName: 'web', imageManifest: other, imageTag: SHA })
      )
    ).rejects.toBeInstanceOf(ImageTagAlreadyExistsException)
  })
})
