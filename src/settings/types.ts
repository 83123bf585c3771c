import type { ZodType, output } from 'zod'
import type { SETTINGS, SettingName } from './table.js'
import type { TaskHook } from './task-hooks.js'
import type { ScheduledTaskRef } from './scheduled-task-refs.js'
import type {
  EVENT_KINDS,
  Flow,
  FlowChoice,
  GitHubDeploymentMode,
  Decision,
  OnPause,
  RollbackScope,
  WaitUntil
} from './vocabulary.js'

export {
  DECISIONS,
  EVENT_KINDS,
  FLOWS,
  GITHUB_DEPLOYMENT_MODES,
  ROLLBACK_SCOPES,
  WAIT_UNTIL,
  type Decision,
  type Flow,
  type FlowChoice,
  type GitHubDeploymentMode,
  type RollbackScope,
  type WaitUntil
} from './vocabulary.js'

// The config file's settings as EnvironmentConfig and ServiceConfig hold them, typed from the
// settings table: each row's field, with its schema's output (or what `toValue` makes of it).
// An environment's keys with an `absent` value are always set; `container` is typed by hand.
type Rows = typeof SETTINGS
type FieldOf<N extends SettingName> = Rows[N] extends { field: infer F extends string } ? F : never
type FileValue<N extends SettingName> = Rows[N] extends {
  config: { toValue: (...args: never[]) => infer Value }
}
  ? Value
  : Rows[N] extends { config: { schema: (pieces: never) => infer Schema extends ZodType } }
    ? output<Schema>
    : never
/** Whether an environment always has the key (the table gives its `absent` value). */
type AlwaysSet<N extends SettingName> = Rows[N] extends { config: { absent: object } }
  ? true
  : false
/** The field of a key set at `Places` (`Always`: those always set, or the others; `any`: all). */
type FileFieldName<
  N extends SettingName,
  Places,
  Always extends boolean | 'any'
> = N extends 'container-name'
  ? never
  : Rows[N] extends { config: { at: Places } }
    ? Always extends 'any'
      ? FieldOf<N>
      : AlwaysSet<N> extends Always
        ? FieldOf<N>
        : never
    : never
/** The table's keys set at `Places`, by their field names: optional, or (`true`) always set. */
type FileFields<Places, Always extends boolean | 'any'> = Always extends true
  ? { -readonly [N in SettingName as FileFieldName<N, Places, true>]: FileValue<N> }
  : { -readonly [N in SettingName as FileFieldName<N, Places, Always>]?: FileValue<N> }

/** One routing rule: the first rule whose conditions all hold picks the flow. */
export interface Rule {
  /** Which GitHub event; a rule without one matches pushes only. */
  event?: (typeof EVENT_KINDS)[number]
  /** Glob(s) over the branch name (for pull requests: the head branch). */
  branch?: string[]
  /** Glob(s) over the tag name. */
  tag?: string[]
  /** Matches the repository's default branch, read from the event payload. */
  defaultBranch?: boolean
  flow: Flow | 'none'
  environment?: string
}

/** One service of an environment's `services:`; unset keys take the environment's. */
export interface ServiceConfig extends FileFields<'service', 'any'> {
  /** The containers that get the image (the first is the main one). */
  containers?: string[]
}

/** AppSpec hooks: a Lambda function (name or ARN) per lifecycle event. */
export type CodeDeployHooks = NonNullable<ServiceConfig['codeDeployHooks']>

/** Where one environment lives and what it runs with, from the config file. */
export interface EnvironmentConfig
  extends
    FileFields<'service' | 'environment', false>,
    FileFields<'service' | 'environment', true> {
  /** Several services released together, by ECS service name, in the file's order. */
  services?: Record<string, ServiceConfig>
  container?: string
  /** More containers that get the image (sidecars built from it), after `container`. */
  sidecars?: string[]
}

export interface ConfigFile {
  /** Path of the file, for error messages; undefined when no file was found. */
  path?: string
  ecrRepository?: string
  /** Top-level `on-pause`: what a deployment paused at a PAUSE lifecycle hook gets. */
  onPause?: OnPause
  /** Top-level `default-branch`: the default branch where no event payload names it (CLI). */
  defaultBranch?: string
  environments: Record<string, EnvironmentConfig>
  /** The user's rules, replacing the defaults when present. */
  rules?: Rule[]
}

export interface DockerSettings {
  context: string
  dockerfile?: string
  buildArgs: Record<string, string>
  /** Build arguments whose values may be shown in the log (input public-build-args). */
  publicBuildArgs?: string[]
  target?: string
  platform?: string
  extraTags: string[]
  forceBuild: boolean
  createRepository: boolean
}

