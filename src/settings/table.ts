import type { ZodType } from 'zod'
import type { ConfigPieces } from './config-pieces.js'
import {
  assertCodeDeployApplication,
  assertCodeDeployDeploymentGroup,
  assertEnvironmentInput,
  assertImageReference,
  assertImageTags,
  assertKeepRevisions,
  assertResourceTagsInput,
  assertVerifyPath,
  assertVerifyUrl
} from './input-checks.js'
import { expectedOneOf } from './inputs.js'
import { assertResourceTags } from './resource-tags.js'
import { toTaskHook } from './task-hooks.js'
import { SCHEDULE_NAME, toScheduledTaskRefs } from './scheduled-task-refs.js'
import {
  DECISIONS,
  FLOWS,
  GITHUB_DEPLOYMENT_MODES,
  ON_PAUSE,
  ROLLBACK_SCOPES,
  WAIT_UNTIL
} from './vocabulary.js'

// The settings table: every action input and config key, declared once. The action's input
// reading (read-input.ts), the config file's schema (config-schema.ts), the Target merge
// (plan/target.ts) and the command line's options (cli/inputs.ts) are derived from it;
// action.yml and the README's inputs table are checked against it (__tests__/settings/table.test.ts).
// No zod here: a run without a config file never loads the parser.

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

/** How an action input's text becomes a value; its errors name the input (settings/inputs.ts). */
export type InputKind =
  | { kind: 'text'; check?: (value: string) => void }
  /** `bareFlag`: the command line also takes `--name` alone for true. */
  | { kind: 'boolean'; bareFlag?: true }
  | { kind: 'count'; maximum: number; why: string; check?: (count: number | undefined) => void }
  | { kind: 'duration'; minimum: number; maximum: number; why: string }
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'list'; check?: (items: string[]) => void }
  | { kind: 'key-values'; check?: (pairs: Record<string, string>) => void }
  /** A command run as a one-off task (`sh -c`), `before-deploy` or `after-deploy`. */
  | { kind: 'task-command'; hook: 'before-deploy' | 'after-deploy' }

/**
 * Where the config file may set a key: `top` (beside environments), `environment` (under
 * environments.NAME) or `service` (under environments.NAME and its services.NAME, the
 * service's own value winning).
 */
export interface ConfigPlace {
  /** The key in the file, when it is not the input's name (`container` for `container-name`). */
  key?: string
  at: 'top' | 'environment' | 'service'
  /** The key's schema, from the pieces config-schema.ts passes in (optional is added there). */
  schema: (pieces: ConfigPieces) => ZodType
  /** An environment's value when the file does not set the key. */
  absent?: Record<string, never> | readonly never[]
  /** A check beyond the schema, with where the value was given (`FILE: environments.NAME.KEY`). */
  check?: (value: never, where: string) => void
  /** What the parsed value becomes in EnvironmentConfig, when not itself. */
  toValue?: (value: never, where: string) => unknown
}

/**
 * How a release's Target gets the value: `first` (the input, else the service's, else the
 * environment's, else `fallback`) or `union` (maps laid over each other: the environment's, the
 * service's, then the input's). The layers are those the table says the key may be set at.
 */
export interface TargetMerge {
  merge: 'first' | 'union'
  fallback?: unknown
}

export interface SettingRow {
  /** What action.yml and the README's inputs table say (action inputs only). */
  description?: string
  /** action.yml's default; absent where action.yml gives none. */
  default?: string
  /** How the action input is read; absent: a config key only. */
  input?: InputKind
  /** Never shown, echoed or given as a default in `--help`. */
  secret?: true
  config?: ConfigPlace
  /** The name in Settings, EnvironmentConfig, ServiceConfig and Target (camelCase). */
  field?: string
  target?: TargetMerge
}

const withinJob = {
  minimum: 1,
  maximum: INPUT_BOUNDS.jobSeconds,
  why: 'GitHub stops a job after 6h'
} as const

