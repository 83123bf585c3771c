import { shortTaskDefinition } from '../aws/ecs-api.js'
import { wasUpdated } from '../release/read-back.js'
import type { LiveRevision, ReleaseState } from '../core/state.js'

/** A revision read back, for a message: `web:2`, or `web:1 (web:2 beside it)` mid-deployment. */
export function liveText(live: { taskDefinitionArn: string; alongside: string[] }): string {
  const beside = live.alongside.map(shortTaskDefinition)
  return `${shortTaskDefinition(live.taskDefinitionArn)}${beside.length > 0 ? ` (${beside.join(', ')} beside it)` : ''}`
}

/** `unknown` when it could not be read, or the revision it runs. */
export function isUnknown(live: LiveRevision): live is { unknown: string } {
  return 'unknown' in live
}

/**
 * The closing sentence of a failed release of several services: what each one runs as read back
 * from ECS, and which this run updated without watching it (its UpdateService answer was lost).
 * Undefined when nothing was read back.
 */
export function readBackSentence(state: ReleaseState): string | undefined {
  const releases = state.services ?? []
  if (releases.length < 2 || !releases.some(release => release.live)) return undefined
  const said = releases.map(release => {
    const { target, live } = release
    if (!live) return `service ${target.service}: not read`
    if (isUnknown(live))
      return `service ${target.service}: unknown (it could not be read: ${live.unknown})`
    const lost =
      !release.deployment && wasUpdated(release) === true
        ? ', updated by this run though its update failed or went unanswered: neither watched nor rolled back'
        : ''
    return `service ${target.service} runs ${liveText(live)}${lost}`
  })
  return `Read back from ECS: ${said.join('; ')}.`
}
