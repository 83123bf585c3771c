// @ts-check
/**
 * The scenarios: what happens after a client's UpdateService starts a rollout to a task
 * definition the service has never run. A rollout to a task definition the service HAS run
 * before (a client's rollback, a forced redeploy) always progresses like `healthy`.
 * Times are seconds after UpdateService, multiplied by the timeScale option.
 */
import {
  FAILING_TIMING,
  HEALTHY_TIMING,
  SLOW_TIMING,
  failingRollout,
  healthyRollout
} from './rollouts.js'
import { blueGreenRollout } from './blue-green.js'

/** @typedef {import('./rollouts.js').RolloutContext} RolloutContext */
/** @typedef {import('./rollouts.js').FailureMode} FailureMode */
/** @typedef {import('./ecs-state.js').Service} Service */
/** @typedef {import('./ecs-state.js').Deployment} Deployment */

/** @type {FailureMode} */
const ESSENTIAL_CONTAINER_EXITED = {
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  exitCode: 1,
  logLines: ['Error: connect ECONNREFUSED 10.0.0.5:5432', 'process exited with code 1']
}

/** @type {FailureMode} */
const CANNOT_PULL = {
  stopCode: 'TaskFailedToStart',
  stoppedReason:
    'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref {image}: not found',
  containerReason:
    'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref {image}: not found'
}

/**
 * @typedef {object} ThrottleFault
 * @property {number} status
 * @property {string} code
 * @property {string} message
 */

/**
 * @typedef {object} Scenario
 * @property {string} description
 * @property {{type: 'healthy', timing: import('./rollouts.js').HealthyTiming} | {type: 'failing', timing: import('./rollouts.js').FailingTiming, failure: FailureMode}} progression
 * @property {{enable: boolean, rollback: boolean}} circuitBreaker  default for the seeded service(s)
 * @property {number} [supersedeAt]  someone else deploys `<family>:99`
 * @property {number} [deleteAt]     the service goes DRAINING ...
 * @property {number} [inactiveAt]   ... then INACTIVE
 * @property {ThrottleFault[]} [describeServicesFaults]  answers to the first DescribeServices after UpdateService
 * @property {boolean} [noRolloutState]  deployments carry no rolloutState (older ECS)
 * @property {import('./blue-green.js').BlueGreenSpec} [blueGreen]  a blue/green scenario: its services are BLUE_GREEN by default
 * @property {import('./codedeploy.js').CodeDeploySpec} [codeDeploy]  a CodeDeploy scenario: its services use the CODE_DEPLOY controller
 */

const OFF = { enable: false, rollback: false }
const healthy = /** @type {const} */ ({ type: 'healthy', timing: HEALTHY_TIMING })

