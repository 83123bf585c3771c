/** The SDK's exception name (`RepositoryNotFoundException`, ...), which is how "not found" is told apart. */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined
}