/** In action.yml's order (which is the command line's and the README's). */
export const SETTINGS = {
  flow: {
    description:
      'Which flow to run: auto (chosen from the git event by the rules), test, publish, deploy, promote, or continue (answer a deployment paused at a PAUSE hook with decision, then watch it to its end).',
    default: 'auto',
    input: { kind: 'choice', choices: ['auto', ...FLOWS] }
  },
  environment: {
    description:
      'Environment to use instead of the one the rules choose (a name under environments: in the config file).',
    default: '',
    input: { kind: 'text', check: assertEnvironmentInput }
  },
  config: {
    description: 'Path of the config file. An absent file means inputs only.',
    default: '.github/ecs-flow.yml',
    input: { kind: 'text' }
  },
  cluster: {
    description:
      'ECS cluster, for single-environment use without a config file (overrides the config).',
    default: '',
    input: { kind: 'text' },
    config: { at: 'environment', schema: ({ text }) => text },
    field: 'cluster'
  },
  service: {
    description:
      'ECS service, for single-environment use without a config file (overrides the config).',
    default: '',
    input: { kind: 'text' },
    config: { at: 'environment', schema: ({ text }) => text },
    field: 'service'
  },
  'task-definition': {
    description:
      "Path of a task-definition JSON file (may hold {{ NAME }} placeholders), or a registered revision: family, family:revision or an ARN. Empty: start from the service's current task definition.",
    default: '',
    input: { kind: 'text' },
    config: { at: 'service', schema: ({ text }) => text },
    field: 'taskDefinition',
    target: { merge: 'first' }
  },
  'container-name': {
    description: 'Name of the container whose image is replaced in the task definition.',
    default: '',
    input: { kind: 'text' },
    // A list in the file: the first container is the main one, the others sidecars (plan/target.ts).
    config: {
      key: 'container',
      at: 'service',
      schema: ({ z, text }) =>
        z.union([text, z.array(text).min(1, 'expected at least one container name')], {
          error: 'expected a container name or a list of them'
        })
    },
    field: 'containerName'
  },
  image: {
    description: 'A pre-built image reference. When set, dockerize and push are skipped.',
    default: '',
    input: { kind: 'text', check: assertImageReference }
  },
  'ecr-repository': {
    description: 'ECR repository name used by dockerize, push and resolve.',
    default: '',
    input: { kind: 'text' },
    config: { at: 'top', schema: ({ text }) => text },
    field: 'ecrRepository'
  },
  'test-command': {
    description: 'Shell command run by the test step. Empty: the step does nothing.',
    default: '',
    input: { kind: 'text' }
  },
  'build-command': {
    description: 'Shell command run by the build step. Empty: the step does nothing.',
    default: '',
    input: { kind: 'text' }
  },
  'verify-command': {
    description:
      'Shell command run by the verify step after the rollout, with ECS_FLOW_* variables set.',
    default: '',
    input: { kind: 'text' }
  },
  'before-deploy-command': {
    description:
      "Command run as a one-off ECS task (sh -c in the release container) with the new revision, the service's network and launch settings, after register and before the service is updated; anything but exit code 0 fails the release with the service untouched.",
    default: '',
    input: { kind: 'task-command', hook: 'before-deploy' },
    config: {
      key: 'before-deploy',
      at: 'environment',
      schema: ({ taskHook }) => taskHook,
      toValue: toTaskHook
    },
    field: 'beforeDeploy',
    target: { merge: 'first' }
  },
  'after-deploy-command': {
    description:
      'Command run as a one-off ECS task (sh -c) like before-deploy-command, once the rollout is complete and before verify; a failure counts like a failed verify.',
    default: '',
    input: { kind: 'task-command', hook: 'after-deploy' },
    config: {
      key: 'after-deploy',
      at: 'environment',
      schema: ({ taskHook }) => taskHook,
      toValue: toTaskHook
    },
    field: 'afterDeploy',
    target: { merge: 'first' }
  },
  'verify-url': {
    description: 'URL that must answer 2xx after the rollout.',
    default: '',
    input: { kind: 'text', check: assertVerifyUrl },
    config: {
      at: 'service',
      schema: ({ z }) => z.url({ error: 'expected an http(s) URL', protocol: /^https?$/ })
    },
    field: 'verifyUrl',
    target: { merge: 'first' }
  },
  'verify-contains': {
    description: 'Text the verify-url response body must contain.',
    default: '',
    input: { kind: 'text' },
    config: { at: 'service', schema: ({ text }) => text },
    field: 'verifyContains',
    target: { merge: 'first' }
  },
  'verify-path': {
    description:
      "Path requested on the service's load balancer (found through its target group) after the rollout.",
    default: '',
    input: { kind: 'text', check: assertVerifyPath },
    config: {
      at: 'service',
      schema: ({ z }) => z.string().startsWith('/', 'expected a path starting with /')
    },
    field: 'verifyPath',
    target: { merge: 'first' }
  },
  'verify-timeout': {
    description:
      'How long the verify step retries the URL (every 5s) until it answers 2xx with the expected text: seconds or a duration.',
    default: '60s',
    input: { kind: 'duration', ...withinJob }
  },
  timeout: {
    description: 'How long the wait step may take: seconds (600) or a duration (10m, 90s, 1h).',
    default: '20m',
    input: { kind: 'duration', ...withinJob }
  },
  'rollback-scope': {
    description:
      "With several services: all (roll back every service the release updated when one fails) or failed (only the failed ones). Empty: the config file's, else all.",
    input: { kind: 'choice', choices: ROLLBACK_SCOPES },
    config: {
      at: 'environment',
      schema: ({ z }) => z.enum(ROLLBACK_SCOPES, { error: 'expected all or failed' })
    },
    field: 'rollbackScope'
  },
  'codedeploy-application': {
    description:
      "CODE_DEPLOY services: the CodeDeploy application to deploy through. Empty: the config file's, else AppECS-<cluster>-<service> (the ECS console's name).",
    input: { kind: 'text', check: assertCodeDeployApplication },
    config: { at: 'service', schema: ({ codeDeployName }) => codeDeployName },
    field: 'codeDeployApplication',
    target: { merge: 'first' }
  },
  'codedeploy-deployment-group': {
    description:
      "CODE_DEPLOY services: the CodeDeploy deployment group. Empty: the config file's, else DgpECS-<cluster>-<service> (the ECS console's name).",
    input: { kind: 'text', check: assertCodeDeployDeploymentGroup },
    config: { at: 'service', schema: ({ codeDeployName }) => codeDeployName },
    field: 'codeDeployDeploymentGroup',
    target: { merge: 'first' }
  },
  'rollback-timeout': {
    description:
      'How long the wait for a rollback may take, counted from the rollback: seconds or a duration. Empty: the same as timeout.',
    input: { kind: 'duration', ...withinJob }
  },
  'poll-interval': {
    description:
      'How often the rollout is polled: seconds or a duration (a floor: jitter only adds up to 10%).',
    default: '2s',
    input: {
      kind: 'duration',
      minimum: 0.1,
      maximum: INPUT_BOUNDS.pollIntervalSeconds,
      why: 'the rollout would hardly be watched'
    }
  },
  'max-failed-tasks': {
    description:
      'Tasks of the new deployment that may fail before the release is declared failed (for services without a circuit breaker): one more fails it.',
    default: '1',
    input: {
      kind: 'count',
      maximum: INPUT_BOUNDS.maxFailedTasks,
      why: 'more are never worth waiting for'
    }
  },
  wait: {
    description:
      'true: watch the rollout until the old revisions have drained. false: return after UpdateService.',
    default: 'true',
    input: { kind: 'boolean', bareFlag: true }
  },
  'wait-until': {
    description:
      "Where the wait stops. complete: ECS declares the deployment done (rolling: COMPLETED, which with the service's early success criteria may come while the old tasks still drain; blue/green, linear and canary: SUCCESSFUL, the old tasks gone). drained: complete, and the old revision's tasks gone too. Blue/green, linear and canary services only: traffic-shifted: production traffic is on the new revision (and verify, if configured, passed); ECS finishes the bake on its own. A lifecycle stage (RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP): once the deployment has reached it; ECS carries on alone. Empty: the config file's, else complete.",
    input: { kind: 'choice', choices: WAIT_UNTIL },
    config: {
      at: 'service',
      schema: ({ z }) =>
        z.enum(WAIT_UNTIL, { error: issue => expectedOneOf(issue.input, WAIT_UNTIL) })
    },
    field: 'waitUntil',
    target: { merge: 'first', fallback: 'complete' }
  },
  'on-pause': {
    description:
      "Blue/green, linear and canary services whose deployment pauses at a PAUSE lifecycle hook (AWAITING_ACTION): verify: run the verify this release has (verify-url, verify-path, verify-command) against the paused deployment, then ContinueServiceDeployment CONTINUE when it passes and ROLLBACK when it fails. continue: CONTINUE at once. approve: the job ends with result paused at the hook (outputs paused-service-deployment and paused-hook); a later job with flow continue answers it. Empty: the config file's, else verify when something to verify is set, else approve.",
    input: { kind: 'choice', choices: ON_PAUSE },
    config: {
      at: 'top',
      schema: ({ z }) => z.enum(ON_PAUSE, { error: issue => expectedOneOf(issue.input, ON_PAUSE) })
    },
    field: 'onPause'
  },
  decision: {
    description:
      'flow continue: how the paused PAUSE hook is answered. continue: ContinueServiceDeployment CONTINUE, then the deployment is watched to its end as a release is (verify, after-deploy, scheduled tasks, keep-revisions). rollback: ContinueServiceDeployment ROLLBACK, ECS rolls the deployment back in place. Required with flow continue.',
    default: '',
    input: { kind: 'choice', choices: DECISIONS }
  },
  'service-deployment': {
    description:
      "flow continue: the paused service deployment's ARN (the paused-service-deployment output of the job that paused). Empty: every service of the environment whose current service deployment awaits action at a PAUSE hook.",
    default: '',
    input: { kind: 'text' },
    field: 'serviceDeployment'
  },
  'hook-id': {
    description:
      'flow continue: the PAUSE hook to answer (the paused-hook output of the job that paused), with service-deployment. Empty: the hook that service deployment awaits action at.',
    default: '',
    input: { kind: 'text' },
    field: 'hookId'
  },
  'released-services': {
    description:
      'flow continue with decision rollback: the services output of the job that paused. The services it deployed that finished (result deployed) and still run what it deployed are rolled back too, each to the last revision that completed before it. Empty: only the paused services are rolled back.',
    default: '',
    input: { kind: 'text' },
    field: 'releasedServices'
  },
  'desired-count': {
    description: "Desired task count to set on UpdateService. Empty: keep the service's count.",
    default: '',
    input: {
      kind: 'count',
      maximum: INPUT_BOUNDS.desiredCount,
      why: "ECS's quota of tasks per service"
    },
    config: {
      at: 'service',
      schema: ({ z }) =>
        z
          .number({ error: 'expected a whole number' })
          .int('expected a whole number')
          .min(0, 'must be 0 or more')
    },
    field: 'desiredCount',
    target: { merge: 'first' }
  },
  'force-new-deployment': {
    description: 'true: start a new deployment even when the task definition is unchanged.',
    default: 'false',
    input: { kind: 'boolean', bareFlag: true }
  },
  'keep-revisions': {
    description:
      'After a successful release, deregister the ACTIVE revisions of the released family beyond the newest N (never one a service runs or would roll back to). Empty: keep all.',
    default: '',
    input: {
      kind: 'count',
      maximum: INPUT_BOUNDS.keepRevisions,
      why: "ECS's quota of revisions per family",
      check: assertKeepRevisions
    },
    config: {
      at: 'environment',
      schema: ({ z }) =>
        z
          .number({ error: 'expected a whole number of 1 or more' })
          .int('expected a whole number')
          .min(1, 'must be 1 or more (the newest revision is always kept)')
    },
    field: 'keepRevisions',
    target: { merge: 'first' }
  },
  'delete-revisions': {
    description: 'true: also delete the revisions keep-revisions deregistered.',
    default: '',
    input: { kind: 'boolean' },
    config: {
      at: 'environment',
      schema: ({ z }) => z.boolean({ error: 'expected true or false' })
    },
    field: 'deleteRevisions',
    target: { merge: 'first', fallback: false }
  },
  'resource-tags': {
    description:
      'KEY=value lines: tags set on the new revision and on the service, over the tags the revision already has.',
    default: '',
    input: { kind: 'key-values', check: assertResourceTagsInput },
    config: {
      at: 'environment',
      schema: ({ z, variableValue }) => z.record(z.string(), variableValue),
      absent: {},
      check: assertResourceTags
    },
    field: 'resourceTags',
    target: { merge: 'union' }
  },
  'git-tags': {
    description:
      'true: also tag the revision and the service with ecs-flow:commit and ecs-flow:ref.',
    default: 'false',
    input: { kind: 'boolean' }
  },
  'propagate-tags': {
    description:
      "UpdateService's propagateTags: TASK_DEFINITION, SERVICE or NONE. Empty: left as it is.",
    default: '',
    input: { kind: 'choice', choices: ['TASK_DEFINITION', 'SERVICE', 'NONE'] }
  },
  'enable-ecs-managed-tags': {
    description: "UpdateService's enableECSManagedTags: true or false. Empty: left as it is.",
    default: '',
    input: { kind: 'boolean' }
  },
  'service-definition': {
    description:
      'Path of a service-definition JSON file used to create the service when it does not exist.',
    default: '',
    input: { kind: 'text' },
    config: { at: 'service', schema: ({ text }) => text },
    field: 'serviceDefinition',
    target: { merge: 'first' }
  },
  rollback: {
    description:
      'true: on a failure the action detects, put the previous revision back and wait for it.',
    default: 'true',
    input: { kind: 'boolean', bareFlag: true }
  },
  advice: {
    description:
      'true: after a release completes, list the settings (deregistration delay, health checks, image size) that would have made its rollout faster and by how much, from what the run measured. false: the phases only.',
    default: 'true',
    input: { kind: 'boolean' }
  },
  'dry-run': {
    description:
      'true: compute and print the plan and the task-definition diff; build, push, register and update nothing.',
    default: 'false',
    input: { kind: 'boolean', bareFlag: true }
  },
  'docker-context': {
    description: 'Docker build context.',
    default: '.',
    input: { kind: 'text' }
  },
  dockerfile: {
    description: 'Path of the Dockerfile. Empty: <docker-context>/Dockerfile.',
    default: '',
    input: { kind: 'text' }
  },
  'build-args': {
    description:
      'Docker build arguments, one KEY=value per line. Their values are masked in the log unless listed in public-build-args.',
    default: '',
    input: { kind: 'key-values' }
  },
  'public-build-args': {
    description:
      'Names of build arguments whose values may be shown in the log (e.g. NODE_ENV), one per line or comma-separated.',
    default: '',
    input: { kind: 'list' }
  },
  'docker-target': {
    description: 'Docker build stage to build.',
    default: '',
    input: { kind: 'text' }
  },
  platform: {
    description: 'Target platform(s) of the image, e.g. linux/amd64.',
    default: '',
    input: { kind: 'text' }
  },
  tags: {
    description:
      'Extra image tags, one per line or comma-separated (the full commit SHA tag is always set).',
    default: '',
    input: { kind: 'list', check: assertImageTags }
  },
  'force-build': {
    description: 'true: build and push even when an image for the commit already exists in ECR.',
    default: 'false',
    input: { kind: 'boolean', bareFlag: true }
  },
  'create-repository': {
    description:
      'true: create the ECR repository (scan on push, immutable tags) when it does not exist.',
    default: 'false',
    input: { kind: 'boolean', bareFlag: true }
  },
  'github-token': {
    description:
      'Token (deployments: write) used for GitHub Deployment statuses, see github-deployment; with plan-comment (pull-requests: write), for the comment. Empty: ecs-flow writes none.',
    default: '',
    input: { kind: 'text' },
    secret: true
  },
  'plan-comment': {
    description:
      'true: on a pull request, write one comment (updated on every push) saying what merging would deploy: the plan, the task-definition diff of each service against what runs now, the config changes and preflight problems. Needs pull-requests: write; nothing is written to AWS.',
    default: 'false',
    input: { kind: 'boolean' }
  },
  'github-deployment': {
    description:
      'job: the job declares environment:, so GitHub creates the deployment and ecs-flow only adds its statuses to it. create: ecs-flow creates its own deployment (for a job without environment:).',
    default: 'job',
    input: { kind: 'choice', choices: GITHUB_DEPLOYMENT_MODES }
  },

  // Config keys that are no action input.
  'default-branch': {
    // The repository's default branch, for runs outside GitHub (the CLI's `release`).
    config: { at: 'top', schema: ({ text }) => text },
    field: 'defaultBranch'
  },
  variables: {
    config: {
      at: 'service',
      schema: ({ z, variableName, variableValue }) => z.record(variableName, variableValue),
      absent: {}
    },
    field: 'variables',
    target: { merge: 'union' }
  },
  secrets: {
    config: {
      at: 'service',
      schema: ({ z, variableName, secretArn }) => z.record(variableName, secretArn),
      absent: {}
    },
    field: 'secrets',
    target: { merge: 'union' }
  },
  'codedeploy-hooks': {
    // CODE_DEPLOY services only (see README, CodeDeploy).
    config: { at: 'service', schema: ({ codeDeployHooks }) => codeDeployHooks },
    field: 'codeDeployHooks',
    target: { merge: 'first' }
  },
  'express-service': {
    // An ECS Express Mode service (name or ARN): released by UpdateExpressGatewayService.
    config: {
      at: 'service',
      schema: ({ z }) =>
        z
          .string({ error: 'expected an Express service name or ARN' })
          .regex(
            /^(?:[A-Za-z0-9][\w-]{0,254}|arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:service\/[\w-]+\/[\w-]+)$/,
            'expected an Express service name (letters, digits, - and _) or its ARN (arn:aws:ecs:REGION:ACCOUNT:service/CLUSTER/NAME)'
          )
    },
    field: 'expressService',
    target: { merge: 'first' }
  },
  values: {
    // Template values of the environment's definition files.
    config: {
      at: 'environment',
      schema: ({ z, variableValue }) =>
        z.record(
          z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a placeholder name (letters, digits, _)'),
          variableValue
        ),
      absent: {}
    },
    field: 'values',
    target: { merge: 'first', fallback: {} }
  },
  'scheduled-tasks': {
    // EventBridge rules and Scheduler schedules whose ECS targets follow the release.
    config: {
      at: 'environment',
      schema: ({ z, text }) =>
        z.array(
          z.union(
            [
              text,
              z.strictObject({
                schedule: z
                  .string({ error: 'expected a schedule name' })
                  .regex(
                    SCHEDULE_NAME,
                    'expected NAME or GROUP/NAME of an EventBridge Scheduler schedule (1-64 letters, digits, - _ . each)'
                  )
              })
            ],
            { error: 'expected an EventBridge rule name or { schedule: NAME | GROUP/NAME }' }
          ),
          { error: 'expected a list of EventBridge rule names and { schedule: NAME } entries' }
        ),
      toValue: toScheduledTaskRefs,
      absent: []
    },
    field: 'scheduledTasks',
    target: { merge: 'first', fallback: [] }
  }
} as const satisfies Record<string, SettingRow>

export type SettingName = keyof typeof SETTINGS

/** Every row, in the table's order, with its name. */
export const SETTING_ROWS: readonly (SettingRow & { name: SettingName })[] = (
  Object.entries(SETTINGS) as [SettingName, SettingRow][]
).map(([name, row]) => ({ name, ...row }))

/** The names of the action's inputs, in action.yml's order. */
export type InputName = {
  [K in SettingName]: (typeof SETTINGS)[K] extends { input: object } ? K : never
}[SettingName]

/** The action's inputs, in action.yml's order (the command line's `--name` options). */
export const INPUT_NAMES = SETTING_ROWS.filter(row => row.input).map(row => row.name as InputName)

/** A config key's name in the file. */
export function configKey(row: SettingRow & { name: string }): string {
  return row.config?.key ?? row.name
}
