import { readFileSync } from 'node:fs'
import { gitFacts, type GitRunner } from '../../ci-env/git.js'
import type { GitEvent } from '../../ci-env/git-event.js'
import { splitRef, toGitEvent, type EventSource } from '../../plan/event.js'
import { makePlan } from '../../plan/plan.js'
import { describePlan, planJson } from '../../report/plan-log.js'
import type { Settings } from '../../settings/types.js'
import { InputError } from '../../util/errors.js'
import { isRecord } from '../../util/json.js'
import { printable } from '../../util/printable.js'
import type { ParsedCommand } from '../program.js'

type PlanCommand = Extract<ParsedCommand, { command: 'plan' }>

/** The event `plan` describes: from --event-file, or built from --event, --ref and --sha. */
export async function planEvent(
  command: PlanCommand,
  settings: Settings,
  git: GitRunner
): Promise<GitEvent> {
  const payload = command.eventFile ? readPayload(command.eventFile) : {}
  const ref = command.ref ?? (typeof payload.ref === 'string' ? payload.ref : undefined)
  if (!command.eventFile && !ref)
    throw new InputError(
      '--ref',
      'no ref given',
      'Give the full ref of the event, e.g. --ref refs/heads/main or --ref refs/tags/v1.4.0-prod, or an event payload with --event-file.'
    )
  const sha = command.sha ?? payloadSha(payload) ?? (await gitFacts.head(git))
  if (!sha || !/^[0-9a-f]{40}$/i.test(sha))
    throw new InputError(
      '--sha',
      sha
        ? `${JSON.stringify(printable(sha, 80))} is not a full 40-character commit SHA`
        : 'no commit given, and git found none',
      'Give --sha with the full commit SHA, or run inside a git checkout.'
    )
  const source: EventSource = {
    eventName: command.event,
    payload: command.eventFile ? payload : syntheticPayload(command.event, ref ?? '', sha),
    ref: ref ?? '',
    sha
  }
  const event = toGitEvent(source)
  // As `release` decides it: the flag, the config file, the payload, then the clone's origin/HEAD.
  const defaultBranch =
    command.defaultBranch ??
    settings.config.defaultBranch ??
    event.defaultBranch ??
    (await gitFacts.originDefault(git))
  return defaultBranch ? { ...event, defaultBranch } : event
}

/** Prints the plan as the action logs it, or its JSON (the action's `plan` output). */
export function renderPlan(settings: Settings, event: GitEvent, json: boolean): string {
  const plan = makePlan(settings, event)
  if (json) return `${planJson(plan)}\n`
  return `${describePlan(plan).join('\n')}\n`
}

function readPayload(path: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(
      `--event-file ${printable(path, 200)}`,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      'Give the path of a GitHub event payload (JSON).'
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new InputError(
      `--event-file ${printable(path, 200)}`,
      `is not valid JSON (${(error as Error).message})`,
      'Give a GitHub event payload as the webhook delivers it.'
    )
  }
  if (!isRecord(value))
    throw new InputError(
      `--event-file ${printable(path, 200)}`,
      'is not a JSON object',
      'Give a GitHub event payload as the webhook delivers it.'
    )
  return value
}

function payloadSha(payload: Record<string, unknown>): string | undefined {
  const pr = isRecord(payload.pull_request) ? payload.pull_request : undefined
  const head = pr && isRecord(pr.head) ? pr.head : undefined
  const candidates = [payload.after, head?.sha]
  return candidates.find((value): value is string => typeof value === 'string' && value !== '')
}

/** The least payload that makes toGitEvent read the event as GitHub would send it. */
function syntheticPayload(event: string, ref: string, sha: string): Record<string, unknown> {
  if (event === 'pull_request') {
    const { refName } = splitRef(ref)
    return { number: 0, pull_request: { head: { ref: refName, sha }, base: { ref: '' } } }
  }
  if (event === 'merge_group') return { merge_group: { head_ref: ref, head_sha: sha } }
  if (event === 'workflow_dispatch') return { ref, inputs: {} }
  return { ref, after: sha }
}
