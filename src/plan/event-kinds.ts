import type { Flow } from '../settings/types.js'
import { InputError } from '../util/errors.js'
import { printable } from '../util/printable.js'
import type { GitEvent } from '../ci-env/git-event.js'

/** Events whose run checks out and runs a pull request's code: they may only test it. */
export const PULL_REQUEST_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment'
] as const

/**
 * The events that start a workflow (GitHub's "Events that trigger workflows"). Any other name is
 * not a GitHub Actions run, and the action says so rather than guess what it means.
 */
export const SUPPORTED_EVENTS = [
  'push',
  ...PULL_REQUEST_EVENTS,
  'merge_group',
  'workflow_dispatch',
  'create',
  'delete',
  'release',
  'schedule',
  'workflow_run',
  'workflow_call',
  'repository_dispatch',
  'deployment',
  'deployment_status',
  'check_run',
  'check_suite',
  'status',
  'branch_protection_rule',
  'discussion',
  'discussion_comment',
  'fork',
  'gollum',
  'issue_comment',
  'issues',
  'label',
  'milestone',
  'page_build',
  'project',
  'project_card',
  'project_column',
  'public',
  'registry_package',
  'watch'
] as const

export function isPullRequestEvent(name: string): boolean {
  return (PULL_REQUEST_EVENTS as readonly string[]).includes(name)
}

/** Refuses an event name the action does not know, listing those it does. */
export function assertSupportedEvent(name: string): void {
  if ((SUPPORTED_EVENTS as readonly string[]).includes(name)) return
  throw new InputError(
    'GITHUB_EVENT_NAME',
    name === ''
      ? 'is not set: this is not a GitHub Actions run'
      : `"${printable(name)}" is not an event ecs-flow supports`,
    `Run the action from a workflow triggered by one of: ${SUPPORTED_EVENTS.join(', ')}.`
  )
}

/**
 * Why the event may only run the test flow, or undefined when it may release: events that run a
 * pull request's code (by name, or by a ref under refs/pull/), and merge queues (merge_group),
 * which test a merge that has not landed.
 */
export function testOnlyReason(event: GitEvent): string | undefined {
  if (isPullRequestEvent(event.name)) return `${event.name} runs a pull request's code`
  if (event.ref.startsWith('refs/pull/'))
    return `${event.name} of ${printable(event.ref, 100)} runs a pull request's code`
  if (event.name === 'merge_group')
    return 'merge_group tests a merge queue entry that has not landed'
  return undefined
}

/** Throws when `flow` (chosen by `chosenBy`) would publish, deploy or promote for a test-only event. */
export function assertFlowAllowed(event: GitEvent, flow: Flow | 'none', chosenBy: string): void {
  const reason = testOnlyReason(event)
  if (reason === undefined || flow === 'test' || flow === 'none') return
  const what = event.name === 'merge_group' ? 'a merge queue' : 'a pull request'
  throw new InputError(
    chosenBy,
    `"${flow}" cannot run for ${what} (${reason}; it never publishes, deploys or promotes)`,
    `Use flow: test or auto for ${event.name} events; publish, deploy and promote on push, tags or workflow_dispatch.`
  )
}
