import * as core from '@actions/core'

/** What the steps print through; the action uses the runner's log, tests collect lines. */
export interface Logger {
  info(message: string): void
  warning(message: string, title?: string): void
  error(message: string, title?: string): void
  debug(message: string): void
  group<T>(name: string, body: () => Promise<T>): Promise<T>
}

export const runnerLogger: Logger = {
  info: message => core.info(message),
  warning: (message, title) => core.warning(message, title ? { title } : undefined),
  error: (message, title) => core.error(message, title ? { title } : undefined),
  debug: message => core.debug(message),
  group: (name, body) => core.group(name, body)
}

// One escaper for all outside text; re-exported here, where the steps already import it from.
export { escapeForLog } from './escape.js'
