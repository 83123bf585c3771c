// @ts-check
/**
 * Task-definition housekeeping and tags: ListTaskDefinitions, DeregisterTaskDefinition,
 * DeleteTaskDefinitions, TagResource, UntagResource, ListTagsForResource (task definitions and
 * services, by ARN).
 */
import { SimError, requireString } from './errors.js'
import { paginate } from './pagination.js'
import { renderTaskDefinition } from './ecs-shapes.js'

/** @typedef {import('./ecs-state.js').EcsWorld} EcsWorld */
/** @typedef {import('./ecs-state.js').TaskDefinition} TaskDefinition */

const TD_STATUSES = new Set(['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'])
const MAX_DELETE = 10

/**
 * @param {{world: EcsWorld}} opts
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function taskDefinitionHandlers({ world }) {
  /** A task definition named with its revision (family:revision or ARN), as these calls require. @param {unknown} ref */
  const revisionRef = ref => {
    requireString(ref, 'taskDefinition')
    const tail = ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf('/') + 1) : ref
    if (!/:\d+$/.test(tail)) {
      throw new SimError(
        'ClientException',
        'The specified task definition must include a revision (family:revision or the full ARN).'
      )
    }
    const td = world.taskDefinition(ref)
    if (!td) throw new SimError('ClientException', 'The specified task definition does not exist.')
    return td
  }

  /** The tag list of a task definition or service ARN. @param {unknown} resourceArn */
  const tagsOf = resourceArn => {
    requireString(resourceArn, 'resourceArn')
    const td = world.taskDefsByArn.get(resourceArn)
    if (td) return { holder: td }
    const m = /^arn:aws:ecs:[^:]+:\d{12}:service\/([^/]+)\/([^/]+)$/.exec(resourceArn)
    const service = m ? world.clusters.get(String(m[1]))?.services.get(String(m[2])) : undefined
    if (service) return { holder: service }
    throw new SimError('InvalidParameterException', 'The specified resource could not be found.')
  }

  return {
    ListTaskDefinitions(body) {
      const status = body.status ?? 'ACTIVE'
      if (!TD_STATUSES.has(status)) {
        throw new SimError(
          'InvalidParameterException',
          `status must be one of ${[...TD_STATUSES].join(', ')}.`
        )
      }
      const sort = body.sort ?? 'ASC'
      if (sort !== 'ASC' && sort !== 'DESC')
        throw new SimError('InvalidParameterException', 'sort must be ASC or DESC.')
      const prefix = typeof body.familyPrefix === 'string' ? body.familyPrefix : ''
      /** @type {TaskDefinition[]} */
      const all = [...world.families.entries()]
        .filter(([family]) => family.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .flatMap(([, revisions]) => [...revisions].sort((x, y) => x.revision - y.revision))
        .filter(td => td.status === status)
      if (sort === 'DESC') all.reverse()
      const { page, nextToken } = paginate(all, body, { defaultMax: 100, max: 100 })
      /** @type {Record<string, unknown>} */
      const out = { taskDefinitionArns: page.map(td => td.taskDefinitionArn) }
      if (nextToken) out.nextToken = nextToken
      return out
    },

    DeregisterTaskDefinition(body, at) {
      const td = revisionRef(body.taskDefinition)
      if (td.status === 'ACTIVE') {
        td.status = 'INACTIVE'
        td.deregisteredAt = at
      }
      return { taskDefinition: renderTaskDefinition(td) }
    },

    DeleteTaskDefinitions(body, at) {
      /** @type {unknown} */
      const refs = body.taskDefinitions
      if (!Array.isArray(refs) || refs.length === 0)
        throw new SimError('InvalidParameterException', 'taskDefinitions cannot be empty.')
      if (refs.length > MAX_DELETE) {
        throw new SimError(
          'InvalidParameterException',
          `taskDefinitions cannot contain more than ${MAX_DELETE} elements.`
        )
      }
      /** @type {unknown[]} */
      const taskDefinitions = []
      /** @type {unknown[]} */
      const failures = []
      for (const ref of refs) {
        const td = world.taskDefinition(String(ref))
        if (!td) {
          failures.push({
            arn: String(ref),
            reason: 'The specified task definition does not exist.'
          })
        } else if (td.status === 'ACTIVE') {
          failures.push({
            arn: td.taskDefinitionArn,
            reason: 'The specified task definition is still in ACTIVE status. Deregister it first.'
          })
        } else {
          td.status = 'DELETE_IN_PROGRESS'
          td.deleteRequestedAt = at
          taskDefinitions.push(renderTaskDefinition(td))
        }
      }
      return { taskDefinitions, failures }
    },

    TagResource(body) {
      const { holder } = tagsOf(body.resourceArn)
      if (!Array.isArray(body.tags) || body.tags.length === 0)
        throw new SimError('InvalidParameterException', 'tags cannot be empty.')
      for (const tag of body.tags) {
        if (typeof tag?.key !== 'string' || tag.key === '')
          throw new SimError('InvalidParameterException', 'Tag keys must be non-empty strings.')
        const existing = holder.tags.find(t => t.key === tag.key)
        if (existing) existing.value = String(tag.value ?? '')
        else holder.tags.push({ key: tag.key, value: String(tag.value ?? '') })
      }
      return {}
    },

    UntagResource(body) {
      const { holder } = tagsOf(body.resourceArn)
      /** @type {unknown[]} */
      const keys = Array.isArray(body.tagKeys) ? body.tagKeys : []
      const kept = holder.tags.filter(t => !keys.includes(t.key))
      holder.tags.length = 0
      holder.tags.push(...kept)
      return {}
    },

    ListTagsForResource(body) {
      return { tags: structuredClone(tagsOf(body.resourceArn).holder.tags) }
    }
  }
}
