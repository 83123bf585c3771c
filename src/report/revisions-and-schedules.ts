import { shortTaskDefinition } from '../aws/ecs-api.js'
import type { ReleaseState } from '../core/state.js'
import { escapeMarkdown, inlineCode } from '../util/escape.js'

/** The job summary's lines for keep-revisions; none when it did not run (scheduled tasks are in the targets table). */
export function revisionsAndSchedulesMarkdown(state: ReleaseState): string[] {
  const lines: string[] = []
  const cleanup = state.revisionCleanup
  if (cleanup) {
    const verb = cleanup.predicted ? 'would deregister' : 'deregistered'
    lines.push('**Revisions (keep-revisions)**', '')
    for (const family of cleanup.families) {
      const gone = family.deregistered.map(arn => inlineCode(shortTaskDefinition(arn)))
      lines.push(
        `- ${inlineCode(family.family)}: ${verb} ${gone.length > 0 ? gone.join(', ') : 'none'}`
      )
      if (family.deleted.length > 0)
        lines.push(
          `- ${cleanup.predicted ? 'would delete' : 'deleted'} ${family.deleted.map(arn => inlineCode(shortTaskDefinition(arn))).join(', ')}`
        )
      for (const kept of family.kept)
        lines.push(
          `- kept ${inlineCode(kept.revision)}: ${escapeMarkdown(kept.reasons.join('; '))}`
        )
    }
    if (cleanup.warning) lines.push(`- ⚠️ ${escapeMarkdown(cleanup.warning)}`)
    lines.push('')
  }
  return lines
}
