import { primaryDeployment, shortTaskDefinition } from '../aws/ecs-api.js'
import { InputError, errorMessage } from '../util/errors.js'
import { currentTaskDefinition, prepareTaskDefinition } from './register.js'
import { describeDeployment } from './rollout.js'
import { diffTaskDefinitions, sameTaskDefinition } from './task-definition.js'
import type { StepContext } from './types.js'

/**
 * dry-run for deploy and promote (DESIGN.md §1): the read-only half of register and deploy.
 * Describes the service and its revision, renders the new definition and prints the diff;
 * registers and updates nothing. Without AWS access it warns and leaves the run green; a
 * broken task-definition file or container name still fails, as it would for real.
 */
export async function printDryRun({ settings, plan, state, services }: StepContext): Promise<void> {
  const target = plan.target
  if ((plan.flow !== 'deploy' && plan.flow !== 'promote') || !target) return
  const { logger } = services
  try {
    const { image, note } = await dryRunImage({ settings, plan, state, services })
    const prepared = await prepareTaskDefinition(services.aws.ecs(), target, image, services.env)
    const lines = [`dry-run: image ${image} (${note})`]
    if (prepared.service) {
      const primary = primaryDeployment(prepared.service)
      lines.push(
        `dry-run: service ${target.service} in cluster ${target.cluster} runs ${shortTaskDefinition(currentTaskDefinition(prepared.service))}` +
          (primary ? ` (${describeDeployment(primary)})` : '')
      )
    } else {
      lines.push(
        `dry-run: service ${target.service} does not exist in cluster ${target.cluster}; ` +
          (target.serviceDefinition
            ? `it would be created from ${target.serviceDefinition}`
            : 'deploy would fail: no service-definition file is given')
      )
    }
    if (prepared.live && sameTaskDefinition(prepared.live.definition, prepared.rendered)) {
      lines.push(
        `dry-run: the rendered task definition equals ${shortTaskDefinition(prepared.live.arn)}; it would be reused (result unchanged)`
      )
    } else if (prepared.live) {
      lines.push(
        `dry-run: a new revision of ${prepared.rendered.family} would be registered; changes from ${shortTaskDefinition(prepared.live.arn)}:`
      )
      lines.push(
        ...diffTaskDefinitions(prepared.live.definition, prepared.rendered).map(line => `  ${line}`)
      )
    } else {
      lines.push(`dry-run: a first revision of ${prepared.rendered.family} would be registered`)
    }
    const count =
      target.desiredCount === undefined ? '' : ` with desired count ${target.desiredCount}`
    lines.push(
      `dry-run: service ${target.service} would then be updated${count}${settings.wait ? ' and its rollout watched' : ''}`
    )
    logger.info(lines.join('\n'))
  } catch (error) {
    if (error instanceof InputError) throw error
    logger.warning(
      `dry-run: the task-definition diff could not be computed: ${errorMessage(error)}`,
      'ecs-flow dry-run'
    )
  }
}

/**
 * The image the release would run, found read-only: the given one, or the commit's image
 * already in ECR (by digest, as promote and a re-run would use it), or the reference a build
 * would push. A promote whose commit has no image says so instead of pretending.
 */
async function dryRunImage({
  settings,
  plan,
  state,
  services
}: StepContext): Promise<{ image: string; note: string }> {
  const given = state.image ?? settings.image
  if (given) return { image: given, note: 'input image' }
  const repositoryName = settings.ecrRepository ?? 'IMAGE'
  const placeholder = `${repositoryName}:${plan.imageTag}`
  try {
    return await imageInEcr(repositoryName, { plan, services })
  } catch (error) {
    // The diff is still worth printing with a placeholder when ECR cannot be asked.
    return { image: placeholder, note: `ECR could not be asked: ${errorMessage(error)}` }
  }
}

async function imageInEcr(
  repositoryName: string,
  { plan, services }: Pick<StepContext, 'plan' | 'services'>
): Promise<{ image: string; note: string }> {
  const ecr = services.aws.ecr()
  const repository = await ecr.describeRepository(repositoryName)
  if (!repository) {
    return {
      image: `${repositoryName}:${plan.imageTag}`,
      note: `ECR repository ${repositoryName} does not exist yet`
    }
  }
  const found = await ecr.findImage(repository.name, plan.imageTag)
  if (found)
    return {
      image: `${repository.uri}@${found.digest}`,
      note: 'already in ECR for this commit: nothing would be built'
    }
  if (plan.flow === 'promote') {
    services.logger.warning(
      `dry-run: ECR repository ${repository.name} has no image tagged ${plan.imageTag}: resolve would fail; the deploy or publish flow of that commit builds it`,
      'ecs-flow dry-run'
    )
  }
  return {
    image: `${repository.uri}:${plan.imageTag}`,
    note: 'the image this run would build and push'
  }
}
