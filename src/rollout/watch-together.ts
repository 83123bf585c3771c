/** One watch of a release: resolves when its services are done, throws when one failed. */
export type Watch = (halted: () => boolean) => Promise<void>

/**
 * Runs the watches of a release side by side (each strategy watches its services its own way):
 * done when all are done; the first failure ends the whole watch at once, as one watcher's
 * would, and the others stop at their next poll without a word.
 */
export async function watchTogether(watches: readonly Watch[]): Promise<void> {
  let halted = false
  const isHalted = () => halted
  await new Promise<void>((resolve, reject) => {
    let pending = watches.length
    if (pending === 0) resolve()
    for (const watch of watches) {
      watch(isHalted).then(
        () => {
          pending--
          if (pending === 0 && !halted) resolve()
        },
        (error: unknown) => {
          // Later failures of halted watches are theirs to drop: the first one is the release's.
          if (halted) return
          halted = true
          reject(error)
        }
      )
    }
  })
}
