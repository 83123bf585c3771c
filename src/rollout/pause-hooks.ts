import type { PauseHook, ServiceDeploymentSnapshot } from '../aws/service-deployment.js'
import type { OnPause } from '../settings/vocabulary.js'
import { formatSeconds } from '../util/duration.js'
import { escapeForLog } from '../util/logger.js'

// PAUSE lifecycle hooks of an ECS-native blue/green, linear or canary deployment: which one
// awaits an answer, and how it is told. ECS's hook detail names no stage: while a hook awaits
// action the deployment stays in the stage it paused at, so that stage is the hook's.

/**
 * What a paused deployment gets: ContinueServiceDeployment CONTINUE at once, or the release's
 * verify first (CONTINUE when it passes, ROLLBACK when it fails).
 */
export type PauseAnswer =
  | { kind: 'continue' }
  | { kind: 'verify'; verify: () => Promise<void> }
  /** The job ends at the pause; a later job (flow continue) answers it. */
  | { kind: 'approve' }

/** A hook awaiting action, with the stage the deployment paused at. */
export interface AwaitingHook {
  hook: PauseHook
  stage: string
}

/** The PAUSE hook the deployment waits on, if any (ECS pauses at one stage at a time). */
export function awaitingPauseHook(deployment: ServiceDeploymentSnapshot): AwaitingHook | undefined {
  const hook = deployment.pauseHooks?.find(candidate => candidate.status === 'AWAITING_ACTION')
  return hook && { hook, stage: deployment.lifecycleStage ?? 'an unnamed stage' }
}

/** Hooks ECS answered itself at their timeout. */
export function timedOutHooks(deployment: ServiceDeploymentSnapshot): PauseHook[] {
  return (deployment.pauseHooks ?? []).filter(hook => hook.status === 'TIMED_OUT')
}

/** "paused at STAGE, awaiting approval, times out at …, then ROLLBACK" (ECS's text escaped). */
export function pausedLine({ hook, stage }: AwaitingHook, now: number): string {
  const expires =
    hook.expiresAt === undefined
      ? 'with no timeout reported'
      : `times out at ${new Date(hook.expiresAt).toISOString()} (in ${formatSeconds(Math.round(Math.max(0, hook.expiresAt - now) / 1000))})`
  return `paused at ${escapeForLog(stage)}, awaiting approval (PAUSE hook ${escapeForLog(hook.hookId)}), ${expires}, then ${escapeForLog(hook.timeoutAction)}`
}

/** on-pause as given, else verify when the service has something to verify, else approve. */
export function onPauseFor(onPause: OnPause | undefined, verifies: boolean): OnPause {
  return onPause ?? (verifies ? 'verify' : 'approve')
}

/**
 * The watch's answer to a pause: continue, verify with the service's check, or approve (end the
 * job paused). Undefined when nothing answers (verify with nothing to verify): preflight refuses
 * that for a service with PAUSE hooks.
 */
export function pauseAnswerFor(
  onPause: OnPause | undefined,
  verify: (() => Promise<void>) | undefined
): PauseAnswer | undefined {
  const chosen = onPauseFor(onPause, verify !== undefined)
  if (chosen === 'continue') return { kind: 'continue' }
  if (chosen === 'verify' && verify) return { kind: 'verify', verify }
  if (chosen === 'approve') return { kind: 'approve' }
  return undefined
}
