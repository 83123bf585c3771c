// Pure builders of docker CLI argument arrays. Nothing here runs a command or reads the
// environment: inputs in, argv out, so every combination is table-tested. The program is
// always `docker`, run without a shell: tags, labels and build args are single arguments.

export type BuilderKind = 'buildx' | 'classic'

export interface BuildOptions {
  builder: BuilderKind
  context: string
  dockerfile?: string
  /** Full references (`<registry>/<repo>:<tag>`), the commit SHA tag first. */
  references: readonly string[]
  labels: Readonly<Record<string, string>>
  buildArgs: Readonly<Record<string, string>>
  target?: string
  platform?: string
  /** buildx only: registry cache references; `to` absent = read the cache, do not write it. */
  cache?: { from: string; to?: string }
  /**
   * buildx only. 'load': into the local image store, pushed later by `docker push`.
   * 'push': straight to the registry (the only way to publish a multi-platform index).
   */
  output?: 'load' | 'push'
}

export function buildArgv(options: BuildOptions): string[] {
  const argv = options.builder === 'buildx' ? ['buildx', 'build'] : ['build']
  if (options.dockerfile) argv.push('--file', options.dockerfile)
  for (const reference of options.references) argv.push('--tag', reference)
  for (const [name, value] of Object.entries(options.labels))
    argv.push('--label', `${name}=${value}`)
  for (const [name, value] of Object.entries(options.buildArgs))
    argv.push('--build-arg', `${name}=${value}`)
  if (options.target) argv.push('--target', options.target)
  if (options.platform) argv.push('--platform', options.platform)
  if (options.builder === 'buildx') {
    if (options.cache) {
      argv.push('--cache-from', `type=registry,ref=${options.cache.from}`)
      if (options.cache.to) argv.push('--cache-to', registryCacheExport(options.cache.to))
    }
    argv.push(options.output === 'push' ? '--push' : '--load')
  }
  // `--` would be safer, but `docker build` does not accept it before the context; a context
  // that starts with "-" is made unambiguous instead.
  argv.push(options.context.startsWith('-') ? `./${options.context}` : options.context)
  return argv
}

/**
 * ECR stores a BuildKit cache only as an image manifest with OCI media types (the default
 * cache-index format is refused); mode=max caches the layers of every stage.
 */
export function registryCacheExport(reference: string): string {
  return `type=registry,ref=${reference},mode=max,image-manifest=true,oci-mediatypes=true`
}

/** The password goes on stdin: it never appears in an argv (visible in `ps` and in the log). */
export function loginArgv(registry: string, username: string): string[] {
  return ['login', '--username', username, '--password-stdin', registry]
}

export function logoutArgv(registry: string): string[] {
  return ['logout', registry]
}

export function pushArgv(reference: string): string[] {
  return ['push', reference]
}

export function repoDigestsArgv(reference: string): string[] {
  return ['image', 'inspect', '--format', '{{json .RepoDigests}}', reference]
}

export function buildxVersionArgv(): string[] {
  return ['buildx', 'version']
}

export function buildxInspectArgv(): string[] {
  return ['buildx', 'inspect']
}
