import { describe, expect, it } from '@jest/globals'
import {
  definitionError,
  validateServiceDefinitionDocument,
  validateTaskDefinitionDocument
} from '../../src/definitions/validate.js'

const container = { name: 'web', image: 'nginx', essential: true }

describe('validateTaskDefinitionDocument', () => {
  it('accepts a plain definition, with nested structures of every common kind', () => {
    const definition = {
      family: 'web',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      requiresCompatibilities: ['FARGATE'],
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      ephemeralStorage: { sizeInGiB: 30 },
      volumes: [
        {
          name: 'data',
          efsVolumeConfiguration: {
            fileSystemId: 'fs-1',
            transitEncryption: 'ENABLED',
            authorizationConfig: { accessPointId: 'fsap-1', iam: 'ENABLED' }
          }
        },
        { name: 'ebs', configuredAtLaunch: true }
      ],
      containerDefinitions: [
        {
          ...container,
          portMappings: [{ containerPort: 80, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
          environment: [{ name: 'A', value: '1' }],
          secrets: [{ name: 'B', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/b' }],
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } },
          healthCheck: { command: ['CMD-SHELL', 'true'], interval: 30 },
          mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }],
          dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }],
          ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
          linuxParameters: { initProcessEnabled: true, capabilities: { add: ['SYS_PTRACE'] } },
          restartPolicy: { enabled: true, ignoredExitCodes: [0] },
          dockerLabels: { team: 'a' }
        }
      ],
      tags: [{ key: 'team', value: 'a' }]
    }
    expect(validateTaskDefinitionDocument(definition)).toEqual([])
  })

  it('accepts the read-only fields of a registered revision and the describe shape with tags', () => {
    const described = {
      taskDefinition: {
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/web:3',
        family: 'web',
        revision: 3,
        status: 'ACTIVE',
        requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
        compatibilities: ['EC2', 'FARGATE'],
        registeredAt: '2024-01-01T00:00:00Z',
        registeredBy: 'arn:aws:iam::1:user/me',
        containerDefinitions: [container]
      },
      tags: [{ key: 'team', value: 'a' }]
    }
    expect(validateTaskDefinitionDocument(described)).toEqual([])
    expect(validateTaskDefinitionDocument(described.taskDefinition)).toEqual([])
  })

  it('names every unknown key at once, with its JSON path and a did-you-mean', () => {
    const problems = validateTaskDefinitionDocument({
      family: 'web',
      excutionRoleArn: 'arn:aws:iam::1:role/exec',
      containerDefinitions: [
        container,
        {
          ...container,
          portMapping: [{ containerPort: 80 }],
          logConfiguration: { logDriver: 'awslogs', option: {} },
          healthCheck: { command: ['true'], intervall: 5 }
        }
      ],
      volumes: [{ name: 'v', efsVolumeConfiguration: { filesystemId: 'fs-1' } }]
    })
    expect(problems).toEqual([
      {
        path: 'excutionRoleArn',
        problem: 'is not a key of RegisterTaskDefinitionRequest (did you mean "executionRoleArn"?)'
      },
      {
        path: 'containerDefinitions[1].portMapping',
        problem: 'is not a key of ContainerDefinition (did you mean "portMappings"?)'
      },
      {
        path: 'containerDefinitions[1].logConfiguration.option',
        problem: 'is not a key of LogConfiguration (did you mean "options"?)'
      },
      {
        path: 'containerDefinitions[1].healthCheck.intervall',
        problem: 'is not a key of HealthCheck (did you mean "interval"?)'
      },
      {
        path: 'volumes[0].efsVolumeConfiguration.filesystemId',
        problem: 'is not a key of EFSVolumeConfiguration (did you mean "fileSystemId"?)'
      }
    ])
  })

  it('says where a key belongs when it sits at the wrong level', () => {
    const problems = validateTaskDefinitionDocument({
      family: 'web',
      portMappings: [],
      containerDefinitions: [{ ...container, executionRoleArn: 'x' }]
    })
    expect(problems.map(p => `${p.path}: ${p.problem}`)).toEqual([
      'portMappings: is not a key of RegisterTaskDefinitionRequest (it is a container key: move it into the container in "containerDefinitions")',
      'containerDefinitions[0].executionRoleArn: is not a key of ContainerDefinition (it is a task-definition key: move it to the top level, beside "containerDefinitions")'
    ])
  })

  it('read-only fields are accepted at the top level only', () => {
    expect(
      validateTaskDefinitionDocument({
        family: 'web',
        containerDefinitions: [{ ...container, revision: 1 }]
      })
    ).toEqual([
      { path: 'containerDefinitions[0].revision', problem: 'is not a key of ContainerDefinition' }
    ])
  })

  it('refuses an object where a list belongs and the reverse', () => {
    const problems = validateTaskDefinitionDocument({
      family: 'web',
      containerDefinitions: [
        {
          ...container,
          environment: { A: '1' },
          command: 'npm start',
          dockerLabels: [],
          logConfiguration: []
        }
      ],
      volumes: 'data'
    })
    expect(problems.map(p => `${p.path}: ${p.problem}`)).toEqual([
      'containerDefinitions[0].environment: expected a list of KeyValuePair objects, not an object',
      'containerDefinitions[0].command: expected a list (["a", "b"]), not the text "npm start"',
      'containerDefinitions[0].dockerLabels: expected an object of names to texts, not a list',
      'containerDefinitions[0].logConfiguration: expected an object (LogConfiguration), not a list',
      'volumes: expected a list of Volume objects, not the text "data"'
    ])
  })

  it('in the describe shape, paths start at taskDefinition and other wrapper keys are unknown', () => {
    const problems = validateTaskDefinitionDocument({
      taskDefinition: { family: 'web', containerDefinitions: [{ ...container, cpus: 1 }] },
      tag: []
    })
    expect(problems.map(p => `${p.path}: ${p.problem}`)).toEqual([
      'tag: is not a key of the describe-task-definition output (did you mean "tags"?)',
      'taskDefinition.containerDefinitions[0].cpus: is not a key of ContainerDefinition (did you mean "cpu"?)'
    ])
  })

  it('escapes odd keys in paths', () => {
    const problems = validateTaskDefinitionDocument({
      family: 'web',
      containerDefinitions: [container],
      'x\n::error::y': 1
    })
    expect(problems[0]!.path).toBe('["x\\n:\u200b:error:\u200b:y"]')
  })

  it('a file that is not an object says what it is', () => {
    expect(validateTaskDefinitionDocument([])).toEqual([
      {
        path: '(top level)',
        problem: 'expected an object (RegisterTaskDefinitionRequest), not a list'
      }
    ])
  })
})

