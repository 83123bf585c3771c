import type { ContainerDefinition } from '../aws/ecs-api.js'
import { escapeForLog } from '../util/escape.js'

/** Where one container of one task writes its log lines. */
export type LogSource =
  | { kind: 'awslogs'; group: string; stream: string; region?: string }
  /** Another driver, or awslogs without a stream prefix: `where` tells the user where to look. */
  | { kind: 'elsewhere'; where: string }

/**
 * The CloudWatch Logs stream of a container that uses the awslogs driver: the group and region
 * of its `logConfiguration`, stream `<awslogs-stream-prefix>/<container>/<task-id>` (the name
 * ECS gives it). Without a prefix ECS names the stream after the Docker container id, which
 * the ECS API does not tell, so that case is only pointed at.
 */
export function logSourceOf(container: ContainerDefinition | undefined, taskId: string): LogSource {
  const config = container?.logConfiguration as
    { logDriver?: unknown; options?: Record<string, unknown> } | undefined
  const name = container?.name ?? '(unknown)'
  const driver = typeof config?.logDriver === 'string' ? config.logDriver : undefined
  if (!driver) {
    return {
      kind: 'elsewhere',
      where: `container ${name} has no logConfiguration, so ECS keeps no log of it; add the awslogs driver to see its output here`
    }
  }
  const option = (key: string) => {
    const value = config?.options?.[key]
    return typeof value === 'string' && value !== '' ? value : undefined
  }
  const group = option('awslogs-group')
  const prefix = option('awslogs-stream-prefix')
  if (driver !== 'awslogs' || !group) {
    return {
      kind: 'elsewhere',
      where: `container ${name} logs with the ${escapeForLog(driver)} driver: its output is where that driver sends it`
    }
  }
  if (!prefix) {
    return {
      kind: 'elsewhere',
      where: `container ${name} logs to CloudWatch Logs group ${escapeForLog(group)} without awslogs-stream-prefix, so its stream is named after the Docker container id; set a prefix to see its output here`
    }
  }
  return {
    kind: 'awslogs',
    group,
    stream: `${prefix}/${name}/${taskId}`,
    region: option('awslogs-region')
  }
}

/** `log group /ecs/web, stream ecs/web/1a2b (us-east-1)`, for messages. */
export function describeLogSource(source: LogSource): string {
  if (source.kind === 'elsewhere') return source.where
  const region = source.region ? ` (${escapeForLog(source.region)})` : ''
  return `CloudWatch Logs group ${escapeForLog(source.group)}, stream ${escapeForLog(source.stream)}${region}`
}
