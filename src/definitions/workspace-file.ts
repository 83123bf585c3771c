import { statSync } from 'node:fs'
import { resolve } from 'node:path'

/** Whether `path` (relative to GITHUB_WORKSPACE) is a file: a task-definition value naming one is a file. */
export function workspaceFileExists(path: string, env: NodeJS.ProcessEnv): boolean {
  try {
    return statSync(resolve(env.GITHUB_WORKSPACE || process.cwd(), path)).isFile()
  } catch {
    return false
  }
}
