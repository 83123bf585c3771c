// @ts-check
/**
 * EventBridge (AWSEvents.*), as much as scheduled ECS tasks and keep-revisions need:
 * DescribeRule, ListRuleNamesByTarget, ListTargetsByRule and PutTargets (replaces targets by Id;
 * every call is recorded).
 */
import { SimError, requireString } from './errors.js'
import { ACCOUNT, REGION } from './ids.js'

/**
 * @typedef {object} Rule
 * @property {string} name
 * @property {string | undefined} scheduleExpression
 * @property {string | undefined} eventPattern
 * @property {string} state
 * @property {string | undefined} description
 * @property {Array<Record<string, any>>} targets
 */

/**
 * @typedef {object} RuleSeed
 * @property {string} name
 * @property {string} [scheduleExpression]
 * @property {string} [eventPattern]
 * @property {string} [state]        ENABLED (default) or DISABLED
 * @property {string} [description]
 * @property {Array<Record<string, any>>} [targets]  EventBridge Target shapes (Id, Arn, RoleArn, EcsParameters...)
 */

const ID_PATTERN = /^[.\-_A-Za-z0-9]{1,64}$/

/** @param {string} name */
export const ruleArn = name => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`

/**
 * @param {unknown} rules seed.rules
 * @returns {Map<string, Rule>}
 */
export function seedRules(rules) {
  /** @type {Map<string, Rule>} */
  const out = new Map()
  if (rules === undefined) return out
  if (!Array.isArray(rules))
    throw new Error('seed.rules must be a list of {name, scheduleExpression, targets}')
  rules.forEach((/** @type {RuleSeed} */ r, i) => {
    if (!r || typeof r.name !== 'string' || r.name === '')
      throw new Error(`seed.rules[${i}].name must be a non-empty string`)
    if (out.has(r.name)) throw new Error(`seed.rules: "${r.name}" is listed twice`)
    for (const [k, t] of (r.targets ?? []).entries()) {
      if (!t || typeof t.Id !== 'string' || typeof t.Arn !== 'string')
        throw new Error(`seed.rules[${i}].targets[${k}] needs an Id and an Arn`)
    }
    out.set(r.name, {
      name: r.name,
      scheduleExpression: r.scheduleExpression,
      eventPattern: r.eventPattern,
      state: r.state ?? 'ENABLED',
      description: r.description,
      targets: structuredClone(r.targets ?? [])
    })
  })
  return out
}

/**
 * @param {{rules: Map<string, Rule>, recorder: import('./recorder.js').Recorder}} opts
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function eventsHandlers({ rules, recorder }) {
  /** @param {unknown} name @param {unknown} bus */
  const rule = (name, bus) => {
    requireString(name, 'Name')
    const busName = typeof bus === 'string' && bus !== '' ? bus : 'default'
    const r = busName === 'default' ? rules.get(name) : undefined
    if (!r) {
      throw new SimError(
        'ResourceNotFoundException',
        `Rule ${name} does not exist on EventBus ${busName}.`
      )
    }
    return r
  }

  return {
    DescribeRule(body) {
      const r = rule(body.Name, body.EventBusName)
      /** @type {Record<string, unknown>} */
      const out = {
        Name: r.name,
        Arn: ruleArn(r.name),
        State: r.state,
        EventBusName: 'default',
        CreatedBy: ACCOUNT
      }
      if (r.scheduleExpression) out.ScheduleExpression = r.scheduleExpression
      if (r.eventPattern) out.EventPattern = r.eventPattern
      if (r.description) out.Description = r.description
      return out
    },

    ListRuleNamesByTarget(body) {
      requireString(body.TargetArn, 'TargetArn')
      const busName =
        typeof body.EventBusName === 'string' && body.EventBusName !== ''
          ? body.EventBusName
          : 'default'
      // Only the default bus is simulated: another bus has no rules.
      const names =
        busName === 'default'
          ? [...rules.values()]
              .filter(r => r.targets.some(t => t.Arn === body.TargetArn))
              .map(r => r.name)
          : []
      const start =
        body.NextToken === undefined
          ? 0
          : Number(String(body.NextToken).replace(/^sim-rule-names\//, ''))
      if (!Number.isInteger(start) || start < 0)
        throw new SimError('ValidationException', 'The specified NextToken is not valid.')
      const limit = body.Limit === undefined ? 100 : Number(body.Limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        throw new SimError('ValidationException', 'Limit must be between 1 and 100.')
      /** @type {Record<string, unknown>} */
      const out = { RuleNames: names.slice(start, start + limit) }
      if (start + limit < names.length) out.NextToken = `sim-rule-names/${start + limit}`
      return out
    },

    ListTargetsByRule(body) {
      const r = rule(body.Rule, body.EventBusName)
      const start =
        body.NextToken === undefined
          ? 0
          : Number(String(body.NextToken).replace(/^sim-targets\//, ''))
      if (!Number.isInteger(start) || start < 0)
        throw new SimError('ValidationException', 'The specified NextToken is not valid.')
      const limit = body.Limit === undefined ? 100 : Number(body.Limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        throw new SimError('ValidationException', 'Limit must be between 1 and 100.')
      /** @type {Record<string, unknown>} */
      const out = { Targets: structuredClone(r.targets.slice(start, start + limit)) }
      if (start + limit < r.targets.length) out.NextToken = `sim-targets/${start + limit}`
      return out
    },

    PutTargets(body, at) {
      const r = rule(body.Rule, body.EventBusName)
      /** @type {unknown} */
      const targets = body.Targets
      if (!Array.isArray(targets) || targets.length === 0 || targets.length > 10)
        throw new SimError('ValidationException', 'Targets must contain 1 to 10 entries.')
      /** @type {Array<{TargetId: string, ErrorCode: string, ErrorMessage: string}>} */
      const failed = []
      for (const t of targets) {
        if (!t || typeof t.Id !== 'string' || !ID_PATTERN.test(t.Id) || typeof t.Arn !== 'string') {
          throw new SimError(
            'ValidationException',
            'Each target needs an Id (1-64 letters, digits, ".", "-", "_") and an Arn.'
          )
        }
        if (t.EcsParameters && typeof t.RoleArn !== 'string') {
          throw new SimError(
            'ValidationException',
            `Parameter(s) RoleArn must be specified for target: ${t.Id}.`
          )
        }
        if (t.EcsParameters && typeof t.EcsParameters.TaskDefinitionArn !== 'string') {
          failed.push({
            TargetId: t.Id,
            ErrorCode: 'ValidationException',
            ErrorMessage: 'EcsParameters.TaskDefinitionArn is required.'
          })
          continue
        }
        const i = r.targets.findIndex(x => x.Id === t.Id)
        if (i >= 0) r.targets[i] = structuredClone(t)
        else r.targets.push(structuredClone(t))
      }
      recorder.putTargets(at, r.name, targets)
      return { FailedEntryCount: failed.length, FailedEntries: failed }
    }
  }
}
