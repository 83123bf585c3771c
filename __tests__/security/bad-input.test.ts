import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { base, release, type Release } from '../../__fixtures__/release-harness.js'

// Bad input through a whole run(): one clear error that names the input or config path and
// says what to do, a failed result, and nothing registered, created or updated.

const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-bad-input-'))
let files = 0
function file(content: string, name = `file-${++files}.json`): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}
const yaml = (content: string) => file(content, `config-${++files}.yml`)
const json = (value: unknown) => file(JSON.stringify(value))

interface Case {
  what: string
  release: Release
  /** The error must match: it names where (input or path) and what to do. */
  error: RegExp
}

const cases: Case[] = [
  // action inputs
  {
    what: 'unknown flow',
    release: { inputs: { flow: 'ship' } },
    error: /input flow: "ship" is not one of .* Use one of: auto, test, publish, deploy, promote/
  },
  {
    what: 'environment name with a path',
    release: { inputs: { environment: '../prod' } },
    error: /input environment: .* Use letters, digits/
  },
  {
    what: 'timeout that is not a duration',
    release: { inputs: { timeout: 'soon' } },
    error: /input timeout: "soon" is not a duration\. Give whole seconds/
  },
  {
    what: 'timeout with an unknown unit',
    release: { inputs: { timeout: '10 parsecs' } },
    error: /input timeout: "10 parsecs" is not a duration/
  },
  {
    what: 'zero timeout',
    release: { inputs: { timeout: '0' } },
    error: /input timeout: 0s is too short\. Give at least 1s/
  },
  {
    what: 'negative timeout',
    release: { inputs: { timeout: '-5m' } },
    error: /input timeout: "-5m" is not a duration/
  },
  {
    what: 'poll interval that is not a duration',
    release: { inputs: { 'poll-interval': 'often' } },
    error: /input poll-interval: "often" is not a duration/
  },
  {
    what: 'verify timeout that is not a duration',
    release: { inputs: { 'verify-timeout': 'forever' } },
    error: /input verify-timeout: "forever" is not a duration/
  },
  {
    what: 'negative max-failed-tasks',
    release: { inputs: { 'max-failed-tasks': '-1' } },
    error: /input max-failed-tasks: "-1" is not a whole number of 0 or more\. Give a count/
  },
  {
    what: 'desired count in words',
    release: { inputs: { 'desired-count': 'two' } },
    error: /input desired-count: "two" is not a whole number/
  },
  {
    what: 'fractional desired count',
    release: { inputs: { 'desired-count': '1.5' } },
    error: /input desired-count: "1.5" is not a whole number/
  },
  {
    what: 'dry-run that is not a boolean',
    release: { inputs: { 'dry-run': 'maybe' } },
    error: /input dry-run: "maybe" is not a boolean\. Use true or false/
  },
  {
    what: 'rollback that is not a boolean',
    release: { inputs: { rollback: 'sure' } },
    error: /input rollback: "sure" is not a boolean/
  },
  {
    what: 'wait that is not a boolean',
    release: { inputs: { wait: 'perhaps' } },
    error: /input wait: "perhaps" is not a boolean/
  },
  {
    what: 'image reference with spaces',
    release: { inputs: { image: 'web: latest' } },
    error: /input image: "web: latest" is not an image reference\. Give REGISTRY\/REPOSITORY:TAG/
  },
  {
    what: 'image reference in capitals',
    release: { inputs: { image: 'Registry/WEB:1' } },
    error: /input image: "Registry\/WEB:1" is not an image reference/
  },
  {
    what: 'image digest too short',
    release: { inputs: { image: 'web@sha256:abc' } },
    error: /input image: "web@sha256:abc" is not an image reference/
  },
  {
    what: 'verify-url that is not http',
    release: { inputs: { 'verify-url': 'ftp://example.com' } },
    error: /input verify-url: "ftp:\/\/example.com" is not an http\(s\) URL\. Give a full URL/
  },
  {
    what: 'verify-url that is not a URL',
    release: { inputs: { 'verify-url': 'health' } },
    error: /input verify-url: "health" is not an http\(s\) URL/
  },
  {
    what: 'verify-path without a slash',
    release: { inputs: { 'verify-path': 'health' } },
    error: /input verify-path: "health" does not start with \/\. Give a path/
  },
  {
    what: 'build-args line without =',
    release: { inputs: { 'build-args': 'NODE_ENV' } },
    error: /input build-args: "NODE_ENV" is not KEY=value\. Write one KEY=value per line/
  },
  {
    what: 'config file that does not exist',
    release: { inputs: { config: join(dir, 'missing.yml') } },
    error: /input config: the file ".*missing.yml" does not exist\. Fix the path/
  },
  {
    what: 'promote without an environment',
    release: { inputs: { flow: 'promote', 'ecr-repository': 'web' } },
    error: /input environment: the promote flow needs an environment .* Set the input environment/
  },
  {
    what: 'deploy without a cluster',
    release: { inputs: { cluster: '' } },
    error: /input cluster: no ECS cluster is set for environment "dev"\. Set the input cluster/
  },
  {
    what: 'extra image tag with a slash',
    release: { inputs: { tags: 'latest, feature/x' } },
    error: /input tags: "feature\/x" is not an image tag/
  },
  // config file
  {
    what: 'malformed YAML',
    release: { inputs: { config: yaml('environments:\n  dev: {cluster: x\n') } },
    error: /config-\d+\.yml:\d+:\d+: is not valid YAML .* Fix the YAML syntax/
  },
  {
    what: 'duplicate YAML keys',
    release: { inputs: { config: yaml('environments:\n  dev: {}\n  dev: {}\n') } },
    error: /is not valid YAML \(Map keys must be unique/
  },
  {
    what: 'cluster given as a list',
    release: {
      inputs: { cluster: '', config: yaml('environments:\n  dev:\n    cluster: [a, b]\n') }
    },
    error:
      /config-\d+\.yml: environments\.dev\.cluster: expected a text value\. Fix the config file/
  },
  {
    what: 'misspelt key',
    release: { inputs: { config: yaml('environments:\n  dev:\n    clustr: demo\n') } },
    error: /environments\.dev: unknown key "clustr"/
  },
  {
    what: 'secret that is not an ARN',
    release: {
      inputs: { config: yaml('environments:\n  dev:\n    secrets: {DB_PASSWORD: hunter2}\n') }
    },
    error: /environments\.dev\.secrets\.DB_PASSWORD: expected an ARN/
  },
  {
    what: 'negative desired count in config',
    release: { inputs: { config: yaml('environments:\n  dev:\n    desired-count: -2\n') } },
    error: /environments\.dev\.desired-count: must be 0 or more/
  },
  {
    what: 'rule with an unknown flow',
    release: { inputs: { config: yaml('rules:\n  - branch: main\n    flow: ship\n') } },
    error: /rules\.0\.flow: expected one of test, publish, deploy, promote, none/
  },
  {
    what: 'pull_request rule that deploys',
    release: { inputs: { config: yaml('rules:\n  - event: pull_request\n    flow: deploy\n') } },
    error: /rules\.0\.flow: a pull_request rule can only run the test flow/
  },
  {
    what: 'environment the config does not define',
    release: {
      inputs: {
        cluster: '',
        service: '',
        environment: 'staging',
        config: yaml('environments:\n  dev: {cluster: demo, service: web}\n')
      }
    },
    error:
      /environment "staging": is not defined in .*config-\d+\.yml \(it defines dev\)\. Add environments\.staging/
  },
  {
    what: 'variable that is also a secret',
    release: {
      inputs: {
        config: yaml(
          'environments:\n  dev:\n    variables: {DB: x}\n    secrets: {DB: "arn:aws:ssm:us-east-1:1:parameter/db"}\n'
        )
      }
    },
    error: /environment variable DB: is set both as a variable and as a secret\. Keep it in one/
  },
  // task and service definitions
  {
    what: 'task-definition file that does not exist',
    release: { inputs: { 'task-definition': join(dir, 'nope.json') } },
    error: /task definition file .*nope\.json: .* Fix the path of the task definition/
  },
  {
    what: 'task-definition file that is not JSON',
    release: { inputs: { 'task-definition': file('{"family": "web",') } },
    // The strict parser names the line and column and says what to fix.
    error:
      /task definition file .*:1:18: is not valid JSON: .*\. Quote every key with double quotes\./
  },
  {
    what: 'task definition without containers',
    release: { inputs: { 'task-definition': json({ family: 'web' }) } },
    error: /has no "containerDefinitions"\. List at least one container/
  },
  {
    what: 'task definition without a family',
    release: { inputs: { 'task-definition': json({ containerDefinitions: [{ name: 'web' }] }) } },
    error: /has no "family"\. Add "family"/
  },
  {
    what: 'task definition without the named container',
    release: { inputs: { 'task-definition': json(base), 'container-name': 'api' } },
    error:
      /input container-name: there is no container "api" in task definition file .* \(it has "web"\)\. Set container-name/
  },
  {
    what: 'live task definition without the named container',
    release: { inputs: { 'container-name': 'api' } },
    error:
      /input container-name: there is no container "api" in the service's current task definition web:1 \(it has "web"\)/
  },
  {
    what: 'service definition for the wrong cluster',
    release: {
      noService: true,
      inputs: {
        'task-definition': json(base),
        'service-definition': json({ cluster: 'production', launchType: 'FARGATE' })
      }
    },
    error:
      /service definition file .*: cluster: is "production", but environment dev deploys to cluster demo\. Remove "cluster"/
  },
  {
    what: 'service definition for another service',
    release: {
      noService: true,
      inputs: {
        'task-definition': json(base),
        'service-definition': json({ service: { serviceName: 'api', clusterArn: 'x' } })
      }
    },
    error:
      /service definition file .*: serviceName: is "api", but environment dev deploys to service web/
  },
  {
    what: 'service definition that is not JSON',
    release: {
      noService: true,
      inputs: { 'task-definition': json(base), 'service-definition': file('not json') }
    },
    error: /service definition file .*:1:1: is not valid JSON: .* Fix the JSON syntax/
  }
]

describe('bad input', () => {
  it('tries at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30)
  })

  it.each(cases.map(c => [c.what, c] as const))('%s', async (_, { release: options, error }) => {
    const run = await release(options)
    expect(run.failures).toHaveLength(1)
    expect(run.failures[0]).toMatch(error)
    expect(run.outputs.result).toBe('failed')
    const writes = run.ecs.calls.filter(call =>
      /Register|Update|Create|Delete/.test(call.operation)
    )
    expect(writes).toEqual([])
  })
})
