import type { EcsApi, ServiceSnapshot } from '../aws/ecs-api.js'
import type { ElbApi, TargetGroupInfo } from '../aws/elb-api.js'
import { awsErrorCode } from '../aws/call-error.js'
import { errorMessage } from '../util/errors.js'
import type { TimingsJournal } from '../core/timings.js'
import type { ServiceFacts, TargetGroupFacts } from './advice.js'

export type { TimingsJournal }
import {
  newServiceTimings,
  sawDeployment,
  sawEnd,
  sawLifecycleEvent,
  sawStage,
  sawTargetsHealthy,
  sawTasks,
  taskTimesOf,
  type ServiceTimings
} from './timings.js'

// The watch side of the timings: what each poll of a watch already read is handed here (no poll
// loop of its own). The one read it adds is the target health of the new tasks' target groups,
// and only between "containers running" and "healthy". After the rollout, `collectFacts` makes
// the few Describe calls the advice needs, once per release.

/** One poll of a rolling watch: the service as read, and the deployment it follows. */
export interface ServicePoll {
  service: string
  at: number
  snapshot: ServiceSnapshot
  deploymentId: string
}

/** What a watch tells as it polls; every method is optional to call and never throws. */
export interface RolloutObserver {
  /** A rolling service as one DescribeServices of its watch showed it. */
  polled(poll: ServicePoll): Promise<void>
  /** A staged deployment entered `stage` (ECS's lifecycle stage) at `at`. */
  stage(service: string, at: number, stage: string): void
  /** A CodeDeploy lifecycle event that succeeded, seen at `at`. */
  lifecycleEvent(service: string, at: number, event: string): void
  /** The rollout ended (done, or failed where it stood). */
  ended(service: string, at: number, failed: boolean): void
}

export function newTimingsJournal(): TimingsJournal {
  return { services: [], notes: [] }
}

/** The codes AWS answers a read the role may not make with. */
const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException)$/

/** Whether an error is a refused permission: the optional read's line is dropped with a note. */
export function isDenied(error: unknown): boolean {
  return DENIED.test(awsErrorCode(error) ?? (error as { name?: string })?.name ?? '')
}

/** The observer that records each watched service's milestones into the journal. */
export class TimingsObserver implements RolloutObserver {
  private readonly healthDenied = new Set<string>()

  constructor(
    private readonly journal: TimingsJournal,
    private readonly elb: () => ElbApi,
    private readonly services: readonly { cluster: string; service: string; strategy: string }[],
    private readonly startedAt: number
  ) {
    for (const { cluster, service, strategy } of services)
      if (!this.find(service))
        journal.services.push(newServiceTimings(cluster, service, strategy, startedAt))
  }

  async polled({ service, at, snapshot, deploymentId }: ServicePoll): Promise<void> {
    const timings = this.find(service)
    if (!timings) return
    timings.targetGroupArns = [...snapshot.targetGroupArns]
    const ours = snapshot.deployments.find(deployment => deployment.id === deploymentId)
    if (ours) {
      const others = snapshot.deployments.filter(deployment => deployment.id !== deploymentId)
      sawDeployment(timings, at, {
        desired: ours.desiredCount,
        pending: ours.pendingCount,
        running: ours.runningCount,
        others: others.length,
        othersRunning: others.reduce((sum, deployment) => sum + deployment.runningCount, 0)
      })
    }
    if (timings.seen.running && !timings.seen.healthy && ours)
      await this.readTargetHealth(timings, at, snapshot.targetGroupArns, ours.desiredCount)
  }

  stage(service: string, at: number, stage: string): void {
    const timings = this.find(service)
    if (timings) sawStage(timings, at, stage)
  }

  lifecycleEvent(service: string, at: number, event: string): void {
    const timings = this.find(service)
    if (timings) sawLifecycleEvent(timings, at, event)
  }

  ended(service: string, at: number, failed: boolean): void {
    const timings = this.find(service)
    if (timings) sawEnd(timings, at, failed)
  }

