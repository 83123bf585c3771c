import { awsServices } from '../aws/clients.js'
import type { AwsServices } from '../aws/index.js'
import type { Services } from '../core/context.js'
import { systemClock, type Clock } from '../util/clock.js'
import { plainLogger } from './logger.js'
import { processRunner } from './process-runner.js'
import { SecretStore, type Terminal } from './terminal.js'

/** What the command line runs against; tests replace the parts (the AWS endpoints through env). */
export interface CliWorld {
  terminal: Terminal
  env: NodeJS.ProcessEnv
  cwd: string
  clock?: Clock
  aws?: AwsServices
}

export interface CliServices {
  services: Services
  secrets: SecretStore
}

/**
 * The command line's own Services: plain logs (no workflow commands), secrets redacted rather
 * than masked by a runner, commands through child_process, the action's AWS adapters.
 */
export function cliServices(
  world: CliWorld,
  options: { json: boolean; verbose: boolean }
): CliServices {
  const secrets = new SecretStore()
  const logger = plainLogger(world.terminal, secrets, {
    toStderr: options.json,
    verbose: options.verbose
  })
  // Command output is a log too: with --json it must not mix into the result on stdout.
  const output = options.json
    ? { out: world.terminal.err, err: world.terminal.err }
    : { out: world.terminal.out, err: world.terminal.err }
  return {
    secrets,
    services: {
      exec: processRunner(secrets, output),
      clock: world.clock ?? systemClock,
      logger,
      env: world.env,
      aws: world.aws ?? awsServices(),
      runner: secrets,
      fetch: globalThis.fetch
    }
  }
}
