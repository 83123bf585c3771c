import type { ElbApi, ListenerInfo, LoadBalancerInfo } from '../aws/elb-api.js'
import { ReleaseError } from '../util/errors.js'

/** Where verify-path is requested: the service's load balancer, found through its target group. */
export interface LoadBalancerEndpoint {
  url: string
  loadBalancer: LoadBalancerInfo
  targetGroupArn: string
}

/**
 * Target group → load balancer → listeners → `http(s)://<dns><path>`. The first target group
 * that a load balancer routes to wins (a service usually has one). Errors name the service and
 * what is missing: this is a setup problem, not a bad release.
 */
export async function findLoadBalancerUrl(
  elb: ElbApi,
  targetGroupArns: readonly string[],
  path: string,
  service: { cluster: string; service: string }
): Promise<LoadBalancerEndpoint> {
  const subject = `service ${service.service} in cluster ${service.cluster}`
  if (targetGroupArns.length === 0) {
    throw setupError(
      `${subject} has no load balancer (DescribeServices lists no target group)`,
      'Use verify-url, or attach the service to a load balancer target group.'
    )
  }
  const groups = await elb.describeTargetGroups(targetGroupArns)
  const group = groups.find(candidate => candidate.loadBalancerArns.length > 0)
  const loadBalancerArn = group?.loadBalancerArns[0]
  if (!group || !loadBalancerArn) {
    throw setupError(
      `no load balancer routes to the target group(s) of ${subject}: ${targetGroupArns.join(', ')}`,
      'Add a listener (rule) that forwards to the target group, or use verify-url.'
    )
  }
  const [loadBalancer] = await elb.describeLoadBalancers([loadBalancerArn])
  if (!loadBalancer) {
    throw setupError(
      `load balancer ${loadBalancerArn} of target group ${group.name} was not found`,
      'Check that it still exists, or use verify-url.'
    )
  }
  const listeners = await elb.describeListeners(loadBalancer.arn)
  return {
    url: `${baseUrl(loadBalancer.dnsName, listeners)}${path}`,
    loadBalancer,
    targetGroupArn: group.arn
  }
}

/**
 * Pure: the scheme and port to reach a load balancer on. HTTPS (or TLS) on 443 means https;
 * otherwise plain http, on port 80 when a listener is there, else on the first listener's port.
 */
export function baseUrl(dnsName: string, listeners: readonly ListenerInfo[]): string {
  const secure = (listener: ListenerInfo) =>
    listener.protocol === 'HTTPS' || listener.protocol === 'TLS'
  if (listeners.some(listener => secure(listener) && listener.port === 443))
    return `https://${dnsName}`
  if (listeners.some(listener => !secure(listener) && listener.port === 80))
    return `http://${dnsName}`
  const plain = listeners.find(
    listener => listener.protocol === 'HTTP' || listener.protocol === 'TCP'
  )
  if (plain) return `http://${dnsName}:${plain.port}`
  const tls = listeners.find(secure)
  if (tls) return `https://${dnsName}:${tls.port}`
  return `http://${dnsName}`
}

function setupError(problem: string, fix: string): ReleaseError {
  return new ReleaseError(`verify-path: ${problem}. ${fix}`, 'verify')
}
