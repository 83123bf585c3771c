import { describe, expect, it } from '@jest/globals'
import type { TaskDefinition } from '../../src/aws/ecs-api.js'
import { parseServiceDefinition } from '../../src/definitions/service-definition.js'
import {
  READ_ONLY_FIELDS,
  asTaskDefinition,
  diffTaskDefinitions,
  parseTaskDefinitionFile,
  renderTaskDefinition,
  sameTaskDefinition,
  stripReadOnly
} from '../../src/definitions/task-definition.js'

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'b'.repeat(64)

const plain: TaskDefinition = {
  family: 'web',
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [
    {
      name: 'web',
      image: 'nginx:1',
      essential: true,
      portMappings: [{ containerPort: 8080 }],
      environment: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'REGION', value: 'eu-west-1' }
      ],
      secrets: [
        { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }
      ]
    },
    { name: 'sidecar', image: 'envoy:1', essential: false }
  ]
}

/** What describe-task-definition and the console's JSON export give for the same revision. */
const described = {
  taskDefinition: {
    ...plain,
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
    revision: 7,
    status: 'ACTIVE',
    requiresAttributes: [{ name: 'ecs.capability.execution-role-awslogs' }],
    compatibilities: ['EC2', 'FARGATE'],
    registeredAt: '2026-01-01T00:00:00.000Z',
    registeredBy: 'arn:aws:iam::123456789012:user/ci',
    deregisteredAt: '2026-01-02T00:00:00.000Z'
  },
  tags: []
}

const render = (
  base: TaskDefinition,
  overrides: Partial<Parameters<typeof renderTaskDefinition>[1]> = {}
) =>
  renderTaskDefinition(base, {
    image: IMAGE,
    container: 'web',
    variables: {},
    secrets: {},
    source: 'task definition file td.json',
    ...overrides
  })

const container = (definition: TaskDefinition, name = 'web') =>
  definition.containerDefinitions.find(c => c.name === name)!

describe('file shapes', () => {
  it.each([
    ['plain RegisterTaskDefinition input', plain],
    ['describe-task-definition / console export {"taskDefinition": {...}}', described]
  ])('accepts the %s', (_name, shape) => {
    const definition = parseTaskDefinitionFile(JSON.stringify(shape), 'td.json')
    expect(definition.family).toBe('web')
    expect(render(definition)).toEqual(render(plain))
  })

  it.each([
    ['not JSON', '{"family": ', /task definition file td.json:1:12: is not valid JSON/],
    ['not an object', '[]', /td.json: holds a list, not a task definition/],
    ['no family', '{"containerDefinitions": [{"name": "web"}]}', /has no "family"/],
    [
      'no containers',
      '{"family": "web", "containerDefinitions": []}',
      /has no "containerDefinitions"/
    ],
    [
      'a container without name',
      '{"family": "web", "containerDefinitions": [{"image": "x"}]}',
      /containerDefinitions\[0\]: has no "name"/
    ]
  ])('rejects a file that is %s, naming the file', (_name, text, message) => {
    expect(() => parseTaskDefinitionFile(text, 'td.json')).toThrow(message)
  })

  it('rejects a wrapper whose taskDefinition is not an object, saying what to give', () => {
    expect(() => parseTaskDefinitionFile('{"taskDefinition": "web:1"}', 'td.json')).toThrow(
      /task definition file td.json: has 1 problem: taskDefinition: is not an object: give the task definition itself under "taskDefinition"/
    )
    expect(() => parseTaskDefinitionFile('"web"', 'td.json')).toThrow(
      /task definition file td.json: holds no object, not a task definition\. Give one task definition as an object, as RegisterTaskDefinition or describe-task-definition prints it\./
    )
  })
})

