// @ts-check
/**
 * Elastic Load Balancing (v2), as much as a rollout's timings need: a seeded service's target
 * group (its health-check interval and healthy threshold, its deregistration delay) and the
 * health of its targets, which follow the service's tasks on the simulated timeline:
 *   - a task's target is registered when the task is RUNNING, `initial` until
 *     interval × healthy threshold (scaled) has passed, then `healthy`;
 *   - an old task deregistered by a rollout is `draining` until it stops (the rollout stops it
 *     after the deregistration delay, rollouts.js), then gone.
 * Served in the query protocol the SDK speaks to ELBv2 (form-encoded POST, XML answers):
 * DescribeTargetGroups, DescribeTargetGroupAttributes, DescribeTargetHealth.
 */
import { ACCOUNT } from './ids.js'

const NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/'

/** The operations served here; any other Action goes to STS. */
export const ELB_ACTIONS = new Set([
  'DescribeTargetGroups',
  'DescribeTargetGroupAttributes',
  'DescribeTargetHealth'
])

/**
 * @typedef {object} TargetGroupSeed  a seeded service's target group
 * @property {number} [deregistrationDelaySeconds]  default 300, as ELBv2's
 * @property {number} [healthCheckIntervalSeconds]  default 30, as ELBv2's
 * @property {number} [healthyThresholdCount]       default 5, as ELBv2's
 */

/**
 * @typedef {object} TargetGroup
 * @property {string} arn
 * @property {string} name
 * @property {number} port
 * @property {number} deregistrationDelaySeconds
 * @property {number} healthCheckIntervalSeconds
 * @property {number} healthyThresholdCount
 * @property {string} cluster   the service whose tasks are its targets
 * @property {string} serviceName
 */

/**
 * A target-group seed checked: each field a whole number in ELBv2's range, named when not.
 * @param {unknown} seed @param {string} field @returns {Required<TargetGroupSeed> | undefined}
 */
export function targetGroupFrom(seed, field) {
  if (seed === undefined) return undefined
  if (!seed || typeof seed !== 'object' || Array.isArray(seed))
    throw new Error(
      `${field} must be an object {deregistrationDelaySeconds?, healthCheckIntervalSeconds?, healthyThresholdCount?}`
    )
  const o = /** @type {Record<string, unknown>} */ (seed)
  for (const key of Object.keys(o))
    if (
      ![
        'deregistrationDelaySeconds',
        'healthCheckIntervalSeconds',
        'healthyThresholdCount'
      ].includes(key)
    )
      throw new Error(`${field}.${key} is not a target-group setting the simulator knows`)
  /** @param {string} key @param {number} fallback @param {number} min @param {number} max */
  const whole = (key, fallback, min, max) => {
    const value = o[key] ?? fallback
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw new Error(
        `${field}.${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`
      )
    return value
  }
  return {
    deregistrationDelaySeconds: whole('deregistrationDelaySeconds', 300, 0, 3600),
    healthCheckIntervalSeconds: whole('healthCheckIntervalSeconds', 30, 5, 300),
    healthyThresholdCount: whole('healthyThresholdCount', 5, 2, 10)
  }
}

/** The ARN a seeded service's target group gets. @param {string} name */
export function targetGroupArn(name) {
  return `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/${name}/0123456789abcdef`
}

/** The target groups of the world, by ARN. */
export class ElbWorld {
  constructor() {
    /** @type {Map<string, TargetGroup>} */
    this.targetGroups = new Map()
  }

  /**
   * @param {{cluster: string, serviceName: string}} service
   * @param {Required<TargetGroupSeed>} seed
   * @returns {TargetGroup}
   */
  addTargetGroup(service, seed) {
    const name = `${service.serviceName}-tg`.slice(0, 32)
    const group = {
      arn: targetGroupArn(name),
      name,
      port: 8080,
      ...seed,
      cluster: service.cluster,
      serviceName: service.serviceName
    }
    this.targetGroups.set(group.arn, group)
    return group
  }

  /** The group a service's tasks register in, if it has one. @param {string} cluster @param {string} serviceName */
  groupOf(cluster, serviceName) {
    return [...this.targetGroups.values()].find(
      group => group.cluster === cluster && group.serviceName === serviceName
    )
  }
}

/** A task's private address: its target id (awsvpc tasks register by IP). @param {string} taskId */
export function taskIp(taskId) {
  const n = parseInt(taskId.slice(0, 6), 16) || 0
  return `10.0.${(n >> 8) & 255}.${n & 255}`
}

/**
 * The targets of `group` at `now`, from the service's tasks.
 * @param {TargetGroup} group @param {import('./ecs-state.js').EcsWorld} ecs @param {number} now @param {number} timeScale
 * @returns {{id: string, port: number, state: string}[]}
 */
