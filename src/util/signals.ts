/**
 * How long a cancelled run may spend reporting before it exits: the runner kills the job a few
 * seconds after its signal.
 */
export const CANCEL_GRACE_MS = 3000

/**
 * Calls `handler` once, on the first SIGINT or SIGTERM, with the time (ms since the epoch) by
 * which it must be done; exits with `exitCode` when it is, or when the grace is over.
 */
export function onCancelSignal(
  handler: (signal: NodeJS.Signals, deadline: number) => Promise<void>,
  exitCode: number
): void {
  const once = async (signal: NodeJS.Signals) => {
    const deadline = Date.now() + CANCEL_GRACE_MS
    await Promise.race([
      handler(signal, deadline).catch(() => undefined),
      new Promise(done => setTimeout(done, CANCEL_GRACE_MS))
    ])
    process.exit(exitCode)
  }
  process.once('SIGINT', once)
  process.once('SIGTERM', once)
}