describe('service-definition file shapes', () => {
  const input = { serviceName: 'web', launchType: 'FARGATE', desiredCount: 1 }

  it.each([
    ['CreateService input', input],
    ['describe-services output {"service": {...}}', { service: input }]
  ])('accepts the %s', (_name, shape) => {
    expect(parseServiceDefinition(JSON.stringify(shape), 'svc.json')).toEqual(input)
  })

  it.each([
    [
      'not JSON',
      '{"serviceName": ',
      /^service definition file svc.json:1:17: is not valid JSON: it ends where a value was expected at serviceName near "\{"serviceName":"\. Complete the file\.$/
    ],
    [
      'not an object',
      '[{"serviceName": "web"}]',
      /^service definition file svc.json: holds a list, not a service definition\. Give one service as an object: CreateService's input, or \{"service": \{\.\.\.\}\}\.$/
    ]
  ])('rejects a file that is %s, naming the file', (_name, text, message) => {
    expect(() => parseServiceDefinition(text, 'svc.json')).toThrow(message)
  })
})

describe('read-only fields', () => {
  it.each(READ_ONLY_FIELDS.map(field => [field]))('strips %s', field => {
    const definition = asTaskDefinition(described, 'x')
    expect(render(definition)).not.toHaveProperty(field)
    expect(stripReadOnly(definition)).not.toHaveProperty(field)
  })

  it('keeps everything else, and does not change its input', () => {
    const definition = asTaskDefinition(described, 'x')
    const before = structuredClone(definition)
    const rendered = render(definition)
    expect(definition).toEqual(before)
    expect(rendered).toMatchObject({
      family: 'web',
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      requiresCompatibilities: ['FARGATE']
    })
    expect(container(rendered, 'sidecar')).toEqual(plain.containerDefinitions[1])
  })
})

describe('the container', () => {
  it.each([
    ['the named container', plain, 'web', 'web'],
    [
      'the only container when no name is given',
      { family: 'api', containerDefinitions: [{ name: 'api', image: 'a:1' }] },
      undefined,
      'api'
    ]
  ])('sets the image of %s', (_name, base, wanted, expected) => {
    const rendered = render(base as TaskDefinition, { container: wanted })
    expect(container(rendered, expected).image).toBe(IMAGE)
  })

  it.each([
    [
      'an unknown name',
      'api',
      /there is no container "api" in task definition file td.json \(it has "web", "sidecar"\)/
    ],
    [
      'no name with two containers',
      undefined,
      /has 2 containers \("web", "sidecar"\) and no container name says which one/
    ]
  ])('rejects %s, listing the containers that exist', (_name, wanted, message) => {
    expect(() => render(plain, { container: wanted })).toThrow(message)
  })

  it.each([
    [
      'two containers of the same name',
      ['web', 'web'],
      'web',
      /"web" matches 2 containers .*\("web", "web"\)/
    ],
    [
      'names that differ only in case',
      ['web', 'Web'],
      'web',
      /"web" matches 2 containers .*\("web", "Web"\)/
    ]
  ])('refuses a name that matches %s, listing them', (_name, names, wanted, message) => {
    const ambiguous = {
      family: 'web',
      containerDefinitions: names.map(name => ({ name, image: 'x:1' }))
    } as TaskDefinition
    expect(() => render(ambiguous, { container: wanted })).toThrow(message)
  })
})

describe('variables and secrets', () => {
  it.each([
    [
      'adds new variables after the existing ones',
      { variables: { FEATURE: 'on' } },
      [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'REGION', value: 'eu-west-1' },
        { name: 'FEATURE', value: 'on' }
      ],
      [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }]
    ],
    [
      "overrides a variable of the same name (the environment's value wins)",
      { variables: { LOG_LEVEL: 'debug' } },
      [
        { name: 'REGION', value: 'eu-west-1' },
        { name: 'LOG_LEVEL', value: 'debug' }
      ],
      [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }]
    ],
    [
      'sets secrets by valueFrom ARN, replacing one of the same name',
      {
        secrets: {
          DB_PASSWORD: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db',
          API_KEY: 'arn:aws:ssm:us-east-1:123456789012:parameter/key'
        }
      },
      [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'REGION', value: 'eu-west-1' }
      ],
      [
        {
          name: 'DB_PASSWORD',
          valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db'
        },
        { name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/key' }
      ]
    ],
    [
      'turns a plain variable into a secret when the environment says it is one',
      { secrets: { REGION: 'arn:aws:ssm:us-east-1:123456789012:parameter/region' } },
      [{ name: 'LOG_LEVEL', value: 'info' }],
      [
        { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' },
        { name: 'REGION', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/region' }
      ]
    ]
  ])('%s', (_name, overrides, environment, secrets) => {
    const rendered = render(plain, overrides)
    expect(container(rendered).environment).toEqual(environment)
    expect(container(rendered).secrets).toEqual(secrets)
  })

  it('leaves the other containers alone', () => {
    expect(container(render(plain, { variables: { A: '1' } }), 'sidecar')).toEqual(
      plain.containerDefinitions[1]
    )
  })

  it('refuses a name that is both a variable and a secret', () => {
    expect(() =>
      render(plain, {
        variables: { A: '1' },
        secrets: { A: 'arn:aws:ssm:us-east-1:1:parameter/a' }
      })
    ).toThrow(/A: is set both as a variable and as a secret/)
  })
})

