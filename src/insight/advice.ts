import type { Advice } from '../core/timings.js'
import { phaseSeconds, type ServiceTimings } from './timings.js'

export type { Advice }

// From one release's measured phases and the settings that govern them, the changes that would
// have made this release faster, each with the time it would have saved and how that is
// computed. A line is given only when this run measured the cost it speaks of. Pure.

/** A target group's settings that govern a rollout, as ELBv2 described them. */
export interface TargetGroupFacts {
  arn: string
  name: string
  /** `deregistration_delay.timeout_seconds` (absent: the attribute could not be read). */
  deregistrationDelaySeconds?: number
  healthCheckIntervalSeconds?: number
  healthyThresholdCount?: number
}

/** What the reads after the rollout found of one service's settings. */
export interface ServiceFacts {
  cluster: string
  service: string
  targetGroups: TargetGroupFacts[]
  /** The image the new tasks run, to name in the pull line. */
  image?: string
}

/**
 * A deregistration delay that still lets in-flight requests finish for most HTTP services: the
 * ALB stops sending new requests at once, and few requests take longer than this.
 */
export const PROPOSED_DEREGISTRATION_DELAY_SECONDS = 30
/** ELBv2's shortest health-check interval, and the fewest passed checks it accepts. */
export const PROPOSED_HEALTH_CHECK = { intervalSeconds: 5, healthyThreshold: 2 }
/** Pulls shorter than this are not worth a line. */
export const PULL_WORTH_ADVICE_SECONDS = 5

/** The advice for each service the run measured, in the release's order. */
export function advise(
  timings: readonly ServiceTimings[],
  facts: readonly ServiceFacts[]
): Advice[] {
  return timings.flatMap(measured => {
    const own = facts.find(
      entry => entry.service === measured.service && entry.cluster === measured.cluster
    )
    return [
      ...(own ? drainAdvice(measured, own) : []),
      ...(own ? healthCheckAdvice(measured, own) : []),
      ...pullAdvice(measured, own)
    ]
  })
}

/**
 * The old revision's tasks wait out the deregistration delay before they stop: with a shorter
 * delay the drain ends sooner. The drain measured `T` under a delay of `D`; with the proposed
 * delay `P` it would have lasted at most `P`, so the saving is `T − P`, never more than `D − P`
 * (what the setting itself adds). A drain no longer than `P` (it ended early: no connections
 * were left open) gets no advice: the delay did not cost this release anything.
 */
function drainAdvice(timings: ServiceTimings, facts: ServiceFacts): Advice[] {
  const drained = timings.bake ? undefined : phaseSeconds(timings, 'drained')
  if (drained === undefined || drained <= 0) return []
  const proposed = PROPOSED_DEREGISTRATION_DELAY_SECONDS
  return facts.targetGroups.flatMap(group => {
    const delay = group.deregistrationDelaySeconds
    if (delay === undefined || delay <= proposed) return []
    if (drained <= proposed) return []
    const saved = Math.min(drained - proposed, delay - proposed)
    return [
      {
        service: timings.service,
        resource: `target group ${group.name}`,
        setting: 'deregistration_delay.timeout_seconds',
        change: `${delay} → ${proposed}: the old tasks drained for ${round(drained)} s, waiting out the delay`,
        savedSeconds: saved,
        formula: `drain ${round(drained)} s − proposed delay ${proposed} s, at most ${delay - proposed} s`
      }
    ]
  })
}

/**
 * A target counts as healthy after `healthy threshold` passed checks, `interval` apart: the
 * shortest settings ELBv2 takes would have made the new tasks healthy sooner. Time to healthy
 * `H` measured with checks that need `C` seconds at least; the proposed ones need `C'`: the saving
 * is `H − C'`, never more than `C − C'` (what the checks themselves add). A time to healthy no
 * longer than `C'` gets no advice.
 */
function healthCheckAdvice(timings: ServiceTimings, facts: ServiceFacts): Advice[] {
  if (Object.keys(timings.targetsHealthy).length === 0) return []
  const toHealthy = phaseSeconds(timings, 'healthy')
  if (toHealthy === undefined || toHealthy <= 0) return []
  const { intervalSeconds, healthyThreshold } = PROPOSED_HEALTH_CHECK
  const proposed = intervalSeconds * healthyThreshold
  return facts.targetGroups.flatMap(group => {
    const interval = group.healthCheckIntervalSeconds
    const threshold = group.healthyThresholdCount
    if (interval === undefined || threshold === undefined) return []
    const current = interval * threshold
    if (current <= proposed) return []
    if (toHealthy <= proposed) return []
    const saved = Math.min(toHealthy - proposed, current - proposed)
    return [
      {
        service: timings.service,
        resource: `target group ${group.name}`,
        setting: 'HealthCheckIntervalSeconds × HealthyThresholdCount',
        change: `${interval} s × ${threshold} → ${intervalSeconds} s × ${healthyThreshold}: the new tasks took ${round(toHealthy)} s to turn healthy`,
        savedSeconds: saved,
        formula: `time to healthy ${round(toHealthy)} s − proposed ${proposed} s, at most ${current - proposed} s`
      }
    ]
  })
}

/**
 * Every new task pulls the whole image itself: a pull that took a while says the image is worth
 * slimming. Halving it roughly halves the pull, the saving stated.
 */
function pullAdvice(timings: ServiceTimings, facts: ServiceFacts | undefined): Advice[] {
  const pull = timings.tasks?.longestPullMs
  if (pull === undefined || pull / 1000 < PULL_WORTH_ADVICE_SECONDS) return []
  const seconds = pull / 1000
  const count = timings.tasks!.count
  return [
    {
      service: timings.service,
      resource: facts?.image ? `image ${facts.image}` : 'the image',
      setting: 'image size',
      change: `each of the ${count} new task${count === 1 ? '' : 's'} pulled the whole image, the longest pull took ${round(seconds)} s: a smaller image (fewer, smaller layers, a slim base) pulls sooner`,
      savedSeconds: seconds / 2,
      formula: `longest pull ${round(seconds)} s × ½ for half the size`
    }
  ]
}

function round(seconds: number): string {
  return seconds >= 10 ? seconds.toFixed(0) : seconds.toFixed(1)
}
