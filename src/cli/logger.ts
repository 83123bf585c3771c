import type { Logger } from '../util/logger.js'
import { styles, type SecretStore, type Terminal } from './terminal.js'

export interface PlainLoggerOptions {
  /** Log lines to stderr, so that stdout carries only the JSON result (--json). */
  toStderr?: boolean
  verbose?: boolean
}

/**
 * The Logger of the command line: plain lines, never a workflow command (`::warning::`,
 * `::group::`), every line redacted of the secrets the run registered.
 */
export function plainLogger(
  terminal: Terminal,
  secrets: SecretStore,
  options: PlainLoggerOptions = {}
): Logger {
  const style = styles(terminal.color)
  const write = options.toStderr ? terminal.err : terminal.out
  const line = (sink: (text: string) => void, text: string) => sink(`${secrets.redact(text)}\n`)
  return {
    info: message => line(write, message),
    warning: (message, title) =>
      line(terminal.err, `${style.yellow('warning:')} ${title ? `${title}: ` : ''}${message}`),
    error: (message, title) =>
      line(terminal.err, `${style.red('error:')} ${title ? `${title}: ` : ''}${message}`),
    debug: message => {
      if (options.verbose) line(terminal.err, style.dim(`debug: ${message}`))
    },
    group: async (name, body) => {
      line(write, style.bold(`== ${name}`))
      return body()
    }
  }
}
