import type { ServiceSnapshot } from '../../aws/ecs-api.js'
import { onPauseFor } from '../../rollout/pause-hooks.js'
import type { Settings, Target } from '../../settings/types.js'
import { ReleaseError } from '../../util/errors.js'
import { escapeForLog } from '../../util/logger.js'

/**
 * Preflight: a service whose deployments stop at PAUSE lifecycle hooks needs an answer the watch
 * can give — continue, or verify with something to verify. Approve (the default with nothing to
 * verify) is not available yet, so the release is refused before anything runs.
 */
export function pauseHookProblems(
  target: Target,
  live: ServiceSnapshot,
  settings: Pick<Settings, 'onPause'>,
  verifies: boolean
): Error[] {
  const stages = live.pauseStages
  if (!stages?.length) return []
  const chosen = onPauseFor(settings.onPause, verifies)
  if (chosen === 'continue' || (chosen === 'verify' && verifies)) return []
  // An explicit approve is refused once for the whole release.
  if (settings.onPause === 'approve') return []
  const service = `service ${target.service} in cluster ${target.cluster}`
  // Stage names are ECS's text.
  const at = stages.map(stage => escapeForLog(stage)).join(', ')
  if (chosen === 'verify')
    return [
      new ReleaseError(
        `on-pause is verify, but nothing verifies ${service} (it pauses its deployments at PAUSE lifecycle hooks: ${at}). Set verify-url or verify-path for it (verify-command runs with the first service only), or use on-pause: continue.`
      )
    ]
  return [
    new ReleaseError(
      `${service} pauses its deployments at PAUSE lifecycle hooks (${at}); with nothing to verify, on-pause defaults to approve, which is not available yet. Use on-pause: continue, or set verify-url, verify-path or verify-command so that on-pause is verify.`
    )
  ]
}
