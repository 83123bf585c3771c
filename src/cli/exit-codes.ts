/**
 * What scripts can rely on: 0 success, 1 the release (or rollback, or docker run) failed, 2 bad
 * usage or input. A release that ended paused at a PAUSE hook (on-pause approve) exits 0: it
 * did what it was asked, and `--json`'s result says paused for the step that approves it.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** A command line that cannot mean anything: a missing or conflicting option. Exits 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}
