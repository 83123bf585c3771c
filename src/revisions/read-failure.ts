import { errorMessage } from '../util/errors.js'

/**
 * A read keep-revisions needed and could not make (denied, failed, cut short): what it would
 * have protected is unknown, so every revision is kept. The message names the read and why.
 */
export class ProtectionReadError extends Error {
  override name = 'ProtectionReadError'
  constructor(
    readonly read: string,
    cause: unknown
  ) {
    super(`could not read ${read}: ${errorMessage(cause)}`)
  }
}

/** `body`, with any failure turned into a ProtectionReadError naming `read`. */
export async function protectionRead<T>(read: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body()
  } catch (error) {
    if (error instanceof ProtectionReadError) throw error
    throw new ProtectionReadError(read, error)
  }
}
