import { readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { InputError } from '../util/errors.js'

/** Reads a file the user named (relative to the workspace), or says which input named it. */
export function readUserFile(path: string, what: string, env: NodeJS.ProcessEnv): string {
  const full = isAbsolute(path) ? path : resolve(env.GITHUB_WORKSPACE ?? process.cwd(), path)
  try {
    return readFileSync(full, 'utf8')
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : `cannot be read (${(error as Error).message})`
    throw new InputError(
      `${what} file ${path}`,
      reason,
      `Fix the path of the ${what} (relative to the repository root).`
    )
  }
}
