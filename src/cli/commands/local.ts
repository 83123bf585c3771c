import { existsSync } from 'node:fs'
import { currentTaskDefinition, describeLiveService } from '../../aws/services.js'
import { DockerCli } from '../../docker/docker.js'
import { resolveTarget } from '../../plan/target.js'
import type { Services } from '../../core/context.js'
import type { Settings } from '../../settings/types.js'
import { InputError, ReleaseError } from '../../util/errors.js'
import { escapeForLog } from '../../util/escape.js'
import { maskSecret } from '../../util/masking.js'
import { printable } from '../../util/printable.js'
import { chooseImage, type ChosenImage } from '../image-choice.js'
import { isEcrImage, parseImageReference } from '../image-reference.js'
import { NOT_FOUND_EXIT } from '../process-runner.js'
import type { ImageSelector } from '../program.js'
import { chosenContainer } from '../status/service-status.js'

export interface LocalRequest {
  selector: ImageSelector
  envFile?: string
  dockerArgs: readonly string[]
}

/** Runs `docker run` attached to the terminal; resolves its exit code. */
export type AttachedRunner = (program: string, args: readonly string[]) => Promise<number>

/**
 * `local`: checks Docker, chooses the image, logs in to its ECR registry (password on stdin,
 * redacted everywhere), pulls, logs out, and runs it with `docker run --rm`, the environment's
 * variables (not its secrets: those are ARNs only ECS can read) and the env file. Resolves the
 * container's exit code.
 */
export async function runLocally(
  settings: Settings,
  services: Services,
  request: LocalRequest,
  runAttached: AttachedRunner
): Promise<number> {
  const { logger } = services
  if (request.envFile !== undefined && !existsSync(request.envFile))
    throw new InputError(
      `--env-file ${printable(request.envFile, 200)}`,
      'does not exist',
      'Give the path of a file of NAME=value lines, as docker run --env-file reads them.'
    )
  const docker = new DockerCli(services.exec, { mask: services.runner })
  const version = await services.exec.run(
    'docker',
    ['version', '--format', '{{.Client.Version}}'],
    {
      silent: true
    }
  )
  if (version.exitCode === NOT_FOUND_EXIT)
    throw new ReleaseError(
      'Docker is not installed here, or not on PATH: local pulls and runs the image with the docker command. Install Docker (or put docker on PATH) and try again.'
    )
  if (version.exitCode !== 0)
    throw new ReleaseError(
      `docker version exited with code ${version.exitCode}, so the Docker engine cannot be used (${escapeForLog(version.stderr.trim().split('\n').at(-1) ?? '')}). Start it and try again.`
    )

  const variablesFrom =
    request.selector.kind === 'environment' ? request.selector.environment : settings.environment
  const chosen = await chooseLocalImage(settings, services, request.selector)
  logger.info(`image: ${chosen.reference} (${chosen.why})`)

  const image = parseImageReference(chosen.reference)
  if (isEcrImage(image)) {
    const authorization = await services.aws.ecr().getAuthorization()
    maskSecret(authorization.password, services.runner, { user: authorization.username })
    await docker.login(image.registry!, authorization.username, authorization.password)
  }
  try {
    const pulled = await services.exec.run('docker', ['pull', chosen.reference])
    if (pulled.exitCode !== 0)
      throw new ReleaseError(
        `docker pull ${chosen.reference} exited with code ${pulled.exitCode}: ${escapeForLog(pulled.stderr.trim().split('\n').at(-1) ?? '')}`
      )
  } finally {
    // Pulled: the credentials are not left in the docker config for the next 12 hours.
    if (isEcrImage(image)) await docker.logout(image.registry!)
  }

  const variables = variablesFrom ? resolveTarget(settings, variablesFrom).variables : {}
  const argv = [
    'run',
    '--rm',
    ...Object.entries(variables).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    ...(request.envFile !== undefined ? ['--env-file', request.envFile] : []),
    ...request.dockerArgs,
    chosen.reference
  ]
  return runAttached('docker', argv)
}

async function chooseLocalImage(
  settings: Settings,
  services: Services,
  selector: ImageSelector
): Promise<ChosenImage> {
  if (selector.kind === 'environment') {
    const target = resolveTarget(settings, selector.environment)
    const ecs = services.aws.ecs()
    const live = await describeLiveService(ecs, target.cluster, target.service)
    const revision = live ? currentTaskDefinition(live) : undefined
    if (!revision)
      throw new ReleaseError(
        `service ${target.service} does not exist in cluster ${target.cluster} (or is not ACTIVE): environment ${selector.environment} runs no image`
      )
    const definition = await ecs.describeTaskDefinition(revision)
    const image = chosenContainer(definition, target.container)?.image
    if (!image)
      throw new ReleaseError(
        `${definition.family}:${definition.revision} has ${target.container ? `no container ${target.container}` : 'no container with an image'}`
      )
    return {
      reference: image,
      why: `what environment ${selector.environment} runs now (${definition.family}:${definition.revision})`
    }
  }
  const name = settings.ecrRepository
  if (!name)
    throw new InputError(
      '--ecr-repository',
      'no ECR repository is set',
      'Give --ecr-repository NAME, or ecr-repository: in the config file.'
    )
  const ecr = services.aws.ecr()
  const repository = await ecr.describeRepository(name)
  if (!repository)
    throw new InputError(
      '--ecr-repository',
      `ECR repository ${name} does not exist in ${await ecr.region()}`,
      'Check the name and AWS_REGION.'
    )
  return chooseImage(selector, await ecr.listImages(name), repository.uri)
}
