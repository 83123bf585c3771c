import { describe, expect, it } from '@jest/globals'
import { parseConfig } from '../../src/settings/config-file.js'

describe('unknown keys in the config file come with a did-you-mean', () => {
  it.each([
    [
      'environments:\n  dev:\n    cluster: dev\n    container-name: web\n',
      'environments.dev: unknown key "container-name" (did you mean "container"?)'
    ],
    [
      'environments:\n  dev:\n    clustr: dev\n    taskDefinition: td.json\n',
      'environments.dev: unknown keys "clustr" (did you mean "cluster"?), "taskDefinition" (did you mean "task-definition"?)'
    ],
    [
      'ecr_repository: web\n',
      '(top level): unknown key "ecr_repository" (did you mean "ecr-repository"?)'
    ],
    [
      'environment:\n  dev: {}\n',
      '(top level): unknown key "environment" (did you mean "environments"?)'
    ],
    [
      'rules:\n  - branch: main\n    flow: test\n    defaultBranch: true\n',
      'rules.0: unknown key "defaultBranch" (did you mean "default-branch"?)'
    ],
    ['colour: blue\n', '(top level): unknown key "colour". Fix the config file']
  ])('%j', (yaml, message) => {
    expect(() => parseConfig(yaml, '.github/ecs-flow.yml')).toThrow(
      `.github/ecs-flow.yml: ${message}`
    )
  })
})
