import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../__fixtures__/run-action.js'

interface Statement {
  Sid: string
  Effect: string
  Action: string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

const policy = JSON.parse(readFileSync(join(ROOT, 'docs', 'iam-policy.json'), 'utf8')) as {
  Statement: Statement[]
}
const allowed = new Set(policy.Statement.flatMap(statement => statement.Action))

// The IAM prefix of each AWS SDK package the adapters use.
const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-ecr': 'ecr',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-eventbridge': 'events',
  '@aws-sdk/client-cloudwatch-events': 'events',
  '@aws-sdk/client-codedeploy': 'codedeploy',
  '@aws-sdk/client-scheduler': 'scheduler',
  '@aws-sdk/client-sts': 'sts'
}

/** Calls IAM cannot deny: no policy needs to allow them. */
const NEEDS_NO_PERMISSION = new Set(['sts:GetCallerIdentity'])

/**
 * Actions a call needs besides its own: CreateDeployment with an AppSpec as content registers
 * that revision with the application and reads the group's deployment configuration (the
 * permissions the official ECS deploy action documents for CodeDeploy).
 */
const DEPENDENT_ACTIONS: Record<string, string[]> = {
  'codedeploy:CreateDeployment': [
    'codedeploy:RegisterApplicationRevision',
    'codedeploy:GetApplicationRevision',
    'codedeploy:GetDeploymentConfig'
  ]
}

/** Every `XCommand` an adapter imports from an AWS SDK package, as the IAM action it needs. */
function actionsTheAdaptersSend(): string[] {
  const dir = join(ROOT, 'src', 'aws')
  const actions = new Set<string>()
  for (const file of readdirSync(dir).filter(name => name.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8')
    for (const [, names, pkg] of source.matchAll(
      /import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g
    )) {
      const prefix = IAM_PREFIX[pkg!]
      if (!prefix)
        throw new Error(`${file} imports ${pkg}: add its IAM prefix to this test and the policy`)
      for (const name of names!.split(',').map(n => n.trim().replace(/^type\s+/, ''))) {
        const command = /^(\w+)Command$/.exec(name)
        const action = `${prefix}:${command?.[1]}`
        if (command && !NEEDS_NO_PERMISSION.has(action))
          for (const needed of [action, ...(DEPENDENT_ACTIONS[action] ?? [])]) actions.add(needed)
      }
    }
  }
  return [...actions].sort()
}

// What the docker CLI asks of ECR when it pushes layers and reads a registry cache.
const DOCKER_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer'
]

describe('docs/iam-policy.json', () => {
  const sent = actionsTheAdaptersSend()

  it('finds the commands of all three adapters', () => {
    expect(sent).toEqual(
      expect.arrayContaining([
        'ecs:UpdateService',
        'ecr:PutImage',
        'elasticloadbalancing:DescribeTargetGroups'
      ])
    )
    expect(sent.length).toBeGreaterThanOrEqual(15)
  })

  it('allows every AWS action the adapters can send', () => {
    expect(sent.filter(action => !allowed.has(action))).toEqual([])
  })

  it('allows what docker push needs', () => {
    expect(DOCKER_PUSH_ACTIONS.filter(action => !allowed.has(action))).toEqual([])
  })

  it('allows nothing the code does not use (least privilege)', () => {
    const used = new Set([...sent, ...DOCKER_PUSH_ACTIONS, 'iam:PassRole', 'ecs:TagResource'])
    expect([...allowed].filter(action => !used.has(action))).toEqual([])
  })

  it('lets iam:PassRole pass roles to ECS tasks and, for scheduled tasks, to EventBridge and its Scheduler only', () => {
    const passRole = policy.Statement.filter(statement => statement.Action.includes('iam:PassRole'))
    expect(passRole).toHaveLength(3)
    for (const statement of passRole) expect(statement.Action).toEqual(['iam:PassRole'])
    expect(passRole.map(statement => statement.Condition)).toEqual([
      { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
      { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } }
    ])
  })

  it('allows the Scheduler calls on schedules only (schedule/GROUP/NAME)', () => {
    const scheduler = policy.Statement.filter(statement =>
      statement.Action.some(action => action.startsWith('scheduler:'))
    )
    expect(scheduler.flatMap(statement => statement.Action).sort()).toEqual([
      'scheduler:GetSchedule',
      'scheduler:ListSchedules',
      'scheduler:UpdateSchedule'
    ])
    // ListSchedules has no resource type: "*"; the others name schedules.
    for (const statement of scheduler.filter(s => !s.Action.includes('scheduler:ListSchedules')))
      for (const resource of asList(statement.Resource))
        expect(resource).toMatch(/^arn:aws:scheduler:[^:]+:[^:]+:schedule\/[^/]+\/[^/]+$/)
  })

  it('has no wildcard actions', () => {
    expect([...allowed].filter(action => action.includes('*'))).toEqual([])
  })

  it('is shown in docs/iam.md as it is in docs/, and the production policies in the README', () => {
    const shownIn = (file: string) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map(match =>
        JSON.stringify(JSON.parse(match[1]!))
      )
    const policyText = (path: string) =>
      JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'docs', path), 'utf8')))
    expect(shownIn('docs/iam.md')).toContain(policyText('iam-policy.json'))
    for (const path of ['policies/production-trust.json', 'policies/production-permissions.json']) {
      expect(shownIn('README.md')).toContain(policyText(path))
    }
  })
})

