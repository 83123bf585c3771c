import { shortTaskDefinition } from '../aws/ecs-api.js'
import { wasUpdated } from '../release/read-back.js'
import type { ReleaseState } from '../release/state.js'

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
    if ('unknown' in live)
      return `service ${target.service}: unknown (it could not be read: ${live.unknown})`
    const lost =
      !release.deployment && wasUpdated(release) === true
        ? ', updated by this run though its UpdateService was not answered, so neither watched nor rolled back'
        : ''
    return `service ${target.service} runs ${shortTaskDefinition(live.taskDefinitionArn)}${lost}`
  })
  return `Read back from ECS: ${said.join('; ')}.`
}