/** @type {Record<string, Scenario>} */
export const SCENARIOS = {
  healthy: {
    description: 'tasks start 1-4 s, old revision drained at 5 s, COMPLETED and alone at 6 s',
    progression: healthy,
    circuitBreaker: OFF
  },
  slow: {
    description: 'like healthy but slower: tasks RUNNING 8-18 s, drained 22 s, COMPLETED at 25 s',
    progression: { type: 'healthy', timing: SLOW_TIMING },
    circuitBreaker: OFF
  },
  'circuit-breaker': {
    description:
      'tasks exit with code 1 (failedTasks 1, 2, 3 at 2, 4, 6 s); at 8 s FAILED and ECS rolls back (new PRIMARY on the previous revision, COMPLETED at 14 s)',
    progression: { type: 'failing', timing: FAILING_TIMING, failure: ESSENTIAL_CONTAINER_EXITED },
    circuitBreaker: { enable: true, rollback: true }
  },
  'failing-no-breaker': {
    description:
      'no circuit breaker: tasks fail to start (CannotPullContainerError) every 2 s from 2 s, for ever',
    progression: { type: 'failing', timing: FAILING_TIMING, failure: CANNOT_PULL },
    circuitBreaker: OFF
  },
  superseded: {
    description:
      'at 3 s someone else deploys <family>:99: a new PRIMARY (COMPLETED at 9 s), ours becomes ACTIVE',
    progression: healthy,
    circuitBreaker: OFF,
    supersedeAt: 3
  },
  deleted: {
    description: 'at 3 s the service is deleted: DRAINING, then INACTIVE at 5 s',
    progression: healthy,
    circuitBreaker: OFF,
    deleteAt: 3,
    inactiveAt: 5
  },
  throttled: {
    description:
      'like healthy, but the first 3 DescribeServices after UpdateService get ThrottlingException (400) and the 4th ServiceUnavailableException (503)',
    progression: healthy,
    circuitBreaker: OFF,
    describeServicesFaults: [
      { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
      { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
      { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
      {
        status: 503,
        code: 'ServiceUnavailableException',
        message: 'Service Unavailable. Please try again later.'
      }
    ]
  },
  'no-rollout-state': {
    description:
      'like healthy, but deployments carry no rolloutState (older ECS): done = running = desired, pending 0, old gone (6 s)',
    progression: healthy,
    circuitBreaker: OFF,
    noRolloutState: true
  }
}

const WEB_5XX = { alarmNames: ['web-5xx'], enable: true, rollback: true }

/**
 * ECS-native blue/green scenarios (stages, bake, alarms), kept apart from SCENARIOS: the
 * benchmark loops over those, and a blue/green one bakes for minutes at timeScale 1.
 * Stages: RECONCILE_SERVICE at 0 s, PRE_SCALE_UP 1, SCALE_UP 1.5 (green tasks RUNNING 2.5-4),
 * POST_SCALE_UP 4.5, TEST_TRAFFIC_SHIFT 5, POST_TEST_TRAFFIC_SHIFT 6, PRODUCTION_TRAFFIC_SHIFT 7,
 * POST_PRODUCTION_TRAFFIC_SHIFT 8, BAKE_TIME 9 for bakeTimeInMinutes, then CLEAN_UP (blue tasks
 * stopped) and SUCCESSFUL 2 s later.
 * @type {Record<string, Scenario>}
 */
export const BLUE_GREEN_SCENARIOS = {
  'bluegreen-healthy': {
    description:
      'BLUE_GREEN, bake 1 min: every lifecycle stage from RECONCILE_SERVICE (0 s) to BAKE_TIME (9 s), CLEAN_UP at 69 s, SUCCESSFUL at 71 s',
    progression: healthy,
    circuitBreaker: { enable: true, rollback: true },
    blueGreen: { bakeTimeInMinutes: 1, alarms: WEB_5XX }
  },
  'bluegreen-bake-alarm': {
    description:
      'BLUE_GREEN, bake 5 min: alarm web-5xx goes into ALARM 20 s into BAKE_TIME (29 s): ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS at 29.5 s, ROLLBACK_SUCCESSFUL at 32 s (traffic and service back on the blue revision)',
    progression: healthy,
    circuitBreaker: { enable: true, rollback: true },
    blueGreen: {
      bakeTimeInMinutes: 5,
      alarms: WEB_5XX,
      alarmTrigger: { alarmName: 'web-5xx', secondsIntoBake: 20 }
    }
  },
  'bluegreen-pause': {
    description:
      'BLUE_GREEN, bake 1 min, a PAUSE hook at POST_TEST_TRAFFIC_SHIFT (timeout 60 min, then ROLLBACK): at 6 s the hook is AWAITING_ACTION until ContinueServiceDeployment; CONTINUE goes on from there (SUCCESSFUL 65 s after it), ROLLBACK rolls back in place',
    progression: healthy,
    circuitBreaker: { enable: true, rollback: true },
    blueGreen: {
      bakeTimeInMinutes: 1,
      alarms: WEB_5XX,
      lifecycleHooks: [
        {
          targetType: 'PAUSE',
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
          timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' }
        }
      ]
    }
  },
  'bluegreen-long-bake': {
    description:
      'BLUE_GREEN, bake 60 min: production traffic on the new revision at 8 s, BAKE_TIME from 9 s to 3609 s, SUCCESSFUL at 3611 s',
    progression: healthy,
    circuitBreaker: { enable: true, rollback: true },
    blueGreen: { bakeTimeInMinutes: 60, alarms: WEB_5XX }
  }
}

/**
 * Blue/green through CodeDeploy (the CODE_DEPLOY controller), kept out of SCENARIOS like the
 * blue/green ones. Lifecycle events 1 s each from CreateDeployment: BeforeInstall 0-1 s,
 * Install 1-2 (replacement task set), AfterInstall, AllowTestTraffic, AfterAllowTestTraffic 4-5,
 * BeforeAllowTraffic, AllowTraffic 6-7 (production traffic and the service's task definition
 * move), AfterAllowTraffic 7-8, Succeeded at 8 s (original task set gone).
 * @type {Record<string, Scenario>}
 */
export const CODEDEPLOY_SCENARIOS = {
  'codedeploy-healthy': {
    description:
      'CODE_DEPLOY service: CodeDeploy runs the 8 lifecycle events, 1 s each; traffic and the service move to the new revision at 7 s; Succeeded at 8 s',
    progression: healthy,
    circuitBreaker: OFF,
    codeDeploy: {}
  },
  'codedeploy-hook-fails': {
    description:
      'CODE_DEPLOY service: the AfterAllowTestTraffic hook fails at 5 s (HOOK_EXECUTION_FAILURE); the group rolls back automatically (a rollback deployment, Succeeded at 8 s); the service never leaves its revision',
    progression: healthy,
    circuitBreaker: OFF,
    codeDeploy: { failAt: 'AfterAllowTestTraffic' }
  }
}

/** Every scenario the simulator knows: the rolling, blue/green and CodeDeploy ones. */
const ALL_SCENARIOS = { ...SCENARIOS, ...BLUE_GREEN_SCENARIOS, ...CODEDEPLOY_SCENARIOS }

export const blueGreenScenarioNames = () => Object.keys(BLUE_GREEN_SCENARIOS)

/** @param {string} name */
export function getScenario(name) {
  const s = Object.hasOwn(ALL_SCENARIOS, name) ? ALL_SCENARIOS[name] : undefined
  if (!s)
    throw new Error(`unknown scenario "${name}" (known: ${Object.keys(ALL_SCENARIOS).join(', ')})`)
  return s
}

/**
 * Start a new PRIMARY deployment and record it as a rollout.
 * @param {RolloutContext} ctx @param {Service} service @param {string} taskDefinitionArn @param {number} at
 * @param {number} desiredCount @param {{kind: string, initiator: string}} meta
 */
export function startDeployment(ctx, service, taskDefinitionArn, at, desiredCount, meta) {
  const dep = ctx.world.newDeployment(service, taskDefinitionArn, at, desiredCount)
  ctx.recorder.rolloutStarted({
    deploymentId: dep.id,
    service: service.serviceName,
    taskDefinition: taskDefinitionArn,
    at,
    ...meta
  })
  return dep
}

/**
 * Decide and schedule how a deployment the client just created progresses.
 * @param {RolloutContext} ctx
 * @param {Scenario} scenario
 * @param {Service} service
 * @param {Deployment} dep
 * @returns {'scenario' | 'known-task-definition'}
 */
export function planRollout(ctx, scenario, service, dep) {
  if (service.strategy !== 'ROLLING') {
    // Back to a revision it ran (UpdateService as a rollback): ECS runs it as blue/green again.
    const known = service.stableTaskDefinitions.has(dep.taskDefinition)
    blueGreenRollout(ctx, service, dep, known ? undefined : scenario.blueGreen)
    return known ? 'known-task-definition' : 'scenario'
  }
  if (service.stableTaskDefinitions.has(dep.taskDefinition)) {
    healthyRollout(ctx, service, dep, HEALTHY_TIMING)
    return 'known-task-definition'
  }
  const p = scenario.progression
  if (p.type === 'healthy') healthyRollout(ctx, service, dep, p.timing)
  else failingRollout(ctx, service, dep, p.timing, p.failure)

  const t0 = dep.createdAt
  const at = (/** @type {number} */ s) => t0 + s * 1000 * ctx.timeScale
  if (scenario.supersedeAt !== undefined) {
    ctx.timeline.schedule(
      at(scenario.supersedeAt),
      now => {
        if (service.status !== 'ACTIVE' || dep.status !== 'PRIMARY') return
        const mine = ctx.world.taskDefsByArn.get(dep.taskDefinition)
        if (!mine) return
        const other = ctx.world.registerTaskDefinition(
          {
            family: mine.family,
            containerDefinitions: mine.containerDefinitions.map(c => ({
              ...c,
              image: String(c.image).replace(/:[^:/@]+$|@.*$/, ':hotfix-by-someone-else')
            })),
            ...mine.rest
          },
          now,
          { revision: 99 }
        )
        const next = startDeployment(ctx, service, other.taskDefinitionArn, now, dep.desiredCount, {
          kind: 'superseding',
          initiator: 'someone-else'
        })
        healthyRollout(ctx, service, next, HEALTHY_TIMING)
      },
      `${dep.id} superseded by someone else`
    )
  }
  if (scenario.deleteAt !== undefined) {
    ctx.timeline.schedule(
      at(scenario.deleteAt),
      now => {
        if (service.status === 'ACTIVE') ctx.world.drainService(service, now)
      },
      `${service.serviceName} deleted (DRAINING)`
    )
    ctx.timeline.schedule(
      at(scenario.inactiveAt ?? scenario.deleteAt + 2),
      () => {
        if (service.status === 'DRAINING') ctx.world.deactivateService(service)
      },
      `${service.serviceName} INACTIVE`
    )
  }
  return 'scenario'
}