// ---- one role per environment ------------------------------------------------------------------

/**
 * What each feature may call. A feature's actions are required in a policy only once the code
 * sends them (logs, blue/green and scheduled tasks are listed ahead of their code): when an
 * adapter starts sending one, the policies of the environments that use the feature must allow it.
 */
const FEATURES: Record<string, string[]> = {
  'build/push': [
    'ecr:GetAuthorizationToken',
    'ecr:DescribeRepositories',
    'ecr:DescribeImages',
    ...DOCKER_PUSH_ACTIONS
  ],
  resolve: ['ecr:DescribeRepositories', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:PutImage'],
  deploy: [
    'ecs:DescribeTaskDefinition',
    'ecs:RegisterTaskDefinition',
    'ecs:DescribeServices',
    'ecs:UpdateService',
    'ecs:TagResource',
    'ecs:ListServiceDeployments',
    'ecs:DescribeServiceRevisions',
    'iam:PassRole'
  ],
  tasks: ['ecs:ListTasks', 'ecs:DescribeTasks'],
  // keep-revisions: the family's revisions, and what may still run one (never retire it): every
  // service of the cluster, the tasks of the family, the ECS targets of rules on the cluster.
  'keep revisions': [
    'ecs:ListTaskDefinitions',
    'ecs:DeregisterTaskDefinition',
    'ecs:DeleteTaskDefinitions',
    'ecs:ListServices',
    'ecs:ListTasks',
    'ecs:DescribeTasks',
    'events:ListRuleNamesByTarget',
    'events:ListTargetsByRule',
    // The schedules named under scheduled-tasks (Scheduler lists no schedules by target), and
    // the optional scan for the others on those clusters.
    'scheduler:GetSchedule',
    'scheduler:ListSchedules'
  ],
  'one-off tasks': ['ecs:RunTask', 'ecs:StopTask', 'ecs:ListTagsForResource'],
  verify: [
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeListeners'
  ],
  logs: ['logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:DescribeLogStreams'],
  // Where the time went: the target health while the new tasks turn healthy, the target groups'
  // settings after the rollout (advice), the new tasks' pull and start times.
  timings: [
    'elasticloadbalancing:DescribeTargetHealth',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetGroupAttributes',
    'ecs:ListTasks',
    'ecs:DescribeTasks'
  ],
  'blue/green': [
    'ecs:DescribeServiceDeployments',
    'ecs:StopServiceDeployment',
    'ecs:ContinueServiceDeployment',
    'codedeploy:CreateDeployment',
    'codedeploy:GetDeployment',
    'codedeploy:GetDeploymentConfig',
    'codedeploy:GetDeploymentGroup',
    'codedeploy:ListDeploymentTargets',
    'codedeploy:GetDeploymentTarget',
    'codedeploy:StopDeployment',
    'codedeploy:RegisterApplicationRevision',
    'codedeploy:GetApplicationRevision'
  ],
  // An Express Mode service: its own API, and the rollout of the service behind it watched as any.
  express: [
    'ecs:DescribeExpressGatewayService',
    'ecs:UpdateExpressGatewayService',
    'ecs:DescribeServices',
    'ecs:ListServiceDeployments',
    'ecs:DescribeServiceDeployments',
    'ecs:DescribeServiceRevisions'
  ],
  'scheduled tasks': [
    'events:DescribeRule',
    'events:PutRule',
    'events:PutTargets',
    'events:ListTargetsByRule',
    'events:RemoveTargets',
    'events:DeleteRule',
    'scheduler:GetSchedule',
    'scheduler:UpdateSchedule'
  ]
}

/** Opt-in features (inputs create-repository, service-definition): in the all-features policy only. */
const OPT_IN = ['ecr:CreateRepository', 'ecs:CreateService']

/** What every environment a release runs in does, after getting its image. */
const RELEASE_FEATURES = [
  'deploy',
  'tasks',
  'keep revisions',
  'one-off tasks',
  'verify',
  'logs',
  'timings',
  'blue/green',
  'express',
  'scheduled tasks'
] as const

const ROLES = {
  publish: { features: ['build/push'] },
  dev: { features: ['build/push', ...RELEASE_FEATURES] },
  staging: { features: ['resolve', ...RELEASE_FEATURES] },
  production: { features: ['resolve', ...RELEASE_FEATURES] }
} as const

/** Actions that have no resource-level permissions: only these may have Resource "*". */
const NO_RESOURCE_LEVEL = new Set([
  'ecs:RegisterTaskDefinition',
  'ecs:DescribeTaskDefinition',
  'ecs:ListTaskDefinitions',
  // The service authorization reference lists no resource type for these two.
  'ecs:DeregisterTaskDefinition',
  'ecs:DeleteTaskDefinitions',
  'ecr:GetAuthorizationToken',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeTargetGroupAttributes',
  'elasticloadbalancing:DescribeTargetHealth',
  'codedeploy:GetDeploymentConfig',
  'logs:DescribeLogStreams',
  'scheduler:ListSchedules'
])

interface TrustPolicy {
  Statement: {
    Effect: string
    Principal: { Federated: string }
    Action: string
    Condition: Record<string, Record<string, string | string[]>>
  }[]
}

const readPolicy = <T>(file: string): T =>
  JSON.parse(readFileSync(join(ROOT, 'docs', 'policies', file), 'utf8')) as T
const asList = (value: string | string[]) => (Array.isArray(value) ? value : [value])
const SUB = 'token.actions.githubusercontent.com:sub'
const AUD = 'token.actions.githubusercontent.com:aud'

describe.each(Object.entries(ROLES))('docs/policies/%s-*.json', (role, { features }) => {
  const permissions = readPolicy<{ Statement: Statement[] }>(`${role}-permissions.json`)
  const trust = readPolicy<TrustPolicy>(`${role}-trust.json`)
  const granted = permissions.Statement.flatMap(statement => statement.Action)
  const sent = new Set([
    ...actionsTheAdaptersSend(),
    ...DOCKER_PUSH_ACTIONS,
    'iam:PassRole',
    'ecs:TagResource'
  ])

  it('allows what its flows call, feature by feature, as the code sends it', () => {
    const missing = features.flatMap(feature =>
      FEATURES[feature]!.filter(action => sent.has(action) && !granted.includes(action)).map(
        action => `${feature}: ${action}`
      )
    )
    expect(missing).toEqual([])
  })

  it("allows nothing beyond its flows' features (least privilege)", () => {
    const needed = new Set(features.flatMap(feature => FEATURES[feature]!))
    expect(granted.filter(action => !needed.has(action) || !sent.has(action))).toEqual([])
    expect(granted.filter(action => OPT_IN.includes(action))).toEqual([])
  })

  it('has Resource "*" only on the actions without resource-level permissions, and an explaining Sid', () => {
    for (const statement of permissions.Statement) {
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]{12,}$/)
      if (asList(statement.Resource).includes('*') && !statement.Condition) {
        expect({
          sid: statement.Sid,
          actions: statement.Action.filter(a => !NO_RESOURCE_LEVEL.has(a))
        }).toEqual({
          sid: statement.Sid,
          actions: []
        })
      }
    }
  })

  it('names only its own environment in its resources', () => {
    const others = Object.keys(ROLES).filter(name => name !== role && name !== 'publish')
    const text = JSON.stringify(permissions)
    for (const other of others) expect(text).not.toMatch(new RegExp(`[/:-]${other}[/"*-]`))
  })

  it('passes roles to ECS tasks (and scheduled-task roles to EventBridge and its Scheduler) only, and only named ones', () => {
    for (const statement of permissions.Statement.filter(s => s.Action.includes('iam:PassRole'))) {
      expect(statement.Action).toEqual(['iam:PassRole'])
      expect([
        { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
        { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } }
      ]).toContainEqual(statement.Condition)
      for (const resource of asList(statement.Resource)) {
        expect(resource).toMatch(/^arn:aws:iam::\d{12}:role\/[\w+=,.@-]+$/)
      }
    }
  })

  it("lets the Express Mode actions act on the environment's own Express service only, by name", () => {
    const express = ['ecs:DescribeExpressGatewayService', 'ecs:UpdateExpressGatewayService']
    const statements = permissions.Statement.filter(statement =>
      statement.Action.some(action => express.includes(action))
    )
    if (!features.includes('express' as never)) {
      expect(statements).toEqual([])
      return
    }
    expect(statements.length).toBeGreaterThan(0)
    for (const statement of statements) {
      const services = asList(statement.Resource).filter(arn => /:service\//.test(arn))
      expect(services).toEqual([`arn:aws:ecs:us-east-1:123456789012:service/${role}/api`])
    }
  })

  it('lets scheduled tasks pass roles to EventBridge once PutTargets is called', () => {
    if (
      !sent.has('events:PutTargets') ||
      !(features as readonly string[]).includes('scheduled tasks')
    )
      return
    const toEvents = permissions.Statement.filter(
      s =>
        s.Action.includes('iam:PassRole') &&
        s.Condition?.StringEquals?.['iam:PassedToService'] === 'events.amazonaws.com'
    )
    expect(toEvents).toHaveLength(1)
  })

  it('lets schedules pass their role to EventBridge Scheduler once UpdateSchedule is called, on its own schedules only', () => {
    if (
      !sent.has('scheduler:UpdateSchedule') ||
      !(features as readonly string[]).includes('scheduled tasks')
    )
      return
    const toScheduler = permissions.Statement.filter(
      s =>
        s.Action.includes('iam:PassRole') &&
        s.Condition?.StringEquals?.['iam:PassedToService'] === 'scheduler.amazonaws.com'
    )
    expect(toScheduler.map(s => s.Resource)).toEqual([
      `arn:aws:iam::123456789012:role/web-${role}-scheduler`
    ])
    const schedules = permissions.Statement.filter(s =>
      s.Action.includes('scheduler:UpdateSchedule')
    )
    expect(schedules.map(s => s.Resource)).toEqual([
      `arn:aws:scheduler:us-east-1:123456789012:schedule/*/web-${role}-*`
    ])
  })

  it('is trusted by GitHub OIDC for this repository, its audience sts, and never a tag wildcard', () => {
    expect(trust.Statement).toHaveLength(1)
    const [statement] = trust.Statement
    expect(statement!.Action).toBe('sts:AssumeRoleWithWebIdentity')
    expect(statement!.Principal.Federated).toMatch(
      /^arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/
    )
    expect(statement!.Condition.StringEquals![AUD]).toBe('sts.amazonaws.com')
    const subjects = Object.values(statement!.Condition).flatMap(test => asList(test[SUB] ?? []))
    expect(subjects.length).toBeGreaterThan(0)
    for (const subject of subjects) {
      expect(subject).toMatch(/^repo:acme\/web:/)
      expect(subject).not.toMatch(/:ref:refs\/tags\/.*[*?]/)
      expect(subject).not.toMatch(/:environment:.*[*?]/)
      expect(subject).not.toMatch(/:pull_request$/)
    }
    if (role === 'publish') {
      expect(subjects).toEqual(['repo:acme/web:ref:refs/heads/*-dev'])
    } else {
      // A job that declares `environment:` gets this subject; its ref no longer appears in it.
      expect(subjects).toEqual([`repo:acme/web:environment:${role}`])
      expect(Object.keys(statement!.Condition)).toEqual(['StringEquals'])
    }
  })

  it('is shown in docs/iam.md as it is in docs/policies/', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'iam.md'), 'utf8')
    const shown = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map(match =>
      JSON.stringify(JSON.parse(match[1]!))
    )
    expect(shown).toContain(JSON.stringify(permissions))
    expect(shown).toContain(JSON.stringify(trust))
  })
})
