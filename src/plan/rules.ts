import type { Rule } from '../settings/types.js'
import type { GitEvent } from '../ci-env/git-event.js'
import { isPullRequestEvent } from './event-kinds.js'
import { githubGlobMatch } from './github-glob.js'

/** The routing a repository gets when its config file has no `rules:` (README, "What it does"). */
export const DEFAULT_RULES: readonly Rule[] = [
  { event: 'pull_request', flow: 'test' },
  { tag: ['*-staging'], flow: 'promote', environment: 'staging' },
  { tag: ['*-prod'], flow: 'promote', environment: 'production' },
  { defaultBranch: true, flow: 'deploy', environment: 'dev' },
  { branch: ['*-dev', '**/*-dev'], flow: 'publish' },
  { branch: ['**'], flow: 'test' }
]

export interface RuleMatch {
  rule: Rule
  index: number
}

/** First match wins. Globs follow GitHub's filter syntax: `*` stops at `/`, `**` does not. */
export function matchRule(rules: readonly Rule[], event: GitEvent): RuleMatch | undefined {
  const index = rules.findIndex(rule => ruleMatches(rule, event))
  return index === -1 ? undefined : { rule: rules[index]!, index }
}

function ruleMatches(rule: Rule, event: GitEvent): boolean {
  if ((rule.event ?? 'push') !== ruleEventOf(event, rule)) return false
  if (rule.tag && (event.refType !== 'tag' || !globMatch(rule.tag, event.refName))) return false
  if (rule.branch && (event.refType !== 'branch' || !globMatch(rule.branch, event.refName)))
    return false
  if (rule.defaultBranch !== undefined) {
    const onDefault =
      event.refType === 'branch' &&
      event.defaultBranch !== undefined &&
      event.refName === event.defaultBranch
    if (rule.defaultBranch !== onDefault) return false
  }
  return true
}

/**
 * The event name a rule sees: every event that runs a pull request's code (pull_request_target,
 * pull_request_review, ...) is a pull request, and a manual run (workflow_dispatch) that no rule
 * names explicitly is routed like a push of its ref.
 */
function ruleEventOf(event: GitEvent, rule: Rule): string {
  if (isPullRequestEvent(event.name)) return 'pull_request'
  if (event.name === 'workflow_dispatch' && rule.event === undefined) return 'push'
  return event.name
}

function globMatch(patterns: readonly string[], name: string): boolean {
  // git refuses control characters in ref names: a payload carrying one is forged, match no glob.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return false
  return githubGlobMatch(patterns, name)
}

export function describeRule(rule: Rule): string {
  const parts = [`event ${rule.event ?? 'push'}`]
  if (rule.defaultBranch) parts.push('default branch')
  if (rule.branch) parts.push(`branch ${rule.branch.join(' | ')}`)
  if (rule.tag) parts.push(`tag ${rule.tag.join(' | ')}`)
  return parts.join(', ')
}
