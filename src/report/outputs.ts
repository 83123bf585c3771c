import { planTarget, type Plan } from '../plan/plan.js'
import { wasUpdated } from '../release/read-back.js'
import { pausedServices, type ReleaseState, type ServiceRelease } from '../core/state.js'
import { withoutCredentials } from '../util/url.js'
import { planJson } from './plan-log.js'
import { serviceNames, targetsJson, touchedTargets } from './targets.js'

export type OutputSink = (name: string, value: string) => void

export function writePlanOutputs(plan: Plan, output: OutputSink): void {
  output('flow', plan.flow)
  output('environment', plan.environment ?? '')
  output('plan', planJson(plan))
}

/** Everything gathered so far, written on success and on failure alike. */
export function writeReleaseOutputs(
  state: ReleaseState,
  elapsedSeconds: number,
  output: OutputSink,
  plan?: Plan
): void {
  // One service is a list of one: the single-service outputs describe the first.
  const first = state.services?.[0]
  const registration = first?.registration
  // Dry-run fills what it read back from AWS, never what it only predicted.
  const dryRun = plan?.dryRun === true
  output('url', releaseUrl(plan, state))
  output('image', state.image?.reference ?? '')
  output(
    'task-definition-arn',
    registration && !registration.predicted ? registration.taskDefinitionArn : ''
  )
  output('previous-task-definition-arn', registration?.previousTaskDefinitionArn ?? '')
  output('deployment-id', dryRun ? '' : (first?.deployment?.id ?? ''))
  output('result', state.result ?? 'failed')
  output('services', servicesJson(state, dryRun))
  // on-pause approve: what the job that answers the pause passes back in (flow continue).
  const paused = pausedServices(state)[0]
  output('paused-service-deployment', paused?.serviceDeploymentArn ?? '')
  output('paused-hook', paused?.end?.status === 'paused' ? paused.end.hookId : '')
  output('targets', targetsJson(touchedTargets(state, dryRun)))
  output('elapsed-seconds', elapsedSeconds.toFixed(1))
}

/**
 * The URL the release answers on, for the job's `environment.url`: the one verify checked
 * (verify-url, or the load balancer's address + verify-path); when verify did not run, the
 * target's verify-url; else empty. Never with credentials: an output is not masked.
 */
export function releaseUrl(plan: Plan | undefined, state: ReleaseState): string {
  const url = state.serviceUrl ?? planTarget(plan)?.verifyUrl
  return url ? withoutCredentials(url) : ''
}

/**
 * The `services` output: what the release did to each of its services, by name (by
 * `cluster/service` where two share a name). A release that
 * failed or was cancelled after deploy started adds `running`: the task definition ECS runs as
 * read back at the end, or `unknown` when it could not be read. A dry run's deployment is one
 * the dry-run ECS predicted, not one ECS started: its ID is left empty.
 */
export function servicesJson(state: ReleaseState, dryRun = false): string {
  const services: Record<string, Record<string, string>> = {}
  const releases = state.services ?? []
  const names = serviceNames(releases)
  for (const [index, release] of releases.entries()) {
    const { registration, deployment, live } = release
    services[names[index]!] = {
      'task-definition-arn':
        registration && !registration.predicted ? registration.taskDefinitionArn : '',
      'previous-task-definition-arn': registration?.previousTaskDefinitionArn ?? '',
      'deployment-id': dryRun ? '' : (deployment?.id ?? ''),
      result: serviceResult(state, release),
      ...pausedAt(state, release),
      // An Express service: its kind, and where ECS says it answers.
      ...(registration?.expressService
        ? { kind: 'express', url: withoutCredentials(registration.serviceUrl ?? '') }
        : {}),
      ...(live ? { running: 'unknown' in live ? 'unknown' : live.taskDefinitionArn } : {})
    }
  }
  return JSON.stringify(services)
}

/** A paused service's service deployment and hook, for the job that answers it. */
function pausedAt(state: ReleaseState, release: ServiceRelease): Record<string, string> {
  const journal = pausedServices(state).find(each => each.service === release.target.service)
  if (journal?.end?.status !== 'paused') return {}
  return {
    'service-deployment': journal.serviceDeploymentArn ?? '',
    'hook-id': journal.end.hookId
  }
}

function serviceResult(state: ReleaseState, release: ServiceRelease): string {
  if (release.rollback) return 'rolled-back'
  if (state.result === 'paused' && pausedAt(state, release)['hook-id']) return 'paused'
  if (state.result === 'paused') return release.registration?.unchanged ? 'unchanged' : 'deployed'
  if (state.result === 'deployed' || state.result === 'unchanged')
    return release.registration?.unchanged === true ? 'unchanged' : 'deployed'
  if (state.result === 'planned') return 'planned'
  // Failed or cancelled: updated by what was answered or read back, not by what was last heard.
  const updated = wasUpdated(release)
  return updated === 'unknown' ? 'unknown' : updated ? 'failed' : 'not-updated'
}
