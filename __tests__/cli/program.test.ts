import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { ROOT } from '../../__fixtures__/run-action.js'
import { ACTION_INPUTS, cliInputReader, inputVariable } from '../../src/cli/inputs.js'
import { parseCommandLine, type ParsedCommand } from '../../src/cli/program.js'

function command(argv: string[]): ParsedCommand {
  const outcome = parseCommandLine(argv)
  if (outcome.kind !== 'run') throw new Error(`not parsed: ${outcome.err}`)
  return outcome.command
}

describe('parseCommandLine: commands and their options', () => {
  it.each<[string, string[], Record<string, unknown>]>([
    ['status, all environments', ['status'], { command: 'status', inputs: {}, json: false }],
    [
      'status of one environment, JSON',
      ['status', '--environment', 'prod', '--config', 'ci/ecs.yml', '--json'],
      { command: 'status', inputs: { environment: 'prod', config: 'ci/ecs.yml' }, json: true }
    ],
    [
      'plan of a tag push',
      ['plan', '--ref', 'refs/tags/v1.4.0-prod', '--sha', 'a'.repeat(40)],
      { command: 'plan', event: 'push', ref: 'refs/tags/v1.4.0-prod', sha: 'a'.repeat(40) }
    ],
    [
      'plan of a payload file',
      ['plan', '--event', 'pull_request', '--event-file', 'pr.json'],
      { command: 'plan', event: 'pull_request', eventFile: 'pr.json' }
    ],
    [
      'plan with inputs',
      ['plan', '--ref', 'refs/heads/main', '--flow', 'publish', '--ecr-repository', 'web'],
      {
        command: 'plan',
        inputs: expect.objectContaining({ flow: 'publish', 'ecr-repository': 'web' })
      }
    ],
    [
      'local by commit with docker args',
      [
        'local',
        '--sha',
        'abc1234',
        '--env-file',
        'local.env',
        '--',
        '-p',
        '8080:80',
        '--name',
        'x'
      ],
      {
        command: 'local',
        selector: { kind: 'sha', sha: 'abc1234' },
        envFile: 'local.env',
        dockerArgs: ['-p', '8080:80', '--name', 'x']
      }
    ],
    ['local, latest', ['local', '--latest'], { selector: { kind: 'latest' }, dockerArgs: [] }],
    [
      'local, highest version',
      ['local', '--highest-version'],
      { selector: { kind: 'highest-version' } }
    ],
    [
      'local, what an environment runs',
      ['local', '--environment', 'staging'],
      { selector: { kind: 'environment', environment: 'staging' } }
    ],
    [
      'local, latest image with the variables of an environment',
      ['local', '--latest', '--environment', 'dev'],
      { selector: { kind: 'latest' }, inputs: expect.objectContaining({ environment: 'dev' }) }
    ],
    [
      'rollback to the last good revision',
      ['rollback', '--environment', 'production'],
      { command: 'rollback', inputs: { environment: 'production' } }
    ],
    [
      'rollback to a given revision of another service, dry run',
      ['rollback', '--environment', 'prod', '--service', 'api', '--to', 'api:41', '--dry-run'],
      {
        command: 'rollback',
        to: 'api:41',
        inputs: { environment: 'prod', service: 'api', to: 'api:41', 'dry-run': 'true' }
      }
    ],
    [
      'release with inputs as flags, booleans bare or with a value',
      ['release', '--cluster', 'bench', '--dry-run', '--wait', 'false', '--summary-file', 's.md'],
      {
        command: 'release',
        summaryFile: 's.md',
        inputs: expect.objectContaining({ cluster: 'bench', 'dry-run': 'true', wait: 'false' })
      }
    ],
    [
      'release with a default branch',
      ['release', '--default-branch', 'trunk', '--json'],
      { command: 'release', defaultBranch: 'trunk', json: true }
    ],
    [
      'continue a paused deployment named by the first job',
      [
        'continue',
        '--environment',
        'production',
        '--decision',
        'continue',
        '--service-deployment',
        'arn:aws:ecs:us-east-1:1:service-deployment/demo/web/abc',
        '--hook-id',
        'h1'
      ],
      {
        command: 'continue',
        inputs: expect.objectContaining({
          flow: 'continue',
          environment: 'production',
          decision: 'continue',
          'service-deployment': 'arn:aws:ecs:us-east-1:1:service-deployment/demo/web/abc',
          'hook-id': 'h1'
        })
      }
    ],
    [
      'continue found by reading the environment, rolled back',
      ['continue', '--environment', 'production', '--decision', 'rollback'],
      {
        command: 'continue',
        inputs: expect.objectContaining({ flow: 'continue', decision: 'rollback' })
      }
    ]
  ])('%s', (_name, argv, expected) => {
    expect(command(argv)).toMatchObject(expected)
  })
})

