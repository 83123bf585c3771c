import type { DeploymentInfo, PauseHook, ServiceDeploymentSnapshot } from '../src/aws/ecs-api.js'
import { STAGES_BEFORE_BAKE } from '../sim/blue-green.js'
import type { Behaviour, FakeEcs, FakeService } from './fake-ecs.js'

// ECS-native blue/green for the fake ECS: a deployment a client starts walks ECS's lifecycle
// stages as its service deployment (the simulator's timing, sim/blue-green.js), the green tasks
// start beside the blue ones, and an alarm during the bake rolls it back in place.

const ARN_PREFIX = 'arn:aws:ecs:us-east-1:123456789012'

/** Seconds after the deployment when each stage begins, up to the bake (the simulator's). */
export const STAGE_TIMES: readonly (readonly [string, number])[] = STAGES_BEFORE_BAKE

export const serviceDeploymentArn = (service: FakeService, deployment: DeploymentInfo) =>
  `${ARN_PREFIX}:service-deployment/${service.cluster}/${service.name}/sd${deployment.id.replace('ecs-svc/', '')}`
export const serviceRevisionArn = (service: FakeService, deployment: DeploymentInfo) =>
  `${ARN_PREFIX}:service-revision/${service.cluster}/${service.name}/${deployment.id.replace('ecs-svc/', '')}`

/** Makes the service a blue/green one: strategy, bake, and its seeded deployment's revision. */
export function makeBlueGreen(
  ecs: FakeEcs,
  service: FakeService,
  options: { strategy?: string; bakeTimeInMinutes?: number; pauseStages?: string[] } = {}
): void {
  service.strategy = options.strategy ?? 'BLUE_GREEN'
  service.bakeTimeInMinutes = options.bakeTimeInMinutes ?? 1
  if (options.pauseStages) service.pauseStages = options.pauseStages
  for (const deployment of service.deployments) {
    const revision = serviceRevisionArn(service, deployment)
    ecs.serviceRevisions.set(revision, deployment.taskDefinition)
    const arn = serviceDeploymentArn(service, deployment)
    ecs.serviceDeployments.set(arn, {
      arn,
      status: 'SUCCESSFUL',
      lifecycleStage: 'CLEAN_UP',
      target: { arn: revision, requested: deployment.desiredCount, running: 0, pending: 0 },
      sources: [],
      alarms: { status: 'MONITORING_COMPLETE', names: ['web-5xx'], triggered: [] },
      circuitBreaker: { status: 'MONITORING_COMPLETE', failureCount: 0, threshold: 3 }
    })
    service.currentServiceDeployment = arn
  }
}

export interface BlueGreenOptions {
  /** An alarm goes off this many seconds into BAKE_TIME; ECS rolls back. */
  alarmIntoBake?: number
  alarmName?: string
  /** UpdateService's answer names the service deployment before this one (ECS not caught up). */
  staleAnswer?: boolean
  /**
   * PAUSE hooks: at each of these stages the deployment waits, its hook AWAITING_ACTION, until
   * ContinueServiceDeployment or the timeout (default 60 min, then ROLLBACK); everything after
   * the stage moves by the time it waited.
   */
  pauses?: { stage: string; timeoutMinutes?: number; timeoutAction?: 'CONTINUE' | 'ROLLBACK' }[]
}

