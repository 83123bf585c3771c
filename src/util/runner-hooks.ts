import * as core from '@actions/core'

/** The workflow commands steps need beyond logging; injectable so tests can assert on them. */
export interface RunnerHooks {
  /** Masks a value in everything the job prints from now on. */
  setSecret(value: string): void
  /** Saved for the post step (`core.getState` there). */
  saveState(name: string, value: string): void
}

export const actionsRunnerHooks: RunnerHooks = {
  setSecret: value => core.setSecret(value),
  saveState: (name, value) => core.saveState(name, value)
}
