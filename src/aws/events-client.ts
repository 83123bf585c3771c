import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  type PutTargetsCommandInput,
  type Target
} from '@aws-sdk/client-eventbridge'
import {
  awsCaller,
  boundedClientConfig,
  callContext,
  DEFAULT_CALL_BOUNDS,
  type AwsCaller,
  type CallBounds
} from './aws-call.js'
import { isNotFound } from './call-error.js'
import { readPages } from './pages.js'
import {
  EventsCallError,
  type EventsApi,
  type EventTarget,
  type FailedTarget,
  type RuleInfo
} from './events-api.js'

/** ListTargetsByRule pages read for one rule: a rule holds at most 5 targets by default. */
const LIST_TARGETS_MAX_PAGES = 20
/** ListRuleNamesByTarget pages (of up to 100 names) read for one target ARN. */
const LIST_RULE_NAMES_MAX_PAGES = 20
/** PutTargets takes up to 10 targets per call. */
const PUT_TARGETS_LIMIT = 10

/**
 * EventsApi over `@aws-sdk/client-eventbridge`: region, credentials and
 * AWS_ENDPOINT_URL_EVENTBRIDGE come from the environment; every call is bounded.
 */
export function createEventsApi(
  env: NodeJS.ProcessEnv = process.env,
  bounds: CallBounds = DEFAULT_CALL_BOUNDS,
  client: EventBridgeClient = new EventBridgeClient(boundedClientConfig(env, bounds))
): EventsApi {
  return new SdkEventsApi(
    client,
    awsCaller('EventBridge', 'events', callContext(EventsCallError, { bounds, env }))
  )
}

class SdkEventsApi implements EventsApi {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly call: AwsCaller
  ) {}

  async describeRule(name: string): Promise<RuleInfo | undefined> {
    try {
      const output = await this.call('DescribeRule', `rule ${name}`, 'read', abortSignal =>
        this.client.send(new DescribeRuleCommand({ Name: name }), { abortSignal })
      )
      return {
        name: output.Name ?? name,
        arn: output.Arn,
        state: output.State,
        scheduleExpression: output.ScheduleExpression
      }
    } catch (error) {
      if (isNotFound(error, 'Resource')) return undefined
      throw error
    }
  }

  async listRuleNamesByTarget(targetArn: string): Promise<string[]> {
    // A partial list could miss the rule that runs a revision: past the bound is a failure.
    return readPages(
      async nextToken => {
        const output = await this.call(
          'ListRuleNamesByTarget',
          `target ${targetArn}`,
          'read',
          abortSignal =>
            this.client.send(
              new ListRuleNamesByTargetCommand({ TargetArn: targetArn, NextToken: nextToken }),
              { abortSignal }
            )
        )
        return { items: output.RuleNames, next: output.NextToken }
      },
      {
        maxPages: LIST_RULE_NAMES_MAX_PAGES,
        tooMany: () =>
          new EventsCallError(
            `EventBridge ListRuleNamesByTarget returned more than ${LIST_RULE_NAMES_MAX_PAGES} pages for target ${targetArn}`,
            'ListRuleNamesByTarget',
            'TooManyPages',
            false
          )
      }
    )
  }

  async listTargetsByRule(rule: string): Promise<EventTarget[] | undefined> {
    try {
      return await readPages(
        async nextToken => {
          const output = await this.call('ListTargetsByRule', `rule ${rule}`, 'read', abortSignal =>
            this.client.send(new ListTargetsByRuleCommand({ Rule: rule, NextToken: nextToken }), {
              abortSignal
            })
          )
          return { items: (output.Targets ?? []).map(toEventTarget), next: output.NextToken }
        },
        {
          maxPages: LIST_TARGETS_MAX_PAGES,
          tooMany: () =>
            new EventsCallError(
              `EventBridge ListTargetsByRule returned more than ${LIST_TARGETS_MAX_PAGES} pages for rule ${rule}`,
              'ListTargetsByRule',
              'TooManyPages',
              false
            )
        }
      )
    } catch (error) {
      if (isNotFound(error, 'Resource')) return undefined
      throw error
    }
  }

  async putTargets(rule: string, targets: readonly EventTarget[]): Promise<FailedTarget[]> {
    const failed: FailedTarget[] = []
    for (let i = 0; i < targets.length; i += PUT_TARGETS_LIMIT) {
      const batch = targets.slice(i, i + PUT_TARGETS_LIMIT)
      const output = await this.call(
        'PutTargets',
        `rule ${rule} (target ${batch.map(target => target.id).join(', ')})`,
        'write',
        abortSignal =>
          this.client.send(
            new PutTargetsCommand({
              Rule: rule,
              Targets: batch.map(
                target => target.raw
              ) as unknown as PutTargetsCommandInput['Targets']
            }),
            { abortSignal }
          )
      )
      for (const entry of output.FailedEntries ?? [])
        failed.push({
          id: entry.TargetId ?? '',
          code: entry.ErrorCode ?? 'unknown',
          message: entry.ErrorMessage ?? ''
        })
    }
    return failed
  }
}

function toEventTarget(target: Target): EventTarget {
  // A JSON round trip: our type is plain JSON, as PutTargets takes it back.
  const raw = JSON.parse(JSON.stringify(target)) as Record<string, unknown>
  return {
    id: target.Id ?? '',
    arn: target.Arn ?? '',
    taskDefinitionArn: target.EcsParameters?.TaskDefinitionArn,
    raw
  }
}