describe('parseCommandLine: help and usage errors (exit 0 and 2, nothing run)', () => {
  it.each([
    ['no command', [], 2, /Usage: ecs-flow/],
    ['unknown command', ['deploy'], 2, /unknown command 'deploy'/],
    ['unknown option', ['status', '--enviroment', 'x'], 2, /unknown option '--enviroment'/],
    ['missing value', ['status', '--environment'], 2, /argument missing/],
    ['rollback without environment', ['rollback'], 2, /required option '--environment <name>'/],
    ['local without a selector', ['local'], 2, /choose the image with --sha SHA/],
    ['local with two selectors', ['local', '--sha', 'abc1234', '--latest'], 2, /not several/],
    ['an event that is not one', ['plan', '--event', 'pushh', '--ref', 'x'], 2, /Allowed choices/],
    ['arguments after -- for another command', ['status', '--', 'x'], 2, /only local takes/],
    ['a stray argument', ['status', 'prod'], 2, /too many arguments|unknown command/],
    [
      'continue without a decision',
      ['continue', '--environment', 'prod'],
      2,
      /required option '--decision <decision>'/
    ],
    [
      'continue with a misspelled decision',
      ['continue', '--environment', 'prod', '--decision', 'aprove'],
      2,
      /Allowed choices are continue, rollback/
    ]
  ])('%s', (_name, argv, code, message) => {
    const outcome = parseCommandLine(argv)
    expect(outcome).toMatchObject({ kind: 'exit', code })
    if (outcome.kind === 'exit') expect(outcome.out + outcome.err).toMatch(message)
  })

  it.each(['status', 'plan', 'local', 'rollback', 'release', 'continue'])(
    '%s --help exits 0 with its options',
    name => {
      const outcome = parseCommandLine([name, '--help'])
      expect(outcome).toMatchObject({ kind: 'exit', code: 0 })
      if (outcome.kind === 'exit')
        expect(outcome.out).toMatch(new RegExp(`Usage: ecs-flow ${name}`))
    }
  )

  it('the top-level help names the exit codes', () => {
    const outcome = parseCommandLine(['--help'])
    expect(outcome.kind === 'exit' && outcome.out).toMatch(
      /Exit codes: 0 success, 1 .*, 2 bad usage/
    )
  })
})

describe('inputs', () => {
  it('release takes every input of action.yml, in its order', () => {
    const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
    const inputs = yml.slice(yml.indexOf('inputs:'), yml.indexOf('outputs:'))
    expect([...ACTION_INPUTS]).toEqual([...inputs.matchAll(/^ {2}([a-z-]+):$/gm)].map(m => m[1]))
  })

  it.each([
    ['cluster', 'ECS_FLOW_INPUT_CLUSTER'],
    ['task-definition', 'ECS_FLOW_INPUT_TASK_DEFINITION'],
    ['dry-run', 'ECS_FLOW_INPUT_DRY_RUN']
  ])('%s is read from %s', (name, variable) => {
    expect(inputVariable(name)).toBe(variable)
    expect(cliInputReader({}, { [variable]: 'from-env' })(name)).toBe('from-env')
  })

  it('a flag wins over its variable; unset is empty, as core.getInput answers', () => {
    const read = cliInputReader({ cluster: 'flag' }, { ECS_FLOW_INPUT_CLUSTER: 'env' })
    expect(read('cluster')).toBe('flag')
    expect(read('service')).toBe('')
  })

  it('reads no other ECS_FLOW_ variable (those the action sets stay reserved)', () => {
    expect(
      cliInputReader({}, { ECS_FLOW_CLUSTER: 'x', ECS_FLOW_ENVIRONMENT: 'y' })('cluster')
    ).toBe('')
  })
})
