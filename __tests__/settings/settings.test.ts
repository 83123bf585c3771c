import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfigFile, parseConfig } from '../../src/settings/config-file.js'
import { readSettings } from '../../src/settings/settings.js'
import { InputError } from '../../src/util/errors.js'

const noConfig = () => ({ environments: {} })
const read = (inputs: Record<string, string>) => readSettings(name => inputs[name] ?? '', noConfig)

describe('inputs', () => {
  it('has the documented defaults', () => {
    const settings = read({})
    expect(settings).toMatchObject({
      flow: 'auto',
      timeoutSeconds: 1200,
      pollIntervalSeconds: 2,
      maxFailedTasks: 1,
      wait: true,
      rollback: true,
      dryRun: false,
      githubDeployment: 'job'
    })
    expect(settings.docker).toMatchObject({
      context: '.',
      extraTags: [],
      buildArgs: {},
      forceBuild: false
    })
  })

  it.each([
    ['600', 600],
    ['90s', 90],
    ['10m', 600],
    ['1h', 3600],
    ['1.5m', 90]
  ])('timeout %s is %i seconds', (value, seconds) => {
    expect(read({ timeout: value }).timeoutSeconds).toBe(seconds)
  })

  it('reads lists and KEY=value lines', () => {
    const settings = read({
      tags: 'latest, stable\nv1',
      'build-args': 'NODE_ENV=production\nURL=https://x/?a=b\n'
    })
    expect(settings.docker.extraTags).toEqual(['latest', 'stable', 'v1'])
    expect(settings.docker.buildArgs).toEqual({ NODE_ENV: 'production', URL: 'https://x/?a=b' })
  })

  it.each([
    [{ flow: 'ship' }, 'input flow: "ship" is not one of auto, test, publish, deploy, promote'],
    [{ 'github-deployment': 'both' }, 'input github-deployment: "both" is not one of job, create'],
    [{ timeout: 'soon' }, 'input timeout: "soon" is not a duration'],
    [{ timeout: '10 parsecs' }, 'input timeout: "10 parsecs" is not a duration'],
    [{ timeout: '-5' }, 'input timeout: "-5" is not a duration'],
    [{ timeout: '0' }, 'input timeout: 0s is too short'],
    [{ 'poll-interval': 'often' }, 'input poll-interval: "often" is not a duration'],
    [{ 'dry-run': 'maybe' }, 'input dry-run: "maybe" is not a boolean'],
    [{ rollback: 'sure' }, 'input rollback: "sure" is not a boolean'],
    [{ 'max-failed-tasks': '-1' }, 'input max-failed-tasks: "-1" is not a whole number'],
    [{ 'desired-count': 'two' }, 'input desired-count: "two" is not a whole number'],
    [{ image: 'Not An Image!' }, 'input image: "Not An Image!" is not an image reference'],
    [
      { 'verify-url': 'ftp://example.com' },
      'input verify-url: "ftp://example.com" is not an http(s) URL'
    ],
    [{ 'verify-path': 'health' }, 'input verify-path: "health" does not start with /'],
    [{ environment: '../prod' }, 'input environment: "../prod" is not an environment name'],
    [{ 'build-args': 'JUSTAKEY' }, 'input build-args: "JUSTAKEY" is not KEY=value'],
    [{ tags: 'latest, feature/x' }, 'input tags: "feature/x" is not an image tag'],
    [{ tags: '-latest' }, 'input tags: "-latest" is not an image tag']
  ])('rejects %j', (inputs, message) => {
    expect(() => read(inputs)).toThrow(InputError)
    expect(() => read(inputs)).toThrow(message)
  })

  it('accepts image references with registry, tag and digest', () => {
    const digest = `sha256:${'a'.repeat(64)}`
    expect(
      read({ image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web@${digest}` }).image
    ).toContain(digest)
    expect(read({ image: 'localhost:5000/web:1.2.3' }).image).toBe('localhost:5000/web:1.2.3')
  })
})

describe('config file', () => {
  const valid = [
    'ecr-repository: web',
    'environments:',
    '  staging:',
    '    cluster: staging',
    '    service: web',
    '    task-definition: ecs/web.json',
    '    container: web',
    '    desired-count: 2',
    '    variables: {LOG_LEVEL: debug, WORKERS: 4, DEBUG: false}',
    '    secrets: {DB_PASSWORD: "arn:aws:ssm:us-east-1:123456789012:parameter/db"}',
    '    verify-url: https://staging.example.com/health',
    '    verify-contains: ok'
  ].join('\n')

  it('becomes typed environments', () => {
    const config = parseConfig(valid, 'ecs-flow.yml')
    expect(config.ecrRepository).toBe('web')
    expect(config.environments.staging).toMatchObject({
      cluster: 'staging',
      taskDefinition: 'ecs/web.json',
      desiredCount: 2,
      variables: { LOG_LEVEL: 'debug', WORKERS: '4', DEBUG: 'false' },
      secrets: { DB_PASSWORD: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }
    })
  })

  it.each([
    [
      'environments:\n  staging:\n    cluster: 12\n',
      'environments.staging.cluster: expected a text value'
    ],
    [
      'environments:\n  staging:\n    cluster: ""\n',
      'environments.staging.cluster: must not be empty'
    ],
    ['environments:\n  staging:\n    clustr: x\n', 'environments.staging: unknown key "clustr"'],
    [
      'environments:\n  staging:\n    desired-count: -1\n',
      'environments.staging.desired-count: must be 0 or more'
    ],
    [
      'environments:\n  staging:\n    desired-count: 1.5\n',
      'environments.staging.desired-count: expected a whole number'
    ],
    [
      'environments:\n  staging:\n    secrets: {DB: hunter2}\n',
      'environments.staging.secrets.DB: expected an ARN'
    ],
    [
      'environments:\n  staging:\n    variables: {DB: [1]}\n',
      'environments.staging.variables.DB: expected a text, number or boolean value'
    ],
    [
      'environments:\n  staging:\n    verify-url: not-a-url\n',
      'environments.staging.verify-url: expected an http(s) URL'
    ],
    [
      'environments:\n  "bad name":\n    cluster: x\n',
      'environments.bad name: invalid name: expected letters, digits'
    ],
    ['environments: [a, b]\n', 'environments: '],
    [
      'rules:\n  - flow: ship\n',
      'rules.0.flow: expected one of test, publish, deploy, promote, none'
    ],
    ['rules:\n  - branch: main\n', 'rules.0.flow: expected one of'],
    [
      'rules:\n  - event: pull_request\n    flow: deploy\n',
      'rules.0.flow: a pull_request rule can only run the test flow'
    ],
    [
      'rules:\n  - branch: main\n    tag: v1\n    flow: test\n',
      'rules.0: a rule matches a branch or a tag, not both'
    ],
    [
      'rules:\n  - event: schedule\n    flow: test\n',
      'rules.0.event: expected one of push, pull_request, workflow_dispatch'
    ],
    ['rules: {flow: test}\n', 'rules: expected a list of rules'],
    ['colour: blue\n', '(top level): unknown key "colour"']
  ])('names the path of %j', (yaml, message) => {
    expect(() => parseConfig(yaml, '.github/ecs-flow.yml')).toThrow(
      `.github/ecs-flow.yml: ${message}`
    )
  })

  it('names the line of a YAML syntax error', () => {
    expect(() => parseConfig('environments:\n  staging: {cluster: x\n', 'ecs-flow.yml')).toThrow(
      /^ecs-flow.yml:\d+:\d+: is not valid YAML/
    )
  })

  it('rejects duplicate keys', () => {
    expect(() =>
      parseConfig('environments:\n  a: {cluster: x}\n  a: {cluster: y}\n', 'f.yml')
    ).toThrow(/f.yml:\d+:\d+: is not valid YAML/)
  })

  it('treats an absent default file as inputs only, but an absent explicit file as an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-config-'))
    expect(loadConfigFile(join(dir, 'none.yml'), false)).toEqual({ environments: {} })
    expect(() => loadConfigFile(join(dir, 'none.yml'), true)).toThrow(
      /input config: the file ".*none.yml" does not exist/
    )
    const file = join(dir, 'ecs-flow.yml')
    writeFileSync(file, valid)
    expect(loadConfigFile(file, true).environments.staging?.cluster).toBe('staging')
  })

  it('accepts an empty file', () => {
    expect(parseConfig('', 'f.yml')).toMatchObject({ environments: {} })
  })
})
