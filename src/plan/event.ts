import { existsSync, readFileSync } from 'node:fs'
import { InputError } from '../util/errors.js'
import { isRecord } from '../util/json.js'
import type { GitEvent } from '../ci-env/git-event.js'
import { assertSupportedEvent, isPullRequestEvent } from './event-kinds.js'

export interface EventSource {
  eventName: string
  payload: Record<string, unknown>
  ref: string
  sha: string
}

/** Reads the event the way the runner provides it: GITHUB_* variables and the payload file. */
export function readEventSource(env: NodeJS.ProcessEnv): EventSource {
  const path = env.GITHUB_EVENT_PATH
  let payload: Record<string, unknown> = {}
  if (path && existsSync(path)) {
    try {
      payload = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    } catch (error) {
      throw new InputError(
        'GITHUB_EVENT_PATH',
        `${path} is not valid JSON (${(error as Error).message})`,
        'Run the action from a GitHub workflow, or give a real event payload file.'
      )
    }
  }
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? ''
  }
}

export function toGitEvent(source: EventSource): GitEvent {
  const { eventName, payload } = source
  assertSupportedEvent(eventName)
  const repository = record(payload.repository)
  const defaultBranch = text(repository?.default_branch)
  const repoName = text(repository?.full_name)

  // pull_request_review(_comment) payloads carry the pull request as pull_request does.
  if (isPullRequestEvent(eventName)) {
    const pr = record(payload.pull_request)
    const head = record(pr?.head)
    const base = record(pr?.base)
    const headRef = text(head?.ref) ?? ''
    return {
      name: eventName,
      ref: source.ref,
      refType: 'branch',
      refName: headRef,
      sha: text(head?.sha) ?? source.sha,
      defaultBranch,
      deleted: false,
      repository: repoName,
      pullRequest: {
        number: typeof payload.number === 'number' ? payload.number : Number(pr?.number ?? 0),
        title: text(pr?.title) ?? '',
        baseRef: text(base?.ref) ?? '',
        ...(text(base?.sha) ? { baseSha: text(base?.sha) } : {}),
        ...(isFork(head, base) ? { fromFork: true } : {})
      }
    }
  }

  if (eventName === 'merge_group') {
    // GITHUB_REF is the queue's temporary branch (refs/heads/gh-readonly-queue/main/pr-1-...).
    const group = record(payload.merge_group)
    const ref = text(group?.head_ref) ?? source.ref
    return {
      name: eventName,
      ref,
      ...splitRef(ref),
      sha: text(group?.head_sha) ?? source.sha,
      defaultBranch,
      deleted: false,
      repository: repoName
    }
  }

  if (eventName === 'create' || eventName === 'delete') {
    // Their payload names the ref without refs/ and says in ref_type what it is.
    const name = text(payload.ref) ?? ''
    const refType =
      payload.ref_type === 'tag' ? 'tag' : payload.ref_type === 'branch' ? 'branch' : 'other'
    const ref =
      refType === 'tag' ? `refs/tags/${name}` : refType === 'branch' ? `refs/heads/${name}` : name
    return {
      name: eventName,
      ref,
      refType,
      refName: name,
      // delete runs on the default branch (GITHUB_SHA is its head); nothing is released for it.
      sha: source.sha,
      defaultBranch,
      deleted: eventName === 'delete',
      repository: repoName
    }
  }

  // Only push and workflow_dispatch payloads name the run's ref; for other events a `ref` in the
  // payload is about something else (an alert, a deployment), and GITHUB_REF is the run's ref.
  const ref =
    eventName === 'push' || eventName === 'workflow_dispatch'
      ? (text(payload.ref) ?? source.ref)
      : source.ref
  const { refType, refName } = splitRef(ref)
  const event: GitEvent = {
    name: eventName,
    ref,
    refType,
    refName,
    sha: source.sha || (eventName === 'push' ? text(payload.after) : undefined) || '',
    defaultBranch,
    deleted: eventName === 'push' && payload.deleted === true,
    repository: repoName
  }
  if (eventName === 'workflow_dispatch') {
    const inputs = record(payload.inputs)
    event.dispatch = { flow: text(inputs?.flow), environment: text(inputs?.environment) }
  }
  return event
}

export function splitRef(ref: string): { refType: GitEvent['refType']; refName: string } {
  if (ref.startsWith('refs/heads/'))
    return { refType: 'branch', refName: ref.slice('refs/heads/'.length) }
  if (ref.startsWith('refs/tags/'))
    return { refType: 'tag', refName: ref.slice('refs/tags/'.length) }
  return { refType: 'other', refName: ref }
}

/** Head and base in different repositories, as a fork's pull request has them. */
function isFork(
  head: Record<string, unknown> | undefined,
  base: Record<string, unknown> | undefined
): boolean {
  const headRepo = text(record(head?.repo)?.full_name)
  const baseRepo = text(record(base?.repo)?.full_name)
  return headRepo !== undefined && baseRepo !== undefined && headRepo !== baseRepo
}

function record(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
