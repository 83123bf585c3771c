import type { InputReader } from '../settings/inputs.js'

/**
 * The action's inputs (action.yml), which `release` and `plan` take as `--name value`; a test
 * keeps this list in step with action.yml.
 */
export const ACTION_INPUTS = [
  'flow',
  'environment',
  'config',
  'cluster',
  'service',
  'task-definition',
  'container-name',
  'image',
  'ecr-repository',
  'test-command',
  'build-command',
  'verify-command',
  'before-deploy-command',
  'after-deploy-command',
  'verify-url',
  'verify-contains',
  'verify-path',
  'verify-timeout',
  'timeout',
  'rollback-scope',
  'codedeploy-application',
  'codedeploy-deployment-group',
  'rollback-timeout',
  'poll-interval',
  'max-failed-tasks',
  'wait',
  'wait-until',
  'desired-count',
  'force-new-deployment',
  'keep-revisions',
  'delete-revisions',
  'resource-tags',
  'git-tags',
  'propagate-tags',
  'enable-ecs-managed-tags',
  'service-definition',
  'rollback',
  'dry-run',
  'docker-context',
  'dockerfile',
  'build-args',
  'public-build-args',
  'docker-target',
  'platform',
  'tags',
  'force-build',
  'create-repository',
  'github-token',
  'github-deployment'
] as const

/** Inputs whose value is a secret: never shown in `--help` defaults or echoed. */
export const SECRET_INPUTS: readonly string[] = ['github-token']

/** `cluster` → `ECS_FLOW_INPUT_CLUSTER`, `task-definition` → `ECS_FLOW_INPUT_TASK_DEFINITION`. */
export function inputVariable(name: string): string {
  return `ECS_FLOW_INPUT_${name.toUpperCase().replace(/-/g, '_')}`
}

/**
 * An InputReader over the command line: a flag wins, else its ECS_FLOW_INPUT_* variable, else
 * unset (''), as `core.getInput` answers for an input not given.
 */
export function cliInputReader(
  flags: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>
): InputReader {
  return name => flags[name] ?? env[inputVariable(name)] ?? ''
}
