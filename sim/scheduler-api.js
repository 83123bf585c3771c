// @ts-check
/**
 * EventBridge Scheduler, as much as scheduled ECS tasks and keep-revisions need. A REST-JSON API
 * (not JSON 1.1): the server routes it by path.
 *   GET  /schedules/{Name}?groupName=G      GetSchedule
 *   PUT  /schedules/{Name}                  UpdateSchedule (GroupName in the body; what is not
 *                                           sent is reset, as the service does)
 *   GET  /schedules?ScheduleGroup=&NamePrefix=&State=&NextToken=&MaxResults=   ListSchedules
 * Schedules are seeded in the service's own (PascalCase) shape; every UpdateSchedule is recorded.
 */
import { SimError } from './errors.js'
import { ACCOUNT, REGION } from './ids.js'

/**
 * @typedef {object} Schedule
 * @property {Record<string, any>} fields  what GetSchedule answers but Arn and the dates it keeps
 * @property {number} createdAt            ms
 * @property {number} modifiedAt           ms
 */

const NAME = /^[0-9a-zA-Z-_.]{1,64}$/
const DEFAULT_GROUP = 'default'
/** The fields UpdateSchedule takes (besides Name and ClientToken). */
const UPDATABLE = [
  'GroupName',
  'ScheduleExpression',
  'StartDate',
  'EndDate',
  'Description',
  'ScheduleExpressionTimezone',
  'State',
  'KmsKeyArn',
  'Target',
  'FlexibleTimeWindow',
  'ActionAfterCompletion'
]

/** @param {string} group @param {string} name */
export const scheduleArn = (group, name) =>
  `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${group}/${name}`

/** @param {string} group @param {string} name */
const key = (group, name) => `${group}/${name}`

/**
 * What UpdateSchedule (and a seed) must hold, as the service checks it.
 * @param {Record<string, any>} body @param {string} where
 */
