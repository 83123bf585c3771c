import type { EcrApi, EcrRepository } from './ecr-api.js'
import { ReleaseError } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/**
 * The repository dockerize pushes to. A missing one is created only when the user asked for
 * it (create-repository: true), with the settings a release repository should have.
 */
export async function ensureRepository(
  ecr: EcrApi,
  name: string,
  create: boolean,
  logger: Logger
): Promise<EcrRepository> {
  const found = await ecr.describeRepository(name)
  if (found) return found
  const region = await ecr.region()
  if (!create) throw missingRepository(name, region)
  const created = await ecr.createRepository(name, { immutableTags: true, scanOnPush: true })
  logger.info(`Created ECR repository ${created.uri} in ${region} (scan on push, immutable tags).`)
  return created
}

/** The repository resolve finds the commit's image in; never created (it would be empty). */
export async function existingRepository(
  ecr: EcrApi,
  name: string,
  sha: string
): Promise<EcrRepository> {
  const found = await ecr.describeRepository(name)
  if (found) return found
  throw noRepositoryForCommit(name, await ecr.region(), sha)
}

/** The repository to push to does not exist, and ecs-flow was not asked to create it. */
export function missingRepository(name: string, region: string): ReleaseError {
  return new ReleaseError(
    `ECR repository "${name}" does not exist in ${region}. Create it ` +
      `(aws ecr create-repository --repository-name ${name} --image-tag-mutability IMMUTABLE ` +
      `--image-scanning-configuration scanOnPush=true --region ${region}), ` +
      'or set create-repository: true to let ecs-flow create it.'
  )
}

/** The repository a promote looks in does not exist: the commit was never built. */
export function noRepositoryForCommit(name: string, region: string, sha: string): ReleaseError {
  return new ReleaseError(
    `ECR repository "${name}" does not exist in ${region}, so it holds no image for commit ${sha}. ` +
      'The deploy or publish flow of that commit builds and pushes the image (and creates the ' +
      'repository with create-repository: true): run it first, then push the tag again.'
  )
}