export function targetsOf(group, ecs, now, timeScale) {
  const healthyAfter =
    group.healthCheckIntervalSeconds * group.healthyThresholdCount * 1000 * timeScale
  const targets = []
  for (const task of ecs.tasks.values()) {
    if (task.cluster !== group.cluster || task.serviceName !== group.serviceName) continue
    if (task.lastStatus !== 'RUNNING' || task.startedAt === undefined) continue
    const state =
      task.deregisteredAt !== undefined
        ? 'draining'
        : now >= task.startedAt + healthyAfter
          ? 'healthy'
          : 'initial'
    targets.push({ id: taskIp(task.id), port: group.port, state })
  }
  return targets
}

/** @param {string} text */
const xml = text =>
  text.replace(
    /[<>&'"]/g,
    c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c
  )

/** `Name.member.1`, `Name.member.2`, … of a query request. @param {URLSearchParams} form @param {string} name */
function members(form, name) {
  const out = []
  for (let i = 1; form.has(`${name}.member.${i}`); i++)
    out.push(form.get(`${name}.member.${i}`) ?? '')
  return out
}

/**
 * One ELBv2 query call.
 * @param {string} body  the form-encoded request
 * @param {{elb: ElbWorld, ecs: import('./ecs-state.js').EcsWorld, now: number, timeScale: number, requestId: string, denied: ReadonlySet<string>}} ctx
 * @returns {{status: number, xml: string, operation: string, code?: string}}
 */
export function handleElb(body, ctx) {
  const form = new URLSearchParams(body)
  const operation = form.get('Action') ?? ''
  const meta = `<ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata>`
  /** @param {string} code @param {string} message @param {number} [status] */
  const error = (code, message, status = 400) => ({
    status,
    operation,
    code,
    xml: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${ctx.requestId}</RequestId></ErrorResponse>`
  })
  if (ctx.denied.has(operation))
    return error(
      'AccessDenied',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/ecs-flow-deploy/ecs-flow is not authorized to perform: elasticloadbalancing:${operation}`,
      403
    )
  /** @param {string} result */
  const ok = result => ({
    status: 200,
    operation,
    xml: `<${operation}Response xmlns="${NS}"><${operation}Result>${result}</${operation}Result>${meta}</${operation}Response>`
  })
  /** @param {string | null} arn */
  const group = arn => (arn ? ctx.elb.targetGroups.get(arn) : undefined)
  if (operation === 'DescribeTargetGroups') {
    const arns = members(form, 'TargetGroupArns')
    const found = arns.map(arn => group(arn))
    const missing = arns.find((arn, i) => !found[i])
    if (missing)
      return error('TargetGroupNotFound', `One or more target groups not found: ${missing}`)
    const shown = arns.length === 0 ? [...ctx.elb.targetGroups.values()] : found
    return ok(
      `<TargetGroups>${shown
        .map(
          g =>
            g &&
            `<member><TargetGroupArn>${xml(g.arn)}</TargetGroupArn><TargetGroupName>${xml(g.name)}</TargetGroupName>` +
              `<Protocol>HTTP</Protocol><Port>${g.port}</Port><TargetType>ip</TargetType>` +
              `<HealthCheckIntervalSeconds>${g.healthCheckIntervalSeconds}</HealthCheckIntervalSeconds>` +
              `<HealthyThresholdCount>${g.healthyThresholdCount}</HealthyThresholdCount><LoadBalancerArns/></member>`
        )
        .join('')}</TargetGroups>`
    )
  }
  const g = group(form.get('TargetGroupArn'))
  if (operation === 'DescribeTargetGroupAttributes' || operation === 'DescribeTargetHealth') {
    if (!g)
      return error(
        'TargetGroupNotFound',
        `Target group '${form.get('TargetGroupArn') ?? ''}' not found`
      )
    if (operation === 'DescribeTargetGroupAttributes') {
      const attributes = {
        'deregistration_delay.timeout_seconds': String(g.deregistrationDelaySeconds),
        'stickiness.enabled': 'false',
        'load_balancing.algorithm.type': 'round_robin',
        'slow_start.duration_seconds': '0'
      }
      return ok(
        `<Attributes>${Object.entries(attributes)
          .map(([key, value]) => `<member><Key>${key}</Key><Value>${value}</Value></member>`)
          .join('')}</Attributes>`
      )
    }
    return ok(
      `<TargetHealthDescriptions>${targetsOf(g, ctx.ecs, ctx.now, ctx.timeScale)
        .map(
          t =>
            `<member><Target><Id>${t.id}</Id><Port>${t.port}</Port></Target><HealthCheckPort>${t.port}</HealthCheckPort>` +
            `<TargetHealth><State>${t.state}</State>${t.state === 'draining' ? '<Reason>Target.DeregistrationInProgress</Reason>' : t.state === 'initial' ? '<Reason>Elb.InitialHealthChecking</Reason>' : ''}</TargetHealth></member>`
        )
        .join('')}</TargetHealthDescriptions>`
    )
  }
  return error('InvalidAction', `Could not find operation ${operation} for version 2015-12-01`)
}
