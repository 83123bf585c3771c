import type { EcrApi } from '../aws/ecr-api.js'
import type { EcsApi, ServiceSnapshot, TaskInfo } from '../aws/ecs-api.js'
import type { EventsApi } from '../aws/events-api.js'
import type { SchedulerApi } from '../aws/scheduler-api.js'
import type { AwsServices } from '../aws/index.js'
import type { CodeDeployApi } from '../aws/codedeploy-api.js'
import type { StepName } from '../plan/plan.js'
import type { CommandRunner } from '../util/exec.js'
import type { Logger } from '../util/logger.js'
import { escapeJsonForLog } from '../util/escape.js'
import { escapeForLog } from '../util/logger.js'
import type { Services, StepContext } from '../core/context.js'
import type { ServiceRelease } from '../core/state.js'
import { STRATEGIES, type StrategyList } from '../strategies/index.js'
import type { DeploymentStrategy } from '../strategies/strategy.js'

// Dry-run runs the real steps against the real services, with every write replaced by a
// printed intent and a predicted answer (the ecspresso way): it cannot drift from a real run.

/** The ARN's revision part of a revision that dry-run did not register. */
export const PREDICTED_REVISION = 'dry-run'
/** The deployment ID of an UpdateService that dry-run did not send. */
export const PREDICTED_DEPLOYMENT = 'ecs-svc/dry-run'
/** The id of a CodeDeploy deployment that dry-run did not create. */
export const PREDICTED_CODEDEPLOY_DEPLOYMENT = 'd-DRYRUN'

/** Docker commands that only read: dry-run runs them as a real run would. */
const READ_ONLY_DOCKER = [
  ['buildx', 'version'],
  ['buildx', 'inspect'],
  ['image', 'inspect']
]

/** The services with AWS writes and commands turned into printed intents. */
export function dryRunServices(services: Services): Services {
  const { logger } = services
  return {
    ...services,
    exec: dryRunExec(services.exec, logger),
    aws: dryRunAws(services.aws, logger)
  }
}

/** The intent a watching step prints instead of watching a write that did not happen. */
export function dryRunIntent(
  step: StepName,
  context: StepContext,
  strategies: StrategyList = STRATEGIES
): string | undefined {
  const { settings, plan, state } = context
  if (step === 'wait') {
    // Each strategy says what it would watch, for the services it deployed.
    const byStrategy = new Map<DeploymentStrategy, ServiceRelease[]>()
    for (const release of state.services ?? []) {
      if (!release.deployment) continue
      const strategy = strategies.of(release.deployment)
      byStrategy.set(strategy, [...(byStrategy.get(strategy) ?? []), release])
    }
    if (byStrategy.size === 0) return strategies.all[0]!.dryRunWait(context, [])
    const intents = [...byStrategy].map(([strategy, releases]) =>
      strategy.dryRunWait(context, releases)
    )
    return [...new Set(intents)].join('\n')
  }
  if (step === 'verify' && (plan.flow === 'deploy' || plan.flow === 'promote')) {
    const target = plan.targets[0]!
    const checks = [
      target.verifyUrl && 'verify-url',
      target.verifyPath &&
        `verify-path ${escapeForLog(target.verifyPath)} on the service's load balancer`,
      settings.verifyCommand && 'verify-command'
    ].filter(Boolean)
    return `dry-run: would verify the release with ${checks.join(', ')}`
  }
  return undefined
}

function dryRunExec(exec: CommandRunner, logger: Logger): CommandRunner {
  return {
    async run(program, args, options) {
      const readOnly =
        program === 'docker' &&
        READ_ONLY_DOCKER.some(prefix => prefix.every((word, index) => args[index] === word))
      if (readOnly) return exec.run(program, args, options)
      const stdin = options?.input === undefined ? '' : ' (with input on stdin, not shown)'
      const shown = options?.display ?? args
      logger.info(`dry-run: would run ${escapeForLog([program, ...shown].join(' '))}${stdin}`)
      return { exitCode: 0, stdout: '', stderr: '' }
    }
  }
}

function dryRunAws(aws: AwsServices, logger: Logger): AwsServices {
  let ecs: EcsApi | undefined
  let ecr: EcrApi | undefined
  let events: EventsApi | undefined
  let scheduler: SchedulerApi | undefined
  let codeDeploy: CodeDeployApi | undefined
  return {
    ecs: () => (ecs ??= dryRunEcs(aws.ecs(), logger)),
    ecr: () => (ecr ??= dryRunEcr(aws.ecr(), logger)),
    elb: () => aws.elb(),
    events: () => (events ??= dryRunEvents(aws.events(), logger)),
    scheduler: () => (scheduler ??= dryRunScheduler(aws.scheduler(), logger)),
    sts: () => aws.sts(),
    logs: () => aws.logs(),
    codeDeploy: () => (codeDeploy ??= dryRunCodeDeploy(aws.codeDeploy(), logger))
  }
}

