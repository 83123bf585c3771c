import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  type DeploymentGroupInfo as SdkDeploymentGroup,
  type LifecycleEvent
} from '@aws-sdk/client-codedeploy'
import {
  awsCaller,
  boundedClientConfig,
  pollClientConfig,
  callContext,
  DEFAULT_CALL_BOUNDS,
  type AwsCaller,
  type CallBounds
} from './aws-call.js'
import type { WaitRead } from '../util/wait-deadline.js'
import { awsErrorCode } from './call-error.js'
import {
  CodeDeployCallError,
  type CodeDeployApi,
  type CodeDeploySnapshot,
  type CreateCodeDeployment,
  type DeploymentGroupInfo,
  type EcsDeploymentTarget,
  type LifecycleEventInfo
} from './codedeploy-api.js'

/** What GetDeploymentGroup answers when the application or the group is not there. */
const GROUP_MISSING = new Set([
  'ApplicationDoesNotExistException',
  'DeploymentGroupDoesNotExistException'
])
/** ListDeploymentTargets pages read: an ECS deployment has one target. */
const LIST_TARGETS_MAX_PAGES = 5

/**
 * CodeDeployApi over `@aws-sdk/client-codedeploy`: region, credentials and
 * AWS_ENDPOINT_URL_CODEDEPLOY come from the environment; the watcher's polls make one attempt
 * each (its next poll is the retry), every call is bounded.
 */
export function createCodeDeployApi(
  env: NodeJS.ProcessEnv = process.env,
  bounds: CallBounds = DEFAULT_CALL_BOUNDS,
  client: CodeDeployClient = new CodeDeployClient(boundedClientConfig(env, bounds)),
  pollClient: CodeDeployClient = new CodeDeployClient(pollClientConfig(env, bounds))
): CodeDeployApi {
  return new SdkCodeDeployApi(
    client,
    pollClient,
    awsCaller('CodeDeploy', 'codedeploy', callContext(CodeDeployCallError, { bounds, env }))
  )
}

class SdkCodeDeployApi implements CodeDeployApi {
  constructor(
    private readonly client: CodeDeployClient,
    private readonly pollClient: CodeDeployClient,
    private readonly call: AwsCaller
  ) {}

  async getDeploymentGroup(
    application: string,
    group: string
  ): Promise<DeploymentGroupInfo | undefined> {
    try {
      const output = await this.call(
        'GetDeploymentGroup',
        `deployment group ${group} of application ${application}`,
        'read',
        abortSignal =>
          this.client.send(
            new GetDeploymentGroupCommand({
              applicationName: application,
              deploymentGroupName: group
            }),
            { abortSignal }
          )
      )
      return output.deploymentGroupInfo
        ? toDeploymentGroup(output.deploymentGroupInfo, application, group)
        : undefined
    } catch (error) {
      if (GROUP_MISSING.has(awsErrorCode(error) ?? '')) return undefined
      throw error
    }
  }

  async createDeployment(request: CreateCodeDeployment): Promise<string> {
    const output = await this.call(
      'CreateDeployment',
      `deployment group ${request.deploymentGroup} of application ${request.application}`,
      'write',
      abortSignal =>
        this.client.send(
          new CreateDeploymentCommand({
            applicationName: request.application,
            deploymentGroupName: request.deploymentGroup,
            description: request.description,
            revision: {
              revisionType: 'AppSpecContent',
              appSpecContent: { content: request.appSpec }
            }
          }),
          { abortSignal }
        )
    )
    if (!output.deploymentId)
      throw new CodeDeployCallError(
        `CodeDeploy CreateDeployment answered no deployment id for deployment group ${request.deploymentGroup}`,
        'CreateDeployment',
        'NoDeploymentId',
        false
      )
    return output.deploymentId
  }

