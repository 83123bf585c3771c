import { describe, expect, it } from '@jest/globals'
import { parseConfig } from '../../src/settings/config-file.js'
import { readSettings } from '../../src/settings/settings.js'

// All problems in one run, in the order they have always been listed: the settings table
// changed where a key is declared, not what a user with several mistakes reads (these messages
// are what the action printed before the table).

describe('several problems at once, in their order', () => {
  it('the config file: every issue, environment keys in their checking order', () => {
    const yaml = [
      'environments:',
      '  prod:',
      "    cluster: ''",
      '    keep-revisions: 0',
      '    wait-until: soon',
      '    task-definition: 5',
      '    rollback-scope: some',
      '    verify-path: health',
      '    desired-count: -1',
      '    resource-tags: {aws:x: y}',
      '    services:',
      '      web:',
      '        desired-count: x',
      '        verify-url: ftp://x',
      '        container-name: app'
    ].join('\n')
    expect(() => parseConfig(yaml, '.github/ecs-flow.yml')).toThrow(
      '.github/ecs-flow.yml: environments.prod.cluster: must not be empty (and 9 more: environments.prod.services.web.desired-count: expected a whole number; environments.prod.services.web.verify-url: expected an http(s) URL; environments.prod.services.web: unknown key "container-name" (did you mean "container"?); environments.prod.rollback-scope: expected all or failed; environments.prod.wait-until: expected one of complete, drained, traffic-shifted, RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP (not "soon"); environments.prod.task-definition: expected a text value; environments.prod.desired-count: must be 0 or more; environments.prod.verify-path: expected a path starting with /; environments.prod.keep-revisions: must be 1 or more (the newest revision is always kept)). Fix the config file; the keys are described in the README under "Config file".'
    )
  })

  it('the inputs: every bad input, in the order they are read', () => {
    const inputs: Record<string, string> = {
      timeout: '9h',
      'keep-revisions': '0',
      wait: 'maybe',
      flow: 'x',
      image: 'BAD IMAGE',
      tags: '.x',
      'verify-url': 'ftp://a',
      'poll-interval': '0',
      'rollback-timeout': '1y',
      'desired-count': '99999',
      'github-deployment': 'no',
      'propagate-tags': 'x',
      'codedeploy-application': 'a\tb',
      'max-failed-tasks': '-1'
    }
    const problems = [
      'Invalid input: input image: "BAD IMAGE" is not an image reference. Give REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:DIGEST, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d.',
      'Invalid input: input timeout: 9h is too long (GitHub stops a job after 6h). Give at most 6h.',
      'Invalid input: input flow: "x" is not one of auto, test, publish, deploy, promote, continue. Use one of: auto, test, publish, deploy, promote, continue.',
      'Invalid input: input desired-count: "99999" is more than 5000 (ECS\'s quota of tasks per service). Give a count from 0 to 5000.',
      'Invalid input: input verify-url: "ftp://a" is not an http(s) URL. Give a full URL such as https://app.example.com/health.',
      'Invalid input: input rollback-timeout: 8766h is too long (GitHub stops a job after 6h). Give at most 6h.',
      'Invalid input: input poll-interval: 0s is too short. Give at least 0.1s.',
      'Invalid input: input max-failed-tasks: "-1" is not a whole number of 0 or more. Give a count such as 0, 1 or 3.',
      'Invalid input: input wait: "maybe" is not a boolean. Use true or false.',
      'Invalid input: input github-deployment: "no" is not one of job, create. Use one of: job, create.',
      'Invalid input: input tags: ".x" is not an image tag. Use up to 128 letters, digits, "_", "." or "-", not starting with "." or "-".',
      'Invalid input: input keep-revisions: "0" would deregister the newest revision, which another run may have just registered. Give 1 or more, or leave it empty to keep every revision.',
      'Invalid input: input propagate-tags: "x" is not one of TASK_DEFINITION, SERVICE, NONE. Use one of: TASK_DEFINITION, SERVICE, NONE.',
      'Invalid input: input codedeploy-application: "a\tb" is not a CodeDeploy name (1 to 100 characters, no control characters or line breaks). Give the name as the CodeDeploy console shows it, or leave it empty for the ECS console default (AppECS-<cluster>-<service>, DgpECS-<cluster>-<service>).'
    ]
    expect(() =>
      readSettings(
        name => inputs[name] ?? '',
        () => ({ environments: {} })
      )
    ).toThrow(
      `${problems.length} problems were found before anything ran:\n` +
        problems.map((problem, index) => `${index + 1}. ${problem}`).join('\n')
    )
  })
})
