import { describe, expect, it } from '@jest/globals'
import { parseConfig } from '../../src/settings/config-file.js'
import type { ScheduledTaskRef } from '../../src/settings/scheduled-task-refs.js'
import type { TaskHook } from '../../src/settings/task-hooks.js'
import type {
  CodeDeployHooks,
  EnvironmentConfig,
  RollbackScope,
  ServiceConfig,
  WaitUntil
} from '../../src/settings/types.js'

// EnvironmentConfig and ServiceConfig are typed from the settings table; they must stay the
// shapes the rest of the code was written against (these, as they were written by hand).
// `npm run typecheck` fails when they drift; the test below checks the values match the types.

/** True only when A and B are the same type (not merely assignable). */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

interface HandWrittenServiceConfig {
  taskDefinition?: string
  /** The containers that get the image (the first is the main one). */
  containers?: string[]
  serviceDefinition?: string
  desiredCount?: number
  variables?: Record<string, string>
  secrets?: Record<string, string>
  verifyUrl?: string
  verifyContains?: string
  verifyPath?: string
  /** `wait-until` of one service of `services:` (wins over the environment's). */
  waitUntil?: WaitUntil
  /** CODE_DEPLOY services: the CodeDeploy application, deployment group and AppSpec hooks. */
  codeDeployApplication?: string
  codeDeployDeploymentGroup?: string
  codeDeployHooks?: HandWrittenCodeDeployHooks
  /** An ECS Express Mode service, by name or ARN. */
  expressService?: string
}
type HandWrittenCodeDeployHooks = Partial<
  Record<
    | 'BeforeInstall'
    | 'AfterInstall'
    | 'AfterAllowTestTraffic'
    | 'BeforeAllowTraffic'
    | 'AfterAllowTraffic',
    string
  >
>
interface HandWrittenEnvironmentConfig {
  cluster?: string
  service?: string
  /** Several services released together, by ECS service name, in the file's order. */
  services?: Record<string, HandWrittenServiceConfig>
  rollbackScope?: RollbackScope
  /** `wait-until`: where the wait for a blue/green, linear or canary deployment stops. */
  waitUntil?: WaitUntil
  taskDefinition?: string
  container?: string
  /** More containers that get the image (sidecars built from it), after `container`. */
  sidecars?: string[]
  serviceDefinition?: string
  desiredCount?: number
  variables: Record<string, string>
  secrets: Record<string, string>
  verifyUrl?: string
  verifyContains?: string
  verifyPath?: string
  codeDeployApplication?: string
  codeDeployDeploymentGroup?: string
  codeDeployHooks?: HandWrittenCodeDeployHooks
  /** An ECS Express Mode service, by name or ARN. */
  expressService?: string
  /** Template values of the environment's definition files (`values:`). */
  values: Record<string, string>
  keepRevisions?: number
  deleteRevisions?: boolean
  resourceTags: Record<string, string>
  /** EventBridge rules and Scheduler schedules whose ECS targets follow the release. */
  scheduledTasks: ScheduledTaskRef[]
  beforeDeploy?: TaskHook
  afterDeploy?: TaskHook
}

const SERVICE_CONFIG_IS_AS_WRITTEN: Equal<ServiceConfig, HandWrittenServiceConfig> = true
const ENVIRONMENT_CONFIG_IS_AS_WRITTEN: Equal<EnvironmentConfig, HandWrittenEnvironmentConfig> =
  true
const HOOKS_ARE_AS_WRITTEN: Equal<CodeDeployHooks, HandWrittenCodeDeployHooks> = true

describe('the config types derived from the settings table', () => {
  it('are the hand-written shapes', () => {
    expect([
      SERVICE_CONFIG_IS_AS_WRITTEN,
      ENVIRONMENT_CONFIG_IS_AS_WRITTEN,
      HOOKS_ARE_AS_WRITTEN
    ]).toEqual([true, true, true])
  })

  it('describe what the parser gives: every key of the table, by its field name', () => {
    const config = parseConfig(
      [
        'environments:',
        '  prod:',
        '    cluster: main',
        '    rollback-scope: failed',
        '    wait-until: traffic-shifted',
        '    container: [app, proxy]',
        '    keep-revisions: 3',
        '    delete-revisions: true',
        '    resource-tags: {team: web}',
        '    before-deploy: {command: [migrate]}',
        '    services:',
        '      web:',
        '        container: app',
        '        desired-count: 2',
        '        variables: {A: 1}',
        '        codedeploy-hooks: {AfterAllowTraffic: check}'
      ].join('\n'),
      'ecs-flow.yml'
    )
    const prod: EnvironmentConfig = config.environments.prod!
    const web: ServiceConfig = prod.services!.web!
    const hook: TaskHook | undefined = prod.beforeDeploy
    const scope: RollbackScope | undefined = prod.rollbackScope
    const until: WaitUntil | undefined = prod.waitUntil
    expect({ ...prod, services: undefined }).toEqual({
      cluster: 'main',
      rollbackScope: scope,
      waitUntil: until,
      container: 'app',
      sidecars: ['proxy'],
      keepRevisions: 3,
      deleteRevisions: true,
      resourceTags: { team: 'web' },
      beforeDeploy: hook,
      variables: {},
      secrets: {},
      values: {},
      scheduledTasks: []
    })
    expect([scope, until, hook?.command, hook?.where]).toEqual([
      'failed',
      'traffic-shifted',
      ['migrate'],
      'ecs-flow.yml: environments.prod.before-deploy'
    ])
    expect(web).toEqual({
      containers: ['app'],
      desiredCount: 2,
      variables: { A: '1' },
      codeDeployHooks: { AfterAllowTraffic: 'check' }
    })
  })
})
