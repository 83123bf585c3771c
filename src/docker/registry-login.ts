import type { AwsServices } from '../aws/index.js'
import type { Logger } from '../util/logger.js'
import type { RunnerHooks } from '../util/runner-hooks.js'
import { maskSecret } from '../util/masking.js'
import type { DockerCli } from './docker.js'

/** Name of the saved state the post step reads to log out of the registries. */
export const REGISTRIES_STATE = 'registries'

/** What a login reads and records: a step context has it (docker sits below the release state). */
export interface LoginContext {
  plan: { dryRun: boolean }
  state: { registryLogins?: string[] }
  services: { logger: Logger; runner: RunnerHooks; aws: Pick<AwsServices, 'ecr'> }
}

/**
 * `docker login` to an ECR registry with a fresh GetAuthorizationToken password, once per run.
 * The password is masked before anything else happens and only ever travels on stdin.
 */
export async function loginToRegistry(
  { plan, state, services }: LoginContext,
  docker: DockerCli,
  registry: string
): Promise<void> {
  if (state.registryLogins?.includes(registry)) return
  // Dry-run: a login writes credentials to the runner's docker config; say it, do not do it.
  if (plan.dryRun) {
    services.logger.info(`dry-run: would log in to ${registry} (docker login, password on stdin)`)
    return
  }
  const { runner } = services
  const authorization = await services.aws.ecr().getAuthorization()
  maskSecret(authorization.password, runner, { user: authorization.username })
  const logins = [...(state.registryLogins ?? []), registry]
  state.registryLogins = logins
  // Saved before `docker login` runs: even a login that failed half-way gets its logout.
  runner.saveState(REGISTRIES_STATE, JSON.stringify(logins))
  // The repository's host, not the token's endpoint: docker matches credentials by the host
  // it pushes to (the two are the same for a repository of the caller's own account).
  await docker.login(registry, authorization.username, authorization.password)
  services.logger.info(
    `Logged in to ${registry} as ${authorization.username} (password on stdin, masked).`
  )
}

/** The registries the main step saved; tolerates a plain comma-separated list. */
export function savedRegistries(text: string): string[] {
  const trimmed = text.trim()
  if (trimmed === '') return []
  try {
    const parsed: unknown = JSON.parse(trimmed)
    if (Array.isArray(parsed))
      return parsed.filter((item): item is string => typeof item === 'string' && item !== '')
  } catch {
    // not JSON: fall through
  }
  return trimmed
    .split(',')
    .map(item => item.trim())
    .filter(item => item !== '')
}
