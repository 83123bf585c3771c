import type { InputError } from '../util/errors.js'
import { throwProblems } from '../util/errors.js'
import { DEFAULT_CONFIG_PATH, type ConfigLoader } from './absent-config.js'
import { Inputs, type InputReader } from './inputs.js'
import { readInput } from './read-input.js'
import type { InputName } from './table.js'
import type { Settings } from './types.js'

// The bounds live in the settings table with the inputs they bound; kept here for callers.
export { INPUT_BOUNDS } from './table.js'
export { assertImageReference } from './input-checks.js'

/** Builds the one validated Settings object; every bad input is reported, all at once. */
export function readSettings(read: InputReader, loadConfig: ConfigLoader): Settings {
  const { settings, problems } = collectSettings(read, loadConfig)
  throwProblems(problems)
  return settings
}

/**
 * The settings with every bad input replaced by its default, and the list of what was bad:
 * main prints the plan these settings give before it reports the problems.
 */
export function collectSettings(
  read: InputReader,
  loadConfig: ConfigLoader
): { settings: Settings; problems: InputError[] } {
  const inputs = new Inputs(read)
  const check = <T>(value: () => T, fallback: T): T => inputs.check(value, fallback)
  const configInput = inputs.text('config')
  const config = check(
    () =>
      loadConfig(
        configInput ?? DEFAULT_CONFIG_PATH,
        configInput !== undefined && configInput !== DEFAULT_CONFIG_PATH
      ),
    { environments: {} }
  )

  const input = <N extends InputName>(name: N) => readInput(inputs, name)
  // Read in this order, the order the problems are listed in.
  const environment = input('environment')
  const image = input('image')
  const timeoutSeconds = input('timeout')

  const settings: Settings = {
    flow: input('flow'),
    environment,
    config,
    cluster: input('cluster'),
    service: input('service'),
    taskDefinition: input('task-definition'),
    containerName: input('container-name'),
    image,
    ecrRepository: input('ecr-repository') ?? config.ecrRepository,
    serviceDefinition: input('service-definition'),
    desiredCount: input('desired-count'),
    forceNewDeployment: input('force-new-deployment'),
    testCommand: input('test-command'),
    buildCommand: input('build-command'),
    verifyCommand: input('verify-command'),
    beforeDeploy: input('before-deploy-command'),
    afterDeploy: input('after-deploy-command'),
    verifyUrl: input('verify-url'),
    verifyContains: input('verify-contains'),
    verifyPath: input('verify-path'),
    verifyTimeoutSeconds: input('verify-timeout'),
    timeoutSeconds,
    // The rollback's wait has a deadline of its own, not what the failed rollout left over.
    rollbackTimeoutSeconds: input('rollback-timeout') ?? timeoutSeconds,
    pollIntervalSeconds: input('poll-interval'),
    maxFailedTasks: input('max-failed-tasks'),
    wait: input('wait'),
    waitUntil: input('wait-until'),
    onPause: input('on-pause') ?? config.onPause,
    decision: input('decision'),
    serviceDeployment: input('service-deployment'),
    hookId: input('hook-id'),
    releasedServices: input('released-services'),
    rollback: input('rollback'),
    advice: input('advice'),
    rollbackScope: input('rollback-scope'),
    dryRun: input('dry-run'),
    githubToken: input('github-token'),
    githubDeployment: input('github-deployment'),
    planComment: input('plan-comment'),
    docker: {
      context: input('docker-context'),
      dockerfile: input('dockerfile'),
      buildArgs: input('build-args'),
      publicBuildArgs: input('public-build-args'),
      target: input('docker-target'),
      platform: input('platform'),
      extraTags: input('tags'),
      forceBuild: input('force-build'),
      createRepository: input('create-repository')
    },
    keepRevisions: input('keep-revisions'),
    deleteRevisions: input('delete-revisions'),
    resourceTags: input('resource-tags'),
    gitTags: input('git-tags'),
    propagateTags: input('propagate-tags'),
    enableEcsManagedTags: input('enable-ecs-managed-tags'),
    codeDeployApplication: input('codedeploy-application'),
    codeDeployDeploymentGroup: input('codedeploy-deployment-group')
  }
  return { settings, problems: inputs.problems }
}
