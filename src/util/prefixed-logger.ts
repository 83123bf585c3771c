import type { Logger } from './logger.js'

/** The logger with every line it prints prefixed (the service's name, when several roll out). */
export function prefixed(logger: Logger, prefix: string): Logger {
  return {
    info: message => logger.info(`${prefix}${message}`),
    warning: (message, title) => logger.warning(`${prefix}${message}`, title),
    error: (message, title) => logger.error(`${prefix}${message}`, title),
    debug: message => logger.debug(`${prefix}${message}`),
    group: (name, body) => logger.group(name, body)
  }
}