  /**
   * Each target group first seen with no target still `initial` and at least as many healthy
   * targets as the new revision runs tasks: its new targets passed their checks.
   */
  private async readTargetHealth(
    timings: ServiceTimings,
    at: number,
    targetGroupArns: readonly string[],
    desired: number
  ): Promise<void> {
    for (const arn of targetGroupArns) {
      if (timings.targetsHealthy[arn] !== undefined || this.healthDenied.has(arn)) continue
      try {
        const targets = await this.elb().describeTargetHealth(arn)
        const healthy = targets.filter(target => target.state === 'healthy').length
        if (healthy >= desired && !targets.some(target => target.state === 'initial'))
          sawTargetsHealthy(timings, at, arn, targetGroupArns.length)
      } catch (error) {
        // Best effort: the rollout's verdict never depends on it.
        this.healthDenied.add(arn)
        if (isDenied(error))
          this.journal.notes.push(
            `time to healthy of ${timings.service} is not measured: elasticloadbalancing:DescribeTargetHealth was refused (add it to the role to measure it)`
          )
      }
    }
  }

  private find(service: string): ServiceTimings | undefined {
    return this.journal.services.find(entry => entry.service === service)
  }
}

/** What collectFacts reads with. */
export interface FactReads {
  ecs: EcsApi
  elb: () => ElbApi
}

/** One service of the release as the facts need it. */
export interface ServiceToRead {
  cluster: string
  service: string
  deploymentId: string
  targetGroupArns: readonly string[]
  image?: string
}

/**
 * Once per release, after the rollout: the new tasks' ECS timestamps (ListTasks, DescribeTasks)
 * into the timings, and each target group's health-check settings and deregistration delay for
 * the advice. A refused read drops the line it feeds, with a note; no read fails the release.
 */
export async function collectFacts(
  journal: TimingsJournal,
  reads: FactReads,
  services: readonly ServiceToRead[]
): Promise<ServiceFacts[]> {
  const facts: ServiceFacts[] = []
  for (const entry of services) {
    const timings = journal.services.find(t => t.service === entry.service)
    if (timings) await readTaskTimes(journal, timings, reads.ecs, entry)
    facts.push({
      cluster: entry.cluster,
      service: entry.service,
      image: entry.image,
      targetGroups: await readTargetGroups(journal, reads.elb, entry)
    })
  }
  return facts
}

async function readTaskTimes(
  journal: TimingsJournal,
  timings: ServiceTimings,
  ecs: EcsApi,
  entry: ServiceToRead
): Promise<void> {
  try {
    const arns = await ecs.listTasksStartedBy(entry.cluster, entry.deploymentId, 'RUNNING')
    if (arns.length === 0) return
    const tasks = await ecs.describeTasks(entry.cluster, arns.slice(0, 100))
    sawTasks(timings, taskTimesOf(tasks))
  } catch (error) {
    journal.notes.push(
      `the image pull of ${entry.service} is not measured: ${isDenied(error) ? 'ecs:ListTasks or ecs:DescribeTasks was refused' : `its tasks could not be read (${errorMessage(error)})`}`
    )
  }
}

async function readTargetGroups(
  journal: TimingsJournal,
  elb: () => ElbApi,
  entry: ServiceToRead
): Promise<TargetGroupFacts[]> {
  if (entry.targetGroupArns.length === 0) return []
  let groups: TargetGroupInfo[]
  try {
    groups = await elb().describeTargetGroups(entry.targetGroupArns)
  } catch (error) {
    journal.notes.push(
      `no advice on the target groups of ${entry.service}: ${isDenied(error) ? 'elasticloadbalancing:DescribeTargetGroups was refused' : `they could not be read (${errorMessage(error)})`}`
    )
    return []
  }
  const facts: TargetGroupFacts[] = []
  for (const group of groups) {
    let delay: number | undefined
    try {
      const attributes = await elb().describeTargetGroupAttributes(group.arn)
      const value = attributes['deregistration_delay.timeout_seconds']
      delay = value === undefined ? undefined : Number(value)
    } catch (error) {
      journal.notes.push(
        `no drain advice for target group ${group.name}: ${isDenied(error) ? 'elasticloadbalancing:DescribeTargetGroupAttributes was refused' : `its attributes could not be read (${errorMessage(error)})`}`
      )
    }
    facts.push({
      arn: group.arn,
      name: group.name,
      deregistrationDelaySeconds: Number.isFinite(delay) ? delay : undefined,
      healthCheckIntervalSeconds: group.healthCheckIntervalSeconds,
      healthyThresholdCount: group.healthyThresholdCount
    })
  }
  return facts
}
