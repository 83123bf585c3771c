import { ReleaseError } from '../util/errors.js'
import type { CommandRunner, RunOptions } from '../util/exec.js'
import { maskSecret, redact, type MaskRunner } from '../util/masking.js'
import {
  buildArgv,
  buildxInspectArgv,
  buildxVersionArgv,
  loginArgv,
  logoutArgv,
  pushArgv,
  repoDigestsArgv,
  type BuildOptions
} from './argv.js'
import { redactedArgv, secretBuildArgValues } from './build-args.js'
import { buildxDriver, lastLine, pushedDigest, repoDigest } from './parse.js'

export interface DockerCliOptions {
  /** Registers secrets with the runner: the values of build arguments not listed as public. */
  mask?: MaskRunner
  /** Build arguments whose values may be shown (input public-build-args). */
  publicBuildArgs?: readonly string[]
}

export type Builder = { kind: 'buildx'; version: string; driver?: string } | { kind: 'classic' }

/** The docker CLI, run through the exec runner with argument arrays (never a shell). */
export class DockerCli {
  constructor(
    private readonly exec: CommandRunner,
    private readonly options: DockerCliOptions = {}
  ) {}

  /** buildx when `docker buildx version` works, else the classic builder. */
  async detectBuilder(): Promise<Builder> {
    const version = await this.docker(buildxVersionArgv(), { silent: true })
    if (version.exitCode !== 0) return { kind: 'classic' }
    const inspect = await this.docker(buildxInspectArgv(), { silent: true })
    return {
      kind: 'buildx',
      version: lastLine(version.stdout),
      driver: inspect.exitCode === 0 ? buildxDriver(inspect.stdout) : undefined
    }
  }

  async build(options: BuildOptions): Promise<void> {
    // The classic builder is what we chose: a CLI with BuildKit switched on (DOCKER_BUILDKIT=1
    // in the runner's environment) but no buildx plugin would refuse to build otherwise.
    const run: RunOptions = options.builder === 'classic' ? { env: { DOCKER_BUILDKIT: '0' } } : {}
    // Masked before the command runs: the runner echoes its argv, build args and all.
    const secrets = secretBuildArgValues(options.buildArgs, this.options.publicBuildArgs)
    if (this.options.mask) for (const secret of secrets) maskSecret(secret, this.options.mask)
    const argv = buildArgv(options)
    const result = await this.docker(argv, {
      ...run,
      display: redactedArgv(argv, this.options.publicBuildArgs)
    })
    if (result.exitCode !== 0) {
      const command = options.builder === 'buildx' ? 'docker buildx build' : 'docker build'
      // docker may echo a build argument in its error; short values cannot be masked.
      throw new ReleaseError(
        `${command} of ${options.references[0] ?? options.context} exited with code ${result.exitCode}: ${redact(reason(result), secrets)}`
      )
    }
  }

  /** The password is written to stdin; callers mask it first. */
  async login(registry: string, username: string, password: string): Promise<void> {
    const result = await this.docker(loginArgv(registry, username), { input: password })
    if (result.exitCode !== 0) {
      throw new ReleaseError(
        `docker login to ${registry} exited with code ${result.exitCode}: ${reason(result)}`
      )
    }
  }

  async logout(registry: string): Promise<boolean> {
    const result = await this.docker(logoutArgv(registry))
    return result.exitCode === 0
  }

  /** Pushes one reference; returns the digest the registry reported, when the output shows it. */
  async push(reference: string): Promise<string | undefined> {
    const result = await this.docker(pushArgv(reference))
    if (result.exitCode !== 0) {
      throw new ReleaseError(
        `docker push ${reference} exited with code ${result.exitCode}: ${reason(result)}`
      )
    }
    return pushedDigest(result.stdout, tagOf(reference))
  }

  /** The digest the local image store recorded for `reference` in `repositoryUri` after a push. */
  async repoDigest(reference: string, repositoryUri: string): Promise<string | undefined> {
    const result = await this.docker(repoDigestsArgv(reference), { silent: true })
    return result.exitCode === 0 ? repoDigest(result.stdout, repositoryUri) : undefined
  }

  private docker(args: string[], options: RunOptions = {}) {
    return this.exec.run('docker', args, options)
  }
}

function reason(result: { stdout: string; stderr: string }): string {
  return lastLine(result.stderr) || lastLine(result.stdout) || '(no output)'
}

/** `host:5000/web:abc` → `abc`: the tag is after the last ":" that follows the last "/". */
export function tagOf(reference: string): string {
  const name = reference.slice(reference.lastIndexOf('/') + 1)
  const colon = name.lastIndexOf(':')
  return colon === -1 ? 'latest' : name.slice(colon + 1)
}
