// @ts-check
/**
 * A time-ordered queue of world changes. Nothing runs on a timer: every request first calls
 * `advance(now)`, which applies, in time order, each change due by `now`, stamped with its own
 * scheduled time. So the world depends only on the clock, never on how often it is polled.
 */

/**
 * @typedef {object} Entry
 * @property {number} at    scheduled time (ms, simulator clock)
 * @property {number} seq   insertion order, breaks ties
 * @property {(at: number) => void} run
 * @property {string} [label]
 */

export class Timeline {
  constructor() {
    /** @type {Entry[]} */
    this.queue = []
    this.seq = 0
    /** Time of the change being applied, or of the last `advance`. */
    this.current = 0
  }

  /**
   * @param {number} at
   * @param {(at: number) => void} run
   * @param {string} [label]
   */
  schedule(at, run, label) {
    const entry = { at, seq: this.seq++, run, label }
    let i = this.queue.length
    while (i > 0 && /** @type {Entry} */ (this.queue[i - 1]).at > at) i--
    this.queue.splice(i, 0, entry)
  }

  /** Apply every change due at or before `now`, in order. @param {number} now */
  advance(now) {
    // Guard against runaway self-rescheduling (a bug, not a scenario): 1e6 changes per call.
    for (let guard = 0; ; guard++) {
      const entry = this.queue[0]
      if (!entry || entry.at > now) break
      if (guard > 1e6) throw new Error('timeline: too many changes in one advance')
      this.queue.shift()
      this.current = entry.at
      entry.run(entry.at)
    }
    this.current = Math.max(this.current, now)
  }

  /** Labels and times of the changes still to come (for the control plane). */
  pending() {
    return this.queue.map(e => ({ at: e.at, label: e.label ?? '' }))
  }
}
