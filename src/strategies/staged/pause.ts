import type { ServiceSnapshot } from '../../aws/ecs-api.js'
import type { ServiceRelease } from '../../core/state.js'
import { onPauseFor } from '../../rollout/pause-hooks.js'
import type { Settings, Target } from '../../settings/types.js'
import { ReleaseError } from '../../util/errors.js'
import { escapeForLog } from '../../util/logger.js'

/**
 * Preflight: a service whose deployments stop at PAUSE lifecycle hooks needs an answer — approve
 * (the job ends paused), continue, or verify with something to verify.
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
  if (chosen !== 'verify' || verifies) return []
  const service = `service ${target.service} in cluster ${target.cluster}`
  // Stage names are ECS's text.
  const at = stages.map(stage => escapeForLog(stage)).join(', ')
  return [
    new ReleaseError(
      `on-pause is verify, but nothing verifies ${service} (it pauses its deployments at PAUSE lifecycle hooks: ${at}). Set verify-url or verify-path for it (verify-command runs with the first service only), or use on-pause: continue or approve.`
    )
  ]
}

/** Dry-run: what the watch would do at a PAUSE hook, as on-pause says for these services. */
export function pauseIntent(
  settings: Pick<Settings, 'onPause' | 'verifyCommand'>,
  releases: readonly ServiceRelease[]
): string {
  const verifies = releases.some(
    ({ target }, index) =>
      target.verifyUrl !== undefined ||
      target.verifyPath !== undefined ||
      (index === 0 && settings.verifyCommand !== undefined)
  )
  switch (onPauseFor(settings.onPause, verifies)) {
    case 'approve':
      return 'dry-run: at each PAUSE lifecycle hook, on-pause approve: the job would end paused (result: paused), for a job with flow: continue to answer'
    case 'continue':
      return 'dry-run: at each PAUSE lifecycle hook, on-pause continue: would answer CONTINUE at once (ContinueServiceDeployment)'
    case 'verify':
      return 'dry-run: at each PAUSE lifecycle hook, on-pause verify: would verify, then answer CONTINUE, or ROLLBACK when verify fails (ContinueServiceDeployment)'
  }
}
