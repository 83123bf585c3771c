import { AwsCallError } from './call-error.js'

/**
 * The narrow Elastic Load Balancing (v2) interface the verify step uses to find a service's
 * public address, in our own small types. The SDK adapter in elb-client.ts implements it.
 * "Not found" is an empty list, not an exception: for the step it is an answer.
 */
export interface ElbApi {
  describeTargetGroups(targetGroupArns: readonly string[]): Promise<TargetGroupInfo[]>
  describeLoadBalancers(loadBalancerArns: readonly string[]): Promise<LoadBalancerInfo[]>
  /** Every listener of the load balancer (all pages). */
  describeListeners(loadBalancerArn: string): Promise<ListenerInfo[]>
}

export interface TargetGroupInfo {
  arn: string
  name: string
  /** The load balancers that route to this target group (usually one). */
  loadBalancerArns: string[]
}

export interface LoadBalancerInfo {
  arn: string
  name: string
  dnsName: string
  /** internet-facing or internal: an internal one is only reachable from inside its VPC. */
  scheme?: string
  /** application, network or gateway. */
  type?: string
}

export interface ListenerInfo {
  arn: string
  port: number
  /** HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE. */
  protocol: string
}

/** An Elastic Load Balancing call that failed: the operation, the AWS code, whether to retry. */
export class ElbCallError extends AwsCallError {
  override name = 'ElbCallError'
}
