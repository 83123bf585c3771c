// The git event a run was triggered by: GitHub's payload (plan/event.ts) and another CI's
// variables (ci-env/detect.ts) both reduce to it, and the plan reads only this.

/** The git event a run was triggered by, reduced to what the rules need. */
export interface GitEvent {
  /** GITHUB_EVENT_NAME: push, pull_request, workflow_dispatch, ... */
  name: string
  /** Full ref, e.g. refs/heads/main or refs/tags/v1.0.0-prod. */
  ref: string
  refType: 'branch' | 'tag' | 'other'
  /** Branch or tag name; for pull requests the head branch. */
  refName: string
  /** The commit to test, build or release (a pull request's head commit). */
  sha: string
  defaultBranch?: string
  /** A push that deleted its branch or tag. */
  deleted: boolean
  repository?: string
  pullRequest?: {
    number: number
    title: string
    baseRef: string
    /** The base branch's commit the pull request is compared with (payload base.sha). */
    baseSha?: string
    /** The head branch lives in another repository: the run gets a read-only token, no secrets. */
    fromFork?: boolean
  }
  /** workflow_dispatch inputs that choose the flow. */
  dispatch?: { flow?: string; environment?: string }
}
