import type { EcsApi, TaskInfo } from '../../aws/ecs-api.js'
import { primaryDeployment } from '../../aws/ecs-api.js'
import { timingsFromRecords } from '../../insight/from-records.js'
import { timingsText } from '../../insight/render.js'
import { phasesOf, type ServiceTimings } from '../../insight/timings.js'
import type { Target } from '../../settings/types.js'
import { errorMessage } from '../../util/errors.js'

/** One service's last release as ECS's records tell it, or why it could not be told. */
export interface ReleaseTimings {
  environment: string
  cluster: string
  service: string
  timings?: ServiceTimings
  note?: string
}

/**
 * `status --timings`, read-only: one DescribeServices per cluster, then the PRIMARY deployment's
 * running tasks of each service (ListTasks by deployment, DescribeTasks).
 */
export async function collectTimings(
  targets: readonly Target[],
  ecs: EcsApi
): Promise<ReleaseTimings[]> {
  const rows: ReleaseTimings[] = []
  const byCluster = new Map<string, Target[]>()
  for (const target of targets)
    byCluster.set(target.cluster, [...(byCluster.get(target.cluster) ?? []), target])
  for (const [cluster, members] of byCluster) {
    const answer = await ecs.describeServices(cluster, [...new Set(members.map(t => t.service))])
    for (const target of members) {
      const row: ReleaseTimings = {
        environment: target.environment,
        cluster,
        service: target.service
      }
      rows.push(row)
      const service = answer.services.find(found => found.name === target.service)
      const primary = service && primaryDeployment(service)
      if (!service || !primary) {
        row.note = 'no deployment found'
        continue
      }
      let tasks: TaskInfo[] = []
      try {
        const arns = await ecs.listTasksStartedBy(cluster, primary.id, 'RUNNING')
        tasks = arns.length > 0 ? await ecs.describeTasks(cluster, arns.slice(0, 100)) : []
      } catch (error) {
        row.note = `its tasks could not be read: ${errorMessage(error)}`
      }
      row.timings = timingsFromRecords(cluster, service, tasks)
      if (!row.timings) row.note ??= 'ECS gives its deployment no creation time'
    }
  }
  return rows
}

/** The terminal's view: the phases and bars, then a line for each service not measured. */
export function timingsReport(rows: readonly ReleaseTimings[]): string {
  const measured = rows.flatMap(row => (row.timings ? [row.timings] : []))
  const lines = timingsText(measured)
  for (const row of rows)
    if (row.note) lines.push(`${row.environment} ${row.cluster}/${row.service}: ${row.note}`)
  lines.push(
    '',
    'From ECS records: the deployment, its tasks (placed, pulled, running) and the service events (draining begun once the new tasks were healthy, old tasks stopped, steady state).'
  )
  return `${lines.join('\n')}\n`
}

/** `--json`: each service's phases in seconds, with where each time comes from. */
export function timingsJson(rows: readonly ReleaseTimings[]): string {
  return `${JSON.stringify(
    {
      services: rows.map(row => ({
        environment: row.environment,
        cluster: row.cluster,
        service: row.service,
        phases: row.timings
          ? phasesOf(row.timings).map(phase => ({
              phase: phase.name,
              seconds: phase.seconds,
              source: phase.source
            }))
          : [],
        ...(row.note ? { note: row.note } : {})
      }))
    },
    null,
    2
  )}\n`
}
