import { buildAppSpec, trafficContainer } from '../../src/codedeploy/appspec.js'

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7'

/** The AppSpec CodeDeploy reads: the service, its revision, the container and port of traffic. */
const appSpec = (
  containerName: string,
  containerPort: number,
  hooks?: Record<string, string>[]
) => ({
  version: 0,
  Resources: [
    {
      TargetService: {
        Type: 'AWS::ECS::Service',
        Properties: {
          TaskDefinition: TD,
          LoadBalancerInfo: { ContainerName: containerName, ContainerPort: containerPort }
        }
      }
    }
  ],
  ...(hooks ? { Hooks: hooks } : {})
})

describe('buildAppSpec', () => {
  it.each([
    {
      name: 'the revision and the load balancer container and port',
      input: { taskDefinitionArn: TD, containerName: 'web', containerPort: 8080 },
      expected: appSpec('web', 8080)
    },
    {
      name: 'hooks in lifecycle order, whatever order they were given in',
      input: {
        taskDefinitionArn: TD,
        containerName: 'api',
        containerPort: 80,
        hooks: {
          AfterAllowTraffic: 'smoke-prod',
          AfterAllowTestTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:smoke'
        }
      },
      expected: appSpec('api', 80, [
        { AfterAllowTestTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:smoke' },
        { AfterAllowTraffic: 'smoke-prod' }
      ])
    },
    {
      name: 'no Hooks section for an empty hooks mapping',
      input: { taskDefinitionArn: TD, containerName: 'web', containerPort: 443, hooks: {} },
      expected: appSpec('web', 443)
    }
  ])('$name', ({ input, expected }) => {
    expect(JSON.parse(buildAppSpec(input))).toEqual(expected)
  })

  it("writes the version as AWS's JSON examples do: the number literal 0.0, first", () => {
    const text = buildAppSpec({ taskDefinitionArn: TD, containerName: 'web', containerPort: 80 })
    expect(text.startsWith('{"version":0.0,"Resources":[')).toBe(true)
    expect(text).not.toContain('"0.0"')
  })
})

describe('trafficContainer', () => {
  const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/1'
  it.each([
    {
      name: 'the first load balancer with a container and port',
      loadBalancers: [
        { targetGroupArn: TG },
        { targetGroupArn: TG, containerName: 'web', containerPort: 8080 },
        { targetGroupArn: TG, containerName: 'admin', containerPort: 9090 }
      ],
      expected: { containerName: 'web', containerPort: 8080 }
    },
    {
      name: 'no load balancer at all',
      loadBalancers: [],
      expected: {
        problem:
          'has no load balancer, so there is no container and port for CodeDeploy to shift traffic to'
      }
    },
    {
      name: 'no load balancer field',
      loadBalancers: undefined,
      expected: {
        problem:
          'has no load balancer, so there is no container and port for CodeDeploy to shift traffic to'
      }
    },
    {
      name: 'load balancers without container or port',
      loadBalancers: [
        { targetGroupArn: TG },
        { targetGroupArn: TG, containerName: '', containerPort: 80 }
      ],
      expected: { problem: 'lists load balancers without a container name and port' }
    }
  ])('$name', ({ loadBalancers, expected }) => {
    expect(trafficContainer(loadBalancers)).toEqual(expected)
  })
})
