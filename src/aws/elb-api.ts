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
  /** The target group's attributes (`deregistration_delay.timeout_seconds`, …) by key. */
  describeTargetGroupAttributes(targetGroupArn: string): Promise<Record<string, string>>
  /** Each target registered in the target group and its health state. */
  describeTargetHealth(targetGroupArn: string): Promise<TargetHealth[]>
}

/** One target of a target group: its id (instance or IP), port and state. */
export interface TargetHealth {
  id: string
  port?: number
  /** initial, healthy, unhealthy, unused, draining or unavailable. */
  state: string
}

export interface TargetGroupInfo {
  arn: string
  name: string
  /** The load balancers that route to this target group (usually one). */
  loadBalancerArns: string[]
  /** Seconds between two health checks of a target. */
  healthCheckIntervalSeconds?: number
  /** Consecutive passed checks before a target counts as healthy. */
  healthyThresholdCount?: number
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
