// @ts-check
/**
 * The seeded world every scenario starts from: a cluster with steady services on revision 1 of
 * their task-definition family, and an ECR repository holding the image those revisions run,
 * tagged with a commit SHA.
 */
import { REGISTRY_HOST } from './ids.js'
import { DOCKER_MANIFEST_V2, fakeManifest } from './ecr-state.js'

/** @typedef {import('./ecs-state.js').EcsWorld} EcsWorld */
/** @typedef {import('./ecr-state.js').EcrWorld} EcrWorld */

export const DEFAULT_IMAGE_SHA = '3f786850e387550fdab836ed7e6dc881de23001b'

/**
 * @typedef {object} SeedOptions
 * @property {string} [cluster]        default "demo"
 * @property {Array<string | {name: string, desiredCount?: number}>} [services]  default ["web"]
 * @property {string} [service]        shorthand for services: [service]
 * @property {number} [desiredCount]   default 2
 * @property {boolean | {enable: boolean, rollback: boolean}} [circuitBreaker]  default: the scenario's
 * @property {string} [containerName]  default: the service name
 * @property {string} [repository]     ECR repository of the running image, default "web"
 * @property {string} [imageSha]       40-hex commit SHA the running image is tagged with
 * @property {'MUTABLE'|'IMMUTABLE'} [imageTagMutability]  default "MUTABLE"
 * @property {Array<{repository: string, tags: string[], manifest?: string, mediaType?: string}>} [images]  more images
 * @property {number} [randomSeed]     seed of the id generator, default 1
 * @property {string} [authPassword]   what GetAuthorizationToken hands out
 */

/**
 * @typedef {object} Seed
 * @property {string} cluster
 * @property {{name: string, desiredCount: number}[]} services
 * @property {{enable: boolean, rollback: boolean}} circuitBreaker
 * @property {string | undefined} containerName
 * @property {string} repository
 * @property {string} imageSha
 * @property {'MUTABLE'|'IMMUTABLE'} imageTagMutability
 * @property {Array<{repository: string, tags: string[], manifest?: string, mediaType?: string}>} images
 * @property {number} randomSeed
 * @property {string | undefined} authPassword
 */

/**
 * @param {SeedOptions} opts
 * @param {{enable: boolean, rollback: boolean}} scenarioBreaker
 * @returns {Seed}
 */
export function normalizeSeed(opts, scenarioBreaker) {
  const desired = opts.desiredCount ?? 2
  const list = opts.services ?? [opts.service ?? 'web']
  const cb = opts.circuitBreaker
  const imageSha = opts.imageSha ?? DEFAULT_IMAGE_SHA
  if (!/^[0-9a-f]{40}$/.test(imageSha))
    throw new Error(`seed.imageSha must be 40 lowercase hex characters, got "${imageSha}"`)
  return {
    cluster: opts.cluster ?? 'demo',
    services: list.map(s =>
      typeof s === 'string'
        ? { name: s, desiredCount: desired }
        : { name: s.name, desiredCount: s.desiredCount ?? desired }
    ),
    circuitBreaker:
      cb === undefined
        ? { ...scenarioBreaker }
        : typeof cb === 'boolean'
          ? { enable: cb, rollback: cb }
          : { ...cb },
    containerName: opts.containerName,
    repository: opts.repository ?? 'web',
    imageSha,
    imageTagMutability: opts.imageTagMutability ?? 'MUTABLE',
    images: opts.images ?? [],
    randomSeed: opts.randomSeed ?? 1,
    authPassword: opts.authPassword
  }
}

/**
 * @param {{ecs: EcsWorld, ecr: EcrWorld, seed: Seed, at: number}} p  at: the reset time (ms)
 */
export function seedWorld({ ecs, ecr, seed, at }) {
  const past = at - 24 * 3600 * 1000
  const repo = ecr.addRepository(seed.repository, past - 3600 * 1000, seed.imageTagMutability)
  ecr.putManifest(repo, fakeManifest(seed.imageSha), DOCKER_MANIFEST_V2, [seed.imageSha], past)
  for (const img of seed.images) {
    const r =
      ecr.repositories.get(img.repository) ?? ecr.addRepository(img.repository, past, 'MUTABLE')
    const manifest = img.manifest ?? fakeManifest(`${img.repository}:${img.tags.join(',')}`)
    ecr.putManifest(r, manifest, img.mediaType ?? DOCKER_MANIFEST_V2, img.tags, past)
  }

  ecs.addCluster(seed.cluster)
  for (const svc of seed.services) {
    const td = ecs.registerTaskDefinition(
      {
        family: svc.name,
        containerDefinitions: [
          {
            name: seed.containerName ?? svc.name,
            image: `${REGISTRY_HOST}/${seed.repository}:${seed.imageSha}`,
            cpu: 0,
            essential: true,
            portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
            environment: [{ name: 'APP_ENV', value: 'dev' }],
            mountPoints: [],
            volumesFrom: [],
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': `/ecs/${svc.name}`,
                'awslogs-region': 'us-east-1',
                'awslogs-stream-prefix': 'ecs'
              }
            }
          }
        ],
        executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512'
      },
      past
    )
    ecs.addSteadyService({
      cluster: seed.cluster,
      serviceName: svc.name,
      taskDefinition: td.taskDefinitionArn,
      desiredCount: svc.desiredCount,
      circuitBreaker: seed.circuitBreaker,
      at: past,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1b2c3d'],
          securityGroups: ['sg-0a1b2c3d'],
          assignPublicIp: 'DISABLED'
        }
      }
    })
  }
}
