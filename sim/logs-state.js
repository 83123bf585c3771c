// @ts-check
/**
 * CloudWatch Logs, as much as task logs need: log groups holding log streams holding events in
 * the order they were ingested. Events become readable at their ingestion time, which is what
 * the timeline applies (see awslogs.js), so a reader only ever sees what has arrived by now.
 */

/**
 * @typedef {object} LogEvent
 * @property {number} timestamp      when the container wrote the line (ms)
 * @property {number} ingestionTime  when CloudWatch had it (ms)
 * @property {string} message
 * @property {string} eventId
 */

/**
 * @typedef {object} LogStream
 * @property {string} name
 * @property {number} createdAt
 * @property {LogEvent[]} events
 */

/**
 * @typedef {object} LogGroup
 * @property {string} name
 * @property {number} createdAt
 * @property {Map<string, LogStream>} streams
 */

export class LogsWorld {
  constructor() {
    /** @type {Map<string, LogGroup>} */
    this.groups = new Map()
    this.eventSeq = 0
  }

  /** @param {string} name @param {number} at */
  addGroup(name, at) {
    const existing = this.groups.get(name)
    if (existing) return existing
    /** @type {LogGroup} */
    const group = { name, createdAt: at, streams: new Map() }
    this.groups.set(name, group)
    return group
  }

  /** @param {string} groupName @param {string} streamName @param {number} at */
  addStream(groupName, streamName, at) {
    const group = this.addGroup(groupName, at)
    const existing = group.streams.get(streamName)
    if (existing) return existing
    /** @type {LogStream} */
    const stream = { name: streamName, createdAt: at, events: [] }
    group.streams.set(streamName, stream)
    return stream
  }

  /**
   * @param {string} groupName @param {string} streamName
   * @param {{timestamp: number, ingestionTime: number, message: string}} event
   */
  put(groupName, streamName, event) {
    const stream = this.addStream(groupName, streamName, event.ingestionTime)
    const eventId = String(++this.eventSeq).padStart(56, '0')
    stream.events.push({ ...event, eventId })
  }
}
