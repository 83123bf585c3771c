import { codeDeployServiceOf } from '../codedeploy/service.js'
import { shortTaskDefinition } from '../aws/ecs-api.js'
import { findRollbackTarget } from '../aws/rollback-target.js'
import { currentTaskDefinition } from '../aws/services.js'
import { liveServiceOf, taskDefinitionOf, type PreflightReads } from '../aws/read-hand-off.js'
import { asTaskDefinition, chooseContainer } from '../definitions/task-definition.js'
import type { AsIsSource } from '../plan/plan.js'
import type { Target } from '../settings/types.js'
import type { StepContext } from '../core/context.js'
import type { ReleaseImage, Registration } from '../core/state.js'

/**
 * A registered revision deployed exactly as it is (task-definition names a revision and the
 * release has no image to set): nothing is registered; the Registration deploy needs is read
 * from DescribeTaskDefinition and the service, and the image is the one the revision runs.
 */
export async function adoptRevision(
  { services }: StepContext,
  target: Target,
  source: AsIsSource,
  /** What preflight read, when no step ran since: used instead of reading it again. */
  handed?: PreflightReads
): Promise<{ image: ReleaseImage; registration: Registration }> {
  const ecs = services.aws.ecs()
  const revision = await taskDefinitionOf(ecs, source.taskDefinition, handed)
  const service = await liveServiceOf(ecs, target.cluster, target.service, handed)
  const previous = service ? currentTaskDefinition(service) : undefined
  const rollback = service
    ? await findRollbackTarget(ecs, target.cluster, service, revision.arn)
    : undefined
  if (rollback?.target)
    services.logger.info(
      `rollback target: ${shortTaskDefinition(rollback.target.taskDefinitionArn)}, ${rollback.target.why}`
    )
  services.logger.info(
    `deploying ${shortTaskDefinition(revision.arn)} (${revision.arn}) as it is: no image to set, nothing registered`
  )
  return {
    image: { reference: imageOf(revision.definition, target, revision.arn), extraTags: [] },
    registration: {
      taskDefinitionArn: revision.arn,
      previousTaskDefinitionArn: previous,
      serviceExists: service !== undefined,
      unchanged: previous === revision.arn,
      rollbackTarget: rollback?.target,
      changes: [],
      predicted: false,
      ...codeDeployServiceOf(service)
    }
  }
}

/** The image of the target's container (the only one, or the first when none is named). */
function imageOf(definition: unknown, target: Target, arn: string): string {
  const parsed = asTaskDefinition(definition, `task definition ${arn}`)
  const where = `task definition ${shortTaskDefinition(arn)}`
  const name =
    target.container || parsed.containerDefinitions.length === 1
      ? chooseContainer(parsed, target.container, where)
      : parsed.containerDefinitions[0]!.name
  const container = parsed.containerDefinitions.find(c => c.name === name)
  return container?.image ?? '(none)'
}
