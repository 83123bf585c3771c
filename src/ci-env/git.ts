import type { CommandRunner } from '../util/exec.js'

/**
 * Runs `git` with an argument array and resolves to its standard output; rejects when git
 * exits non-zero. An argv array only: no shell ever sees a ref name.
 */
export type GitRunner = (args: readonly string[]) => Promise<string>

/** A GitRunner over the action's command runner, quiet (its answers are read, not shown). */
export function gitFromCommandRunner(runner: CommandRunner, cwd?: string): GitRunner {
  return async args => {
    const result = await runner.run('git', args, { silent: true, ...(cwd ? { cwd } : {}) })
    if (result.exitCode !== 0)
      throw new Error(
        `git ${args.join(' ')} exited with ${result.exitCode}: ${result.stderr.trim() || 'no message'}`
      )
    return result.stdout
  }
}

/** What a checkout says about itself; each answer is undefined where git has none. */
export const gitFacts = {
  /** The commit checked out. */
  head: (git: GitRunner) => answer(git, ['rev-parse', 'HEAD']),
  /** The branch checked out; undefined on a detached HEAD (how CI systems check out tags). */
  branch: (git: GitRunner) => answer(git, ['symbolic-ref', '--short', 'HEAD']),
  /** A tag on exactly the commit checked out (git picks one when several are). */
  tag: (git: GitRunner) => answer(git, ['describe', '--exact-match', '--tags']),
  /** The remote's default branch, when the clone recorded it (`git clone` does; many CI fetches do not). */
  async originDefault(git: GitRunner): Promise<string | undefined> {
    const ref = await answer(git, ['symbolic-ref', 'refs/remotes/origin/HEAD'])
    const prefix = 'refs/remotes/origin/'
    return ref?.startsWith(prefix) && ref.length > prefix.length
      ? ref.slice(prefix.length)
      : undefined
  }
}

async function answer(git: GitRunner, args: readonly string[]): Promise<string | undefined> {
  try {
    const output = (await git(args)).trim()
    return output === '' ? undefined : output
  } catch {
    // git says no (detached HEAD, no tag here, no origin/HEAD, not a repository): no answer.
    return undefined
  }
}
