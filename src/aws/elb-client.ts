import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  awsCaller,
  boundedClientConfig,
  callContext,
  DEFAULT_CALL_BOUNDS,
  type AwsCaller,
  type CallBounds
} from './aws-call.js'
import { isNotFound } from './call-error.js'
import {
  ElbCallError,
  type ElbApi,
  type ListenerInfo,
  type LoadBalancerInfo,
  type TargetGroupInfo,
  type TargetHealth
} from './elb-api.js'

/**
 * The real client: region, credentials and AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 come from
 * the environment; every call is bounded (`bounds`, see aws-call.ts).
 */
export function createElbApi(
  env: NodeJS.ProcessEnv = process.env,
  bounds: CallBounds = DEFAULT_CALL_BOUNDS
): ElbApi {
  const client = new ElasticLoadBalancingV2Client(boundedClientConfig(env, bounds))
  return new SdkElbApi(client, { bounds, env })
}

/**
 * ElbApi over `@aws-sdk/client-elastic-load-balancing-v2`: SDK shapes and "not found" become
 * ours; every other failure is an ElbCallError naming the operation.
 */
export class SdkElbApi implements ElbApi {
  private readonly call: AwsCaller

  constructor(
    private readonly client: ElasticLoadBalancingV2Client,
    options: { bounds?: CallBounds; env?: NodeJS.ProcessEnv } = {}
  ) {
    this.call = awsCaller('ELB', 'elasticloadbalancing', callContext(ElbCallError, options))
  }

  async describeTargetGroups(targetGroupArns: readonly string[]): Promise<TargetGroupInfo[]> {
    if (targetGroupArns.length === 0) return []
    try {
      const answer = await this.call(
        'DescribeTargetGroups',
        `target group ${targetGroupArns.join(', ')}`,
        'read',
        abortSignal =>
          this.client.send(
            new DescribeTargetGroupsCommand({ TargetGroupArns: [...targetGroupArns] }),
            { abortSignal }
          )
      )
      return (answer.TargetGroups ?? []).flatMap(group =>
        group.TargetGroupArn
          ? [
              {
                arn: group.TargetGroupArn,
                name: group.TargetGroupName ?? group.TargetGroupArn,
                loadBalancerArns: group.LoadBalancerArns ?? [],
                healthCheckIntervalSeconds: group.HealthCheckIntervalSeconds,
                healthyThresholdCount: group.HealthyThresholdCount
              }
            ]
          : []
      )
    } catch (error) {
      if (isNotFound(error, 'TargetGroup')) return []
      throw error
    }
  }

  async describeLoadBalancers(loadBalancerArns: readonly string[]): Promise<LoadBalancerInfo[]> {
    if (loadBalancerArns.length === 0) return []
    try {
      const answer = await this.call(
        'DescribeLoadBalancers',
        `load balancer ${loadBalancerArns.join(', ')}`,
        'read',
        abortSignal =>
          this.client.send(
            new DescribeLoadBalancersCommand({ LoadBalancerArns: [...loadBalancerArns] }),
            { abortSignal }
          )
      )
      return (answer.LoadBalancers ?? []).flatMap(balancer =>
        balancer.LoadBalancerArn && balancer.DNSName
          ? [
              {
                arn: balancer.LoadBalancerArn,
                name: balancer.LoadBalancerName ?? balancer.LoadBalancerArn,
                dnsName: balancer.DNSName,
                scheme: balancer.Scheme,
                type: balancer.Type
              }
            ]
          : []
      )
    } catch (error) {
      if (isNotFound(error, 'LoadBalancer')) return []
      throw error
    }
  }

  async describeListeners(loadBalancerArn: string): Promise<ListenerInfo[]> {
    const listeners: ListenerInfo[] = []
    let marker: string | undefined
    try {
      do {
        const answer = await this.call(
          'DescribeListeners',
          `listeners of load balancer ${loadBalancerArn}`,
          'read',
          abortSignal =>
            this.client.send(
              new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, Marker: marker }),
              { abortSignal }
            )
        )
        for (const listener of answer.Listeners ?? []) {
          if (listener.ListenerArn && listener.Port !== undefined && listener.Protocol) {
            listeners.push({
              arn: listener.ListenerArn,
              port: listener.Port,
              protocol: listener.Protocol
            })
          }
        }
        marker = answer.NextMarker
      } while (marker)
    } catch (error) {
      if (isNotFound(error, 'LoadBalancer')) return []
      throw error
    }
    return listeners
  }

  async describeTargetGroupAttributes(targetGroupArn: string): Promise<Record<string, string>> {
    const answer = await this.call(
      'DescribeTargetGroupAttributes',
      `attributes of target group ${targetGroupArn}`,
      'read',
      abortSignal =>
        this.client.send(
          new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }),
          { abortSignal }
        )
    )
    const attributes: Record<string, string> = {}
    for (const { Key, Value } of answer.Attributes ?? [])
      if (Key !== undefined && Value !== undefined) attributes[Key] = Value
    return attributes
  }

  async describeTargetHealth(targetGroupArn: string): Promise<TargetHealth[]> {
    const answer = await this.call(
      'DescribeTargetHealth',
      `health of the targets of target group ${targetGroupArn}`,
      'read',
      abortSignal =>
        this.client.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }), {
          abortSignal
        })
    )
    return (answer.TargetHealthDescriptions ?? []).flatMap(description =>
      description.Target?.Id
        ? [
            {
              id: description.Target.Id,
              port: description.Target.Port,
              state: description.TargetHealth?.State ?? 'unavailable'
            }
          ]
        : []
    )
  }
}
