// The one-off tasks around a release (`before-deploy`, `after-deploy`): what settings hold, and
// the command an input or a config string becomes. The config shape is in task-hook-schema.ts,
// loaded with the config parser only when there is a config file.

/** How long a one-off task may run when its config gives no timeout. */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 600
/** GitHub stops a job after 6 hours: a task cannot be waited for longer. */
export const MAX_TASK_TIMEOUT_SECONDS = 6 * 3600

export const TASK_HOOKS = ['before-deploy', 'after-deploy'] as const
export type TaskHookName = (typeof TASK_HOOKS)[number]

/** A one-off task run with the service's new revision, network and launch settings. */
export interface TaskHook {
  /** Exec form: the container's command override, as is. */
  command: string[]
  /** Whose revision, network and launch settings to use; the release's service when absent. */
  service?: string
  /** Whose command is overridden; that service's container when absent. */
  container?: string
  timeoutSeconds: number
  /** Where it was configured, for error messages: `input before-deploy-command` or a config path. */
  where: string
}

/** A string runs as `sh -c` in the container, as the interface says; a list as given. */
export function taskCommand(command: string | string[]): string[] {
  return typeof command === 'string' ? ['sh', '-c', command] : command
}

/** A hook as the config file's schema parsed it (timeout in seconds). */
export interface RawTaskHook {
  command: string | string[]
  service?: string
  container?: string
  timeout?: number
}

export function toTaskHook(raw: RawTaskHook, where: string): TaskHook {
  return {
    command: taskCommand(raw.command),
    service: raw.service,
    container: raw.container,
    timeoutSeconds: raw.timeout ?? DEFAULT_TASK_TIMEOUT_SECONDS,
    where
  }
}

/** The input form (`before-deploy-command`): a string run with `sh -c`, the default timeout. */
export function inputTaskHook(
  name: TaskHookName,
  command: string | undefined
): TaskHook | undefined {
  if (command === undefined) return undefined
  return {
    command: taskCommand(command),
    timeoutSeconds: DEFAULT_TASK_TIMEOUT_SECONDS,
    where: `input ${name}-command`
  }
}