/** Everything the action was asked to do, validated once, up front. */
export interface Settings {
  flow: FlowChoice
  environment?: string
  config: ConfigFile
  cluster?: string
  service?: string
  taskDefinition?: string
  containerName?: string
  image?: string
  ecrRepository?: string
  /** Input on-pause, else the config file's; undefined: verify when there is a verify, else approve. */
  onPause?: OnPause
  /** flow continue: the answer to the paused hook, and which one (absent: found by reading ECS). */
  decision?: Decision
  serviceDeployment?: string
  hookId?: string
  /** flow continue: the first job's `services` output (JSON), for decision rollback. */
  releasedServices?: string
  serviceDefinition?: string
  desiredCount?: number
  forceNewDeployment: boolean
  testCommand?: string
  buildCommand?: string
  verifyCommand?: string
  /** Inputs before-deploy-command and after-deploy-command, as one-off tasks. */
  beforeDeploy?: TaskHook
  afterDeploy?: TaskHook
  verifyUrl?: string
  verifyContains?: string
  verifyPath?: string
  /** How long verify may retry the URL until it answers 2xx (input verify-timeout). */
  verifyTimeoutSeconds: number
  timeoutSeconds: number
  /** How long the rollback's own wait may take (input rollback-timeout; default: timeout). */
  rollbackTimeoutSeconds: number
  pollIntervalSeconds: number
  maxFailedTasks: number
  wait: boolean
  /** Input wait-until, when given (else the config's, else complete). */
  waitUntil?: WaitUntil
  rollback: boolean
  /** Input advice: list the settings that would have made the rollout faster (default true). */
  advice: boolean
  /** Input rollback-scope: all (default, atomic) or failed; the config's when empty. */
  rollbackScope?: RollbackScope
  dryRun: boolean
  githubToken?: string
  /** Input github-deployment: add statuses to the job's deployment, or create one. */
  githubDeployment: GitHubDeploymentMode
  /** Input plan-comment: on a pull request, comment what merging would deploy. */
  planComment: boolean
  docker: DockerSettings
  /** Input keep-revisions: ACTIVE revisions kept per released family after a release. */
  keepRevisions?: number
  /** Input delete-revisions: also delete the revisions keep-revisions deregistered. */
  deleteRevisions?: boolean
  /** Input resource-tags (KEY=value lines), laid over the config's. */
  resourceTags?: Record<string, string>
  /** Input git-tags: tag the revision and the service with ecs-flow:commit and ecs-flow:ref. */
  gitTags?: boolean
  /** UpdateService's propagateTags (TASK_DEFINITION, SERVICE or NONE), when given. */
  propagateTags?: string
  /** UpdateService's enableECSManagedTags, when given. */
  enableEcsManagedTags?: boolean
  /** Inputs codedeploy-application and codedeploy-deployment-group (CODE_DEPLOY services). */
  codeDeployApplication?: string
  codeDeployDeploymentGroup?: string
}

/** The ECS service one release targets: the environment's config with the inputs laid over it. */
export interface Target {
  environment: string
  cluster: string
  service: string
  taskDefinition?: string
  /** A registered revision (`family`, `family:revision`, ARN) given as task-definition; then taskDefinition is unset. */
  revision?: string
  container?: string
  /** More containers of the task definition that get the image, besides `container`. */
  sidecars: string[]
  serviceDefinition?: string
  desiredCount?: number
  variables: Record<string, string>
  secrets: Record<string, string>
  verifyUrl?: string
  verifyContains?: string
  verifyPath?: string
  /** Where the wait for a blue/green, linear or canary deployment stops (default complete). */
  waitUntil?: WaitUntil
  // Optional so a Target written by hand (tests, other callers) needs none of them.
  values?: Record<string, string>
  /** Undefined: keep every revision. */
  keepRevisions?: number
  deleteRevisions?: boolean
  resourceTags?: Record<string, string>
  scheduledTasks?: ScheduledTaskRef[]
  /** One-off tasks: after register and before deploy; after the rollout, before verify. */
  beforeDeploy?: TaskHook
  afterDeploy?: TaskHook
  /** CODE_DEPLOY services: set names, else the ECS console's defaults (src/codedeploy/names.ts). */
  codeDeployApplication?: string
  codeDeployDeploymentGroup?: string
  codeDeployHooks?: CodeDeployHooks
  /**
   * An ECS Express Mode service (name or ARN) released by UpdateExpressGatewayService; `service`
   * is its name (the ECS service behind it has the same).
   */
  expressService?: string
}
