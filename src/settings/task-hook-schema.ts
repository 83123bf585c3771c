import { z } from 'zod'
import { formatDuration, parseDurationSeconds } from '../util/duration.js'
import { errorMessage } from '../util/errors.js'
import { MAX_TASK_TIMEOUT_SECONDS } from './task-hooks.js'

// The config shape of `before-deploy` and `after-deploy` under an environment.

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