function dryRunCodeDeploy(real: CodeDeployApi, logger: Logger): CodeDeployApi {
  return {
    getDeploymentGroup: (application, group) => real.getDeploymentGroup(application, group),
    getDeployment: (id, options) => real.getDeployment(id, options),
    listDeploymentTargets: (id, options) => real.listDeploymentTargets(id, options),
    getDeploymentTarget: (id, targetId, options) => real.getDeploymentTarget(id, targetId, options),
    async createDeployment(request) {
      logger.info(
        `dry-run: would create a CodeDeploy deployment in deployment group ${escapeForLog(request.deploymentGroup)} of application ${escapeForLog(request.application)} (CreateDeployment), AppSpec: ${escapeForLog(request.appSpec)}`
      )
      return PREDICTED_CODEDEPLOY_DEPLOYMENT
    },
    async stopDeployment(id) {
      logger.info(
        `dry-run: would stop CodeDeploy deployment ${escapeForLog(id)} with autoRollbackEnabled: CodeDeploy would move traffic back to the original task set (StopDeployment)`
      )
      return { status: 'Pending' }
    }
  }
}

function dryRunEvents(real: EventsApi, logger: Logger): EventsApi {
  return {
    describeRule: name => real.describeRule(name),
    listRuleNamesByTarget: targetArn => real.listRuleNamesByTarget(targetArn),
    listTargetsByRule: rule => real.listTargetsByRule(rule),
    async putTargets(rule, targets) {
      for (const target of targets)
        logger.info(
          `dry-run: would point target ${escapeForLog(target.id)} of rule ${escapeForLog(rule)} at ${escapeForLog(target.taskDefinitionArn ?? '(none)')} (PutTargets)`
        )
      return []
    }
  }
}

/** Every method listed: a write added to SchedulerApi fails to compile here until it is intercepted. */
function dryRunScheduler(real: SchedulerApi, logger: Logger): SchedulerApi {
  return {
    getSchedule: (group, name) => real.getSchedule(group, name),
    listSchedules: () => real.listSchedules(),
    async updateSchedule(schedule) {
      logger.info(
        `dry-run: would point schedule ${escapeForLog(`${schedule.group}/${schedule.name}`)} at ${escapeForLog(schedule.taskDefinitionArn ?? '(none)')}, every other field as read (UpdateSchedule)`
      )
    }
  }
}

