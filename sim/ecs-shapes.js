// @ts-check
/**
 * Render the internal ECS state as the JSON the ECS API returns (real field names, timestamps as
 * epoch seconds).
 */
import { arn, toEpochSeconds } from './ids.js'

/** @typedef {import('./ecs-state.js').EcsWorld} EcsWorld */
/** @typedef {import('./ecs-state.js').Service} Service */
/** @typedef {import('./ecs-state.js').Deployment} Deployment */
/** @typedef {import('./ecs-state.js').Task} Task */
/** @typedef {import('./ecs-state.js').TaskDefinition} TaskDefinition */

/** @param {EcsWorld} world @param {Service} s @param {Deployment} d */
export function renderDeployment(world, s, d) {
  /** @type {Record<string, unknown>} */
  const out = {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount: d.desiredCount,
    pendingCount: d.pendingCount,
    runningCount: d.runningCount,
    failedTasks: d.failedTasks,
    createdAt: toEpochSeconds(d.createdAt),
    updatedAt: toEpochSeconds(d.updatedAt),
    launchType: s.launchType,
    platformVersion: '1.4.0',
    platformFamily: 'Linux'
  }
  if (s.networkConfiguration) out.networkConfiguration = s.networkConfiguration
  if (!world.noRolloutState && !s.noRolloutState) {
    out.rolloutState = d.rolloutState
    out.rolloutStateReason = d.rolloutStateReason
  }
  return out
}

/** @param {EcsWorld} world @param {Service} s @param {{tags?: boolean}} [opts] */
export function renderService(world, s, opts = {}) {
  const deployments = s.deployments.filter(d => d.status !== 'INACTIVE')
  /** @type {Record<string, unknown>} */
  const out = {
    serviceArn: s.serviceArn,
    serviceName: s.serviceName,
    clusterArn: arn.cluster(s.cluster),
    loadBalancers: s.loadBalancers,
    serviceRegistries: [],
    status: s.status,
    desiredCount: s.desiredCount,
    runningCount: deployments.reduce((n, d) => n + d.runningCount, 0),
    pendingCount: deployments.reduce((n, d) => n + d.pendingCount, 0),
    launchType: s.launchType,
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: s.taskDefinition,
    deploymentConfiguration: structuredClone(s.deploymentConfiguration),
    deployments: deployments.map(d => renderDeployment(world, s, d)),
    roleArn: `arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    events: s.events.map(e => ({ id: e.id, createdAt: toEpochSeconds(e.at), message: e.message })),
    createdAt: toEpochSeconds(s.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: s.deploymentController },
    createdBy: 'arn:aws:iam::123456789012:role/deployer',
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'DISABLED'
  }
  if (s.networkConfiguration) out.networkConfiguration = s.networkConfiguration
  if (s.deploymentController === 'CODE_DEPLOY') {
    // CodeDeploy runs task sets, not deployments; the service's revision is the primary one's.
    out.deployments = []
    out.taskSets = s.taskSets.map(set => ({
      id: set.id,
      taskSetArn: `${s.serviceArn.replace(':service/', ':task-set/')}/${set.id}`,
      serviceArn: s.serviceArn,
      status: set.status,
      taskDefinition: set.taskDefinition,
      launchType: s.launchType,
      externalId: set.status === 'PRIMARY' ? 'primary' : 'replacement',
      loadBalancers: s.loadBalancers,
      stabilityStatus: 'STEADY_STATE'
    }))
  }
  const current = world.history.current(s)
  if (current) {
    out.currentServiceDeployment = current.arn
    out.currentServiceRevisions = world.history.currentRevisions(s)
  }
  if (opts.tags) out.tags = s.tags
  return out
}

/** @param {Task} t */
export function renderTask(t) {
  /** @type {Record<string, unknown>} */
  const out = {
    taskArn: t.taskArn,
    clusterArn: arn.cluster(t.cluster),
    taskDefinitionArn: t.taskDefinitionArn,
    group: t.oneOff ? t.oneOff.group : `service:${t.serviceName}`,
    startedBy: t.oneOff ? t.oneOff.startedBy : t.deploymentId,
    lastStatus: t.lastStatus,
    desiredStatus: t.desiredStatus,
    launchType: t.oneOff ? t.oneOff.launchType : 'FARGATE',
    platformVersion: t.oneOff?.platformVersion ?? '1.4.0',
    platformFamily: 'Linux',
    cpu: '256',
    memory: '512',
    availabilityZone: 'us-east-1a',
    connectivity:
      t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING' ? 'CONNECTING' : 'CONNECTED',
    healthStatus: t.healthStatus ?? 'UNKNOWN',
    version: 1,
    createdAt: toEpochSeconds(t.createdAt),
    attachments: [],
    tags: t.oneOff ? structuredClone(t.oneOff.tags) : [],
    containers: t.containers.map(c => {
      /** @type {Record<string, unknown>} */
      const co = {
        containerArn: arn.container(t.cluster, t.id, c.uuid),
        taskArn: t.taskArn,
        name: c.name,
        image: c.image,
        lastStatus: c.lastStatus,
        healthStatus: 'UNKNOWN',
        networkInterfaces: []
      }
      if (c.exitCode !== undefined) co.exitCode = c.exitCode
      if (c.reason !== undefined) co.reason = c.reason
      return co
    })
  }
  if (t.oneOff) {
    out.overrides = structuredClone(t.oneOff.overrides)
    if (t.oneOff.capacityProviderName) out.capacityProviderName = t.oneOff.capacityProviderName
    if (t.oneOff.startedBy === undefined) delete out.startedBy
    if (t.oneOff.launchType === undefined) delete out.launchType
  }
  if (t.startedAt !== undefined) out.startedAt = toEpochSeconds(t.startedAt)
  if (t.pullStartedAt !== undefined) out.pullStartedAt = toEpochSeconds(t.pullStartedAt)
  if (t.pullStoppedAt !== undefined) out.pullStoppedAt = toEpochSeconds(t.pullStoppedAt)
  if (t.stoppingAt !== undefined) out.stoppingAt = toEpochSeconds(t.stoppingAt)
  if (t.stoppedAt !== undefined) {
    out.stoppedAt = toEpochSeconds(t.stoppedAt)
    out.executionStoppedAt = toEpochSeconds(t.stoppedAt)
  }
  if (t.stopCode !== undefined) out.stopCode = t.stopCode
  if (t.stoppedReason !== undefined) out.stoppedReason = t.stoppedReason
  return out
}

/** @param {TaskDefinition} td */
export function renderTaskDefinition(td) {
  /** @type {Record<string, unknown>} */
  const extra = {}
  if (td.deregisteredAt !== undefined) extra.deregisteredAt = toEpochSeconds(td.deregisteredAt)
  if (td.deleteRequestedAt !== undefined)
    extra.deleteRequestedAt = toEpochSeconds(td.deleteRequestedAt)
  return {
    ...extra,
    ...structuredClone(td.rest),
    taskDefinitionArn: td.taskDefinitionArn,
    family: td.family,
    revision: td.revision,
    status: td.status,
    containerDefinitions: structuredClone(td.containerDefinitions),
    volumes: td.rest.volumes ?? [],
    placementConstraints: td.rest.placementConstraints ?? [],
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
    compatibilities: ['EC2', 'FARGATE'],
    registeredAt: toEpochSeconds(td.registeredAt),
    registeredBy: 'arn:aws:iam::123456789012:role/deployer'
  }
}
