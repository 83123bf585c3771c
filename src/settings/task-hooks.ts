import { z } from 'zod'
import { formatDuration, parseDurationSeconds } from '../util/duration.js'
import { errorMessage } from '../util/errors.js'

// The one-off tasks around a release (`before-deploy`, `after-deploy`): their config shape,
// and the command an input or a config string becomes.

/** How long a one-off task may run when its config gives no timeout. */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 600
/** GitHub stops a job after 6 hours: a task cannot be waited for longer. */
const MAX_TASK_TIMEOUT_SECONDS = 6 * 3600

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

/** A string runs as `sh -c` in the container, as the issue's interface says; a list as given. */
export function taskCommand(command: string | string[]): string[] {
  return typeof command === 'string' ? ['sh', '-c', command] : command
}

const text = z.string({ error: 'expected a text value' }).trim().min(1, 'must not be empty')

const timeout = z
  .union([z.string(), z.number()], { error: 'expected a duration such as 10m or 600' })
  .transform((value, context) => {
    try {
      const seconds = parseDurationSeconds(String(value), 'timeout')
      if (seconds >= 1 && seconds <= MAX_TASK_TIMEOUT_SECONDS) return seconds
      context.addIssue({
        code: 'custom',
        message: `must be from 1s to ${formatDuration(MAX_TASK_TIMEOUT_SECONDS)} (GitHub stops a job after 6h)`
      })
    } catch (error) {
      context.addIssue({ code: 'custom', message: errorMessage(error).replace(/^timeout: /, '') })
    }
    return z.NEVER
  })

export const taskHookSchema = z.strictObject(
  {
    command: z.union([text, z.array(text).min(1, 'expected at least one word')], {
      error: 'expected a command: a list of words (exec form) or a string (run with sh -c)'
    }),
    service: text.optional(),
    container: text.optional(),
    timeout: timeout.optional()
  },
  { error: 'expected a mapping with command (and service, container, timeout)' }
)

export type RawTaskHook = z.infer<typeof taskHookSchema>

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