function validate(body, where) {
  /** @param {string} message */
  const invalid = message => new SimError('ValidationException', `${where}: ${message}`)
  if (typeof body.ScheduleExpression !== 'string' || body.ScheduleExpression === '')
    throw invalid('ScheduleExpression is required.')
  const target = body.Target
  if (!target || typeof target.Arn !== 'string' || typeof target.RoleArn !== 'string')
    throw invalid('Target needs an Arn and a RoleArn.')
  if (target.EcsParameters && typeof target.EcsParameters.TaskDefinitionArn !== 'string')
    throw invalid('Target.EcsParameters.TaskDefinitionArn is required.')
  const window = body.FlexibleTimeWindow
  if (!window || (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE'))
    throw invalid('FlexibleTimeWindow.Mode must be OFF or FLEXIBLE.')
  if (window.Mode === 'FLEXIBLE' && !Number.isInteger(window.MaximumWindowInMinutes))
    throw invalid('FlexibleTimeWindow.MaximumWindowInMinutes is required in FLEXIBLE mode.')
  if (body.State !== undefined && body.State !== 'ENABLED' && body.State !== 'DISABLED')
    throw invalid('State must be ENABLED or DISABLED.')
}

/**
 * @param {unknown} schedules seed.schedules: GetSchedule shapes (Name, GroupName?, ScheduleExpression, Target, FlexibleTimeWindow...)
 * @param {number} at
 * @returns {Map<string, Schedule>}
 */
export function seedSchedules(schedules, at) {
  /** @type {Map<string, Schedule>} */
  const out = new Map()
  if (schedules === undefined) return out
  if (!Array.isArray(schedules))
    throw new Error(
      'seed.schedules must be a list of {Name, GroupName?, ScheduleExpression, Target, FlexibleTimeWindow}'
    )
  schedules.forEach((/** @type {Record<string, any>} */ s, i) => {
    if (!s || typeof s.Name !== 'string' || !NAME.test(s.Name))
      throw new Error(`seed.schedules[${i}].Name must be a schedule name`)
    const group = s.GroupName ?? DEFAULT_GROUP
    if (out.has(key(group, s.Name)))
      throw new Error(`seed.schedules: "${key(group, s.Name)}" is listed twice`)
    try {
      validate(s, `seed.schedules[${i}]`)
    } catch (error) {
      throw new Error(/** @type {Error} */ (error).message)
    }
    out.set(key(group, s.Name), {
      fields: { State: 'ENABLED', ...structuredClone(s), GroupName: group },
      createdAt: at,
      modifiedAt: at
    })
  })
  return out
}

/**
 * @param {{schedules: Map<string, Schedule>, recorder: import('./recorder.js').Recorder}} opts
 */
export function schedulerHandlers({ schedules, recorder }) {
  /** @param {unknown} group @param {string} name */
  const find = (group, name) => {
    const g = typeof group === 'string' && group !== '' ? group : DEFAULT_GROUP
    if (!NAME.test(name) || !NAME.test(g))
      throw new SimError(
        'ValidationException',
        `Schedule name or group name is not valid: ${g}/${name}.`
      )
    if (g !== DEFAULT_GROUP && ![...schedules.values()].some(s => s.fields.GroupName === g))
      throw new SimError('ResourceNotFoundException', `Schedule group ${g} does not exist.`, 404)
    const found = schedules.get(key(g, name))
    if (!found)
      throw new SimError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404)
    return found
  }
  const seconds = (/** @type {number} */ ms) => ms / 1000

  return {
    /** @param {string} name @param {URLSearchParams} query */
    GetSchedule(name, query) {
      const s = find(query.get('groupName'), name)
      return {
        ...structuredClone(s.fields),
        Arn: scheduleArn(s.fields.GroupName, name),
        CreationDate: seconds(s.createdAt),
        LastModificationDate: seconds(s.modifiedAt)
      }
    },

    /** @param {string} name @param {Record<string, any>} body @param {number} at */
    UpdateSchedule(name, body, at) {
      const s = find(body.GroupName, name)
      validate(body, `schedule ${name}`)
      /** @type {Record<string, any>} */
      const fields = { Name: name, State: 'ENABLED' }
      for (const field of UPDATABLE)
        if (body[field] !== undefined) fields[field] = structuredClone(body[field])
      // The SDK sends dates as ISO 8601 text; GetSchedule answers epoch seconds.
      for (const field of ['StartDate', 'EndDate']) {
        if (fields[field] === undefined) continue
        const at =
          typeof fields[field] === 'string' ? Date.parse(fields[field]) / 1000 : fields[field]
        if (typeof at !== 'number' || !Number.isFinite(at))
          throw new SimError('ValidationException', `${field} is not a date.`)
        fields[field] = at
      }
      fields.GroupName = s.fields.GroupName
      s.fields = fields
      s.modifiedAt = at
      recorder.updateSchedule(at, name, body)
      return { ScheduleArn: scheduleArn(fields.GroupName, name) }
    },

    /** @param {URLSearchParams} query */
    ListSchedules(query) {
      const group = query.get('ScheduleGroup')
      const prefix = query.get('NamePrefix') ?? ''
      const state = query.get('State')
      const max = query.get('MaxResults') === null ? 100 : Number(query.get('MaxResults'))
      if (!Number.isInteger(max) || max < 1 || max > 100)
        throw new SimError('ValidationException', 'MaxResults must be between 1 and 100.')
      const token = query.get('NextToken')
      const start = token === null ? 0 : Number(token.replace(/^sim-schedules\//, ''))
      if (!Number.isInteger(start) || start < 0)
        throw new SimError('ValidationException', 'The specified NextToken is not valid.')
      const all = [...schedules.values()].filter(
        s =>
          (group === null || s.fields.GroupName === group) &&
          String(s.fields.Name).startsWith(prefix) &&
          (state === null || s.fields.State === state)
      )
      /** @type {Record<string, unknown>} */
      const out = {
        Schedules: all.slice(start, start + max).map(s => ({
          Arn: scheduleArn(s.fields.GroupName, s.fields.Name),
          GroupName: s.fields.GroupName,
          Name: s.fields.Name,
          State: s.fields.State,
          CreationDate: seconds(s.createdAt),
          LastModificationDate: seconds(s.modifiedAt),
          Target: { Arn: s.fields.Target.Arn }
        }))
      }
      if (start + max < all.length) out.NextToken = `sim-schedules/${start + max}`
      return out
    }
  }
}
