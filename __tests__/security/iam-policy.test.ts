import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../__fixtures__/run-action.js'

interface Statement {
  Sid: string
  Effect: string
  Action: string[]
  Resource: string
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
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing'
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
        if (command) actions.add(`${prefix}:${command[1]}`)
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

  it('lets iam:PassRole pass roles to ECS tasks only', () => {
    const passRole = policy.Statement.filter(statement => statement.Action.includes('iam:PassRole'))
    expect(passRole).toHaveLength(1)
    expect(passRole[0]!.Action).toEqual(['iam:PassRole'])
    expect(passRole[0]!.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
    })
  })

  it('has no wildcard actions', () => {
    expect([...allowed].filter(action => action.includes('*'))).toEqual([])
  })

  it('is shown in the README as it is in docs/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    for (const file of ['iam-policy.json', 'oidc-trust-policy.json']) {
      const shown = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map(match =>
        JSON.stringify(JSON.parse(match[1]!))
      )
      expect(shown).toContain(
        JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'docs', file), 'utf8')))
      )
    }
  })
})
