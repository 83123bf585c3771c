import type { Plan } from '../plan/plan.js'
import type { ReleaseState } from '../steps/types.js'
import { planJson } from './plan-log.js'

export type OutputSink = (name: string, value: string) => void

export function writePlanOutputs(plan: Plan, output: OutputSink): void {
  output('flow', plan.flow)
  output('environment', plan.environment ?? '')
  output('plan', planJson(plan))
}

/** Everything gathered so far, written on success and on failure alike. */
export function writeReleaseOutputs(
  state: ReleaseState,
  elapsedSeconds: number,
  output: OutputSink
): void {
  output('image', state.image ?? '')
  output('task-definition-arn', state.taskDefinitionArn ?? '')
  output('previous-task-definition-arn', state.previousTaskDefinitionArn ?? '')
  output('deployment-id', state.deploymentId ?? '')
  output('result', state.result ?? 'failed')
  output('elapsed-seconds', elapsedSeconds.toFixed(1))
}
