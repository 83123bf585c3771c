import { isImageTag } from '../docker/tags.js'
import { parseDurationSeconds } from '../util/duration.js'
import { InputError, throwProblems } from '../util/errors.js'
import { assertOutputName } from '../util/output-name.js'
import { redactedUrl } from '../util/url.js'
import { DEFAULT_CONFIG_PATH, type ConfigLoader } from './absent-config.js'
import { Inputs, quoted, type InputReader } from './inputs.js'
import { assertResourceTags } from './resource-tags.js'
import { codeDeployNameInput } from './codedeploy-names.js'
import { inputTaskHook } from './task-hooks.js'
import {
  FLOWS,
  GITHUB_DEPLOYMENT_MODES,
  type FlowChoice,
  type GitHubDeploymentMode,
  type RollbackScope,
  type Settings,
  WAIT_UNTIL,
  type WaitUntil
} from './types.js'

/**
 * Upper bounds of the inputs that count or wait: past them a value is a typo, and some would
 * break things (a delay past 2^31-1 ms fires at once in Node; ECS refuses the count).
 */
export const INPUT_BOUNDS = {
  /** GitHub stops a job after 6 hours: waiting longer cannot help. */
  jobSeconds: 6 * 3600,
  /** One poll of the rollout per 10 minutes at the least: longer and the timeout is all that is seen. */
  pollIntervalSeconds: 600,
  /** ECS's quota of tasks per service. */
  desiredCount: 5000,
  /** More failed tasks than that are never worth waiting for. */
  maxFailedTasks: 1000,
  /** ECS keeps up to 1,000,000 revisions per family. */
  keepRevisions: 1_000_000
} as const

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

  const environment = check(() => {
    const value = inputs.text('environment')
    if (value !== undefined) assertOutputName(value, 'input environment')
    return value
  }, undefined)
  const image = check(() => {
    const value = inputs.text('image')
    if (value !== undefined) assertImageReference(value)
    return value
  }, undefined)
  const duration = (name: string, fallback: string, bounds: Parameters<Inputs['duration']>[2]) =>
    check(() => inputs.duration(name, fallback, bounds), parseDurationSeconds(fallback, name))
  const timeoutSeconds = duration('timeout', '20m', withinJob(1))

  const settings: Settings = {
    flow: check(() => inputs.choice<FlowChoice>('flow', ['auto', ...FLOWS], 'auto'), 'auto'),
    environment,
    config,
    cluster: inputs.text('cluster'),
    service: inputs.text('service'),
    taskDefinition: inputs.text('task-definition'),
    containerName: inputs.text('container-name'),
    image,
    ecrRepository: inputs.text('ecr-repository') ?? config.ecrRepository,
    serviceDefinition: inputs.text('service-definition'),
    desiredCount: check(
      () =>
        inputs.count(
          'desired-count',
          undefined,
          INPUT_BOUNDS.desiredCount,
          "ECS's quota of tasks per service"
        ),
      undefined
    ),
    forceNewDeployment: check(() => inputs.boolean('force-new-deployment', false), false),
    testCommand: inputs.text('test-command'),
    buildCommand: inputs.text('build-command'),
    verifyCommand: inputs.text('verify-command'),
    beforeDeploy: inputTaskHook('before-deploy', inputs.text('before-deploy-command')),
    afterDeploy: inputTaskHook('after-deploy', inputs.text('after-deploy-command')),
    verifyUrl: check(() => verifyUrl(inputs), undefined),
    verifyContains: inputs.text('verify-contains'),
    verifyPath: check(() => verifyPath(inputs), undefined),
    verifyTimeoutSeconds: duration('verify-timeout', '60s', withinJob(1)),
    timeoutSeconds,
    // The rollback's wait has a deadline of its own, not what the failed rollout left over.
    rollbackTimeoutSeconds: inputs.text('rollback-timeout')
      ? duration('rollback-timeout', '20m', withinJob(1))
      : timeoutSeconds,
    pollIntervalSeconds: duration('poll-interval', '2s', {
      minimum: 0.1,
      maximum: INPUT_BOUNDS.pollIntervalSeconds,
      why: 'the rollout would hardly be watched'
    }),
    maxFailedTasks:
      check(
        () =>
          inputs.count(
            'max-failed-tasks',
            1,
            INPUT_BOUNDS.maxFailedTasks,
            'more are never worth waiting for'
          ),
        1
      ) ?? 1,
    wait: check(() => inputs.boolean('wait', true), true),
    waitUntil: check(
      () =>
        inputs.text('wait-until') === undefined
          ? undefined
          : inputs.choice<WaitUntil>('wait-until', WAIT_UNTIL, 'complete'),
      undefined
    ),
    rollback: check(() => inputs.boolean('rollback', true), true),
    rollbackScope: check(
      () =>
        inputs.text('rollback-scope') === undefined
          ? undefined
          : inputs.choice<RollbackScope>('rollback-scope', ['all', 'failed'], 'all'),
      undefined
    ),
    dryRun: check(() => inputs.boolean('dry-run', false), false),
    githubToken: inputs.text('github-token'),
    githubDeployment: check(
      () =>
        inputs.choice<GitHubDeploymentMode>('github-deployment', GITHUB_DEPLOYMENT_MODES, 'job'),
      'job'
    ),
    docker: {
      context: inputs.text('docker-context') ?? '.',
      dockerfile: inputs.text('dockerfile'),
      buildArgs: check(() => inputs.keyValues('build-args'), {}),
      publicBuildArgs: inputs.list('public-build-args'),
      target: inputs.text('docker-target'),
      platform: inputs.text('platform'),
      extraTags: check(() => extraTags(inputs), []),
      forceBuild: check(() => inputs.boolean('force-build', false), false),
      createRepository: check(() => inputs.boolean('create-repository', false), false)
    },
    ...tagAndRevisionInputs(inputs, check),
    codeDeployApplication: check(
      () => codeDeployNameInput('codedeploy-application', inputs.text('codedeploy-application')),
      undefined
    ),
    codeDeployDeploymentGroup: check(
      () =>
        codeDeployNameInput(
          'codedeploy-deployment-group',
          inputs.text('codedeploy-deployment-group')
        ),
      undefined
    )
  }
  return { settings, problems: inputs.problems }
}

