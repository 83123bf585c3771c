import type { EcsApi } from '../aws/ecs-api.js'
import { findService } from '../aws/services.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import { READ_GRACE_MS } from '../util/wait-deadline.js'
import { RolloutFailure } from '../rollout/verdict.js'
import { RolloutFailures } from '../rollout/watch.js'
import type { LiveRevision, ReleaseState, ServiceRelease } from '../core/state.js'
import { liveRevisionOf } from '../core/live-revision.js'

export { liveRevisionOf }

/** ECS answers up to 10 services per DescribeServices. */
const SERVICES_PER_READ = 10

/**
 * A failed or cancelled release reads every one of its services back before it is reported, so
 * the record says what ECS runs, not what the run last heard: an UpdateService whose answer never
 * came may have gone through. Only once `deploy` has started (before it nothing was updated), and
 * never in a dry run (nothing was). One DescribeServices per cluster (10 services a call), one
 * attempt each; `deadline` (ms, clock time) bounds the reads of a cancelled job, which has only
 * the runner's grace; `withinMs` bounds each read in the adapter (a failed release's short read-
 * back); `notRead` reads nothing and says why. A read that fails or is not answered in time
 * leaves the service `unknown`.
 */
export async function readBackServices(
  state: ReleaseState,
  ecs: () => EcsApi,
  clock: Clock,
  options: { dryRun: boolean; deadline?: number; withinMs?: number; notRead?: string }
): Promise<void> {
  const releases = state.services ?? []
  if (options.dryRun || releases.length === 0) return
  if (!state.steps.some(record => record.step === 'deploy')) return
  if (options.notRead !== undefined) {
    for (const release of releases) release.live = { unknown: options.notRead }
    return
  }
  const byCluster = new Map<string, ServiceRelease[]>()
  for (const release of releases)
    byCluster.set(release.target.cluster, [
      ...(byCluster.get(release.target.cluster) ?? []),
      release
    ])
  const reads = [...byCluster].flatMap(([cluster, inCluster]) =>
    Array.from({ length: Math.ceil(inCluster.length / SERVICES_PER_READ) }, (_, index) => ({
      cluster,
      releases: inCluster.slice(index * SERVICES_PER_READ, (index + 1) * SERVICES_PER_READ)
    }))
  )
  await Promise.all(
    reads.map(async read => {
      const names = read.releases.map(release => release.target.service)
      try {
        const answer = await beforeDeadline(
          () =>
            ecs().describeServices(read.cluster, names, {
              polling: true,
              ...(options.withinMs === undefined ? {} : { withinMs: options.withinMs })
            }),
          clock,
          options.deadline
        )
        for (const release of read.releases) release.live = liveRevision(answer, release)
      } catch (error) {
        for (const release of read.releases) release.live = { unknown: errorMessage(error) }
      }
    })
  )
}

function liveRevision(
  answer: Awaited<ReturnType<EcsApi['describeServices']>>,
  release: ServiceRelease
): LiveRevision {
  const service = findService(answer, release.target.service)
  if (!service) return { unknown: 'ECS reports the service missing' }
  if (service.status !== 'ACTIVE') return { unknown: `the service is ${service.status}` }
  return liveRevisionOf(service)
}

/**
 * Whether a failed release must read its services back before it is reported: always with
 * several services (a rollback of some, a lost answer of another); with one, when its update
 * went out unanswered and deploy could not read the service back itself.
 */
export function failureNeedsReadBack(state: ReleaseState): boolean {
  const releases = state.services ?? []
  if (releases.length > 1) return true
  return releases.some(
    release =>
      release.deploying &&
      !release.deployment &&
      !(release.live && 'taskDefinitionArn' in release.live)
  )
}

/**
 * The bound of a failed release's read-back: a short grace, or none at all when the release
 * failed because ECS did not answer for the whole of a wait's deadline and grace. Reading again
 * then would only carry the job past the deadline it was given; the services are `unknown`.
 */
export function failureReadBack(error: unknown): { withinMs: number } | { notRead: string } {
  const failures =
    error instanceof RolloutFailures
      ? error.failures
      : error instanceof RolloutFailure
        ? [error]
        : []
  if (failures.some(failure => failure.kind === 'unreadable'))
    return {
      notRead: 'ECS did not answer within the deadline of the wait, so it was not read again'
    }
  return { withinMs: READ_GRACE_MS }
}

/** What `work` gives, or undefined when the deadline (ms, clock time) passes first. */
export async function untilDeadline<T>(
  work: Promise<T>,
  clock: Clock,
  deadline: number
): Promise<T | undefined> {
  const left = deadline - clock.now()
  if (left <= 0) return undefined
  return Promise.race([work, clock.sleep(left).then(() => undefined)])
}

/** `read()`, unless the deadline passes first: then it fails, saying so. */
async function beforeDeadline<T>(
  read: () => Promise<T>,
  clock: Clock,
  deadline: number | undefined
): Promise<T> {
  if (deadline === undefined) return read()
  const left = deadline - clock.now()
  if (left <= 0) throw new Error(`no time was left in the cancel grace to read it`)
  const late = clock.sleep(left).then(() => {
    throw new Error(`not answered within the cancel grace (${(left / 1000).toFixed(1)}s left)`)
  })
  return Promise.race([read(), late])
}

/**
 * Whether this run updated the service, as far as is known: its UpdateService answered, or ECS
 * now runs the revision this run registered for it (an answer lost or cut short by a cancel);
 * `unknown` when the call went out unanswered and the service could not be read back, or is a
 * CODE_DEPLOY one that shows no task set of it yet.
 */
export function wasUpdated(release: ServiceRelease): boolean | 'unknown' {
  if (release.deployment || release.rollback) return true
  const { live, registration } = release
  // Its UpdateService (or CreateService) was never sent.
  if (!release.deploying) return false
  if (!live || !registration || registration.predicted) return false
  if ('unknown' in live) return 'unknown'
  // An unchanged revision is what ran before: running it says nothing about an update.
  const ours = registration.taskDefinitionArn
  if (live.taskDefinitionArn === ours || live.alongside.includes(ours))
    return !registration.unchanged
  // ECS shows an UpdateService at once; a CodeDeploy deployment only once its task set is made.
  return registration.codeDeployService ? 'unknown' : false
}
