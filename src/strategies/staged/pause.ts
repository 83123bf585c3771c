import type { ServiceSnapshot } from '../../aws/ecs-api.js'
import { onPauseFor } from '../../rollout/pause-hooks.js'
import type { Settings, Target } from '../../settings/types.js'
import { InputError } from '../../util/errors.js'
import { escapeForLog } from '../../util/logger.js'

/**
 * Preflight: a service whose deployments stop at PAUSE lifecycle hooks needs an answer the watch
 * can give — continue, or verify with something to verify. Approve (the default with nothing to
 * verify) is not available yet, so the release is refused before anything runs.
 */
export function pauseHookProblems(
  target: Target,
  service: ServiceSnapshot,
  settings: Pick<Settings, 'onPause'>,
  verifies: boolean
): Error[] {
  const stages = service.pauseStages
  if (!stages?.length) return []
  const chosen = onPauseFor(settings.onPause, verifies)
  if (chosen === 'continue' || (chosen === 'verify' && verifies)) return []
  // Stage names are ECS's text.
  const where = `service ${target.service} in cluster ${target.cluster} pauses its deployments at PAUSE lifecycle hooks (${stages.map(escapeForLog).join(', ')})`
  if (chosen === 'verify')
    return [
      new InputError(
        'on-pause',
        `verify, but nothing verifies ${where}`,
        'Set verify-url or verify-path for it (verify-command runs with the first service only), or use on-pause: continue.'
      )
    ]
  if (settings.onPause === 'approve') return [] // refused once for the release
  return [
    new InputError(
      'on-pause',
      `${where}, and with nothing to verify the default is approve, which is not available yet`,
      'Use on-pause: continue, or set verify-url, verify-path or verify-command so that on-pause is verify.'
    )
  ]
}