  async getDeployment(id: string, options: WaitRead = {}) {
    const output = await this.call(
      'GetDeployment',
      `deployment ${id}`,
      options.polling ? 'poll' : 'read',
      abortSignal =>
        this.clientFor(options).send(new GetDeploymentCommand({ deploymentId: id }), {
          abortSignal
        }),
      options.withinMs
    )
    const info = output.deploymentInfo
    const snapshot: CodeDeploySnapshot = {
      id: info?.deploymentId ?? id,
      status: info?.status ?? 'Unknown',
      error: info?.errorInformation && {
        code: info.errorInformation.code,
        message: info.errorInformation.message
      },
      rollback: info?.rollbackInfo && {
        deploymentId: info.rollbackInfo.rollbackDeploymentId,
        triggeredBy: info.rollbackInfo.rollbackTriggeringDeploymentId,
        message: info.rollbackInfo.rollbackMessage
      },
      createdAt: info?.createTime?.getTime(),
      completedAt: info?.completeTime?.getTime()
    }
    return snapshot
  }

  async listDeploymentTargets(id: string, options: WaitRead = {}) {
    const ids: string[] = []
    let nextToken: string | undefined
    // The pages share the budget (real time): none gets it whole again.
    const until = options.withinMs === undefined ? undefined : Date.now() + options.withinMs
    for (let page = 0; page < LIST_TARGETS_MAX_PAGES; page++) {
      const output = await this.call(
        'ListDeploymentTargets',
        `deployment ${id}`,
        options.polling ? 'poll' : 'read',
        abortSignal =>
          this.clientFor(options).send(
            new ListDeploymentTargetsCommand({ deploymentId: id, nextToken }),
            { abortSignal }
          ),
        until === undefined ? undefined : Math.max(0, until - Date.now())
      )
      ids.push(...(output.targetIds ?? []))
      nextToken = output.nextToken
      if (!nextToken) return ids
    }
    return ids
  }

  async getDeploymentTarget(
    id: string,
    targetId: string,
    options: WaitRead = {}
  ): Promise<EcsDeploymentTarget | undefined> {
    const output = await this.call(
      'GetDeploymentTarget',
      `target ${targetId} of deployment ${id}`,
      options.polling ? 'poll' : 'read',
      abortSignal =>
        this.clientFor(options).send(
          new GetDeploymentTargetCommand({ deploymentId: id, targetId }),
          { abortSignal }
        ),
      options.withinMs
    )
    const target = output.deploymentTarget?.ecsTarget
    if (!target) return undefined
    return {
      targetId: target.targetId ?? targetId,
      status: target.status,
      lifecycleEvents: (target.lifecycleEvents ?? []).map(toLifecycleEvent)
    }
  }

  async stopDeployment(id: string) {
    const output = await this.call('StopDeployment', `deployment ${id}`, 'write', abortSignal =>
      this.client.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }), {
        abortSignal
      })
    )
    return { status: output.status, message: output.statusMessage }
  }

  private clientFor(options: WaitRead): CodeDeployClient {
    return options.polling ? this.pollClient : this.client
  }
}

function toDeploymentGroup(
  info: SdkDeploymentGroup,
  application: string,
  group: string
): DeploymentGroupInfo {
  const pair = info.loadBalancerInfo?.targetGroupPairInfoList?.[0]
  return {
    application: info.applicationName ?? application,
    name: info.deploymentGroupName ?? group,
    computePlatform: info.computePlatform,
    deploymentConfigName: info.deploymentConfigName,
    ecsServices: (info.ecsServices ?? []).map(service => ({
      cluster: service.clusterName ?? '',
      service: service.serviceName ?? ''
    })),
    targetGroups: (pair?.targetGroups ?? []).map(target => target.name ?? ''),
    autoRollback: {
      enabled: info.autoRollbackConfiguration?.enabled ?? false,
      events: info.autoRollbackConfiguration?.events ?? []
    }
  }
}

function toLifecycleEvent(event: LifecycleEvent): LifecycleEventInfo {
  const diagnostics = event.diagnostics
  return {
    name: event.lifecycleEventName ?? 'Unknown',
    status: event.status ?? 'Unknown',
    startedAt: event.startTime?.getTime(),
    endedAt: event.endTime?.getTime(),
    diagnostics: diagnostics && {
      errorCode: diagnostics.errorCode,
      scriptName: diagnostics.scriptName,
      message: diagnostics.message,
      logTail: diagnostics.logTail
    }
  }
}
