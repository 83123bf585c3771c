import { RolloutFailure } from '../../../src/rollout/verdict.js'
import type { DeploymentStrategy } from '../../../src/strategies/strategy.js'

/** What the dummy strategy was asked, in order: `step service detail`. */
export interface DummyJournal {
  calls: string[]
  /** Called from within `watch` (a cancelled job, as the runner's signal would). */
  duringWatch?: () => Promise<void>
}

/**
 * A strategy of its own, for services on the EXTERNAL deployment controller (which no
 * registered strategy deploys): it records what it is asked, starts a deployment without an ECS
 * write, fails its watch (so the release rolls back through it), and puts the previous revision
 * back by itself. Only this folder and the list it is registered in know it.
 */
export function dummyStrategy(journal: DummyJournal): DeploymentStrategy {
  const note = (entry: string) => journal.calls.push(entry)
  return {
    name: 'dummy',
    matches: service => service.deploymentController === 'EXTERNAL',
    async checkService(_services, target) {
      note(`preflight ${target.service}`)
      return []
    },
    warnings: (_service, { target }) => [
      { message: `dummy: service ${target.service} deploys the dummy way`, title: 'dummy' }
    ],
    verifiesDuring: () => false,
    async deploy(_context, { target, registration }) {
      note(`deploy ${target.service} ${registration.taskDefinitionArn}`)
      return {
        id: `dummy-${target.service}`,
        taskDefinitionArn: registration.taskDefinitionArn,
        createdService: false,
        deploymentController: 'EXTERNAL'
      }
    },
    watch: (_context, rollouts) =>
      rollouts.map(({ target, deployment }) => async () => {
        note(`watch ${target.service} ${deployment.id}`)
        await journal.duringWatch?.()
        throw new RolloutFailure(
          `dummy deployment ${deployment.id} failed`,
          'rollout-failed',
          'ours',
          deployment.id
        )
      }),
    dryRunWait: (_context, releases) =>
      `dry-run: the dummy would watch ${releases.map(release => release.target.service).join(', ')}`,
    async rollBack(_context, requests) {
      for (const { release, to } of requests) {
        note(`roll back ${release.target.service} to ${to}`)
        release.rollback = {
          deploymentId: `dummy-back-${release.target.service}`,
          taskDefinitionArn: to
        }
      }
      return {
        started: true,
        watches: [],
        dryRunWatch: 'dry-run: the dummy would watch the rollback',
        deploymentLabel: 'dummy deployment'
      }
    },
    async stopOnCancel(state) {
      const ours = (state.services ?? []).filter(release => release.deployment?.via === 'dummy')
      for (const release of ours) note(`stop ${release.target.service}`)
      return ours.length > 0 ? 'the dummy stopped its deployment' : undefined
    }
  }
}
