import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { withErrorExplanations } from './explain-errors.js'

/** The target groups an ECS service registers its tasks in (DescribeServices → loadBalancers). */
export type ServiceTargetGroups = (cluster: string, service: string) => Promise<string[]>

/**
 * The SDK-backed lookup, the client made on first use. It stands apart from EcsApi (whose
 * ServiceSnapshot does not carry load balancers) so the verify step can take it as a parameter;
 * any EcsApi that learns `loadBalancers` can replace it with a one-line function.
 */
export function sdkServiceTargetGroups(
  makeClient: () => ECSClient = () =>
    withErrorExplanations(new ECSClient({ retryMode: 'adaptive' }), 'ecs')
): ServiceTargetGroups {
  let client: ECSClient | undefined
  return async (cluster, service) => {
    client ??= makeClient()
    const answer = await client.send(new DescribeServicesCommand({ cluster, services: [service] }))
    const found = answer.services?.[0]
    if (!found) {
      const reason = answer.failures?.[0]?.reason ?? 'not found'
      throw new Error(`ECS DescribeServices: service ${service} in cluster ${cluster}: ${reason}`)
    }
    const arns = (found.loadBalancers ?? []).flatMap(balancer =>
      balancer.targetGroupArn ? [balancer.targetGroupArn] : []
    )
    return [...new Set(arns)]
  }
}
