import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { ElbApi, ListenerInfo, LoadBalancerInfo, TargetGroupInfo } from './elb-api.js'
import { errorName } from './error-name.js'
import { withErrorExplanations } from './explain-errors.js'
import { regionFrom } from './region.js'

/**
 * The real client: region, credentials and AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 come from
 * the environment.
 */
export function createElbApi(env: NodeJS.ProcessEnv = process.env): ElbApi {
  return new SdkElbApi(
    withErrorExplanations(
      new ElasticLoadBalancingV2Client({ region: regionFrom(env), retryMode: 'adaptive' }),
      'elasticloadbalancing'
    )
  )
}

/** ElbApi over `@aws-sdk/client-elastic-load-balancing-v2`: SDK shapes and "not found" become ours. */
export class SdkElbApi implements ElbApi {
  constructor(private readonly client: ElasticLoadBalancingV2Client) {}

  async describeTargetGroups(targetGroupArns: readonly string[]): Promise<TargetGroupInfo[]> {
    if (targetGroupArns.length === 0) return []
    try {
      const answer = await this.client.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: [...targetGroupArns] })
      )
      return (answer.TargetGroups ?? []).flatMap(group =>
        group.TargetGroupArn
          ? [
              {
                arn: group.TargetGroupArn,
                name: group.TargetGroupName ?? group.TargetGroupArn,
                loadBalancerArns: group.LoadBalancerArns ?? []
              }
            ]
          : []
      )
    } catch (error) {
      if (errorName(error) === 'TargetGroupNotFoundException') return []
      throw error
    }
  }

  async describeLoadBalancers(loadBalancerArns: readonly string[]): Promise<LoadBalancerInfo[]> {
    if (loadBalancerArns.length === 0) return []
    try {
      const answer = await this.client.send(
        new DescribeLoadBalancersCommand({ LoadBalancerArns: [...loadBalancerArns] })
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
      if (errorName(error) === 'LoadBalancerNotFoundException') return []
      throw error
    }
  }

  async describeListeners(loadBalancerArn: string): Promise<ListenerInfo[]> {
    const listeners: ListenerInfo[] = []
    let marker: string | undefined
    try {
      do {
        const answer = await this.client.send(
          new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, Marker: marker })
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
      if (errorName(error) === 'LoadBalancerNotFoundException') return []
      throw error
    }
    return listeners
  }
}
