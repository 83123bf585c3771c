import type { EventsApi, EventTarget, FailedTarget, RuleInfo } from '../src/aws/events-api.js'

/** A rule as the fake holds it: its targets in EventBridge's own (PascalCase) shape. */
export interface FakeRule {
  name: string
  targets: Record<string, unknown>[]
}

/** An in-memory EventBridge default bus: rules, their targets, every PutTargets kept. */
export class FakeEvents implements EventsApi {
  readonly rules = new Map<string, FakeRule>()
  readonly puts: { rule: string; targets: Record<string, unknown>[] }[] = []
  /** The next PutTargets fails with this error. */
  failNextPut: Error | undefined
  /** Every call of these operations (e.g. `ListRuleNamesByTarget`) fails with its error. */
  readonly failing = new Map<string, Error>()

  addRule(name: string, targets: Record<string, unknown>[]): this {
    this.rules.set(name, { name, targets: structuredClone(targets) })
    return this
  }

  /** An ECS target running `taskDefinitionArn`, as the scheduled-task console creates one. */
  static ecsTarget(id: string, taskDefinitionArn: string): Record<string, unknown> {
    return {
      Id: id,
      Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
      RoleArn: 'arn:aws:iam::123456789012:role/ecsEventsRole',
      Input: '{"containerOverrides":[{"name":"web","command":["report"]}]}',
      EcsParameters: { TaskDefinitionArn: taskDefinitionArn, TaskCount: 1, LaunchType: 'FARGATE' }
    }
  }

  async describeRule(name: string): Promise<RuleInfo | undefined> {
    return this.rules.has(name) ? { name, state: 'ENABLED' } : undefined
  }

  async listRuleNamesByTarget(targetArn: string): Promise<string[]> {
    const failure = this.failing.get('ListRuleNamesByTarget')
    if (failure) throw failure
    return [...this.rules.values()]
      .filter(rule => rule.targets.some(target => target.Arn === targetArn))
      .map(rule => rule.name)
  }

  async listTargetsByRule(rule: string): Promise<EventTarget[] | undefined> {
    const failure = this.failing.get('ListTargetsByRule')
    if (failure) throw failure
    const found = this.rules.get(rule)
    if (!found) return undefined
    return found.targets.map(raw => ({
      id: String(raw.Id),
      arn: String(raw.Arn),
      taskDefinitionArn: (raw.EcsParameters as { TaskDefinitionArn?: string } | undefined)
        ?.TaskDefinitionArn,
      raw: structuredClone(raw)
    }))
  }

  async putTargets(rule: string, targets: readonly EventTarget[]): Promise<FailedTarget[]> {
    if (this.failNextPut) {
      const error = this.failNextPut
      this.failNextPut = undefined
      throw error
    }
    const found = this.rules.get(rule)
    if (!found) throw new Error(`fake EventBridge: no rule ${rule}`)
    this.puts.push({ rule, targets: targets.map(target => structuredClone({ ...target.raw })) })
    for (const target of targets) {
      const index = found.targets.findIndex(raw => raw.Id === target.id)
      if (index === -1) found.targets.push(structuredClone({ ...target.raw }))
      else found.targets[index] = structuredClone({ ...target.raw })
    }
    return []
  }
}
