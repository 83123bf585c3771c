import type { Plan } from '../plan/plan.js'
import type { Result } from '../core/state.js'

/** How the run ended, as main saw it. */
export type Outcome =
  /**
   * `paused`: a watch ended at a PAUSE hook (on-pause approve); a later job answers it.
   * `rolledBack`: flow continue answered with decision rollback, and ECS rolled back.
   */
  | { ok: true; unchanged: boolean; paused?: boolean; rolledBack?: boolean }
  | { ok: false; rolledBack: boolean }

/** The release's result: one pure function of the plan and the outcome, called once. */
export function releaseResult(plan: Plan | undefined, outcome: Outcome): Result {
  if (!outcome.ok) return outcome.rolledBack ? 'rolled-back' : 'failed'
  if (!plan) return 'failed'
  if (plan.flow === 'none') return 'skipped'
  if (plan.dryRun) return 'planned'
  if (outcome.paused) return 'paused'
  if (outcome.rolledBack) return 'rolled-back'
  switch (plan.flow) {
    case 'test':
      return 'tested'
    case 'publish':
      return 'published'
    default:
      return outcome.unchanged ? 'unchanged' : 'deployed'
  }
}
