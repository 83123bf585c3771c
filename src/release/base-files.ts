import { readFileSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { GitRunner } from '../ci-env/git.js'
import { lineDiff } from '../util/line-diff.js'

// The config and definition files of a pull request against its base commit, read with
// `git show BASE:path` (an argument array, never a shell).

/** One file against the base commit. */
export interface FileChange {
  path: string
  status: 'changed' | 'added' | 'removed' | 'unchanged'
  /** The line diff (`+`, `-`, context); empty unless changed or added. */
  lines: string[]
}

export interface FileChanges {
  /** The base commit compared with, when there is one. */
  baseSha?: string
  files: FileChange[]
  /** Why the files could not be compared (no base commit in a shallow checkout), and the fix. */
  note?: string
}

/** The files at `paths` (relative to the workspace) against the base commit. */
export async function filesAgainstBase(
  git: GitRunner,
  workspace: string,
  baseSha: string | undefined,
  paths: readonly string[]
): Promise<FileChanges> {
  if (!baseSha)
    return {
      files: [],
      note: 'the pull_request payload names no base commit (base.sha), so the files were not compared.'
    }
  const short = baseSha.slice(0, 12)
  try {
    await git(['cat-file', '-e', `${baseSha}^{commit}`])
  } catch {
    return {
      baseSha,
      files: [],
      note: `the base commit ${short} is not in this checkout (a shallow clone), so the config and definition files were not compared. Check out with fetch-depth: 0 (actions/checkout), or fetch the base first: git fetch --depth=1 origin ${baseSha}.`
    }
  }
  const files: FileChange[] = []
  for (const path of [...new Set(paths)]) {
    const inRepository = relative(workspace, resolve(workspace, path))
    if (isAbsolute(inRepository) || inRepository.startsWith(`..${sep}`) || inRepository === '..')
      continue
    const before = await git(['show', `${baseSha}:${inRepository.split(sep).join('/')}`]).catch(
      () => undefined
    )
    const after = readOrUndefined(resolve(workspace, inRepository))
    // Named by the settings but in neither commit: preflight says so.
    if (before !== undefined || after !== undefined) files.push(compare(path, before, after))
  }
  return { baseSha, files }
}

function compare(path: string, before: string | undefined, after: string | undefined): FileChange {
  if (before === undefined) return { path, status: 'added', lines: lineDiff('', after!) }
  if (after === undefined) return { path, status: 'removed', lines: [] }
  const lines = lineDiff(before, after)
  return { path, status: lines.length === 0 ? 'unchanged' : 'changed', lines }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
