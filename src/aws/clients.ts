import type { EcrApi } from './ecr-api.js'
import type { EcsApi } from './ecs-api.js'
import type { ElbApi } from './elb-api.js'
import type { EventsApi } from './events-api.js'
import type { SchedulerApi } from './scheduler-api.js'
import type { StsApi } from './sts-api.js'
import type { LogsApi } from './logs-api.js'
import type { CodeDeployApi } from './codedeploy-api.js'
import type { AwsServices } from './index.js'

/**
 * The real SDK-backed services. The adapters (and the AWS SDK clients they wrap) are loaded on
 * the first call that needs one, with a dynamic import that the bundler emits as a separate
 * chunk: the test flow and the dry-run of a pull request never load the SDK.
 */
export function awsServices(): AwsServices {
  let ecs: EcsApi | undefined
  let ecr: EcrApi | undefined
  let elb: ElbApi | undefined
  let events: EventsApi | undefined
  let scheduler: SchedulerApi | undefined
  let sts: StsApi | undefined
  let logs: LogsApi | undefined
  let codeDeploy: CodeDeployApi | undefined
  return {
    ecs: () => (ecs ??= lazily<EcsApi>(async () => (await import('./adapters.js')).createEcsApi())),
    ecr: () => (ecr ??= lazily<EcrApi>(async () => (await import('./adapters.js')).createEcrApi())),
    elb: () => (elb ??= lazily<ElbApi>(async () => (await import('./adapters.js')).createElbApi())),
    events: () =>
      (events ??= lazily<EventsApi>(async () => (await import('./adapters.js')).createEventsApi())),
    scheduler: () =>
      (scheduler ??= lazily<SchedulerApi>(async () =>
        (await import('./adapters.js')).createSchedulerApi()
      )),
    sts: () => (sts ??= lazily<StsApi>(async () => (await import('./adapters.js')).createStsApi())),
    logs: () =>
      (logs ??= lazily<LogsApi>(async () => (await import('./adapters.js')).createLogsApi())),
    codeDeploy: () =>
      (codeDeploy ??= lazily<CodeDeployApi>(async () =>
        (await import('./adapters.js')).createCodeDeployApi()
      ))
  }
}

/**
 * An API whose every method is async: a stand-in that creates the real one on the first call
 * and forwards every call to it.
 */
function lazily<Api extends object>(create: () => Promise<Api>): Api {
  let real: Promise<Api> | undefined
  return new Proxy({} as Api, {
    get(_target, method) {
      // Not a promise: `await api` must not call a `then` that would load the SDK.
      if (method === 'then') return undefined
      return async (...args: unknown[]) => {
        real ??= create()
        const api = await real
        const member = api[method as keyof Api] as unknown
        if (typeof member !== 'function')
          throw new TypeError(`${String(method)} is not an API call`)
        return (member as (...a: unknown[]) => unknown).apply(api, args)
      }
    }
  })
}
