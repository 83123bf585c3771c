// @ts-check
/**
 * The action's output as whole lines, each with when it arrived (ms): output comes in chunks
 * that split lines, and the benchmarks time lines.
 */
export function timedLines() {
  /** @type {{at: number, text: string}[]} */
  const lines = []
  let pending = ''
  return {
    lines,
    /** @param {string} chunk */
    onOutput: chunk => {
      const at = Date.now()
      const parts = (pending + chunk).split('\n')
      pending = parts.pop() ?? ''
      for (const text of parts) lines.push({ at, text })
    }
  }
}
