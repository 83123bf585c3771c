/** For messages: `blue/green`, `linear`, `canary`. */
export function strategyLabel(strategy: string | undefined): string {
  return strategy === 'BLUE_GREEN' ? 'blue/green' : (strategy ?? 'rolling').toLowerCase()
}