/** A blue/green deployment through every stage to SUCCESSFUL, or rolled back by an alarm. */
export function blueGreen(options: BlueGreenOptions = {}): Behaviour {
  return (ecs, service, deployment) => {
    const t0 = deployment.createdAt!
    const bake = (service.bakeTimeInMinutes ?? 0) * 60
    const arn = serviceDeploymentArn(service, deployment)
    const revision = serviceRevisionArn(service, deployment)
    const blue = service.deployments.find(
      other => other !== deployment && other.status !== 'INACTIVE'
    )
    ecs.serviceRevisions.set(revision, deployment.taskDefinition)
    const record: ServiceDeploymentSnapshot = {
      arn,
      status: 'PENDING',
      lifecycleStage: 'RECONCILE_SERVICE',
      createdAt: t0,
      updatedAt: t0,
      target: { arn: revision, requested: deployment.desiredCount, running: 0, pending: 0 },
      sources: blue
        ? [
            {
              arn: serviceRevisionArn(service, blue),
              requested: blue.desiredCount,
              running: blue.runningCount,
              pending: 0
            }
          ]
        : [],
      alarms: { status: 'MONITORING', names: [options.alarmName ?? 'web-5xx'], triggered: [] },
      circuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 }
    }
    ecs.serviceDeployments.set(arn, record)
    const previous = service.currentServiceDeployment
    service.currentServiceDeployment = arn
    if (options.staleAnswer && previous) {
      // The answer UpdateService gives names the previous one; the next read is up to date.
      service.currentServiceDeployment = previous
      ecs.schedule(0.1, () => (service.currentServiceDeployment = arn), t0)
    }
    const forward = () => record.status === 'PENDING' || record.status === 'IN_PROGRESS'
    // The steps, in order; each is scheduled from the one before so a pause holds the rest.
    const steps: { seconds: number; stage?: string; change: () => void }[] = []
    const at = (seconds: number, change: () => void, stage?: string) =>
      steps.push({ seconds, change, stage })
    for (const [stage, seconds] of STAGE_TIMES.slice(1))
      at(
        seconds,
        () => {
          if (stage === 'PRE_SCALE_UP') {
            record.status = 'IN_PROGRESS'
            record.startedAt = ecs.clock.now()
          }
          record.lifecycleStage = stage
        },
        stage
      )
    at(4, () => {
      record.target!.running = deployment.desiredCount
      ecs.startTasks(deployment, deployment.desiredCount)
      ecs.taskRunning(deployment, deployment.desiredCount)
    })
    at(9 + bake, () => {
      record.lifecycleStage = 'CLEAN_UP'
      for (const source of record.sources) source.running = 0
      ecs.drain(service, deployment)
    })
    at(11 + bake, () => {
      record.status = 'SUCCESSFUL'
      record.finishedAt = ecs.clock.now()
      record.alarms.status = 'MONITORING_COMPLETE'
      record.circuitBreaker.status = 'MONITORING_COMPLETE'
      ecs.complete(service, deployment)
    })
    if (options.alarmIntoBake !== undefined) {
      const name = options.alarmName ?? 'web-5xx'
      const reason = `Service deployment rolled back because the CloudWatch alarm(s) ${name} went into ALARM.`
      at(9 + options.alarmIntoBake, () => {
        record.alarms = { ...record.alarms, status: 'TRIGGERED', triggered: [name] }
        rollBackInPlace(ecs, record, reason)
      })
    }
    steps.sort((a, b) => a.seconds - b.seconds)
    record.pauseHooks = []
    /** Step i is due at `base` + its seconds (ms); after it, the next one, unless it pauses. */
    const runFrom = (i: number, base: number): void => {
      const step = steps[i]
      if (!step) return
      ecs.schedule(
        step.seconds,
        () => {
          if (!forward()) return
          step.change()
          // Stamped when it was due, as ECS would, however late the next call comes.
          const due = base + step.seconds * 1000
          record.updatedAt = due
          const pause = options.pauses?.find(p => p.stage === step.stage)
          if (!pause) return runFrom(i + 1, base)
          const hook: PauseHook = {
            hookId: `hook-${step.stage}-${deployment.id.replace('ecs-svc/', '')}`,
            status: 'AWAITING_ACTION',
            expiresAt: due + (pause.timeoutMinutes ?? 60) * 60_000,
            timeoutAction: pause.timeoutAction ?? 'ROLLBACK'
          }
          record.pauseHooks!.push(hook)
          const resolve = (action: string, timedOut: boolean) => {
            hook.status = timedOut ? 'TIMED_OUT' : action === 'CONTINUE' ? 'SUCCEEDED' : 'FAILED'
            record.updatedAt = ecs.clock.now()
            if (action === 'ROLLBACK')
              rollBackInPlace(
                ecs,
                record,
                timedOut
                  ? `Service deployment rolled back because the lifecycle hook at ${step.stage} timed out.`
                  : 'Service deployment rolled back because of a ContinueServiceDeployment request.'
              )
            else runFrom(i + 1, ecs.clock.now() - step.seconds * 1000)
          }
          ecs.pausedHooks.set(hook.hookId, { arn, hook, resolve })
          ecs.schedule((hook.expiresAt! - ecs.clock.now()) / 1000, () => {
            if (hook.status === 'AWAITING_ACTION' && forward()) resolve(hook.timeoutAction, true)
          })
        },
        base
      )
    }
    runFrom(0, t0)
  }
}

/** ECS rolls a blue/green deployment back in place: REQUESTED, IN_PROGRESS 0.5 s, SUCCESSFUL 3 s. */
function rollBackInPlace(ecs: FakeEcs, record: ServiceDeploymentSnapshot, reason: string): void {
  record.status = 'ROLLBACK_REQUESTED'
  record.statusReason = reason
  ecs.schedule(0.5, () => {
    record.status = 'ROLLBACK_IN_PROGRESS'
    record.rollback = { reason, startedAt: ecs.clock.now() }
  })
  ecs.schedule(3, () => {
    record.status = 'ROLLBACK_SUCCESSFUL'
    record.finishedAt = ecs.clock.now()
  })
}
