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

/**
 * Neutralises workflow commands (`::set-output::`, `::add-mask::`) smuggled in through ref
 * names, tags or titles before they are echoed to the log.
 */
export function escapeForLog(text: string): string {
  return text.replace(/::/g, ':\u200b:').replace(/\r?\n/g, '\\n')
}