/** Every method listed: a write added to EcsApi fails to compile here until it is intercepted. */
function dryRunEcs(real: EcsApi, logger: Logger): EcsApi {
  return {
    describeServices: (cluster, services, options) =>
      real.describeServices(cluster, services, options),
    describeTaskDefinition: ref => real.describeTaskDefinition(ref),
    listStoppedTasks: (cluster, filter, options) => real.listStoppedTasks(cluster, filter, options),
    listTasksStartedBy: (cluster, startedBy, status) =>
      real.listTasksStartedBy(cluster, startedBy, status),
    describeTasks: (cluster, arns, options) => real.describeTasks(cluster, arns, options),
    listRunningTasks: (cluster, family) => real.listRunningTasks(cluster, family),
    listSuccessfulDeployments: (cluster, service, limit) =>
      real.listSuccessfulDeployments(cluster, service, limit),
    listTaskDefinitions: (family, token) => real.listTaskDefinitions(family, token),
    listServices: cluster => real.listServices(cluster),
    async deregisterTaskDefinition(arn) {
      logger.info(`dry-run: would deregister ${arn} (DeregisterTaskDefinition)`)
    },
    async deleteTaskDefinitions(arns) {
      logger.info(`dry-run: would delete ${arns.join(', ')} (DeleteTaskDefinitions)`)
      return []
    },
    async tagResource(arn, tags) {
      const shown = tags.map(tag => `${tag.key}=${tag.value}`).join(', ')
      logger.info(`dry-run: would tag ${arn} with ${escapeForLog(shown)} (TagResource)`)
    },
    listTags: arn => real.listTags(arn),
    describeServiceDeployment: (arn, options) => real.describeServiceDeployment(arn, options),
    describeServiceRevision: (arn, options) => real.describeServiceRevision(arn, options),
    async stopServiceDeployment(arn, stopType) {
      logger.info(
        `dry-run: would stop service deployment ${arn} with stopType ${stopType}: ECS would move traffic back to the previous revision (StopServiceDeployment)`
      )
    },
    async continueServiceDeployment(arn, hookId, action) {
      const effect =
        action === 'CONTINUE'
          ? 'ECS would go on to the next lifecycle stage'
          : 'ECS would move traffic back to the previous revision'
      logger.info(
        `dry-run: would answer the paused lifecycle hook ${escapeForLog(hookId)} of service deployment ${arn} with ${action}: ${effect} (ContinueServiceDeployment)`
      )
    },
    async runTask(request) {
      // The whole request, network settings included, as JSON a user can copy: escaped with
      // JSON escapes, never a display character inside a string.
      logger.info(
        `dry-run: would run a task of ${request.taskDefinition} in cluster ${request.cluster} (RunTask):\n${escapeJsonForLog(
          JSON.stringify(request, null, 2)
        )}`
      )
      return predictedTask(request.cluster, request.taskDefinition)
    },
    async stopTask(cluster, taskArn, reason) {
      logger.info(
        `dry-run: would stop task ${taskArn} in cluster ${cluster}: ${escapeForLog(reason)} (StopTask)`
      )
      return { ...predictedTask(cluster, ''), arn: taskArn }
    },
    async registerTaskDefinition(definition) {
      logger.info(
        `dry-run: would register a new revision of ${definition.family} (RegisterTaskDefinition)`
      )
      const arn = `arn:aws:ecs:::task-definition/${definition.family}:${PREDICTED_REVISION}`
      return { arn, family: definition.family, revision: 0, definition }
    },
    async updateService(request) {
      const count =
        request.desiredCount === undefined ? '' : `, desired count ${request.desiredCount}`
      const forced = request.forceNewDeployment ? ', forcing a new deployment' : ''
      const tags = [
        request.propagateTags && `, propagating tags from ${request.propagateTags}`,
        request.enableECSManagedTags !== undefined &&
          `, ECS managed tags ${request.enableECSManagedTags ? 'on' : 'off'}`
      ]
        .filter(Boolean)
        .join('')
      logger.info(
        `dry-run: would update service ${request.service} in cluster ${request.cluster} to ${request.taskDefinition}${count}${forced}${tags} (UpdateService)`
      )
      return predictedService(request.service, request.taskDefinition)
    },
    describeExpressService: arn => real.describeExpressService(arn),
    async updateExpressService(arn, container) {
      // The whole request as JSON, as ECS would get it (the container is replaced whole), but
      // the variables by name only: their values never reach a log.
      const shown = {
        ...container,
        environment: container.environment?.map(({ name }) => ({ name, value: '(not shown)' }))
      }
      logger.info(
        `dry-run: would update Express service ${arn} (UpdateExpressGatewayService); ECS would register a new revision of its task definition and deploy it:\n${escapeJsonForLog(
          JSON.stringify({ serviceArn: arn, primaryContainer: shown }, null, 2)
        )}`
      )
      const name = arn.slice(arn.lastIndexOf('/') + 1)
      return {
        arn,
        name,
        cluster: '',
        status: 'ACTIVE',
        taskDefinitionArn: `arn:aws:ecs:::task-definition/${name}:${PREDICTED_REVISION}`,
        container
      }
    },
    async createService(request) {
      logger.info(
        `dry-run: would create service ${request.serviceName} in cluster ${request.cluster} with ${request.taskDefinition} (CreateService)`
      )
      return predictedService(request.serviceName, request.taskDefinition)
    }
  }
}

function dryRunEcr(real: EcrApi, logger: Logger): EcrApi {
  return {
    region: () => real.region(),
    describeRepository: name => real.describeRepository(name),
    findImage: (repository, tag) => real.findImage(repository, tag),
    listImages: repository => real.listImages(repository),
    getManifest: (repository, tag) => real.getManifest(repository, tag),
    blobUrl: (repository, digest) => real.blobUrl(repository, digest),
    getAuthorization: () => real.getAuthorization(),
    async createRepository(name) {
      logger.info(`dry-run: would create ECR repository ${name} (CreateRepository)`)
      const registry = '(registry)'
      return { name, registry, uri: `${registry}/${name}`, tagMutability: 'IMMUTABLE' }
    },
    async putImageTag(repository, tag, manifest) {
      logger.info(
        `dry-run: would tag ${manifest.digest} as ${escapeForLog(tag)} in ECR repository ${repository} (PutImage)`
      )
      return 'tagged'
    }
  }
}

/** The one-off task as RunTask would answer, already done: nothing runs in a dry run. */
function predictedTask(cluster: string, taskDefinitionArn: string): TaskInfo {
  return {
    arn: `arn:aws:ecs:::task/${cluster}/${PREDICTED_REVISION}`,
    taskDefinitionArn,
    lastStatus: 'STOPPED',
    stoppedReason: 'dry-run: not started',
    containers: []
  }
}

/** The service as UpdateService would answer: one PRIMARY deployment of the new revision. */
function predictedService(name: string, taskDefinition: string): ServiceSnapshot {
  return {
    name,
    status: 'ACTIVE',
    taskDefinition,
    desiredCount: 0,
    runningCount: 0,
    pendingCount: 0,
    deploymentController: 'ECS',
    circuitBreaker: { enable: false, rollback: false },
    deployments: [
      {
        id: PREDICTED_DEPLOYMENT,
        status: 'PRIMARY',
        taskDefinition,
        desiredCount: 0,
        pendingCount: 0,
        runningCount: 0,
        failedTasks: 0
      }
    ],
    events: [],
    targetGroupArns: []
  }
}