describe('unchanged detection', () => {
  const live = asTaskDefinition(described, 'live')
  // ECS fills in defaults the file left out; those must not count as changes.
  const liveWithDefaults: TaskDefinition = {
    ...live,
    volumes: [],
    placementConstraints: [],
    containerDefinitions: live.containerDefinitions.map(c => ({
      ...c,
      cpu: 0,
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
      essential: c.essential ?? true,
      portMappings: (c.portMappings as object[] | undefined)?.map(m => ({ ...m, protocol: 'tcp' })),
      environment: [...(c.environment ?? [])].reverse()
    }))
  }

  it.each([
    ['the same definition', live, plain, true],
    [
      'read-only fields, ECS defaults, key and list order aside',
      liveWithDefaults,
      { ...plain, containerDefinitions: [...plain.containerDefinitions].reverse() },
      true
    ],
    ['numeric cpu and memory', live, { ...plain, cpu: 256, memory: 512 }, true],
    [
      'another image',
      live,
      {
        ...plain,
        containerDefinitions: [
          { ...plain.containerDefinitions[0]!, image: 'nginx:2' },
          plain.containerDefinitions[1]!
        ]
      },
      false
    ],
    [
      'another variable value',
      live,
      {
        ...plain,
        containerDefinitions: [
          {
            ...plain.containerDefinitions[0]!,
            environment: [
              { name: 'LOG_LEVEL', value: 'debug' },
              { name: 'REGION', value: 'eu-west-1' }
            ]
          },
          plain.containerDefinitions[1]!
        ]
      },
      false
    ],
    ['another memory', live, { ...plain, memory: '1024' }, false],
    ['another family', live, { ...plain, family: 'web-next' }, false]
  ])('%s -> same: %s', (_name, a, b, same) => {
    expect(sameTaskDefinition(a, b as TaskDefinition)).toBe(same)
  })

  it('a rendered definition equals the live one when image and environment already match', () => {
    const rerendered = render(live, { image: 'nginx:1' })
    expect(sameTaskDefinition(live, rerendered)).toBe(true)
    expect(sameTaskDefinition(live, render(live))).toBe(false)
  })
})

describe('diff for dry-run', () => {
  it('shows field changes with values, variable and secret changes by name only', () => {
    const rendered = render(plain, {
      variables: { LOG_LEVEL: 'debug', FEATURE: 'on' },
      secrets: { API_KEY: 'arn:aws:ssm:us-east-1:123456789012:parameter/key' }
    })
    rendered.memory = '1024'
    const lines = diffTaskDefinitions(asTaskDefinition(described, 'live'), rendered)
    expect(lines).toEqual([
      '~ memory: "512" -> "1024"',
      `~ container web: image: "nginx:1" -> "${IMAGE}"`,
      '~ container web: environment +FEATURE, ~LOG_LEVEL (values not shown)',
      '~ container web: secrets +API_KEY (values not shown)'
    ])
    const text = lines.join('\n')
    expect(text).not.toContain('debug')
    expect(text).not.toContain('parameter/key')
  })

  it('is empty for equal definitions', () => {
    expect(diffTaskDefinitions(asTaskDefinition(described, 'live'), plain)).toEqual([])
  })
})
