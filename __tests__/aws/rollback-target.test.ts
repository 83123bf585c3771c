import { describe, expect, it } from '@jest/globals'
import type {
  CompletedDeployment,
  DeploymentInfo,
  EcsApi,
  ServiceSnapshot
} from '../../src/aws/ecs-api.js'
import { findRollbackTarget } from '../../src/aws/rollback-target.js'

const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`
const OURS = TD(9)

const deployment = (status: string, revision: number, rolloutState?: string): DeploymentInfo => ({
  id: `ecs-svc/${revision}`,
  status,
  taskDefinition: TD(revision),
  desiredCount: 2,
  pendingCount: 0,
  runningCount: 2,
  failedTasks: 0,
  ...(rolloutState ? { rolloutState } : {})
})

const service = (deployments: DeploymentInfo[]): ServiceSnapshot => ({
  name: 'web',
  status: 'ACTIVE',
  taskDefinition: deployments[0]?.taskDefinition,
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deploymentController: 'ECS',
  circuitBreaker: { enable: true, rollback: true },
  deployments,
  events: [],
  targetGroupArns: []
})

/** An ECS whose history holds these SUCCESSFUL deployments (newest first), or cannot be read. */
function history(revisions: number[] | Error) {
  const reads: string[] = []
  const ecs = {
    listSuccessfulDeployments: async (cluster: string, name: string) => {
      reads.push(`${cluster}/${name}`)
      if (revisions instanceof Error) throw revisions
      return revisions.map((revision): CompletedDeployment => ({
        arn: `arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/sd${revision}`,
        taskDefinition: TD(revision)
      }))
    }
  } as unknown as EcsApi
  return { ecs, reads }
}

describe('findRollbackTarget', () => {
  it.each<[string, DeploymentInfo[], string, number[] | Error, number | undefined, boolean]>([
    // name, deployments before the release, ours, history (newest first), target, history read
    [
      'a PRIMARY that COMPLETED, nothing else under way: it, without reading the history',
      [deployment('PRIMARY', 4, 'COMPLETED')],
      OURS,
      [3],
      4,
      false
    ],
    [
      'another deployment under way: the history decides (not the unfinished one)',
      [deployment('PRIMARY', 5, 'IN_PROGRESS'), deployment('ACTIVE', 4, 'COMPLETED')],
      OURS,
      [4, 3],
      4,
      true
    ],
    [
      'a COMPLETED PRIMARY still draining an older revision: the history',
      [deployment('PRIMARY', 5, 'COMPLETED'), deployment('ACTIVE', 4, 'COMPLETED')],
      OURS,
      [5, 4],
      5,
      true
    ],
    [
      'ours is the PRIMARY (an unchanged definition): the one that completed before it',
      [deployment('PRIMARY', 9, 'COMPLETED')],
      OURS,
      [9, 7],
      7,
      true
    ],
    [
      'no rollout state (ECS gives none): the history',
      [deployment('PRIMARY', 4)],
      OURS,
      [4],
      4,
      true
    ],
    [
      'no rollout state and no history: the PRIMARY before the release',
      [deployment('PRIMARY', 4)],
      OURS,
      [],
      4,
      true
    ],
    [
      'a PRIMARY that did not complete and no history: nothing to return to',
      [deployment('PRIMARY', 5, 'FAILED')],
      OURS,
      [],
      undefined,
      true
    ]
  ])('%s', async (_name, deployments, ours, revisions, expected, read) => {
    const { ecs, reads } = history(revisions)
    const found = await findRollbackTarget(ecs, 'demo', service(deployments), ours)
    expect(found.target?.taskDefinitionArn).toBe(expected === undefined ? undefined : TD(expected))
    expect(reads).toEqual(read ? ['demo/web'] : [])
  })

  it('says why: the service deployment it was read from, or the completed PRIMARY', async () => {
    const busy = await findRollbackTarget(
      history([4]).ecs,
      'demo',
      service([deployment('PRIMARY', 5, 'IN_PROGRESS'), deployment('ACTIVE', 4, 'COMPLETED')]),
      OURS
    )
    expect(busy.target?.why).toBe(
      'the last revision that completed on the service (service deployment sd4)'
    )
    const quiet = await findRollbackTarget(
      history([]).ecs,
      'demo',
      service([deployment('PRIMARY', 4, 'COMPLETED')]),
      OURS
    )
    expect(quiet.target?.why).toBe('the revision PRIMARY before the release, its rollout COMPLETED')
  })

  it('an unreadable history falls back to a completed PRIMARY only, and says so', async () => {
    const found = await findRollbackTarget(
      history(new Error('AccessDenied')).ecs,
      'demo',
      service([deployment('PRIMARY', 5, 'IN_PROGRESS'), deployment('ACTIVE', 4, 'COMPLETED')]),
      OURS
    )
    expect(found.target).toBeUndefined()
    expect(found.note).toContain("the service's deployment history could not be read")
    expect(found.note).toContain('had not completed (IN_PROGRESS)')
  })
})
