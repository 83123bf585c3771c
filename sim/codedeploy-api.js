// @ts-check
/**
 * CodeDeploy operations (CodeDeploy_20141006.*) for ECS deployment groups: GetDeploymentGroup,
 * CreateDeployment (an AppSpec as AppSpecContent, JSON), GetDeployment, ListDeploymentTargets,
 * GetDeploymentTarget, StopDeployment. Errors carry CodeDeploy's exception names.
 */
import { SimError } from './errors.js'
import { toEpochSeconds } from './ids.js'

/** @typedef {import('./codedeploy.js').CodeDeployWorld} CodeDeployWorld */
/** @typedef {import('./codedeploy.js').Deployment} Deployment */
/** @typedef {import('./ecs-state.js').EcsWorld} EcsWorld */

/**
 * @param {{codeDeploy: CodeDeployWorld, world: EcsWorld}} ctx
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function codeDeployHandlers({ codeDeploy, world }) {
  /** @param {any} body */
  const group = body => {
    const application = text(
      body.applicationName,
      'applicationName',
      'ApplicationNameRequiredException'
    )
    const name = text(
      body.deploymentGroupName,
      'deploymentGroupName',
      'DeploymentGroupNameRequiredException'
    )
    if (!codeDeploy.applications.has(application))
      throw new SimError(
        'ApplicationDoesNotExistException',
        `No application found for name: ${application}`
      )
    const found = codeDeploy.group(application, name)
    if (!found)
      throw new SimError(
        'DeploymentGroupDoesNotExistException',
        `No Deployment Group found for name: ${name}`
      )
    return found
  }

  /** @param {any} body @returns {Deployment} */
  const deployment = body => {
    const id = text(body.deploymentId, 'deploymentId', 'DeploymentIdRequiredException')
    const found = codeDeploy.deployments.get(id)
    if (!found)
      throw new SimError('DeploymentDoesNotExistException', `Deployment ${id} does not exist.`)
    return found
  }

  return {
    GetDeploymentGroup(body) {
      const g = group(body)
      return {
        deploymentGroupInfo: {
          applicationName: g.application,
          deploymentGroupId: g.id,
          deploymentGroupName: g.name,
          deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
          serviceRoleArn: 'arn:aws:iam::123456789012:role/ecsCodeDeployRole',
          computePlatform: 'ECS',
          deploymentStyle: {
            deploymentType: 'BLUE_GREEN',
            deploymentOption: 'WITH_TRAFFIC_CONTROL'
          },
          ecsServices: [{ serviceName: g.service, clusterName: g.cluster }],
          loadBalancerInfo: {
            targetGroupPairInfoList: [
              {
                targetGroups: g.targetGroups.map(name => ({ name })),
                prodTrafficRoute: {
                  listenerArns: [
                    'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/80'
                  ]
                }
              }
            ]
          },
          autoRollbackConfiguration: {
            enabled: g.autoRollback,
            events: g.autoRollback ? ['DEPLOYMENT_FAILURE'] : []
          },
          blueGreenDeploymentConfiguration: {
            terminateBlueInstancesOnDeploymentSuccess: {
              action: 'TERMINATE',
              terminationWaitTimeInMinutes: 0
            },
            deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 }
          }
        }
      }
    },

    CreateDeployment(body, at) {
      const g = group(body)
      const revision = body.revision
      if (!revision || revision.revisionType !== 'AppSpecContent')
        throw new SimError(
          'InvalidRevisionException',
          'The simulator takes ECS revisions as revisionType AppSpecContent only.'
        )
      const content = revision.appSpecContent?.content
      /** @type {any} */
      let appSpec
      try {
        appSpec = JSON.parse(String(content))
      } catch {
        throw new SimError('InvalidRevisionException', 'The AppSpec content is not valid JSON.')
      }
      const properties = appSpec?.Resources?.[0]?.TargetService?.Properties
      const service = codeDeploy.serviceOf(g)
      const td =
        properties?.TaskDefinition && world.taskDefinition(String(properties.TaskDefinition))
      if (!td)
        throw new SimError(
          'InvalidRevisionException',
          `The AppSpec's TaskDefinition ${String(properties?.TaskDefinition)} is not a registered task definition.`
        )
      const lb = /** @type {{containerName?: string, containerPort?: number}[]} */ (
        service.loadBalancers
      )
      const info = properties.LoadBalancerInfo ?? {}
      if (
        !lb.some(
          b => b.containerName === info.ContainerName && b.containerPort === info.ContainerPort
        )
      )
        throw new SimError(
          'InvalidRevisionException',
          `The AppSpec's LoadBalancerInfo (${info.ContainerName}:${info.ContainerPort}) does not match the container and port of service ${service.serviceName}'s load balancer.`
        )
      if (
        !td.containerDefinitions.some(
          (/** @type {{name: string}} */ c) => c.name === info.ContainerName
        )
      )
        throw new SimError(
          'InvalidRevisionException',
          `The task definition ${td.taskDefinitionArn} has no container ${info.ContainerName}.`
        )
      const active = codeDeploy.active(g)
      if (active)
        throw new SimError(
          'DeploymentLimitExceededException',
          `The Deployment Group ${g.name} already has an active Deployment ${active.id}`
        )
      const created = codeDeploy.create(
        g,
        td.taskDefinitionArn,
        String(content),
        body.description,
        at
      )
      return { deploymentId: created.id }
    },

    GetDeployment(body) {
      const d = deployment(body)
      /** @type {Record<string, unknown>} */
      const info = {
        applicationName: d.group.application,
        deploymentGroupName: d.group.name,
        deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
        deploymentId: d.id,
        status: d.status,
        createTime: toEpochSeconds(d.createdAt),
        creator: d.rollbackInfo?.rollbackTriggeringDeploymentId ? 'codeDeployRollback' : 'user',
        computePlatform: 'ECS',
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        revision: { revisionType: 'AppSpecContent', appSpecContent: { sha256: 'simulated' } }
      }
      if (d.description) info.description = d.description
      if (d.completedAt !== undefined) info.completeTime = toEpochSeconds(d.completedAt)
      if (d.error) info.errorInformation = { ...d.error }
      if (d.rollbackInfo) info.rollbackInfo = { ...d.rollbackInfo }
      return { deploymentInfo: info }
    },

    ListDeploymentTargets(body) {
      const d = deployment(body)
      return { targetIds: [`${d.group.cluster}:${d.group.service}`] }
    },

    GetDeploymentTarget(body) {
      const d = deployment(body)
      const targetId = text(body.targetId, 'targetId', 'DeploymentTargetIdRequiredException')
      if (targetId !== `${d.group.cluster}:${d.group.service}`)
        throw new SimError(
          'DeploymentTargetDoesNotExistException',
          `The target ${targetId} of deployment ${d.id} does not exist.`
        )
      const service = codeDeploy.serviceOf(d.group)
      return {
        deploymentTarget: {
          deploymentTargetType: 'ECSTarget',
          ecsTarget: {
            deploymentId: d.id,
            targetId,
            targetArn: service.serviceArn,
            lastUpdatedAt: toEpochSeconds(d.updatedAt),
            status:
              d.status === 'Created' ? 'Pending' : d.status === 'Stopped' ? 'Failed' : d.status,
            lifecycleEvents: d.events.map(event => {
              /** @type {Record<string, unknown>} */
              const out = { lifecycleEventName: event.lifecycleEventName, status: event.status }
              if (event.startTime !== undefined) out.startTime = toEpochSeconds(event.startTime)
              if (event.endTime !== undefined) out.endTime = toEpochSeconds(event.endTime)
              if (event.diagnostics) out.diagnostics = { ...event.diagnostics }
              return out
            }),
            taskSetsInfo: service.taskSets.map(set => ({
              identifer: set.id,
              taskSetLabel: set.taskDefinition === d.taskDefinition ? 'Green' : 'Blue',
              status: set.status
            }))
          }
        }
      }
    },

    StopDeployment(body, at) {
      const d = deployment(body)
      if (d.status !== 'Created' && d.status !== 'InProgress')
        throw new SimError(
          'DeploymentAlreadyCompletedException',
          `The deployment ${d.id} has already completed.`
        )
      const autoRollbackEnabled = body.autoRollbackEnabled === true
      codeDeploy.stops.push({ at, deploymentId: d.id, autoRollbackEnabled, status: d.status })
      codeDeploy.fail(
        d,
        { code: 'MANUAL_STOP', message: 'The deployment was stopped by a StopDeployment request.' },
        at,
        { status: 'Stopped', rollback: autoRollbackEnabled }
      )
      return { status: 'Succeeded', statusMessage: 'The deployment was stopped.' }
    }
  }
}

/** @param {unknown} value @param {string} field @param {string} code */
function text(value, field, code) {
  if (typeof value !== 'string' || value === '') throw new SimError(code, `${field} is required.`)
  return value
}
