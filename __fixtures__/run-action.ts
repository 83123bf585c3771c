// The runner emulation lives in scripts/ so the benchmark and the demo share it with the tests.
export {
  EVENTS,
  ROOT,
  SHA,
  SIMULATOR_TARGET,
  parseFileCommands,
  runAction,
  simulatorEnv
} from '../scripts/run-action.js'
export type { ActionInvocation, ActionRun } from '../scripts/run-action.js'