describe('validateServiceDefinitionDocument', () => {
  const service = {
    serviceName: 'web',
    desiredCount: 2,
    launchType: 'FARGATE',
    loadBalancers: [{ targetGroupArn: 'arn:tg', containerName: 'web', containerPort: 80 }],
    serviceRegistries: [{ registryArn: 'arn:sd' }],
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ['s-1'],
        securityGroups: ['sg-1'],
        assignPublicIp: 'DISABLED'
      }
    },
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { alarmNames: ['a'], enable: true, rollback: true },
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 5,
      lifecycleHooks: [
        { hookTargetArn: 'arn:fn', roleArn: 'arn:role', lifecycleStages: ['PRE_SCALE_UP'] }
      ],
      maximumPercent: 200,
      minimumHealthyPercent: 100
    },
    deploymentController: { type: 'ECS' },
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
    serviceConnectConfiguration: {
      enabled: true,
      namespace: 'ns',
      services: [{ portName: 'http', clientAliases: [{ port: 80, dnsName: 'web' }] }]
    },
    volumeConfigurations: [
      { name: 'ebs', managedEBSVolume: { sizeInGiB: 20, roleArn: 'arn:role' } }
    ],
    tags: [{ key: 'team', value: 'a' }],
    enableExecuteCommand: true,
    propagateTags: 'SERVICE'
  }

  it('accepts CreateService input, and the {"service": {...}} shape with read-only fields', () => {
    expect(validateServiceDefinitionDocument(service)).toEqual([])
    expect(
      validateServiceDefinitionDocument({
        service: {
          ...service,
          serviceArn: 'arn:svc',
          clusterArn: 'arn:cluster',
          status: 'ACTIVE',
          runningCount: 2,
          pendingCount: 0,
          deployments: [{ id: 'd', anything: 'goes' }],
          events: [],
          createdAt: '2024-01-01T00:00:00Z',
          roleArn: 'arn:role'
        }
      })
    ).toEqual([])
  })

  it('names misspelled keys at every level', () => {
    const problems = validateServiceDefinitionDocument({
      ...service,
      desiredcount: 1,
      networkConfiguration: { awsVpcConfiguration: { subnets: [] } },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enabled: true },
        minimumHealthPercent: 50
      },
      loadBalancers: [{ targetGroupArn: 'arn:tg', containerport: 80 }]
    })
    expect(problems.map(p => `${p.path}: ${p.problem}`)).toEqual([
      'loadBalancers[0].containerport: is not a key of LoadBalancer (did you mean "containerPort"?)',
      'networkConfiguration.awsVpcConfiguration: is not a key of NetworkConfiguration (did you mean "awsvpcConfiguration"?)',
      'deploymentConfiguration.deploymentCircuitBreaker.enabled: is not a key of DeploymentCircuitBreaker (did you mean "enable"?)',
      'deploymentConfiguration.minimumHealthPercent: is not a key of DeploymentConfiguration (did you mean "minimumHealthyPercent"?)',
      'desiredcount: is not a key of CreateServiceRequest (did you mean "desiredCount"?)'
    ])
  })

  it('the describe-services list is refused with what to give instead', () => {
    expect(validateServiceDefinitionDocument({ services: [service], failures: [] })).toEqual([
      {
        path: 'services',
        problem:
          'is a list of services as describe-services prints it; a service definition holds one service: give its fields, or {"service": {...}}'
      }
    ])
  })
})

describe('definitionError', () => {
  it('lists every problem in one InputError naming the file and what to do', () => {
    const error = definitionError('task definition', 'ecs/td.json', [
      { path: 'a', problem: 'is not a key of X' },
      { path: 'b', problem: 'is not a key of Y' }
    ])
    expect(error.message).toBe(
      "task definition file ecs/td.json: has 2 problems: a: is not a key of X; b: is not a key of Y. Fix the file: keys, their types and their values are those of RegisterTaskDefinition's input (aws ecs register-task-definition --generate-cli-skeleton); the AWS SDK drops a key it does not know without a word, so ECS would run without it, and sends a wrong value unchecked, so ECS would refuse it only after the image is built and pushed."
    )
  })

  it('shows at most 20 problems', () => {
    const problems = Array.from({ length: 25 }, (_, i) => ({ path: `k${i}`, problem: 'bad' }))
    const error = definitionError('service definition', 's.json', problems)
    expect(error.problem).toMatch(/^has 25 problems: k0: bad; .*k19: bad; and 5 more$/)
    expect(error.problem).not.toContain('k20')
    expect(error.fix).toContain('create-service --generate-cli-skeleton')
  })
})
