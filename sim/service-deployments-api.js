// @ts-check
/**
 * ECS service-deployment operations: ListServiceDeployments, DescribeServiceDeployments,
 * DescribeServiceRevisions (read-only views of world.history).
 */
import { SimError, requireString } from './errors.js'
import { lastSegment } from './ids.js'
import { paginate } from './pagination.js'
import {
  renderServiceDeployment,
  renderServiceDeploymentBrief,
  renderServiceRevision
} from './service-deployments.js'

/** @typedef {import('./ecs-state.js').EcsWorld} EcsWorld */

const MAX_DESCRIBE = 20
const STATUSES = new Set([
  'PENDING',
  'SUCCESSFUL',
  'STOPPED',
  'STOP_REQUESTED',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED'
])

/**
 * @param {unknown} refs @param {string} field
 * @returns {string[]}
 */
function arnList(refs, field) {
  if (!Array.isArray(refs) || refs.length === 0)
    throw new SimError('InvalidParameterException', `${field} cannot be empty.`)
  if (refs.length > MAX_DESCRIBE) {
    throw new SimError(
      'InvalidParameterException',
      `${field} cannot contain more than ${MAX_DESCRIBE} elements.`
    )
  }
  return refs.map(String)
}

/** A JSON-protocol timestamp (epoch seconds) as ms, or undefined. @param {unknown} v @param {string} field */
function timestamp(v, field) {
  if (v === undefined || v === null) return undefined
  const n = Number(v)
  if (!Number.isFinite(n))
    throw new SimError('InvalidParameterException', `${field} must be a timestamp.`)
  return n * 1000
}

/**
 * @param {{world: EcsWorld}} opts
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function serviceDeploymentHandlers({ world }) {
  const history = world.history
  return {
    ListServiceDeployments(body) {
      const cluster = world.cluster(
        typeof body.cluster === 'string' && body.cluster !== '' ? body.cluster : undefined
      )
      if (!cluster) throw new SimError('ClusterNotFoundException', 'Cluster not found.')
      requireString(body.service, 'service')
      const service = cluster.services.get(lastSegment(body.service))
      if (!service) throw new SimError('ServiceNotFoundException', 'Service not found.')
      /** @type {Set<string> | undefined} */
      let statuses
      if (body.status !== undefined) {
        if (
          !Array.isArray(body.status) ||
          body.status.some((/** @type {string} */ s) => !STATUSES.has(s))
        ) {
          throw new SimError(
            'InvalidParameterException',
            `status must be a list of: ${[...STATUSES].join(', ')}.`
          )
        }
        statuses = new Set(body.status)
      }
      const after = timestamp(body.createdAt?.after, 'createdAt.after')
      const before = timestamp(body.createdAt?.before, 'createdAt.before')
      const matching = history
        .ofService(service)
        .filter(
          r =>
            (!statuses || statuses.has(r.status)) &&
            (after === undefined || r.createdAt >= after) &&
            (before === undefined || r.createdAt <= before)
        )
      const { page, nextToken } = paginate(matching, body, { defaultMax: 20, max: 100 })
      /** @type {Record<string, unknown>} */
      const out = { serviceDeployments: page.map(renderServiceDeploymentBrief) }
      if (nextToken) out.nextToken = nextToken
      return out
    },

    DescribeServiceDeployments(body) {
      const arns = arnList(body.serviceDeploymentArns, 'serviceDeploymentArns')
      /** @type {unknown[]} */
      const serviceDeployments = []
      /** @type {unknown[]} */
      const failures = []
      for (const a of arns) {
        const r = history.find(a)
        if (r) serviceDeployments.push(renderServiceDeployment(history, r))
        else failures.push({ arn: a, reason: 'MISSING' })
      }
      return { serviceDeployments, failures }
    },

    DescribeServiceRevisions(body) {
      const arns = arnList(body.serviceRevisionArns, 'serviceRevisionArns')
      /** @type {unknown[]} */
      const serviceRevisions = []
      /** @type {unknown[]} */
      const failures = []
      for (const a of arns) {
        const rev = history.revisions.get(a)
        if (rev) serviceRevisions.push(renderServiceRevision(rev))
        else failures.push({ arn: a, reason: 'MISSING' })
      }
      return { serviceRevisions, failures }
    }
  }
}
