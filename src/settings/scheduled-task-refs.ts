/** An entry of `scheduled-tasks`: an EventBridge rule, or an EventBridge Scheduler schedule. */
export type ScheduledTaskRef =
  { kind: 'rule'; name: string } | { kind: 'schedule'; group: string; name: string }

/** The config file's form of an entry: a rule name, or `{ schedule: NAME | GROUP/NAME }`. */
export type RawScheduledTask = string | { schedule: string }

/** A schedule or schedule-group name, as EventBridge Scheduler takes it. */
export const SCHEDULE_NAME = /^(?:[0-9A-Za-z_.-]{1,64}\/)?[0-9A-Za-z_.-]{1,64}$/

/** The default group of EventBridge Scheduler: where a schedule named without one lives. */
export const DEFAULT_GROUP = 'default'

export function toScheduledTaskRefs(raw: readonly RawScheduledTask[]): ScheduledTaskRef[] {
  return raw.map(entry => {
    if (typeof entry === 'string') return { kind: 'rule', name: entry }
    const slash = entry.schedule.indexOf('/')
    return slash === -1
      ? { kind: 'schedule', group: DEFAULT_GROUP, name: entry.schedule }
      : {
          kind: 'schedule',
          group: entry.schedule.slice(0, slash),
          name: entry.schedule.slice(slash + 1)
        }
  })
}

/** How the release's log, summary and errors name an entry. */
export function scheduledTaskLabel(ref: ScheduledTaskRef): string {
  return ref.kind === 'rule'
    ? `EventBridge rule ${ref.name}`
    : `EventBridge Scheduler schedule ${ref.group}/${ref.name}`
}