/** keep-revisions, delete-revisions, resource-tags, git-tags, propagate-tags, enable-ecs-managed-tags. */
function tagAndRevisionInputs(inputs: Inputs, check: <T>(value: () => T, fallback: T) => T) {
  const keepRevisions = check(() => {
    const count = inputs.count(
      'keep-revisions',
      undefined,
      INPUT_BOUNDS.keepRevisions,
      "ECS's quota of revisions per family"
    )
    if (count === 0)
      throw new InputError(
        'input keep-revisions',
        '"0" would deregister the newest revision, which another run may have just registered',
        'Give 1 or more, or leave it empty to keep every revision.'
      )
    return count
  }, undefined)
  const optional = <T>(name: string, value: () => T): T | undefined =>
    inputs.text(name) === undefined ? undefined : check(value, undefined)
  return {
    keepRevisions,
    deleteRevisions: optional('delete-revisions', () => inputs.boolean('delete-revisions', false)),
    resourceTags: check(() => {
      const tags = inputs.keyValues('resource-tags')
      assertResourceTags(tags, 'input resource-tags')
      return tags
    }, {}),
    gitTags: check(() => inputs.boolean('git-tags', false), false),
    propagateTags: optional('propagate-tags', () =>
      inputs.choice('propagate-tags', ['TASK_DEFINITION', 'SERVICE', 'NONE'], 'NONE')
    ),
    enableEcsManagedTags: optional('enable-ecs-managed-tags', () =>
      inputs.boolean('enable-ecs-managed-tags', false)
    )
  }
}

function withinJob(minimum: number) {
  return { minimum, maximum: INPUT_BOUNDS.jobSeconds, why: 'GitHub stops a job after 6h' }
}

// registry/name[:tag][@sha256:digest], the grammar docker accepts, lower-case path.
const IMAGE_REFERENCE =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/

export function assertImageReference(image: string): void {
  if (!IMAGE_REFERENCE.test(image)) {
    throw new InputError(
      'input image',
      `${quoted(image)} is not an image reference`,
      'Give REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:DIGEST, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d.'
    )
  }
}

/** Checked here, up front: a bad tag must fail before anything is built or created. */
function extraTags(inputs: Inputs): string[] {
  const tags = inputs.list('tags')
  for (const tag of tags) {
    if (!isImageTag(tag)) {
      throw new InputError(
        'input tags',
        `${quoted(tag)} is not an image tag`,
        'Use up to 128 letters, digits, "_", "." or "-", not starting with "." or "-".'
      )
    }
  }
  return tags
}

function verifyUrl(inputs: Inputs): string | undefined {
  const value = inputs.text('verify-url')
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError(
      'input verify-url',
      // Never echo the credentials a URL may carry, even one that does not parse.
      `${quoted(redactedUrl(value))} is not an http(s) URL`,
      'Give a full URL such as https://app.example.com/health.'
    )
  }
  return value
}

function verifyPath(inputs: Inputs): string | undefined {
  const value = inputs.text('verify-path')
  if (value !== undefined && !value.startsWith('/')) {
    throw new InputError(
      'input verify-path',
      `${quoted(value)} does not start with /`,
      'Give a path such as /health.'
    )
  }
  return value
}
