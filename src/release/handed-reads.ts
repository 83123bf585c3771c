import type {
  DescribeServicesResult,
  EcsApi,
  RegisteredTaskDefinition,
  ServiceSnapshot
} from '../aws/ecs-api.js'
import { findService } from '../aws/services.js'
import type { StepSet } from '../steps/index.js'
import type { WaitRead } from '../util/wait-deadline.js'
import type { Services } from '../core/context.js'

/**
 * Preflight's reads of the services and their live revisions, handed to `register` when no step
 * ran in between. Nothing this run does can have changed them by then, and ECS throttles reads
 * per account: every read saved is one another release in the account can make. Each answer is
 * handed over once; the first step other than `register` closes the hand-off, since a test or
 * build command may take minutes and anyone may deploy meanwhile.
 */
export class HandedReads {
  private phase: 'recording' | 'handing' | 'closed' = 'recording'
  /** `cluster/service` → the service as preflight saw it (undefined: ECS reported it missing). */
  private readonly seen = new Map<string, ServiceSnapshot | undefined>()
  private readonly missing = new Map<string, string>()
  private readonly taskDefinitions = new Map<string, RegisteredTaskDefinition>()

  /** Preflight is over: what it read is handed to the next readers. */
  hand(): void {
    if (this.phase === 'recording') this.phase = 'handing'
  }

  /** A step other than register starts: every later read goes to ECS. */
  close(): void {
    this.phase = 'closed'
    this.seen.clear()
    this.missing.clear()
    this.taskDefinitions.clear()
  }

  /** The services with their ECS wrapped (`wrap`). */
  services(services: Services): Services {
    let ecs: EcsApi | undefined
    return {
      ...services,
      aws: { ...services.aws, ecs: () => (ecs ??= this.wrap(services.aws.ecs())) }
    }
  }

  /** `ecs` with its DescribeServices (not a poll) and DescribeTaskDefinition answers handed on. */
  wrap(ecs: EcsApi): EcsApi {
    const describeServices: EcsApi['describeServices'] = (cluster, names, options = {}) =>
      options.polling
        ? ecs.describeServices(cluster, names, options)
        : this.describeServices(ecs, cluster, names, options)
    const describeTaskDefinition: EcsApi['describeTaskDefinition'] = ref =>
      this.describeTaskDefinition(ecs, ref)
    return new Proxy(ecs, {
      get(target, method, receiver) {
        if (method === 'describeServices') return describeServices
        if (method === 'describeTaskDefinition') return describeTaskDefinition
        return Reflect.get(target, method, receiver) as unknown
      }
    })
  }

  /** Every step of `steps`, register aside, closes the hand-off before it runs. */
  closingOn(steps: StepSet): StepSet {
    const closing = { ...steps }
    for (const name of Object.keys(steps) as (keyof StepSet)[]) {
      if (name === 'register') continue
      const step = steps[name] as (...args: unknown[]) => Promise<unknown>
      ;(closing as Record<keyof StepSet, unknown>)[name] = (...args: unknown[]) => {
        this.close()
        return step(...args)
      }
    }
    return closing
  }

  private async describeServices(
    ecs: EcsApi,
    cluster: string,
    names: readonly string[],
    options: WaitRead
  ): Promise<DescribeServicesResult> {
    const keys = names.map(name => `${cluster}/${name}`)
    if (this.phase === 'handing' && keys.every(key => this.seen.has(key))) {
      const handed: DescribeServicesResult = { services: [], missing: [] }
      for (const [index, key] of keys.entries()) {
        const service = this.seen.get(key)
        if (service) handed.services.push(service)
        else handed.missing.push({ service: names[index]!, reason: this.missing.get(key)! })
        this.seen.delete(key)
      }
      return handed
    }
    const answer = await ecs.describeServices(cluster, names, options)
    if (this.phase === 'recording') {
      for (const [index, name] of names.entries()) {
        const key = keys[index]!
        const service = findService(answer, name)
        const missing = answer.missing.find(found => found.service === name)
        if (service) this.seen.set(key, service)
        else if (missing) {
          this.seen.set(key, undefined)
          this.missing.set(key, missing.reason)
        }
      }
    }
    return answer
  }

  private async describeTaskDefinition(
    ecs: EcsApi,
    ref: string
  ): Promise<RegisteredTaskDefinition> {
    const handed = this.phase === 'handing' ? this.taskDefinitions.get(ref) : undefined
    if (handed) {
      this.taskDefinitions.delete(ref)
      return handed
    }
    const answer = await ecs.describeTaskDefinition(ref)
    if (this.phase === 'recording') this.taskDefinitions.set(ref, answer)
    return answer
  }
}
