// @ts-check
/**
 * What the `awslogs` log driver does for a task's containers: the stream
 * `<awslogs-stream-prefix>/<container>/<task-id>` in group `awslogs-group` is created when the
 * container starts, and each line the container writes reaches CloudWatch `INGEST_SECONDS` later
 * (times scaled by timeScale). So a line written just before a task stops is readable only after
 * DescribeTasks already shows STOPPED, as with the real driver.
 */

/** @typedef {import('./logs-state.js').LogsWorld} LogsWorld */
/** @typedef {import('./timeline.js').Timeline} Timeline */
/** @typedef {import('./ecs-state.js').Task} Task */

export const INGEST_SECONDS = 1

/**
 * The stream a container of `taskId` writes to, or undefined when it does not use awslogs.
 * @param {Record<string, any> | undefined} containerDefinition
 * @param {string} taskId
 * @returns {{group: string, stream: string} | undefined}
 */
export function awslogsTarget(containerDefinition, taskId) {
  const cfg = containerDefinition?.logConfiguration
  if (!cfg || cfg.logDriver !== 'awslogs') return undefined
  const group = cfg.options?.['awslogs-group']
  if (typeof group !== 'string' || group === '') return undefined
  const prefix = cfg.options?.['awslogs-stream-prefix']
  const name = String(containerDefinition?.name)
  const stream =
    typeof prefix === 'string' && prefix !== '' ? `${prefix}/${name}/${taskId}` : taskId
  return { group, stream }
}

/**
 * @typedef {object} AwslogsContext
 * @property {LogsWorld} logs
 * @property {Timeline} timeline
 * @property {number} timeScale
 */

/**
 * Schedule a container's log stream and lines.
 * @param {AwslogsContext} ctx
 * @param {{group: string, stream: string}} target
 * @param {number} startedAt  the stream appears then
 * @param {{at: number, message: string}[]} lines  written at `at`
 * @param {() => number | undefined} stoppedAt  lines written at or after the container stopped are lost
 */
export function scheduleLogLines(ctx, target, startedAt, lines, stoppedAt) {
  ctx.timeline.schedule(
    startedAt,
    at => {
      const stop = stoppedAt()
      if (stop === undefined || stop >= startedAt)
        ctx.logs.addStream(target.group, target.stream, at)
    },
    `log stream ${target.stream}`
  )
  const lag = INGEST_SECONDS * 1000 * ctx.timeScale
  for (const line of lines) {
    ctx.timeline.schedule(
      line.at + lag,
      at => {
        const stop = stoppedAt()
        if (stop !== undefined && line.at > stop) return
        ctx.logs.put(target.group, target.stream, {
          timestamp: line.at,
          ingestionTime: at,
          message: line.message
        })
      },
      `log line ${target.stream}`
    )
  }
}
