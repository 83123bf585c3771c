/** What the OCI labels describe: the commit, where its source lives, when it was built. */
export interface ImageProvenance {
  revision: string
  /** Repository URL; omitted when the run does not say which repository it is. */
  source?: string
  created: Date
}

/** The OCI annotations every image gets (revision, source, created), as `--label` name/value pairs. */
export function ociLabels(provenance: ImageProvenance): Record<string, string> {
  const labels: Record<string, string> = {
    'org.opencontainers.image.revision': provenance.revision
  }
  if (provenance.source) labels['org.opencontainers.image.source'] = provenance.source
  labels['org.opencontainers.image.created'] = provenance.created.toISOString()
  return labels
}

/** `https://github.com/acme/web` from the runner's GITHUB_SERVER_URL and GITHUB_REPOSITORY. */
export function sourceUrl(env: NodeJS.ProcessEnv): string | undefined {
  const repository = env.GITHUB_REPOSITORY
  if (!repository) return undefined
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  return `${server}/${repository}`
}
