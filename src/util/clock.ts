/** Time, injectable so that polling loops are tested with a fake clock and no real sleeps. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  sleep(milliseconds: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: milliseconds => new Promise(resolve => setTimeout(resolve, milliseconds))
}
