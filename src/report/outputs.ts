import type { Plan } from '../plan/plan.js'
import type { ReleaseState } from '../release/state.js'
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
  plan: Plan | undefined,
  elapsedSeconds: number,
  output: OutputSink
): void {
  const { registration } = state
  // Dry-run fills what it read back from AWS, never what it only predicted.
  const dryRun = plan?.dryRun === true
  output('image', state.image?.reference ?? '')
  output(
    'task-definition-arn',
    registration && !registration.predicted ? registration.taskDefinitionArn : ''
  )
  output('previous-task-definition-arn', registration?.previousTaskDefinitionArn ?? '')
  output('deployment-id', dryRun ? '' : (state.deployment?.id ?? ''))
  output('result', state.result ?? 'failed')
  output('elapsed-seconds', elapsedSeconds.toFixed(1))
}
