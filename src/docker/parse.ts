// Pure parsers of docker CLI output; table-tested with real output captured from the CLI.

const DIGEST = /sha256:[a-f0-9]{64}/

/**
 * The digest `docker push` reports in its last line: `<tag>: digest: sha256:… size: 528`.
 * Prefers the line of the pushed tag; undefined when the output has none (old CLIs, quiet mode).
 */
export function pushedDigest(output: string, tag: string): string | undefined {
  let last: string | undefined
  for (const line of output.split(/\r?\n/)) {
    const match = /^(\S+): digest: (sha256:[a-f0-9]{64})\b/.exec(line.trim())
    if (!match) continue
    if (match[1] === tag) return match[2]
    last = match[2]
  }
  return last
}

/**
 * `docker image inspect --format '{{json .RepoDigests}}'` prints
 * `["<registry>/<repo>@sha256:…", …]`; picks the entry of the repository pushed to.
 */
export function repoDigest(output: string, repositoryUri: string): string | undefined {
  let entries: unknown
  try {
    entries = JSON.parse(output.trim() || 'null')
  } catch {
    return undefined
  }
  if (!Array.isArray(entries)) return undefined
  for (const entry of entries) {
    if (typeof entry !== 'string') continue
    const at = entry.lastIndexOf('@')
    if (at > 0 && entry.slice(0, at) === repositoryUri && DIGEST.test(entry.slice(at + 1))) {
      return entry.slice(at + 1)
    }
  }
  return undefined
}

/** The driver of the current buildx builder, from `docker buildx inspect` (`Driver: docker-container`). */
export function buildxDriver(output: string): string | undefined {
  const match = /^Driver:\s*(\S+)/m.exec(output)
  return match?.[1]
}

/** The last non-empty line of a command's error output: what docker says went wrong. */
export function lastLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '')
  return lines[lines.length - 1] ?? ''
}
