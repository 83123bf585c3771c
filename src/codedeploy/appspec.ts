import type { ServiceLoadBalancer } from '../aws/ecs-api.js'
import { ECS_HOOK_EVENTS, type EcsHookEvent } from '../aws/codedeploy-api.js'

/** What an ECS AppSpec is made of: the new revision and where its traffic goes. */
export interface AppSpecInput {
  taskDefinitionArn: string
  containerName: string
  containerPort: number
  /** Lambda functions (name or ARN) to run at lifecycle events. */
  hooks?: Partial<Record<EcsHookEvent, string>>
}

/**
 * Pure: the AppSpec as JSON text, the form CreateDeployment takes as AppSpecContent. Hooks keep
 * the order of the lifecycle. Its version is written as AWS's JSON examples write it, the number
 * literal `0.0` (JSON.stringify would print a number 0.0 as `0`, and "0.0" would be a string).
 */
export function buildAppSpec(input: AppSpecInput): string {
  const hooks = ECS_HOOK_EVENTS.flatMap(event =>
    input.hooks?.[event] ? [{ [event]: input.hooks[event] }] : []
  )
  const appSpec = {
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: input.taskDefinitionArn,
            LoadBalancerInfo: {
              ContainerName: input.containerName,
              ContainerPort: input.containerPort
            }
          }
        }
      }
    ],
    ...(hooks.length > 0 ? { Hooks: hooks } : {})
  }
  return `{"version":0.0,${JSON.stringify(appSpec).slice(1)}`
}

/**
 * Pure: the container and port CodeDeploy shifts traffic to, from the service's load balancers
 * (ECS copies them into every task set). A problem sentence when there is none to use.
 */
export function trafficContainer(
  loadBalancers: readonly ServiceLoadBalancer[] | undefined
): { containerName: string; containerPort: number } | { problem: string } {
  const usable = (loadBalancers ?? []).filter(
    (
      balancer
    ): balancer is ServiceLoadBalancer & { containerName: string; containerPort: number } =>
      typeof balancer.containerName === 'string' &&
      balancer.containerName !== '' &&
      typeof balancer.containerPort === 'number'
  )
  if (usable.length === 0)
    return {
      problem:
        (loadBalancers ?? []).length === 0
          ? 'has no load balancer, so there is no container and port for CodeDeploy to shift traffic to'
          : 'lists load balancers without a container name and port'
    }
  const [first] = usable
  return { containerName: first!.containerName, containerPort: first!.containerPort }
}
