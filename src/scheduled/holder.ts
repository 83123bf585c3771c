import type { MovedTarget } from '../core/state.js'
import type { ScheduledTaskRef } from '../settings/scheduled-task-refs.js'

/**
 * An entry of `scheduled-tasks` (an EventBridge rule or a Scheduler schedule) and what the
 * release asks of it: the preflight checks, the step's move, the rollback's move back and what
 * keep-revisions must keep. The step, the rollback and keep-revisions use only this, so both
 * kinds are treated alike; `holderFor` (holder-for.ts) is the one place that tells them apart.
 */
export interface ScheduledTaskHolder {
  readonly ref: ScheduledTaskRef
  /** "EventBridge rule NAME" or "EventBridge Scheduler schedule GROUP/NAME", escaped. */
  readonly label: string
  /**
   * Preflight: the problems of this entry for a release of these families (the entry must run
   * one of them); `families` is empty when no family is known yet (only existence is checked).
   */
  problems(families: readonly string[], where: string): Promise<Error[]>
  /** Points its ECS targets running `family` at `to`; the moves made (none: not of the family). */
  moveTo(family: string, to: string): Promise<MovedTarget[]>
  /** Points these moves of it back where they were, where still as moved; the moves back made. */
  moveBack(moved: readonly MovedTarget[]): Promise<MovedTarget[]>
  /** The revisions of `family` it runs, with why (keep-revisions keeps them). */
  revisionsOf(family: string): Promise<{ arn: string; reason: string }[]>
}

/** The key two references to one rule or schedule share. */
export function refKey(ref: ScheduledTaskRef): string {
  return ref.kind === 'rule' ? `rule:${ref.name}` : `schedule:${ref.group}/${ref.name}`
}

/** How a moved target is named in messages: `rule/target-id`, or `group/name` of a schedule. */
export function movedName(entry: MovedTarget): string {
  return entry.ref.kind === 'rule'
    ? `${entry.ref.name}/${entry.id ?? ''}`
    : `${entry.ref.group}/${entry.ref.name}`
}
